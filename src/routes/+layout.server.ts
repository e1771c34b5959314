import { landingPath } from '$lib/server/access/home-path';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
  locale: locals.locale,
  user: locals.user
    ? {
        username: locals.user.username,
        displayName: locals.user.displayName,
        role: locals.user.role,
        /** The role's own page (where sign-in lands). */
        home: landingPath(locals.user.role, '/')
      }
    : null
});
