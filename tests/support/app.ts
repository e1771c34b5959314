/** Where the built app lives, and a free loopback port to run it on. */
import { createServer } from 'node:net';

// The project root and the production server entry that adapter-node writes (`npx vite build`),
// defined once beside the build step that `npm start` and the e2e global setup share.
export { repoRoot, serverEntry } from '../../scripts/build-if-stale.js';

/**
 * A TCP port that was free on 127.0.0.1 a moment ago (the OS picks it; another process could
 * still take it before it is used).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port assigned'));
      server.close(() => resolve(address.port));
    });
  });
}
