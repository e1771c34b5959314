import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  admitted,
  GateBusyError,
  gateFor,
  HeavyGate,
  heavyPermits,
  requestWeight,
  withRequestWeight
} from '../../src/lib/server/db/heavy-gate';

/** A promise and the function that resolves it. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Let every pending promise continuation run. */
const settle = () => new Promise<void>((r) => setImmediate(r));

describe('HeavyGate', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('runs at most `permits` at once, the rest in arrival order as permits come back', async () => {
    const gate = new HeavyGate(2, 10, 60_000);
    const log: string[] = [];
    const holds = [deferred(), deferred(), deferred(), deferred()];
    const runs = holds.map((h, i) =>
      gate.run(async () => {
        log.push(`start ${i}`);
        await h.promise;
        log.push(`end ${i}`);
      })
    );
    await settle();
    expect(log).toEqual(['start 0', 'start 1']);
    expect(gate.load).toEqual({ running: 2, waiting: 2 });
    holds[1]!.resolve();
    await settle();
    expect(log).toEqual(['start 0', 'start 1', 'end 1', 'start 2']);
    holds[0]!.resolve();
    await settle();
    expect(log.slice(4)).toEqual(['end 0', 'start 3']);
    holds[2]!.resolve();
    holds[3]!.resolve();
    await Promise.all(runs);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  test('a failing run returns its permit, and its error reaches the caller', async () => {
    const gate = new HeavyGate(1, 10, 60_000);
    await expect(gate.run(() => Promise.reject(new Error('query failed')))).rejects.toThrow('query failed');
    expect(await gate.run(async () => 'next')).toBe('next');
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  test('a full queue refuses at once, without running the request', async () => {
    const gate = new HeavyGate(1, 1, 60_000);
    const hold = deferred();
    const first = gate.run(() => hold.promise);
    const second = gate.run(async () => 'second');
    let ran = false;
    const third = gate.run(async () => {
      ran = true;
    });
    await expect(third).rejects.toBeInstanceOf(GateBusyError);
    await expect(third).rejects.toMatchObject({ code: 'GATE_BUSY', why: 'queue-full' });
    hold.resolve();
    await first;
    expect(await second).toBe('second');
    expect(ran).toBe(false);
  });

  test('a request that waits past the limit is refused and leaves the queue; the next one still gets its turn', async () => {
    vi.useFakeTimers();
    const gate = new HeavyGate(1, 10, 1_000);
    const hold = deferred();
    const first = gate.run(() => hold.promise);
    const late = gate.run(async () => 'late');
    const refused = expect(late).rejects.toMatchObject({ why: 'waited' });
    await vi.advanceTimersByTimeAsync(1_001);
    await refused;
    expect(gate.load).toEqual({ running: 1, waiting: 0 });
    const next = gate.run(async () => 'next');
    hold.resolve();
    await first;
    expect(await next).toBe('next');
  });

  test('permits must be a whole number ≥ 1', () => {
    expect(() => new HeavyGate(0, 1, 1)).toThrow(RangeError);
  });
});

describe('heavy permits and admission', () => {
  test('a pool keeps a quarter (rounded up) of its connections for light requests; one connection allows one', () => {
    expect([1, 2, 3, 4, 10, 20].map(heavyPermits)).toEqual([1, 1, 2, 3, 7, 15]);
  });

  test('only heavy requests pass the gate; nested transactions of a heavy one do not ask again', async () => {
    const sql = { options: { max: 1 } };
    const gate = gateFor(sql);
    expect(gate.permits).toBe(1);
    const hold = deferred();
    const log: string[] = [];
    // A heavy request holds the one permit, and inside it a nested transaction runs at once.
    const heavy = withRequestWeight('heavy', () =>
      admitted(sql, async () => {
        log.push('heavy');
        await admitted(sql, async () => log.push('nested'));
        await hold.promise;
      })
    );
    const secondHeavy = withRequestWeight('heavy', () => admitted(sql, async () => log.push('second heavy')));
    const light = withRequestWeight('light', () => admitted(sql, async () => log.push('light')));
    const outside = admitted(sql, async () => log.push('outside a request'));
    await Promise.all([light, outside]);
    await settle();
    expect([...log].sort()).toEqual(['heavy', 'light', 'nested', 'outside a request']);
    expect(gate.load).toEqual({ running: 1, waiting: 1 });
    hold.resolve();
    await Promise.all([heavy, secondHeavy]);
    expect(log.at(-1)).toBe('second heavy');
  });

  test('route weights: analytics, alerts, large layers, plans, briefing and audit are heavy; the rest light', () => {
    const heavy = [
      '/api/analytics/hotspots',
      '/api/analytics/pyramid',
      '/api/analytics/trends',
      '/api/command/alerts',
      '/api/map/hazards',
      '/api/map/petitions',
      '/api/map/timeline',
      '/api/petitions/counts',
      '/api/plan/[code]',
      '/api/plan/[code]/validate',
      '/briefing',
      '/admin/audit'
    ];
    const light = [
      '/api/map/areas',
      '/api/map/grids',
      '/api/map/district',
      '/api/health',
      '/api/inspect/nearby',
      '/api/inspect/visits',
      '/api/hazards/[id]',
      '/api/petitions',
      '/',
      '/inspect',
      '/plan',
      '/signin',
      null
    ];
    expect(heavy.map(requestWeight)).toEqual(heavy.map(() => 'heavy'));
    expect(light.map(requestWeight)).toEqual(light.map(() => 'light'));
  });
});
