import type { Role } from './permissions';

/**
 * The page each role works on, where sign-in lands when no other page was asked for: the
 * inspector's field page (a phone), the planner's editor, the command map for everyone else.
 */
const HOME: Record<Role, string> = {
  commander: '/',
  planner: '/plan',
  inspector: '/inspect',
  mediator: '/',
  admin: '/'
};

/**
 * Where to go after sign-in: the page that was asked for (`next`, already made safe), or the
 * role's own page when none was, or only the app's root (`/`, where a bare visit is sent).
 * @example
 * landingPath('inspector', '/') // '/inspect'
 * landingPath('inspector', '/?area=370105-008') // '/?area=370105-008'
 */
export function landingPath(role: Role, safeNext: string): string {
  return safeNext === '/' ? HOME[role] : safeNext;
}
