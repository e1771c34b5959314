/**
 * Role × action: the one table that says who may do what. Routes name an action in ROUTE_RULES
 * (route-rules.ts); hooks.server.ts checks it on every request; the database's row-level security
 * policies (db/migrations/0002_access_control.sql) enforce the same rules on rows, scoped to the
 * user's area subtree.
 */
export const ROLES = ['commander', 'planner', 'inspector', 'mediator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** Grid, district and enterprise map layers of one's area. */
  'map:view': ['commander', 'planner', 'inspector', 'mediator', 'admin'],
  /** A hazard's details. */
  'hazard:read': ['commander', 'planner', 'inspector', 'mediator', 'admin'],
  /** Change a hazard's status (rectifying, rectified, verified). */
  'hazard:update': ['commander', 'inspector'],
  /** Petition counts per area, small counts suppressed outside one's scope. */
  'petition:aggregate': ['commander', 'planner', 'inspector', 'mediator', 'admin'],
  /** Individual petition cases with their exact place (inside one's scope). */
  'petition:read': ['commander', 'mediator'],
  /** Pyramids and other analytics of one's area (the stability pyramid also needs petition:read). */
  'analytics:view': ['commander', 'planner', 'inspector', 'mediator', 'admin'],
  /** Grid planner: see a community's grids with their workload, validate, save new versions, import and export GeoJSON. */
  'plan:edit': ['planner'],
  /** The inspector's page: nearby sites worth a visit and a route for the day. */
  'inspect:plan': ['commander', 'inspector'],
  /** Record a visit (hazards found, verified as rectified); the database admits inspectors only. */
  'inspect:record': ['inspector'],
  /** Browse the audit log. */
  'audit:read': ['admin']
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

/** Whether a role may perform an action (before the database applies the area scope). */
export function can(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}
