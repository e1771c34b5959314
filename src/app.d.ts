// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Locale } from '$lib/i18n/messages';
import type { SessionUser } from '$lib/server/auth/sessions';

declare global {
  namespace App {
    interface Locals {
      locale: Locale;
      user: SessionUser | null;
      /** The session cookie's token, for withCaller(); null when not signed in. */
      sessionToken: string | null;
      /** Set by handleError when the request failed because the database did not answer (answered 503). */
      /** Set by handleError when the database could not answer (503 instead of 500). */
      databaseRefusal?: import('$lib/server/db/unavailable').DatabaseRefusal;
    }
  }
}

export {};
