import { afterEach, describe, expect, test, vi } from 'vitest';
import { DenialTally, type AuditEntry } from '../../src/lib/server/audit';

function createTally(maxKeys = 100) {
  const written: AuditEntry[][] = [];
  const tally = new DenialTally(async (entries) => void written.push(entries), 60_000, maxKeys);
  return { tally, written };
}

const denial = (address: string, action = 'POST /api/plan/[code]') => ({
  action,
  status: 401,
  address,
  reason: 'not signed in'
});

afterEach(() => {
  vi.useRealTimers();
});

describe('DenialTally', () => {
  test('1,000 denials from one address are one row with the count', async () => {
    const { tally, written } = createTally();
    for (let i = 0; i < 1000; i++) tally.count(denial('10.0.0.5'), new Date(Date.UTC(2026, 11, 1, 2, 0, i % 60)));
    await tally.stop();
    expect(written).toHaveLength(1);
    expect(written[0]).toEqual([
      {
        user: null,
        action: 'POST /api/plan/[code]',
        outcome: 'denied',
        status: 401,
        detail: {
          reason: 'not signed in',
          address: '10.0.0.5',
          count: 1000,
          first: '2026-12-01T02:00:00.000Z',
          last: '2026-12-01T02:00:39.000Z'
        }
      }
    ]);
  });

  test('one row per action and address', async () => {
    const { tally, written } = createTally();
    tally.count(denial('10.0.0.5'));
    tally.count(denial('10.0.0.6'));
    tally.count(denial('10.0.0.5', 'PATCH /api/hazards/[id]'));
    tally.count(denial('10.0.0.5'));
    await tally.flush();
    expect(written[0]!.map((e) => [e.action, e.detail!.address, e.detail!.count])).toEqual([
      ['POST /api/plan/[code]', '10.0.0.5', 2],
      ['POST /api/plan/[code]', '10.0.0.6', 1],
      ['PATCH /api/hazards/[id]', '10.0.0.5', 1]
    ]);
  });

  test('the timer writes once a minute and counts afresh', async () => {
    vi.useFakeTimers();
    const { tally, written } = createTally();
    tally.count(denial('10.0.0.5'));
    tally.count(denial('10.0.0.5'));
    await vi.advanceTimersByTimeAsync(60_000);
    tally.count(denial('10.0.0.5'));
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(written.map((rows) => rows.map((e) => e.detail!.count))).toEqual([[2], [1]]);
    await tally.stop();
  });

  test('past the key limit, new addresses are counted together', async () => {
    const { tally, written } = createTally(2);
    for (const a of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.1']) tally.count(denial(a));
    await tally.stop();
    expect(written[0]!.map((e) => [e.detail!.address, e.detail!.count])).toEqual([
      ['10.0.0.1', 2],
      ['10.0.0.2', 1],
      ['(other)', 2]
    ]);
  });

  test('nothing counted, nothing written', async () => {
    const { tally, written } = createTally();
    await tally.stop();
    expect(written).toEqual([]);
  });
});
