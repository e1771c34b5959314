/**
 * Parse a planner's GeoJSON (RFC 7946, https://www.rfc-editor.org/rfc/rfc7946) of an area's child
 * grids, refusing with a specific reason whatever PostGIS would silently accept or choke on
 * (ST_GeomFromGeoJSON takes a `crs` member, NaN, 1e400 and unclosed rings; a GEOS exception can hang
 * the embedded engine): so nothing unchecked reaches the database.
 */
import { kinks, polygon as turfPolygon } from '@turf/turf';
import type { MultiPolygon, Position } from 'geojson';
import { PLAN_LIMITS } from '../domain/plan-config';
import { findPersonalIdentifiers } from '../domain/find-personal-identifiers';
import { translator } from '../i18n/messages';

/** Why an input was refused: a stable code (for the UI and tests) and a message a person can act on. */
export type PlanInputReason =
  | 'not-json'
  | 'too-large'
  | 'not-feature-collection'
  | 'crs-member'
  | 'features-not-array'
  | 'no-features'
  | 'too-many-features'
  | 'not-a-feature'
  | 'null-geometry'
  | 'wrong-geometry-type'
  | 'malformed-coordinates'
  | 'bad-position'
  | 'non-finite-coordinate'
  | 'coordinate-out-of-range'
  | 'ring-too-short'
  | 'ring-not-closed'
  | 'degenerate-ring'
  | 'too-many-rings'
  | 'too-many-vertices'
  | 'self-intersection'
  | 'bad-properties'
  | 'bad-code'
  | 'duplicate-code'
  | 'bad-name'
  | 'personal-data'
  | 'bad-bbox'
  | 'outside-china'
  | 'too-wide';

/** A refused input; `status` is 413 for an oversized body, 400 for unparseable JSON, 422 otherwise. */
export class PlanInputError extends Error {
  constructor(
    readonly reason: PlanInputReason,
    message: string,
    readonly featureIndex?: number
  ) {
    super(message);
    this.name = 'PlanInputError';
  }
  get status(): number {
    return this.reason === 'too-large' ? 413 : this.reason === 'not-json' ? 400 : 422;
  }
}

/** One child grid of a submission: its existing code (kept when it is reshaped) or none (new). */
export interface PlanFeature {
  code: string | null;
  name: string | null;
  /** Outer rings counter-clockwise, holes clockwise (RFC 7946 §3.1.6), as submitted otherwise. */
  geometry: MultiPolygon;
}

const GRID_CODE = /^[0-9]{6}(-[0-9]{3}){3}$/;

/** Refusals are English, like every other reason here; the planner page wraps them in its own language. */
const en = translator('en');

/**
 * Parse JSON text into plan features.
 * @throws PlanInputError with the first problem found
 * @example
 * parsePlanGeoJsonText('{"type":"FeatureCollection","features":[…]}') // [{ code: null, name: null, geometry }]
 */
