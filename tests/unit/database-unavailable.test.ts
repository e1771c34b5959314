import { describe, expect, test } from 'vitest';
import postgres from 'postgres';
import { databaseRefusal, isDatabaseUnavailable } from '../../src/lib/server/db/unavailable';

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  test.each([
    ['a refused socket', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset socket', withCode('ECONNRESET')],
    ['postgres.js: connection closed', withCode('CONNECTION_CLOSED')],
    ['postgres.js: connection ended', withCode('CONNECTION_ENDED')],
    ['postgres.js: connection destroyed', withCode('CONNECTION_DESTROYED')],
    ['postgres.js: connect timeout', withCode('CONNECT_TIMEOUT')],
    ['57P01 admin shutdown', withCode('57P01', 'terminating connection due to administrator command')],
    ['57P03 cannot connect now', withCode('57P03', 'the database system is starting up')],
    ['08006 connection failure', withCode('08006')],
    ['08P01 protocol violation', withCode('08P01')],
    ['53300 too many connections', withCode('53300')],
    [
      'ECONNREFUSED on every address (AggregateError)',
      new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed')
    ],
    ['a refused socket as the cause', new Error('query failed', { cause: withCode('ECONNREFUSED') })]
  ])('%s → 503', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  test.each([
    ['a syntax error', withCode('42601')],
    ['a statement timeout', withCode('57014')],
    ['a serialization failure', withCode('40001')],
    ['a check violation', withCode('23514')],
    ['an error without a code', new Error('boom')],
    ['a string', 'ECONNREFUSED'],
    ['null', null]
  ])('%s → not 503', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });

  test('a real postgres.js client on a closed port fails with an error classified as unavailable', async () => {
    // Port 1 on loopback: nothing listens there (privileged, never bound in tests).
    const sql = postgres('postgres://nobody@127.0.0.1:1/none', { max: 1, connect_timeout: 5, onnotice: () => {} });
    const err = await sql`select 1`.then(
      () => null,
      (e: unknown) => e
    );
    await sql.end({ timeout: 1 });
    expect(err).not.toBeNull();
    expect(isDatabaseUnavailable(err)).toBe(true);
  });
});

describe('databaseRefusal', () => {
  test.each([
    [withCode('ECONNREFUSED'), 'unavailable'],
    [withCode('57P01'), 'unavailable'],
    [withCode('57014', 'canceling statement due to statement timeout'), 'timeout'],
    [withCode('42601'), null],
    [new Error('no code'), null],
    [null, null]
  ])('%o → %s', (err, kind) => {
    expect(databaseRefusal(err)).toBe(kind);
  });
});
