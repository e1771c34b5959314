import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { closeDatabase, initDatabase } from '$lib/server/db';
import { StartupError } from '$lib/server/db/startup-error';
import { resolveLocale } from '$lib/i18n/messages';

export const init: ServerInit = async () => {
  try {
    await initDatabase();
  } catch (err) {
    // A configuration problem: one line that says what is wrong and what to do, then exit.
    const message = err instanceof StartupError ? err.message : `unexpected error: ${(err as Error).message}`;
    console.error(`Startup failed: ${message.split('\n')[0]}`);
    process.exit(1);
  }
  // adapter-node emits this after it stopped accepting requests on SIGINT/SIGTERM; closing
  // PGlite then flushes its files. https://svelte.dev/docs/kit/adapter-node#Graceful-shutdown
  process.once('sveltekit:shutdown' as never, () => {
    void closeDatabase().catch(() => {});
  });
};

export const handle: Handle = async ({ event, resolve }) => {
  event.locals.locale = resolveLocale(event.url.searchParams.get('lang') ?? event.cookies.get('lang'));
  return resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale)
  });
};

export const handleError: HandleServerError = ({ error, event }) => {
  console.error(`[error] ${event.request.method} ${event.url.pathname}:`, error);
  return { message: 'Internal error' };
};
