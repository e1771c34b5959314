import { describe, expect, test } from 'vitest';
import { safeNextPath } from '../../src/lib/server/safe-next';

describe('safeNextPath', () => {
  test.each([
    ['/plan?area=370105-002-002', '/plan?area=370105-002-002'],
    ['/cases/12#history', '/cases/12#history'],
    ['/inspect', '/inspect'],
    ['/a/../work', '/work'],
    ['/搜索?q=明湖', '/%E6%90%9C%E7%B4%A2?q=%E6%98%8E%E6%B9%96'],
    // Percent-escapes are not decoded a second time: this is a path of this app, kept as written.
    ['/%09/host', '/%09/host']
  ])('keeps the app path %j as %j', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  test.each([
    null,
    undefined,
    '',
    'https://evil.example/',
    '//evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/x',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    '/\u3000/evil.example',
    '/ /x',
    '/\u0000',
    'evil.example',
    '/x\u2028y',
    '/'.padEnd(2001, 'a')
  ])('sends %j to / instead', (next) => {
    expect(safeNextPath(next as string | null | undefined)).toBe('/');
  });

  test('an answer never holds a character a Location header cannot carry', () => {
    for (const next of ['/ä', '/\u3000', '/%0a', '/?q=\u00e9\u0301', '/#\u{1F600}']) {
      expect(safeNextPath(next)).toMatch(/^\/[\x21-\x7e]*$/);
    }
  });
});
