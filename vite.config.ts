import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  test: {
    // In CI every test is listed with its suite, so the log shows each engine's run by name.
    reporters: process.env.CI === 'true' ? ['verbose'] : ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 0 }
        }
      },
      {
        extends: true,
        test: {
          name: 'db',
          include: ['tests/db/**/*.test.ts'],
          environment: 'node',
          // Each file starts its own embedded PostGIS (about 10 s) and seeds it.
          testTimeout: 300_000,
          hookTimeout: 600_000,
          // PGlite's WASM heap is large; two at once is what two cores carry.
          maxWorkers: 2,
          fileParallelism: true,
          sequence: { groupOrder: 1 }
        }
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 600_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 }
        }
      }
    ]
  }
});
