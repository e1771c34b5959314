/**
 * Run the built app (`node build/index.js`, adapter-node) as a child process on a free loopback
 * port and wait until `/api/health` answers. https://svelte.dev/docs/kit/adapter-node
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, repoRoot, serverEntry } from './app';

/** A running app process. */
export interface RunningApp {
  /** Origin of the app, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  baseUrl: string;
  /** The body of its first 200 answer from `/api/health`. */
  health: unknown;
  /** Seconds from spawn to the first healthy answer. */
  startSeconds: number;
  /** File that holds its stdout and stderr. */
  logPath: string;
  /** SIGTERM, then SIGKILL after 10 s; resolves once it exited. */
  stop(): Promise<void>;
}

/** Options of {@link startApp}. */
export interface StartOptions {
  /** Variables added to the environment (DATABASE_URL and DATA_DIR are removed unless given here). */
  env: Record<string, string>;
  /** Name of the log file under `test-results/e2e/`. */
  logName: string;
  /** How long to wait for `/api/health` (ms); default 300 000 (the first embedded start seeds). */
  healthTimeoutMs?: number;
}

/** Stop a child process: SIGTERM, then SIGKILL after `graceMs`. */
function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Start `node build/index.js` with ORIGIN set to its own loopback address: adapter-node otherwise
 * assumes https, and SvelteKit's CSRF check then refuses every form post as cross-site.
 * @throws Error with the server's stderr when it exits, or when health does not answer in time
 */
export async function startApp({ env, logName, healthTimeoutMs = 300_000 }: StartOptions): Promise<RunningApp> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logDir = join(repoRoot, 'test-results', 'e2e');
  mkdirSync(logDir, { recursive: true });
  const logPath = join(logDir, logName);
  const log = createWriteStream(logPath);

  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.DATABASE_URL;
  delete childEnv.DATA_DIR;
  // BODY_SIZE_LIMIT as scripts/start.js sets it for `npm start` (the planner's 5 MB files).
  Object.assign(childEnv, { PORT: String(port), HOST: '127.0.0.1', ORIGIN: baseUrl, BODY_SIZE_LIMIT: '6M' }, env);

  const started = Date.now();
  const child = spawn(process.execPath, [serverEntry], {
    cwd: repoRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let stderr = '';
  child.stdout!.pipe(log, { end: false });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    log.write(chunk);
  });
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(`exit ${code ?? signal}`));
  });
  const stop = async () => {
    await stopChild(child);
    log.end();
  };

  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`node build/index.js stopped before /api/health answered (${await exited}):\n${stderr.trim()}`);
      }
      if (Date.now() - started > healthTimeoutMs) {
        throw new Error(`/api/health did not answer 200 within ${healthTimeoutMs / 1000} s; server log: ${logPath}`);
      }
      try {
        const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
        if (res.status === 200) {
          const health: unknown = await res.json();
          return { baseUrl, health, startSeconds: (Date.now() - started) / 1000, logPath, stop };
        }
      } catch {
        // Not listening yet.
      }
      await Promise.race([new Promise((r) => setTimeout(r, 500)), exited]);
    }
  } catch (err) {
    await stop();
    throw err;
  }
}
