/**
 * Vitest global setup of the `e2e` project: build the app when the sources are newer than the build,
 * start `node build/index.js` on a free loopback port with a fresh embedded database, and hand its
 * URL to the tests as `inject('baseUrl')`. https://vitest.dev/config/globalsetup
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildIfStale } from '../../scripts/build-if-stale.js';
import { startApp, type RunningApp } from '../support/app-process';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the app under test, e.g. `http://127.0.0.1:41234` (no trailing slash). */
    baseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  buildIfStale((line) => console.log(`e2e: ${line}`));

  const dataDir = mkdtempSync(join(tmpdir(), 'pingan-e2e-data-'));
  let app: RunningApp;
  try {
    app = await startApp({ env: { DATA_DIR: dataDir }, logName: 'server.log' });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  console.log(
    `e2e: first start with an empty DATA_DIR took ${app.startSeconds.toFixed(1)} s (${app.baseUrl}); health: ${JSON.stringify(app.health)}`
  );

  project.provide('baseUrl', app.baseUrl);
  return async () => {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
