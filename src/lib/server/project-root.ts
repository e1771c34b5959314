import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The project's root folder (the one holding `package.json` and `db/migrations`), found by walking
 * up from this module. Works from the sources (tsx, vitest) and from the production build
 * (`build/server/chunks/…`), whatever the current working directory is.
 */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'db', 'migrations'))) {
      cached = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      // Fall back to the working directory (the README's commands run from the project root).
      cached = process.cwd();
      return cached;
    }
    dir = parent;
  }
}
