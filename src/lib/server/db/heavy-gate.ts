/**
 * Heavy requests take turns; light ones never wait behind a queue of them (issue 14: one signed-in
 * request must not freeze everyone).
 *
 * A request is heavy when its route can hold the database for long (analytics over years, the
 * large map layers, plan validation and saves: {@link requestWeight}). Its transactions pass a gate
 * per database client with fewer permits than connections:
 * - the embedded database has one connection: one heavy transaction at a time, so a light request
 *   (the map's areas, a visit, the health check) waits for at most the one heavy transaction that
 *   is running, not for every heavy request that arrived before it;
 * - a server pool of n connections lets n − ⌈n/4⌉ heavy transactions run, so ⌈n/4⌉ connections
 *   stay free for light requests however many heavy ones arrive.
 * A heavy request that cannot get a permit within the wait limit, or finds the queue full, is
 * refused with {@link GateBusyError} (503 with Retry-After) instead of waiting without end.
 * The bound on a light request's wait is then the longest heavy transaction: measured by
 * `npm run bench -- stall` and stated in docs/scaling.md.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** How long a request may hold the database: `heavy` requests pass the gate. */
export type RequestWeight = 'light' | 'heavy';

/** Refusal of a heavy request: the gate's queue is full, or no permit came within the wait limit. */
export class GateBusyError extends Error {
  /** Recognised by databaseRefusal (unavailable.ts) and answered 503. */
  readonly code = 'GATE_BUSY';
  constructor(readonly why: 'queue-full' | 'waited') {
    super(why === 'queue-full' ? 'too many heavy requests are waiting' : 'no turn for a heavy request in time');
  }
}

interface Waiter {
  admit: () => void;
}

/** A counting semaphore with a bounded FIFO queue and a bounded wait. */
export class HeavyGate {
  private running = 0;
  private readonly queue: Waiter[] = [];

  /**
   * @param permits heavy transactions that may run at once (≥ 1)
   * @param maxWaiting heavy transactions that may wait; one more is refused at once
   * @param maxWaitMs longest wait for a permit before the request is refused
   */
  constructor(
    readonly permits: number,
    readonly maxWaiting: number,
    readonly maxWaitMs: number
  ) {
    if (!(Number.isInteger(permits) && permits >= 1)) throw new RangeError(`permits must be ≥ 1, got ${permits}`);
  }

  /** Heavy transactions running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.queue.length };
  }

  /**
   * Run `fn` once a permit is free; the permit is returned when `fn` settles, whether it resolves
   * or throws.
   * @throws GateBusyError when the queue is full or the wait passes maxWaitMs (fn is not run)
   */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.permits && this.queue.length === 0) {
      this.running++;
      return Promise.resolve();
    }
    if (this.queue.length >= this.maxWaiting) return Promise.reject(new GateBusyError('queue-full'));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        admit: () => {
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        const at = this.queue.indexOf(waiter);
        if (at >= 0) this.queue.splice(at, 1);
        reject(new GateBusyError('waited'));
      }, this.maxWaitMs);
      timer.unref?.();
      this.queue.push(waiter);
    });
  }

  private release(): void {
    const next = this.queue.shift();
    // The permit passes straight to the next waiter; running stays the same.
    if (next) next.admit();
    else this.running--;
  }
}

interface WeightContext {
  weight: RequestWeight;
  /** This async branch already holds a permit (a nested transaction must not ask again). */
  holding: boolean;
}

const context = new AsyncLocalStorage<WeightContext>();

/** Run `fn` (a request's handling) with its weight, seen by every transaction it starts. */
export function withRequestWeight<T>(weight: RequestWeight, fn: () => T): T {
  return context.run({ weight, holding: false }, fn);
}

const gates = new WeakMap<object, HeavyGate>();

/** Heavy requests that may wait for a permit per gate; more are refused at once. */
const MAX_WAITING = 64;

/** Longest a heavy request waits for its turn, milliseconds; then it is asked to retry. */
const MAX_WAIT_MS = 30_000;

/**
 * Permits for a client of `connections` connections: all but a quarter (rounded up), at least one.
 * @example heavyPermits(1) // 1 — the embedded database
 * @example heavyPermits(10) // 7
 */
export function heavyPermits(connections: number): number {
  return Math.max(1, connections - Math.ceil(connections / 4));
}

/** The gate of a database client (one per client, sized by its pool). */
export function gateFor(sql: object): HeavyGate {
  let gate = gates.get(sql);
  if (!gate) {
    const max = (sql as { options?: { max?: number } }).options?.max ?? 1;
    gate = new HeavyGate(heavyPermits(max), MAX_WAITING, MAX_WAIT_MS);
    gates.set(sql, gate);
  }
  return gate;
}

/**
 * Start a transaction (`begin`) under the current request's weight: light requests and code
 * outside a request go straight to the pool; a heavy request's transaction waits for a permit of
 * `sql`'s gate, and transactions nested inside it do not ask again.
 */
export function admitted<T>(sql: object, begin: () => Promise<T>): Promise<T> {
  const here = context.getStore();
  if (!here || here.weight === 'light' || here.holding) return begin();
  return gateFor(sql).run(() => context.run({ weight: 'heavy', holding: true }, begin));
}

/**
 * Route ids whose requests are heavy: each can hold the database for more than a few hundred
 * milliseconds on the embedded demo (docs/scaling.md, `npm run bench -- stall`). Everything else
 * — sessions, areas, grids, the district, visits, hazard updates, nearby sites, the health check
 * and the pages' own loads — is light.
 */
const HEAVY_ROUTES: RegExp[] = [
  /^\/api\/analytics\//,
  /^\/api\/command\/alerts$/,
  /^\/api\/map\/(hazards|petitions|timeline|enterprises)$/,
  /^\/api\/petitions\/counts$/,
  /^\/api\/plan\//,
  /^\/briefing$/,
  /^\/admin\/audit$/
];

/**
 * The weight of a request by its route id (SvelteKit's `event.route.id`, null when no route
 * matched).
 * @example requestWeight('/api/analytics/hotspots') // 'heavy'
 * @example requestWeight('/api/map/areas') // 'light'
 */
export function requestWeight(routeId: string | null): RequestWeight {
  return routeId !== null && HEAVY_ROUTES.some((r) => r.test(routeId)) ? 'heavy' : 'light';
}
