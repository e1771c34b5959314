/**
 * Debian's Chromium driven by playwright-core (Playwright's own browser download does not work on
 * these machines). https://playwright.dev/docs/api/class-browsertype#browser-type-launch
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where Chromium is, or why it cannot be used. */
export interface ChromiumLocation {
  available: boolean;
  /** Absolute path of the executable (set when available). */
  executablePath?: string;
  /** Why it is not available (empty when it is). */
  why: string;
}

/**
 * Flags that make headless Chromium render WebGL2 (MapLibre, deck.gl) in software and keep it off
 * the network. See /work/shared/reference/FIELD-NOTES.md, "Headless Chromium".
 */
export const chromiumArgs: readonly string[] = [
  // Root in a container: the user-namespace sandbox is not available.
  '--no-sandbox',
  // No GPU here: WebGL2 through SwiftShader.
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  // The browser's own traffic would break the "no request leaves localhost" check and the offline run.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic'
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Find Chromium: `CHROMIUM_PATH` if set, else `chromium` on the PATH (Debian package `chromium`).
 */
export function findChromium(env: Record<string, string | undefined> = process.env): ChromiumLocation {
  const fromEnv = env.CHROMIUM_PATH?.trim();
  if (fromEnv) {
    return isExecutable(fromEnv)
      ? { available: true, executablePath: fromEnv, why: '' }
      : { available: false, why: `CHROMIUM_PATH=${fromEnv} is not an executable file` };
  }
  try {
    const found = execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
    if (found && isExecutable(found)) return { available: true, executablePath: found, why: '' };
  } catch {
    // `command -v` exits non-zero when there is no such command.
  }
  return {
    available: false,
    why: 'chromium is not on the PATH and CHROMIUM_PATH is not set (Debian: apt-get install chromium)'
  };
}

/** The Chromium found when this module was loaded. */
export const chromiumLocation: ChromiumLocation = findChromium();

/**
 * Launch headless Chromium with {@link chromiumArgs}.
 * @throws Error when Chromium is not available (check `chromiumLocation.available` first).
 */
export async function launchChromium(): Promise<Browser> {
  if (!chromiumLocation.executablePath) throw new Error(`Chromium is not available: ${chromiumLocation.why}`);
  return chromium.launch({
    executablePath: chromiumLocation.executablePath,
    headless: true,
    args: [...chromiumArgs]
  });
}

/** Whether a request stays on this machine (loopback, or data the page made itself). */
export function isLocalRequest(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === 'data:' || u.protocol === 'blob:') return true;
  return u.hostname === '127.0.0.1' || u.hostname === 'localhost';
}
