// `npm start`: build the app if needed, then serve it (adapter-node) on PORT (default 3000).
// Without DATABASE_URL the embedded PGlite + PostGIS starts in DATA_DIR and, when empty, gets the
// demo data. A configuration problem stops start-up with one line on stderr and exit code 1.
import { buildIfStale, serverEntry } from './build-if-stale.js';

const started = performance.now();
try {
  buildIfStale();
} catch (err) {
  console.error(`Startup failed: ${err.message}`);
  process.exit(1);
}
process.env.HOST ??= '127.0.0.1';
process.env.PORT ??= '3000';
// adapter-node needs the public origin for SvelteKit's CSRF check (it assumes https otherwise).
// Behind a proxy or on the LAN, set ORIGIN to the address users type, e.g. http://10.0.0.5:3000.
process.env.ORIGIN ??= `http://${process.env.HOST === '0.0.0.0' ? 'localhost' : process.env.HOST}:${process.env.PORT}`;
// The planner accepts GeoJSON up to 5 MB (PLAN_LIMITS) and refuses more with its own message;
// adapter-node's default body limit (512 KB) would cut it off first with "Internal error".
process.env.BODY_SIZE_LIMIT ??= '6M';
// A port in use is a one-line start-up error, not a stack trace after "ready".
const { createServer } = await import('node:net');
const portFree = await new Promise((resolvePort) => {
  const probe = createServer();
  probe.once('error', (err) => resolvePort(err.code));
  probe.listen(Number(process.env.PORT), process.env.HOST, () => probe.close(() => resolvePort(null)));
});
if (portFree !== null) {
  const why = portFree === 'EADDRINUSE' ? 'is in use by another program' : `cannot be opened (${portFree})`;
  console.error(
    `Startup failed: port ${process.env.PORT} on ${process.env.HOST} ${why}: stop that program or set PORT to a free port.`
  );
  process.exit(1);
}
await import(serverEntry);
console.log(`[start] ready in ${((performance.now() - started) / 1000).toFixed(1)} s: ${process.env.ORIGIN}/`);
