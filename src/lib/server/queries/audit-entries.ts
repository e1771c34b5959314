/**
 * Reading the audit log (admins only: the database's audit_read policy enforces it).
 */
import type { Tx } from '../db/contexts';

/** Which audit entries to list: each filter left out matches everything. */
export interface AuditFilter {
  outcome?: 'allowed' | 'denied' | 'error';
  username?: string;
  /** Only entries with an id below this one (the next page). */
  before?: number;
}

/** One row of audit_log as the admin page lists it. */
export interface AuditEntryRow {
  id: number;
  at: Date;
  username: string | null;
  role: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  area_code: string | null;
  outcome: string;
  status: number | null;
}

/** The newest `limit` audit entries that match `filter`, newest first. */
export async function auditEntries(tx: Tx, filter: AuditFilter, limit: number): Promise<AuditEntryRow[]> {
  return tx<AuditEntryRow[]>`
    select id, at, username, role, action, object_type, object_id, area_code, outcome, status
    from audit_log
    where ${filter.outcome ? tx`outcome = ${filter.outcome}` : tx`true`}
      and ${filter.username ? tx`username = ${filter.username}` : tx`true`}
      and ${filter.before ? tx`id < ${filter.before}` : tx`true`}
    order by id desc
    limit ${limit}`;
}
