import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openDatabase } from '../../src/lib/server/db/connect';
import { startEmbeddedDatabase } from '../../src/lib/server/db/embedded';

describe('embedded database', () => {
  test('keeps its data in DATA_DIR across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pingan-embedded-'));
    const first = await openDatabase({ dataDir: dir });
    await first.sql`create table kept (v text)`;
    await first.sql`insert into kept values ('天桥')`;
    await first.close();
    const second = await openDatabase({ dataDir: dir });
    expect(await second.sql`select v from kept`).toEqual([{ v: '天桥' }]);
    await second.close();
  });

  test('a second instance on the same DATA_DIR is refused while the first runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pingan-embedded-'));
    const first = await startEmbeddedDatabase(dir);
    try {
      await expect(startEmbeddedDatabase(dir)).rejects.toThrow(
        `DATA_DIR "${dir}" is in use by another running instance (pid ${process.pid}`
      );
    } finally {
      await first.stop();
    }
  });

  test('a DATA_DIR that cannot be created is refused with what to do', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pingan-embedded-')), 'a-file');
    writeFileSync(file, 'not a folder');
    await expect(startEmbeddedDatabase(join(file, 'db'))).rejects.toThrow(
      `DATA_DIR "${join(file, 'db')}" is not writable (ENOTDIR): set DATA_DIR to a folder this user can write, or fix its permissions.`
    );
  });
});
