/**
 * The browser's queue of visits waiting to reach the server, kept in IndexedDB (through `idb`,
 * https://github.com/jakearchibald/idb) so that a visit saved without signal survives a closed tab
 * or a flat battery. Every visit carries the idempotency key chosen when it was saved; sending it
 * again after a lost answer is harmless (the server answers the first receipt again).
 * Browser only.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { VISITS_PATH, type VisitAnswer, type VisitBody } from '../api/inspect';

/** A visit as the page saves it: the body of POST /api/inspect/visits (`visitBody`). */
export type QueuedVisitBody = VisitBody;

/** A queued visit and what happened to it so far. */
export interface QueuedVisit {
  key: string;
  body: QueuedVisitBody;
  /** Label shown in the queue (the site's name). */
  label: string;
  /** pending: not yet accepted; failed: refused by the server (4xx), with its message. */
  state: 'pending' | 'failed';
  attempts: number;
  error?: string;
  savedAt: string;
}

interface QueueSchema extends DBSchema {
  visits: { key: string; value: QueuedVisit };
}

const DB_NAME = 'pingan-inspect';
let dbPromise: Promise<IDBPDatabase<QueueSchema>> | undefined;

function db(): Promise<IDBPDatabase<QueueSchema>> {
  dbPromise ??= openDB<QueueSchema>(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore('visits', { keyPath: 'key' });
    }
  });
  return dbPromise;
}

/** Save a visit in the queue (before any attempt to send it). */
export async function enqueueVisit(body: QueuedVisitBody, label: string): Promise<void> {
  await (
    await db()
  ).put('visits', { key: body.key, body, label, state: 'pending', attempts: 0, savedAt: new Date().toISOString() });
}

/** Every queued visit, oldest first. */
export async function queuedVisits(): Promise<QueuedVisit[]> {
  const all = await (await db()).getAll('visits');
  return all.sort((a, b) => (a.savedAt < b.savedAt ? -1 : a.savedAt > b.savedAt ? 1 : 0));
}

/** Drop a visit from the queue (sent, or discarded by the inspector after a refusal). */
export async function removeVisit(key: string): Promise<void> {
  await (await db()).delete('visits', key);
}

/** What one sync pass did. */
export interface SyncResult {
  sent: number;
  failed: number;
  /** True when the network (or the server) was unreachable: the rest stays queued. */
  offline: boolean;
  /** Receipts of the visits accepted in this pass. */
  receipts: { key: string; status: number; body: VisitAnswer }[];
}

/**
 * Send the pending visits in order. A 2xx answer (201 new, 200 replay) removes the visit; a 4xx
 * other than 408/429 marks it failed with the server's message (sending it again would not
 * help); a network error, 408, 429 or 5xx stops the pass and keeps it queued.
 */
export async function syncVisits(fetchFn: typeof fetch = fetch): Promise<SyncResult> {
  const result: SyncResult = { sent: 0, failed: 0, offline: false, receipts: [] };
  for (const item of await queuedVisits()) {
    if (item.state !== 'pending') continue;
    let res: Response;
    try {
      res = await fetchFn(VISITS_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(item.body)
      });
    } catch {
      result.offline = true;
      break;
    }
    const body: unknown = await res.json().catch(() => ({}));
    if (res.ok) {
      await removeVisit(item.key);
      result.sent++;
      result.receipts.push({ key: item.key, status: res.status, body: body as VisitAnswer });
    } else if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
      const message = (body as { message?: string }).message ?? `HTTP ${res.status}`;
      await (await db()).put('visits', { ...item, state: 'failed', attempts: item.attempts + 1, error: message });
      result.failed++;
    } else {
      await (await db()).put('visits', { ...item, attempts: item.attempts + 1 });
      result.offline = true;
      break;
    }
  }
  return result;
}
