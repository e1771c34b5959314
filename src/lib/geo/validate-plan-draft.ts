/**
 * The browser's instant check of a draft (turf): the same rules as the server's authoritative
 * PostGIS check (src/lib/server/queries/validate-plan.ts) — valid outlines (turf kinks), inside
 * the parent, no overlaps and no gaps above a tolerance, areas within bounds — for live feedback
 * while a planner edits. The server decides on save.
 * turf's booleanValid is not a validity gate (it passed a bowtie), hence kinks.
 */
import {
  area,
  difference,
  featureCollection,
  intersect,
  kinks,
  pointOnFeature,
  union,
  type AllGeoJSON
} from '@turf/turf';
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { PLAN_TOLERANCES, type PlanTolerances, type ProblemKind } from '../domain/plan-config';

/** A problem in a draft, with the geometry to draw. */
export interface DraftProblem {
  kind: ProblemKind;
  features: number[];
  areaM2: number;
  at: Position;
  geometry: Geometry;
}

const feat = (g: Polygon | MultiPolygon): Feature<Polygon | MultiPolygon> => ({
  type: 'Feature',
  properties: {},
  geometry: g
});

function pieces(g: Geometry | null | undefined): (Polygon | MultiPolygon)[] {
  if (!g) return [];
  if (g.type === 'Polygon') return [g];
  if (g.type === 'MultiPolygon') return g.coordinates.map((c) => ({ type: 'Polygon', coordinates: c }) as Polygon);
  return [];
}

function problem(kind: ProblemKind, features: number[], g: Polygon | MultiPolygon): DraftProblem {
  return { kind, features, areaM2: area(g), at: pointOnFeature(g as AllGeoJSON).geometry.coordinates, geometry: g };
}

/**
 * Check a draft of a parent's children.
 * @param parent the parent's outline
 * @param children the draft grids in order
 * @returns the problems (empty when the draft would pass)
 */
export function validatePlanDraft(
  parent: Polygon | MultiPolygon,
  children: (Polygon | MultiPolygon)[],
  tol: PlanTolerances = PLAN_TOLERANCES
): DraftProblem[] {
  const out: DraftProblem[] = [];
  children.forEach((c, i) => {
    const k = kinks(c).features;
    if (k.length > 0)
      out.push({ kind: 'invalid', features: [i], areaM2: 0, at: k[0]!.geometry.coordinates, geometry: k[0]!.geometry });
  });
  if (out.length > 0) return out;
  children.forEach((c, i) => {
    for (const p of pieces(difference(featureCollection([feat(c), feat(parent)]))?.geometry)) {
      if (area(p) > tol.areaM2) out.push(problem('outside', [i], p));
    }
    for (let j = i + 1; j < children.length; j++) {
      for (const p of pieces(intersect(featureCollection([feat(c), feat(children[j]!)]))?.geometry)) {
        if (area(p) > tol.areaM2) out.push(problem('overlap', [i, j], p));
      }
    }
    const m2 = area(c);
    if (m2 < tol.minGridAreaM2) out.push({ ...problem('too-small', [i], c), areaM2: m2 });
    if (m2 > tol.maxGridAreaM2) out.push({ ...problem('too-large', [i], c), areaM2: m2 });
  });
  const all = children.length > 1 ? union(featureCollection(children.map(feat)))?.geometry : children[0];
  const rest = all
    ? difference(featureCollection([feat(parent), feat(all as Polygon | MultiPolygon)]))?.geometry
    : parent;
  for (const p of pieces(rest)) if (area(p) > tol.areaM2) out.push(problem('gap', [], p));
  return out;
}
