/**
 * A wrong configuration stops the built app at once with one line that says what to fix, instead of
 * a stack trace or a server that starts and then fails every request.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, repoRoot, serverEntry } from '../support/app';
import { requireCapability } from '../support/ci';

const exitTimeoutMs = 60_000;

interface Outcome {
  /** Exit code, or the signal name when it had to be killed. */
  exit: number | string;
  /** Non-empty stderr lines. */
  stderrLines: string[];
}

/** Start `node build/index.js` with `env` added, and wait (at most 60 s) for it to exit. */
async function startApp(env: Record<string, string>): Promise<Outcome> {
  const port = await freePort();
  // ORIGIN as for a served app (see tests/support/app-process.ts), so only the setting under test is wrong.
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    ORIGIN: `http://127.0.0.1:${port}`
  };
  delete base.DATABASE_URL;
  delete base.DATA_DIR;
  const child = spawn(process.execPath, [serverEntry], {
    cwd: repoRoot,
    env: { ...base, ...env },
    stdio: ['ignore', 'ignore', 'pipe']
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), exitTimeoutMs);
  const exit = await new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'))
  );
  clearTimeout(timer);
  return { exit, stderrLines: stderr.split('\n').filter((line) => line.trim() !== '') };
}

/** The one line the app must print, with the exit code beside it so a failure shows both. */
function summary(outcome: Outcome): { exit: number | string; lines: number; first: string } {
  return { exit: outcome.exit, lines: outcome.stderrLines.length, first: outcome.stderrLines[0] ?? '' };
}

describe('node build/index.js refuses a bad configuration', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'pingan-e2e-startup-'));
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('names DATABASE_URL when nothing listens at its address', async () => {
    const closedPort = await freePort();
    const outcome = await startApp({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${closedPort}/postgres`,
      DATA_DIR: join(scratch, 'unused')
    });

    expect(summary(outcome)).toEqual({ exit: 1, lines: 1, first: expect.stringMatching(/^Startup failed: /) });
    expect(outcome.stderrLines[0]).toContain('DATABASE_URL');
  });

  it('names DATA_DIR and the folder when the folder cannot be created', async () => {
    // A regular file where a parent folder should be: ENOTDIR even for root, who ignores permissions.
    const blocker = join(scratch, 'not-a-folder');
    writeFileSync(blocker, 'this file stands where DATA_DIR needs a folder\n');
    const outcome = await startApp({ DATA_DIR: join(blocker, 'pglite') });

    expect(summary(outcome)).toEqual({ exit: 1, lines: 1, first: expect.stringMatching(/^Startup failed: /) });
    expect(outcome.stderrLines[0]).toContain('DATA_DIR');
    expect(outcome.stderrLines[0]).toContain(blocker);
  });

  it('names DATA_DIR when it points into a kernel file system such as /proc (creating folders there never returns)', async () => {
    const outcome = await startApp({ DATA_DIR: '/proc/pingan-data' });
    expect(summary(outcome)).toEqual({ exit: 1, lines: 1, first: expect.stringMatching(/^Startup failed: /) });
    expect(outcome.stderrLines[0]).toContain('DATA_DIR "/proc/pingan-data" is on a kernel file system');
  });

  it('npm start names the port when another program listens on it', async () => {
    const { createServer } = await import('node:net');
    const taken = createServer();
    const port = await new Promise<number>((resolve) =>
      taken.listen(0, '127.0.0.1', () => resolve((taken.address() as { port: number }).port))
    );
    try {
      const base: NodeJS.ProcessEnv = {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: join(scratch, 'port-test')
      };
      delete base.DATABASE_URL;
      delete base.ORIGIN;
      const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'start.js')], {
        cwd: repoRoot,
        env: base,
        stdio: ['ignore', 'ignore', 'pipe']
      });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), exitTimeoutMs);
      const exit = await new Promise<number | string>((resolve) =>
        child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'))
      );
      clearTimeout(timer);
      const lines = stderr.split('\n').filter((line) => line.trim() !== '');
      expect({ exit, lines: lines.length }).toEqual({ exit: 1, lines: 1 });
      expect(lines[0]).toBe(
        `Startup failed: port ${port} on 127.0.0.1 is in use by another program: stop that program or set PORT to a free port.`
      );
    } finally {
      taken.close();
    }
  });

  it('names ANALYTICS_CONFIG, the file and the field when the analytics configuration is invalid', async () => {
    const file = join(scratch, 'analytics.json');
    writeFileSync(
      file,
      JSON.stringify({ risk: { weights: { hazard: { general: 1, major: -5 } }, overdueCapDays: 90 } })
    );
    const outcome = await startApp({ ANALYTICS_CONFIG: file, DATA_DIR: join(scratch, 'unused-analytics') });

    expect(summary(outcome)).toEqual({ exit: 1, lines: 1, first: expect.stringMatching(/^Startup failed: /) });
    expect(outcome.stderrLines[0]).toContain(
      `ANALYTICS_CONFIG (${file}): risk.weights.hazard.major: must be 0 or more`
    );
  });
});

const serverUrl = process.env.TEST_DATABASE_URL;
const runServer = requireCapability('server PostGIS', Boolean(serverUrl), 'TEST_DATABASE_URL is not set');

describe.skipIf(!runServer)('node build/index.js on a server database without PostGIS', () => {
  const suffix = randomBytes(4).toString('hex');
  const role = `pingan_e2e_nopostgis_${suffix}`;
  const database = `pingan_e2e_nopostgis_${suffix}`;
  const password = randomBytes(12).toString('hex');
  let admin: postgres.Sql;

  beforeAll(async () => {
    admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    // CREATE ROLE takes no bind parameters; the password is hex generated just above.
    await admin`create role ${admin(role)} login nosuperuser nocreatedb nocreaterole password ${admin.unsafe(`'${password}'`)}`;
    await admin`create database ${admin(database)} owner ${admin(role)}`;
  });

  afterAll(async () => {
    if (!admin) return;
    await admin`drop database if exists ${admin(database)} with (force)`;
    await admin`drop role if exists ${admin(role)}`;
    await admin.end({ timeout: 5 });
  });

  it('names PostGIS and DATABASE_URL when the user may not create the extension', async () => {
    const url = new URL(serverUrl!);
    url.username = role;
    url.password = password;
    url.pathname = `/${database}`;
    const outcome = await startApp({
      DATABASE_URL: url.toString(),
      DATA_DIR: join(tmpdir(), `pingan-unused-${suffix}`)
    });

    expect(summary(outcome)).toEqual({ exit: 1, lines: 1, first: expect.stringMatching(/^Startup failed: /) });
    expect(outcome.stderrLines[0]).toContain('PostGIS');
    expect(outcome.stderrLines[0]).toContain('DATABASE_URL');
    expect(outcome.stderrLines[0]).not.toContain(password);
  });
});
