/**
 * bcrypt off the event loop: one worker thread (node:worker_threads) runs bcryptjs, so sign-in
 * attempts — a flood of them included — never take the thread that answers every other request,
 * and hashing uses at most one core. The worker loads the same bcryptjs the app depends on.
 * https://nodejs.org/api/worker_threads.html, https://github.com/dcodeIO/bcrypt.js
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcrypt);
parentPort.on('message', async (m) => {
  try {
    const result = m.op === 'hash' ? await bcrypt.hash(m.password, m.cost) : await bcrypt.compare(m.password, m.hash);
    parentPort.postMessage({ id: m.id, result });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String((e && e.message) || e) });
  }
});`;

type Job = { resolve: (v: string | boolean) => void; reject: (e: Error) => void };

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Job>();

function pool(): Worker {
  if (worker) return worker;
  const bcrypt = createRequire(import.meta.url).resolve('bcryptjs');
  const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { bcrypt } });
  w.unref();
  w.on('message', (m: { id: number; result?: string | boolean; error?: string }) => {
    const job = pending.get(m.id);
    pending.delete(m.id);
    // Keep the process alive only while a job waits (a script awaiting a hash must not exit).
    if (pending.size === 0) w.unref();
    if (!job) return;
    if (m.error !== undefined) job.reject(new Error(m.error));
    else job.resolve(m.result!);
  });
  const fail = (err: Error) => {
    worker = null;
    for (const job of pending.values()) job.reject(err);
    pending.clear();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`the password worker stopped (exit ${code})`)));
  worker = w;
  return w;
}

function run(message: Record<string, unknown>): Promise<string | boolean> {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    const w = pool();
    w.ref();
    w.postMessage({ id, ...message });
  });
}

/** How many hash or compare jobs wait for or run in the worker (for tests and health). */
export function hashJobsPending(): number {
  return pending.size;
}

/** bcrypt hash of `password` at `cost`, computed in the worker. */
export async function hashInWorker(password: string, cost: number): Promise<string> {
  return (await run({ op: 'hash', password, cost })) as string;
}

/** Whether `password` matches the bcrypt `hash`, computed in the worker. */
export async function compareInWorker(password: string, hash: string): Promise<boolean> {
  return (await run({ op: 'compare', password, hash })) as boolean;
}