export function parsePlanGeoJsonText(text: string): PlanFeature[] {
  if (text.length > PLAN_LIMITS.maxBytes) {
    throw new PlanInputError('too-large', `the file is larger than ${PLAN_LIMITS.maxBytes / 1e6} MB`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new PlanInputError('not-json', `not valid JSON: ${(e as Error).message}`);
  }
  return parsePlanGeoJson(value);
}

/**
 * Check a parsed GeoJSON value and return its features.
 * @throws PlanInputError with the first problem found
 */
export function parsePlanGeoJson(value: unknown): PlanFeature[] {
  if (!isObject(value) || value.type !== 'FeatureCollection') {
    throw new PlanInputError(
      'not-feature-collection',
      'expected a GeoJSON FeatureCollection ({"type": "FeatureCollection", "features": [...]})'
    );
  }
  if ('crs' in value) throw crsError('the FeatureCollection');
  checkBbox(value.bbox, 'the FeatureCollection');
  if (!Array.isArray(value.features))
    throw new PlanInputError('features-not-array', '"features" must be an array of Feature objects');
  if (value.features.length === 0)
    throw new PlanInputError('no-features', 'the FeatureCollection has no features: a parent needs at least one grid');
  if (value.features.length > PLAN_LIMITS.maxFeatures) {
    throw new PlanInputError(
      'too-many-features',
      `at most ${PLAN_LIMITS.maxFeatures} grids per submission (got ${value.features.length})`
    );
  }
  let total = 0;
  const codes = new Set<string>();
  return value.features.map((f: unknown, i: number) => {
    const where = `feature ${i + 1}`;
    if (!isObject(f) || f.type !== 'Feature')
      throw new PlanInputError('not-a-feature', `${where} is not a GeoJSON Feature`, i);
    if ('crs' in f) throw crsError(where, i);
    checkBbox(f.bbox, where, i);
    const { code, name } = readProperties(f.properties, where, i);
    if (code !== null) {
      if (codes.has(code)) throw new PlanInputError('duplicate-code', `${where}: code ${code} appears twice`, i);
      codes.add(code);
    }
    const geometry = readGeometry(f.geometry, where, i);
    const vertices = geometry.coordinates.reduce((s, p) => s + p.reduce((t, r) => t + r.length, 0), 0);
    if (vertices > PLAN_LIMITS.maxVerticesPerFeature) {
      throw new PlanInputError(
        'too-many-vertices',
        `${where} has ${vertices} vertices; at most ${PLAN_LIMITS.maxVerticesPerFeature} per grid`,
        i
      );
    }
    total += vertices;
    if (total > PLAN_LIMITS.maxVerticesTotal) {
      throw new PlanInputError('too-many-vertices', `more than ${PLAN_LIMITS.maxVerticesTotal} vertices in all`, i);
    }
    checkExtent(geometry, where, i);
    for (const poly of geometry.coordinates) {
      const crossings = kinks(turfPolygon(poly)).features;
      if (crossings.length > 0) {
        const [x, y] = crossings[0]!.geometry.coordinates as [number, number];
        throw new PlanInputError(
          'self-intersection',
          `${where} crosses itself at (${x.toFixed(6)}, ${y.toFixed(6)})`,
          i
        );
      }
    }
    return { code, name, geometry: rewindMulti(geometry) };
  });
}

/**
 * Refuse a grid outside China or wider than any grid could be, before any geometry library sees
 * it: a whole-world ring or an edge between antipodes makes GEOS throw ("Antipodal edge
 * detected!"), and an exception inside PostGIS can hang the embedded engine (pglite #916, #965).
 */
function checkExtent(g: MultiPolygon, where: string, i: number) {
  const { west, south, east, north } = PLAN_LIMITS.chinaBounds;
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of g.coordinates) {
    for (const ring of poly) {
      for (const [x, y] of ring) {
        if (x! < west || x! > east || y! < south || y! > north) {
          throw new PlanInputError(
            'outside-china',
            `${where} has the position (${x}, ${y}) outside China (longitude ${west}…${east}° E, latitude ${south}…${north}° N): is it longitude first, in WGS 84 degrees?`,
            i
          );
        }
        minX = Math.min(minX, x!);
        maxX = Math.max(maxX, x!);
        minY = Math.min(minY, y!);
        maxY = Math.max(maxY, y!);
      }
    }
  }
  const max = PLAN_LIMITS.maxExtentDegrees;
  if (maxX - minX > max || maxY - minY > max) {
    throw new PlanInputError(
      'too-wide',
      `${where} spans ${(maxX - minX).toFixed(3)}° of longitude and ${(maxY - minY).toFixed(3)}° of latitude; a grid spans at most ${max}° (about 200 km)`,
      i
    );
  }
}

