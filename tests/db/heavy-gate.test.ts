/**
 * Issue 14: while heavy requests hold the database, another user's light request is not queued
 * behind them. Heavy transactions are held open on a promise the test controls, so the order of
 * events is the assertion, not the time they take (the time is measured by `npm run bench -- stall`).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSession } from '../../src/lib/server/auth/sessions';
import { createUser } from '../../src/lib/server/auth/users';
import { trusted, withCaller } from '../../src/lib/server/db/contexts';
import { gateFor, withRequestWeight } from '../../src/lib/server/db/heavy-gate';
import { engines, type TestDatabase } from '../support/db';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe.each(engines())('heavy requests take turns on $name', (engine) => {
  let db: TestDatabase;
  let heavyToken: string;
  let lightToken: string;
  beforeAll(async () => {
    db = await engine.create();
    await trusted(
      db.sql,
      (tx) => tx`
      insert into area (code, district_code, level, parent_id, name, geom, valid_from)
      values ('370105', '370105', 'district', null, '测试区', ST_GeomFromText('MULTIPOLYGON(((117 36,117.01 36,117.01 36.01,117 36.01,117 36)))', 4326), '2025-01-01')`
    );
    const user = async (username: string) =>
      createSession(
        db.sql,
        await createUser(db.sql, {
          username,
          displayName: username,
          role: 'commander',
          homeAreaCode: '370105',
          password: 'a-long-test-password'
        })
      );
    heavyToken = await user('gate_heavy');
    lightToken = await user('gate_light');
  });
  afterAll(async () => {
    await db?.close();
  });

  test('a light request runs before heavy requests that are waiting, and beside the running ones when the pool allows', async () => {
    const gate = gateFor(db.sql);
    const connections = (db.sql as unknown as { options: { max: number } }).options.max;
    const log: string[] = [];
    // Every heavy permit taken by a transaction that stays open until released.
    const holds = Array.from({ length: gate.permits }, () => deferred());
    const running = holds.map((hold, i) =>
      withRequestWeight('heavy', () =>
        withCaller(db.sql, heavyToken, async (tx) => {
          await tx`select count(*) from area`;
          log.push(`heavy ${i} running`);
          await hold.promise;
          log.push(`heavy ${i} done`);
        })
      )
    );
    // Two more heavy requests arrive and must wait for a permit.
    const waiting = [0, 1].map((i) =>
      withRequestWeight('heavy', () =>
        withCaller(db.sql, heavyToken, async (tx) => {
          await tx`select count(*) from area`;
          log.push(`waiting heavy ${i} ran`);
        })
      )
    );
    while (log.filter((l) => l.endsWith('running')).length < gate.permits) {
      await new Promise((r) => setImmediate(r));
    }
    expect(gate.load).toEqual({ running: gate.permits, waiting: 2 });
    // Another user's light request: the areas of the map.
    const light = withRequestWeight('light', () =>
      withCaller(db.sql, lightToken, async (tx) => {
        const rows = await tx<{ code: string }[]>`select code from area where level = 'district'`;
        log.push('light answered');
        return rows.map((r) => r.code);
      })
    );
    if (connections > gate.permits) {
      // A pool keeps connections the gate never gives to heavy requests: the light one answers
      // while every heavy permit is still held.
      expect(await light).toEqual(['370105']);
      expect(log.filter((l) => l.endsWith('done') || l.startsWith('waiting'))).toEqual([]);
    }
    // One connection (the embedded database): it waits for the running heavy transaction only.
    holds[0]!.resolve();
    expect(await light).toEqual(['370105']);
    for (const hold of holds) hold.resolve();
    await Promise.all([...running, ...waiting]);
    const at = (entry: string) => log.indexOf(entry);
    expect(at('light answered')).toBeGreaterThanOrEqual(0);
    expect(at('light answered')).toBeLessThan(at('waiting heavy 0 ran'));
    expect(at('light answered')).toBeLessThan(at('waiting heavy 1 ran'));
    // With one connection the waiting heavy requests also run in their order; on a pool both are
    // admitted together when the permits come back and run side by side, in either order.
    if (connections === 1) expect(at('waiting heavy 0 ran')).toBeLessThan(at('waiting heavy 1 ran'));
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });
});
