/**
 * Skip-or-fail for tests that need something the machine may lack (a PostgreSQL server, Chromium).
 *
 * On a developer machine a missing capability skips the tests with one plain console line. In CI
 * (`CI=true`, set by `.ci/run`) the same gap fails the run: a green CI run must mean every test ran.
 *
 * Works with Vitest's `describe.skipIf` / `it.skipIf`:
 *
 * @example
 * const run = requireCapability('server PostGIS', Boolean(process.env.TEST_DATABASE_URL),
 *   'TEST_DATABASE_URL is not set');
 * describe.skipIf(!run)('on a PostGIS server', () => { ... });
 */
import { test } from 'vitest';

/** Whether the tests run in CI, where every capability is mandatory. */
export function isCI(env: Record<string, string | undefined> = process.env): boolean {
  return env.CI === 'true';
}

/**
 * Decide whether the tests needing `name` run.
 *
 * - available: returns `true`.
 * - missing, not CI: prints `SKIPPED <name> tests: <why>` and returns `false` (skip them).
 * - missing, CI: registers a test named `requires <name>` that fails with `why`, and returns
 *   `false` so the dependent tests do not also fail with less helpful errors.
 *
 * Call it at the top level of a test file or inside a `describe` callback (it may register a test).
 * @param name what is needed, as it should read in the message ("server PostGIS", "Chromium")
 * @param available whether it is there
 * @param why what is missing and how to provide it ("TEST_DATABASE_URL is not set")
 * @returns whether to run the dependent tests
 */
export function requireCapability(name: string, available: boolean, why: string): boolean {
  if (available) return true;
  if (isCI()) {
    test(`requires ${name}`, () => {
      throw new Error(`CI=true but ${name} is missing: ${why}`);
    });
    return false;
  }
  console.warn(`SKIPPED ${name} tests: ${why}`);
  return false;
}
