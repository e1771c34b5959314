import type { Action } from './permissions';

/** What a route needs: 'public' (no sign-in), 'signed-in' (any role), or an action. */
export type Rule = 'public' | 'signed-in' | Action;

/**
 * Every route of the app, by SvelteKit route id, and the rule of each HTTP method it answers.
 * hooks.server.ts refuses a request to a route or method missing here (deny by default), and the
 * permission-matrix test fails when a route file exists without an entry.
 */
export const ROUTE_RULES: Record<string, Partial<Record<'GET' | 'POST' | 'PATCH' | 'DELETE', Rule>>> = {
  '/': { GET: 'map:view' },
  '/signin': { GET: 'public', POST: 'public' },
  '/signout': { POST: 'signed-in' },
  '/admin/audit': { GET: 'audit:read' },
  '/briefing': { GET: 'analytics:view' },
  '/api/health': { GET: 'public' },
  '/api/map/grids': { GET: 'map:view' },
  '/api/map/enterprises': { GET: 'map:view' },
  '/api/map/district': { GET: 'map:view' },
  '/api/map/areas': { GET: 'map:view' },
  '/api/map/hazards': { GET: 'map:view' },
  '/api/map/timeline': { GET: 'map:view' },
  '/api/map/petitions': { GET: 'petition:read' },
  '/api/command/alerts': { GET: 'analytics:view' },
  '/api/hazards/[id]': { GET: 'hazard:read', PATCH: 'hazard:update' },
  '/api/petitions/counts': { GET: 'petition:aggregate' },
  '/api/petitions': { GET: 'petition:read' },
  '/api/analytics/pyramid': { GET: 'analytics:view' },
  '/api/analytics/risk': { GET: 'analytics:view' },
  '/api/analytics/heat': { GET: 'analytics:view' },
  '/api/analytics/inspection-priorities': { GET: 'analytics:view' },
  '/api/analytics/mediation-allocation': { GET: 'petition:read' },
  '/api/analytics/trends': { GET: 'analytics:view' },
  '/api/analytics/daily-reports': { GET: 'analytics:view' },
  '/api/analytics/hotspots': { GET: 'analytics:view' },
  '/plan': { GET: 'plan:edit' },
  '/api/plan/[code]': { GET: 'plan:edit', POST: 'plan:edit' },
  '/api/plan/[code]/validate': { POST: 'plan:edit' },
  '/api/plan/[code]/geojson': { GET: 'plan:edit', POST: 'plan:edit' },
  '/api/inspect/nearby': { GET: 'inspect:plan' },
  '/api/inspect/visits': { GET: 'inspect:record', POST: 'inspect:record' },
  '/inspect': { GET: 'inspect:plan' }
};
