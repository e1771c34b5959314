/**
 * The SQL floor of an endpoint: the exact statements the app sent for one request (captured from
 * the `postgres` client), replayed by pgbench -M prepared on one connection for a few seconds.
 * Latencies come from pgbench's per-transaction log.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';

export interface Captured {
  query: string;
  params: unknown[];
}

/** Whether pgbench can be run here. */
export function pgbenchAvailable(): boolean {
  return spawnSync('pgbench', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** A postgres client that records every statement it sends (text and parameters). */
export function capturingClient(url: string): { sql: postgres.Sql; captured: Captured[] } {
  const captured: Captured[] = [];
  const sql = postgres(url, {
    max: 1,
    onnotice: () => {},
    debug: (_connection, query, params) => captured.push({ query, params: [...(params as unknown[])] })
  });
  return { sql, captured };
}

const literal = (v: unknown): string => {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return `'${String(v).replaceAll("'", "''")}'`;
};

/** The captured statements as one pgbench transaction, parameters written in as literals. */
export function pgbenchScript(statements: Captured[]): string {
  const body = statements
    .filter((s) => !/^\s*(begin|commit|rollback)\b/i.test(s.query))
    .map((s) => s.query.replace(/\$(\d+)/g, (_, n: string) => literal(s.params[Number(n) - 1])).trim() + ';');
  return ['begin;', ...body, 'commit;', ''].join('\n');
}

/** Run `script` with pgbench -M prepared on one client for `seconds`; per-transaction latencies in ms. */
export function runPgbench(url: string, script: string, seconds: number): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'pingan-pgbench-'));
  try {
    const file = join(dir, 'script.sql');
    writeFileSync(file, script);
    const r = spawnSync(
      'pgbench',
      [
        '-n',
        '-M',
        'prepared',
        '-c',
        '1',
        '-T',
        String(seconds),
        '-f',
        file,
        '--log',
        `--log-prefix=${join(dir, 'tx')}`,
        url
      ],
      {
        encoding: 'utf8',
        cwd: dir
      }
    );
    if (r.status !== 0) throw new Error(`pgbench failed: ${r.stderr || r.stdout}`);
    const logs = readdirSync(dir).filter((f) => f.startsWith('tx'));
    const out: number[] = [];
    for (const f of logs) {
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
        const cols = line.trim().split(/\s+/);
        if (cols.length >= 3) out.push(Number(cols[2]) / 1000);
      }
    }
    if (out.length === 0) throw new Error('pgbench wrote no transactions');
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
