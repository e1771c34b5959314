// Build the production app (vite build → build/) when it is missing or older than its sources.
// Shared by `npm start` and the end-to-end tests' global setup.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const serverEntry = join(repoRoot, 'build', 'index.js');

/** Files and folders whose changes require a new build. */
const BUILD_INPUTS = ['src', 'db', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json', 'package-lock.json'];

/**
 * Latest modification time (ms) of a file, or of any file below a folder; 0 when absent.
 * @param {string} path
 * @returns {number}
 */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Run `vite build` when build/index.js is missing or older than any build input.
 * @param {(line: string) => void} log
 * @returns {boolean} whether a build ran
 * @throws Error when the build fails
 */
export function buildIfStale(log = console.log) {
  const built = existsSync(serverEntry) ? statSync(serverEntry).mtimeMs : 0;
  const sources = Math.max(...BUILD_INPUTS.map((p) => newestMtime(join(repoRoot, p))));
  if (built > sources) return false;
  log(built ? '[build] sources changed since the last build: vite build' : '[build] no build yet: vite build');
  const started = Date.now();
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  // The build's own output (bundle warnings from deck.gl's dependencies) is shown only on failure.
  const result = spawnSync(process.execPath, [vite, 'build'], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024
  });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error(`vite build failed (exit ${result.status ?? result.signal}); see its output above`);
  }
  log(`[build] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
