/**
 * Vitest global setup of the `e2e` project: build the app when the sources are newer than the build,
 * start `node build/index.js` on a free loopback port with a fresh embedded database, and hand its
 * URL to the tests as `inject('baseUrl')`. https://vitest.dev/config/globalsetup
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, repoRoot, serverEntry } from '../support/app';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the app under test, e.g. `http://127.0.0.1:41234` (no trailing slash). */
    baseUrl: string;
  }
}

/** Files and folders whose changes require a new build. */
const buildInputs = ['src', 'db', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];

const healthTimeoutMs = 300_000;

/** Latest modification time (ms) of a file, or of any file below a folder; 0 when absent. */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Run `vite build` when `build/index.js` is missing or older than any build input. */
function buildIfStale(): void {
  const built = existsSync(serverEntry) ? statSync(serverEntry).mtimeMs : 0;
  const sources = Math.max(...buildInputs.map((p) => newestMtime(join(repoRoot, p))));
  if (built > sources) return;
  console.log(built ? 'e2e: sources changed since the last build, running vite build' : 'e2e: no build/, running vite build');
  const started = Date.now();
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`vite build failed (exit ${result.status ?? result.signal}); see its output above`);
  }
  console.log(`e2e: vite build took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Stop a child process: SIGTERM, then SIGKILL after `graceMs`. */
function stop(child: ChildProcess, graceMs = 10_000): Promise<void> {
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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  buildIfStale();

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'pingan-e2e-data-'));
  const logDir = join(repoRoot, 'test-results', 'e2e');
  mkdirSync(logDir, { recursive: true });
  const logPath = join(logDir, 'server.log');
  const log = createWriteStream(logPath);

  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir };
  delete env.DATABASE_URL;

  const started = Date.now();
  const child = spawn(process.execPath, [serverEntry], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout!.pipe(log, { end: false });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    log.write(chunk);
  });
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(`exit ${code ?? signal}`));
  });

  const teardown = async () => {
    await stop(child);
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    let health: unknown;
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
          health = await res.json();
          break;
        }
      } catch {
        // Not listening yet.
      }
      await Promise.race([new Promise((r) => setTimeout(r, 500)), exited]);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`e2e: first start with an empty DATA_DIR took ${seconds} s (${baseUrl}); health: ${JSON.stringify(health)}`);
  } catch (err) {
    await teardown();
    throw err;
  }

  project.provide('baseUrl', baseUrl);
  return teardown;
}
