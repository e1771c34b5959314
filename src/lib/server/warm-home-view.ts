/**
 * Sign-in computes the user's first command-map view while the browser follows the redirect and
 * loads the page (issue 16: the first view in seconds). Each panel's request is sent through the
 * app itself (SvelteKit's server-side fetch, with the new session's cookie), so it takes the same
 * route, checks and row-level security as the page's own request, and its answer is stored for the
 * user's scope (stored-answer.ts): when the page asks, it gets the stored answer or joins the one
 * being computed. Heavy requests take turns at the gate (db/heavy-gate.ts), in the order given
 * here, and the page's light requests (outline, grids, points) still pass them.
 */
import { can } from './access/permissions';
import type { Role } from './access/permissions';
import { todayInChina } from '../core/dates';
import { defaultWindow, isGridCode, panelPaths } from '../api/panel-requests';

/**
 * Send the first view's panel requests of a user who lands on the command map; answers are
 * discarded (they are stored), failures ignored (the page asks again and shows its own error).
 */
export function warmHomeView(
  fetchFn: typeof fetch,
  user: { role: Role; homeAreaCode: string },
  dataEndDate: string | null | undefined
): string[] {
  // A grid's panels use its community, which the page learns from the area's path: left to the page.
  if (isGridCode(user.homeAreaCode)) return [];
  const { from, to } = defaultWindow(todayInChina(), dataEndDate);
  const paths = panelPaths({
    area: user.homeAreaCode,
    rankingArea: user.homeAreaCode,
    from,
    to,
    canReadPetitions: can(user.role, 'petition:read')
  });
  for (const path of paths) {
    fetchFn(path)
      .then((res) => res.arrayBuffer())
      .catch(() => undefined);
  }
  return paths;
}
