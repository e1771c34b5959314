import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { projectRoot } from '../../src/lib/server/project-root';

describe('readConfig', () => {
  test('defaults: embedded database in .data/pglite, offline style, demo data on', () => {
    const c = readConfig({});
    expect(c).toEqual({
      databaseUrl: undefined,
      dataDir: join(projectRoot(), '.data', 'pglite'),
      basemapStyle: undefined,
      demoSeed: 20261123,
      demoData: true,
      privacyK: 5,
      requestTimeoutMs: 10_000,
      analyticsConfig: { path: join(projectRoot(), 'config', 'analytics.json'), explicit: false }
    });
  });

  test('a relative DATA_DIR is taken from the project root', () => {
    expect(readConfig({ DATA_DIR: 'var/db' }).dataDir).toBe(join(projectRoot(), 'var', 'db'));
  });

  test('an empty DATABASE_URL means the embedded database', () => {
    expect(readConfig({ DATABASE_URL: '  ' }).databaseUrl).toBeUndefined();
  });

  test.each([
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL: DATABASE_URL must start with postgres:// or postgresql://'],
    [{ BASEMAP_STYLE: 'style.json' }, 'BASEMAP_STYLE: BASEMAP_STYLE must be an http(s) URL or a path starting with /'],
    [{ DEMO_SEED: '-1' }, 'DEMO_SEED:'],
    [{ DEMO_DATA: 'yes' }, 'DEMO_DATA:'],
    [{ PRIVACY_K: '1' }, 'PRIVACY_K:'],
    [{ REQUEST_TIMEOUT_MS: '500' }, 'REQUEST_TIMEOUT_MS: REQUEST_TIMEOUT_MS must be at least 1000 (1 s)'],
    [{ REQUEST_TIMEOUT_MS: 'soon' }, 'REQUEST_TIMEOUT_MS:']
  ])('refuses %o with a message naming the variable', (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });
});
