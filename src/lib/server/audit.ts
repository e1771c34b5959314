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
    await trusted(sql, (tx) => tx`
      insert into audit_log (user_id, username, role, action, object_type, object_id, area_code, outcome, status, detail)
      values (${e.user?.id ?? null}, ${e.user?.username ?? null}, ${e.user?.role ?? null}, ${e.action},
              ${e.objectType ?? null}, ${e.objectId ?? null}, ${e.areaCode ?? e.user?.homeAreaCode ?? null},
              ${e.outcome}, ${e.status ?? null}, ${tx.json(e.detail ?? {})})`);
  } catch (err) {
    console.error(`[audit] could not record ${e.action}: ${(err as Error).message}`);
  }
}
