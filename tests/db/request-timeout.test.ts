/**
 * Issue 14: no request may hold the database from other users. Every request transaction carries
 * a statement timeout (REQUEST_TIMEOUT_MS); a PostgreSQL server cancels a statement that runs
 * longer (SQLSTATE 57014), and other users' requests go on meanwhile. The embedded engine cannot
 * cancel a running statement (PGlite is single-threaded WASM): there the bound comes from the
 * queries themselves (docs/scaling.md).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSession } from '../../src/lib/server/auth/sessions';
import { createUser } from '../../src/lib/server/auth/users';
import { setRequestTimeout, trusted, withCaller } from '../../src/lib/server/db/contexts';
import { engines, type TestDatabase } from '../support/db';

const server = engines().find((e) => e.name === 'postgis-server');

describe.skipIf(!server)('request statement timeout on a PostGIS server', () => {
  let db: TestDatabase;
  let token: string;
  beforeAll(async () => {
    db = await server!.create();
    await trusted(
      db.sql,
      (tx) => tx`
      insert into area (code, district_code, level, parent_id, name, geom, valid_from)
      values ('370105', '370105', 'district', null, '测试区', ST_GeomFromText('MULTIPOLYGON(((117 36,117.01 36,117.01 36.01,117 36.01,117 36)))', 4326), '2025-01-01')`
    );
    const id = await createUser(db.sql, {
      username: 'timeout_t',
      displayName: 'timeout_t',
      role: 'commander',
      homeAreaCode: '370105',
      password: 'a-long-test-password'
    });
    token = await createSession(db.sql, id);
    setRequestTimeout(1000);
  });
  afterAll(async () => {
    setRequestTimeout(10_000);
    await db?.close();
  });

  test('a statement longer than the timeout is cancelled with 57014, and another request answers meanwhile', async () => {
    const long = withCaller(db.sql, token, (tx) => tx`select pg_sleep(30)`).then(
      () => 'finished',
      (e: { code?: string }) => e.code
    );
    const other = await withCaller(
      db.sql,
      token,
      (tx) => tx<{ code: string }[]>`select code from area where level = 'district'`
    );
    expect(other.map((r) => r.code)).toEqual(['370105']);
    expect(await long).toBe('57014');
  });

  test('the timeout is local to the request transaction: trusted server code is not bound by it', async () => {
    const [row] = await trusted(db.sql, (tx) => tx<{ t: string }[]>`select current_setting('statement_timeout') as t`);
    expect(row!.t).toBe('0');
    const [inRequest] = await withCaller(
      db.sql,
      token,
      (tx) => tx<{ t: string }[]>`select current_setting('statement_timeout') as t`
    );
    expect(inRequest!.t).toBe('1s');
  });
});
