/**
 * The audit writer: every write and every denied request, appended to audit_log (append-only in
 * the database). Holds who, role, action, object, area, outcome — never tokens, passwords or
 * petitioners' data.
 */
import type { Sql } from './db/connect';
import { trusted, type Tx } from './db/contexts';
import type { SessionUser } from './auth/sessions';

export interface AuditEntry {
  user: SessionUser | null;
  /** e.g. 'PATCH /api/hazards/[id]' or 'signin' */
  action: string;
  objectType?: string;
  objectId?: string;
  areaCode?: string;
  outcome: 'allowed' | 'denied' | 'error';
  status?: number;
  /** Small, non-personal facts (changed fields, reason of a denial). */
  detail?: Record<string, string | number | boolean | null>;
}

/**
 * Append one entry inside the caller's write transaction, so the write and its audit row commit
 * (or roll back) together. A failure here fails the write.
 */
export async function auditInTransaction(tx: Tx, e: AuditEntry): Promise<void> {
  await tx`
    insert into audit_log (user_id, username, role, action, object_type, object_id, area_code, outcome, status, detail)
    values (${e.user?.id ?? null}, ${e.user?.username ?? null}, ${e.user?.role ?? null}, ${e.action},
            ${e.objectType ?? null}, ${e.objectId ?? null}, ${e.areaCode ?? e.user?.homeAreaCode ?? null},
            ${e.outcome}, ${e.status ?? null}, ${tx.json(e.detail ?? {})})`;
}

/** Append one entry; a failure to audit is logged, never shown to the user as their error. */
export async function audit(sql: Sql, e: AuditEntry): Promise<void> {
  try {
    await trusted(
      sql,
      (tx) => tx`
      insert into audit_log (user_id, username, role, action, object_type, object_id, area_code, outcome, status, detail)
      values (${e.user?.id ?? null}, ${e.user?.username ?? null}, ${e.user?.role ?? null}, ${e.action},
              ${e.objectType ?? null}, ${e.objectId ?? null}, ${e.areaCode ?? e.user?.homeAreaCode ?? null},
              ${e.outcome}, ${e.status ?? null}, ${tx.json(e.detail ?? {})})`
    );
  } catch (err) {
    console.error(`[audit] could not record ${e.action}: ${(err as Error).message}`);
  }
}

/** A request without a session that was refused: counted, not written one by one. */
export interface AnonymousDenial {
  /** e.g. 'POST /api/plan/[code]' (a route id, never a raw path: the set of keys stays small). */
  action: string;
  status: number;
  /** The client's address (adapter-node: the socket's, or ADDRESS_HEADER's). */
  address: string;
  reason: string;
}

interface Tally extends AnonymousDenial {
  count: number;
  first: string;
  last: string;
}

/** How often counted denials are written, milliseconds. */
export const DENIAL_FLUSH_MS = 60_000;
/** Most distinct (action, status, address) keys held between flushes; more are counted under address '(other)'. */
export const DENIAL_MAX_KEYS = 5_000;

/**
 * Denials of requests without a session, counted in memory per (action, status, client address)
 * and written as one audit row per key per interval, the count in `detail`: a flood of anonymous
 * requests (1,000 in 2 s) is a few rows, not one row each, and cannot fill the append-only log.
 * Signed-in denials stay one row each ({@link audit}).
 */
export class DenialTally {
  private pending = new Map<string, Tally>();
  private timer: ReturnType<typeof setInterval> | undefined;

  /**
   * @param write appends the rows of one flush
   * @param everyMs flush interval, milliseconds (the timer is unref'd: it never keeps the process alive)
   */
  constructor(
    private readonly write: (entries: AuditEntry[]) => Promise<void>,
    private readonly everyMs = DENIAL_FLUSH_MS,
    private readonly maxKeys = DENIAL_MAX_KEYS
  ) {}

  /** Count one denial; starts the flush timer on the first. */
  count(d: AnonymousDenial, now: Date = new Date()): void {
    let key = `${d.action}\u0000${d.status}\u0000${d.address}`;
    if (!this.pending.has(key) && this.pending.size >= this.maxKeys) key = `${d.action}\u0000${d.status}\u0000(other)`;
    const at = now.toISOString();
    const t = this.pending.get(key);
    if (t) {
      t.count += 1;
      t.last = at;
    } else {
      this.pending.set(key, {
        ...d,
        address: key.endsWith('(other)') ? '(other)' : d.address,
        count: 1,
        first: at,
        last: at
      });
    }
    if (!this.timer) {
      this.timer = setInterval(() => void this.flush(), this.everyMs);
      this.timer.unref();
    }
  }

  /** Denials counted and not yet written. */
  get size(): number {
    return this.pending.size;
  }

  /** Write every key counted so far as one row, and start counting afresh. */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const tallies = [...this.pending.values()];
    this.pending = new Map();
    await this.write(
      tallies.map((t) => ({
        user: null,
        action: t.action,
        outcome: 'denied' as const,
        status: t.status,
        detail: { reason: t.reason, address: t.address, count: t.count, first: t.first, last: t.last }
      }))
    );
  }

  /** Stop the timer and write what is pending (shutdown). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}

let anonymous: { sql: Sql; tally: DenialTally } | undefined;

/**
 * Count a denied request without a session; written within {@link DENIAL_FLUSH_MS} as one row per
 * (action, status, address) with the count.
 */
export function countAnonymousDenial(sql: Sql, d: AnonymousDenial): void {
  anonymous ??= {
    sql,
    tally: new DenialTally(async (entries) => {
      for (const e of entries) await audit(anonymous?.sql ?? sql, e);
    })
  };
  anonymous.sql = sql;
  anonymous.tally.count(d);
}

/** Write the pending anonymous denials now (shutdown, tests). */
export async function flushAnonymousDenials(): Promise<void> {
  await anonymous?.tally.stop();
}
