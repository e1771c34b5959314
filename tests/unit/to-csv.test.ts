import { expect, test } from 'vitest';
import { toCsv } from '../../src/lib/export/to-csv';

const cols = [
  { header: '名称', value: (r: { name: string; score: number | null }) => r.name },
  { header: 'score', value: (r: { name: string; score: number | null }) => r.score }
];

test('writes a BOM, a header and CRLF rows', () => {
  expect(toCsv([{ name: '北园街道', score: 12.5 }], cols)).toBe('\uFEFF名称,score\r\n北园街道,12.5\r\n');
});

test('quotes commas, quotes and line breaks (RFC 4180)', () => {
  expect(toCsv([{ name: 'a,"b"\nc', score: 1 }], cols)).toBe('\uFEFF名称,score\r\n"a,""b""\nc",1\r\n');
});

test('text that a spreadsheet would run as a formula is defused; numbers are not', () => {
  const out = toCsv(
    [
      { name: '=HYPERLINK("x")', score: -3 },
      { name: '+1', score: null },
      { name: '@SUM(A1)', score: Number.NaN }
    ],
    cols
  );
  expect(out.split('\r\n').slice(1, 4)).toEqual([`"'=HYPERLINK(""x"")",-3`, `'+1,`, `'@SUM(A1),`]);
});
