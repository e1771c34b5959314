import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadMigrations } from '../../src/lib/server/db/migrate';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('loadMigrations', () => {
  test('sorts by number and fingerprints each file', () => {
    const ms = loadMigrations(dirWith({ '0002_b.sql': 'select 2', '0001_a.sql': 'select 1', 'README.md': 'x' }));
    expect(ms.map((m) => [m.version, m.name])).toEqual([
      [1, 'a'],
      [2, 'b']
    ]);
    expect(ms[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(ms[0]!.checksum).not.toBe(ms[1]!.checksum);
  });

  test('a badly named file is refused with the expected pattern', () => {
    expect(() => loadMigrations(dirWith({ '1_a.sql': '' }))).toThrow(
      'Migration file "1_a.sql" must be named NNNN_lower_snake_name.sql'
    );
  });

  test('two files with one number are refused', () => {
    expect(() => loadMigrations(dirWith({ '0001_a.sql': '', '0001_b.sql': '' }))).toThrow(
      'Two migration files share the number 0001'
    );
  });
});