function crsError(where: string, i?: number) {
  return new PlanInputError(
    'crs-member',
    `${where} has a "crs" member: RFC 7946 GeoJSON is always WGS 84 longitude/latitude; remove "crs" and reproject if needed`,
    i
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkBbox(b: unknown, where: string, i?: number) {
  if (b === undefined) return;
  if (
    !Array.isArray(b) ||
    (b.length !== 4 && b.length !== 6) ||
    !b.every((n) => typeof n === 'number' && Number.isFinite(n))
  ) {
    throw new PlanInputError('bad-bbox', `${where}: "bbox" must be an array of 4 (or 6) finite numbers`, i);
  }
}

function readProperties(p: unknown, where: string, i: number): { code: string | null; name: string | null } {
  if (p === null || p === undefined) return { code: null, name: null };
  if (!isObject(p)) throw new PlanInputError('bad-properties', `${where}: "properties" must be an object or null`, i);
  let code: string | null = null;
  if (p.code !== undefined && p.code !== null) {
    if (typeof p.code !== 'string' || !GRID_CODE.test(p.code)) {
      throw new PlanInputError(
        'bad-code',
        `${where}: "code" must be a grid code such as 370105-008-001-002, or absent for a new grid`,
        i
      );
    }
    code = p.code;
  }
  let name: string | null = null;
  if (p.name !== undefined && p.name !== null) {
    if (typeof p.name !== 'string' || p.name.trim().length === 0 || p.name.length > 60) {
      throw new PlanInputError('bad-name', `${where}: "name" must be text of 1 to 60 characters`, i);
    }
    name = p.name.trim();
    // Grid names are shown to every user of the area and kept in every boundary version.
    const found = findPersonalIdentifiers(name)[0];
    if (found) {
      throw new PlanInputError(
        'personal-data',
        `${where}: "name" looks like it contains ${en(`screen.kind.${found.kind}`)} (${found.masked}); name the grid by its place, not by a person`,
        i
      );
    }
  }
  return { code, name };
}

function readGeometry(g: unknown, where: string, i: number): MultiPolygon {
  if (g === null || g === undefined) throw new PlanInputError('null-geometry', `${where} has no geometry`, i);
  if (!isObject(g)) throw new PlanInputError('wrong-geometry-type', `${where}: the geometry must be an object`, i);
  if ('crs' in g) throw crsError(`${where}'s geometry`, i);
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    throw new PlanInputError(
      'wrong-geometry-type',
      `${where} is a ${String(g.type)}; a grid must be a Polygon or MultiPolygon`,
      i
    );
  }
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  if (!Array.isArray(polys) || polys.length === 0) {
    throw new PlanInputError(
      'malformed-coordinates',
      `${where}: "coordinates" must be a non-empty array of ${g.type === 'Polygon' ? 'rings' : 'polygons'}`,
      i
    );
  }
  let rings = 0;
  const out = polys.map((poly: unknown) => {
    if (!Array.isArray(poly) || poly.length === 0) {
      throw new PlanInputError('malformed-coordinates', `${where}: each polygon must be a non-empty array of rings`, i);
    }
    rings += poly.length;
    if (rings > PLAN_LIMITS.maxRingsPerFeature) {
      throw new PlanInputError('too-many-rings', `${where} has more than ${PLAN_LIMITS.maxRingsPerFeature} rings`, i);
    }
    return poly.map((ring: unknown, r: number) => readRing(ring, `${where}, ring ${r + 1}`, i));
  });
  return { type: 'MultiPolygon', coordinates: out };
}

function readRing(ring: unknown, where: string, i: number): Position[] {
  if (!Array.isArray(ring))
    throw new PlanInputError('malformed-coordinates', `${where}: a ring must be an array of positions`, i);
  if (ring.length > PLAN_LIMITS.maxVerticesPerFeature) {
    throw new PlanInputError(
      'too-many-vertices',
      `${where} has ${ring.length} vertices; at most ${PLAN_LIMITS.maxVerticesPerFeature} per grid`,
      i
    );
  }
  const positions = ring.map((p: unknown, k: number) => readPosition(p, `${where}, position ${k + 1}`, i));
  if (positions.length < 4) {
    throw new PlanInputError(
      'ring-too-short',
      `${where} has ${positions.length} positions; a closed ring needs at least 4 (the first repeated at the end)`,
      i
    );
  }
  const a = positions[0]!;
  const b = positions[positions.length - 1]!;
  if (a[0] !== b[0] || a[1] !== b[1]) {
    throw new PlanInputError('ring-not-closed', `${where} is not closed: its last position must equal its first`, i);
  }
  if (Math.abs(signedArea(positions)) < 1e-14) {
    throw new PlanInputError('degenerate-ring', `${where} encloses no area (its points are collinear or repeated)`, i);
  }
  return positions;
}

function readPosition(p: unknown, where: string, i: number): Position {
  if (!Array.isArray(p))
    throw new PlanInputError('malformed-coordinates', `${where} must be an array [longitude, latitude]`, i);
  if (p.length < 2 || p.length > 3)
    throw new PlanInputError(
      'bad-position',
      `${where} must have 2 numbers (longitude, latitude), optionally an altitude`,
      i
    );
  for (const n of p) {
    if (typeof n !== 'number' || !Number.isFinite(n)) {
      throw new PlanInputError(
        'non-finite-coordinate',
        `${where} holds ${JSON.stringify(n) ?? String(n)}; coordinates must be finite numbers`,
        i
      );
    }
  }
  const [x, y] = p as number[];
  if (x! < -180 || x! > 180 || y! < -90 || y! > 90) {
    throw new PlanInputError(
      'coordinate-out-of-range',
      `${where} (${x}, ${y}) is outside longitude −180…180, latitude −90…90 (is it projected metres?)`,
      i
    );
  }
  return [x!, y!];
}

/** Twice the signed area of a ring (shoelace), positive when counter-clockwise, degrees². */
function signedArea(ring: Position[]): number {
  let s = 0;
  for (let k = 0; k + 1 < ring.length; k++) s += ring[k]![0]! * ring[k + 1]![1]! - ring[k + 1]![0]! * ring[k]![1]!;
  return s;
}

/** Outer rings counter-clockwise, holes clockwise (RFC 7946 §3.1.6): clockwise input is accepted and turned. */
function rewindMulti(g: MultiPolygon): MultiPolygon {
  return {
    type: 'MultiPolygon',
    coordinates: g.coordinates.map((poly) =>
      poly.map((ring, r) => {
        const ccw = signedArea(ring) > 0;
        return (r === 0) === ccw ? ring : [...ring].reverse();
      })
    )
  };
}
