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
import { translator, type Translate } from '../i18n/messages';

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

/** The language of refusals when the caller names none (tests, scripts). */
const en = translator('en');

/**
 * Parse JSON text into plan features; refusals are worded by `t` (the user's language).
 * @throws PlanInputError with the first problem found
 * @example
 * parsePlanGeoJsonText('{"type":"FeatureCollection","features":[…]}') // [{ code: null, name: null, geometry }]
 */
export function parsePlanGeoJsonText(text: string, t: Translate = en): PlanFeature[] {
  if (text.length > PLAN_LIMITS.maxBytes) {
    throw new PlanInputError('too-large', t('plan.input.too-large', { mb: PLAN_LIMITS.maxBytes / 1e6 }));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PlanInputError('not-json', t('plan.input.not-json'));
  }
  return parsePlanGeoJson(value, t);
}

/**
 * Check a parsed GeoJSON value and return its features; refusals are worded by `t`.
 * @throws PlanInputError with the first problem found
 */
export function parsePlanGeoJson(value: unknown, t: Translate = en): PlanFeature[] {
  if (!isObject(value) || value.type !== 'FeatureCollection') {
    throw new PlanInputError('not-feature-collection', t('plan.input.not-feature-collection'));
  }
  const collection = t('plan.where.collection');
  if ('crs' in value) throw crsError(t, collection);
  checkBbox(t, value.bbox, collection);
  if (!Array.isArray(value.features))
    throw new PlanInputError('features-not-array', t('plan.input.features-not-array'));
  if (value.features.length === 0) throw new PlanInputError('no-features', t('plan.input.no-features'));
  if (value.features.length > PLAN_LIMITS.maxFeatures) {
    throw new PlanInputError(
      'too-many-features',
      t('plan.input.too-many-features', { max: PLAN_LIMITS.maxFeatures, n: value.features.length })
    );
  }
  let total = 0;
  const codes = new Set<string>();
  return value.features.map((f: unknown, i: number) => {
    const where = t('plan.where.feature', { n: i + 1 });
    if (!isObject(f) || f.type !== 'Feature')
      throw new PlanInputError('not-a-feature', t('plan.input.not-a-feature', { where }), i);
    if ('crs' in f) throw crsError(t, where, i);
    checkBbox(t, f.bbox, where, i);
    const { code, name } = readProperties(t, f.properties, where, i);
    if (code !== null) {
      if (codes.has(code))
        throw new PlanInputError('duplicate-code', t('plan.input.duplicate-code', { where, code }), i);
      codes.add(code);
    }
    const geometry = readGeometry(t, f.geometry, where, i);
    const vertices = geometry.coordinates.reduce((s, p) => s + p.reduce((n, r) => n + r.length, 0), 0);
    if (vertices > PLAN_LIMITS.maxVerticesPerFeature) {
      throw new PlanInputError(
        'too-many-vertices',
        t('plan.input.too-many-vertices', { where, n: vertices, max: PLAN_LIMITS.maxVerticesPerFeature }),
        i
      );
    }
    total += vertices;
    if (total > PLAN_LIMITS.maxVerticesTotal) {
      throw new PlanInputError(
        'too-many-vertices',
        t('plan.input.too-many-vertices-total', { max: PLAN_LIMITS.maxVerticesTotal }),
        i
      );
    }
    checkExtent(t, geometry, where, i);
    for (const poly of geometry.coordinates) {
      const crossings = kinks(turfPolygon(poly)).features;
      if (crossings.length > 0) {
        const [x, y] = crossings[0]!.geometry.coordinates as [number, number];
        throw new PlanInputError(
          'self-intersection',
          t('plan.input.self-intersection', { where, lon: x.toFixed(6), lat: y.toFixed(6) }),
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
function checkExtent(t: Translate, g: MultiPolygon, where: string, i: number) {
  const { west, south, east, north } = PLAN_LIMITS.chinaBounds;
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of g.coordinates) {
    for (const ring of poly) {
      for (const [x, y] of ring) {
        if (x! < west || x! > east || y! < south || y! > north) {
          throw new PlanInputError(
            'outside-china',
            t('plan.input.outside-china', { where, lon: x!, lat: y!, west, east, south, north }),
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
      t('plan.input.too-wide', { where, dlon: (maxX - minX).toFixed(3), dlat: (maxY - minY).toFixed(3), max }),
      i
    );
  }
}

function crsError(t: Translate, where: string, i?: number) {
  return new PlanInputError('crs-member', t('plan.input.crs-member', { where }), i);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkBbox(t: Translate, b: unknown, where: string, i?: number) {
  if (b === undefined) return;
  if (
    !Array.isArray(b) ||
    (b.length !== 4 && b.length !== 6) ||
    !b.every((n) => typeof n === 'number' && Number.isFinite(n))
  ) {
    throw new PlanInputError('bad-bbox', t('plan.input.bad-bbox', { where }), i);
  }
}

function readProperties(
  t: Translate,
  p: unknown,
  where: string,
  i: number
): { code: string | null; name: string | null } {
  if (p === null || p === undefined) return { code: null, name: null };
  if (!isObject(p)) throw new PlanInputError('bad-properties', t('plan.input.bad-properties', { where }), i);
  let code: string | null = null;
  if (p.code !== undefined && p.code !== null) {
    if (typeof p.code !== 'string' || !GRID_CODE.test(p.code)) {
      throw new PlanInputError('bad-code', t('plan.input.bad-code', { where }), i);
    }
    code = p.code;
  }
  let name: string | null = null;
  if (p.name !== undefined && p.name !== null) {
    if (typeof p.name !== 'string' || p.name.trim().length === 0 || p.name.length > 60) {
      throw new PlanInputError('bad-name', t('plan.input.bad-name', { where }), i);
    }
    name = p.name.trim();
    // Grid names are shown to every user of the area and kept in every boundary version.
    const found = findPersonalIdentifiers(name)[0];
    if (found) {
      throw new PlanInputError(
        'personal-data',
        t('plan.input.personal-data', { where, kind: t(`screen.kind.${found.kind}`), masked: found.masked }),
        i
      );
    }
  }
  return { code, name };
}

function readGeometry(t: Translate, g: unknown, where: string, i: number): MultiPolygon {
  if (g === null || g === undefined)
    throw new PlanInputError('null-geometry', t('plan.input.null-geometry', { where }), i);
  if (!isObject(g)) throw new PlanInputError('wrong-geometry-type', t('plan.input.geometry-not-object', { where }), i);
  if ('crs' in g) throw crsError(t, t('plan.where.geometry', { where }), i);
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    throw new PlanInputError(
      'wrong-geometry-type',
      t('plan.input.wrong-geometry-type', { where, type: String(g.type).slice(0, 40) }),
      i
    );
  }
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  if (!Array.isArray(polys) || polys.length === 0) {
    throw new PlanInputError('malformed-coordinates', t('plan.input.no-coordinates', { where }), i);
  }
  let rings = 0;
  const out = polys.map((poly: unknown) => {
    if (!Array.isArray(poly) || poly.length === 0) {
      throw new PlanInputError('malformed-coordinates', t('plan.input.empty-polygon', { where }), i);
    }
    rings += poly.length;
    if (rings > PLAN_LIMITS.maxRingsPerFeature) {
      throw new PlanInputError(
        'too-many-rings',
        t('plan.input.too-many-rings', { where, max: PLAN_LIMITS.maxRingsPerFeature }),
        i
      );
    }
    return poly.map((ring: unknown, r: number) => readRing(t, ring, t('plan.where.ring', { where, n: r + 1 }), i));
  });
  return { type: 'MultiPolygon', coordinates: out };
}

function readRing(t: Translate, ring: unknown, where: string, i: number): Position[] {
  if (!Array.isArray(ring))
    throw new PlanInputError('malformed-coordinates', t('plan.input.ring-not-array', { where }), i);
  if (ring.length > PLAN_LIMITS.maxVerticesPerFeature) {
    throw new PlanInputError(
      'too-many-vertices',
      t('plan.input.too-many-vertices', { where, n: ring.length, max: PLAN_LIMITS.maxVerticesPerFeature }),
      i
    );
  }
  const positions = ring.map((p: unknown, k: number) =>
    readPosition(t, p, t('plan.where.position', { where, n: k + 1 }), i)
  );
  if (positions.length < 4) {
    throw new PlanInputError('ring-too-short', t('plan.input.ring-too-short', { where, n: positions.length }), i);
  }
  const a = positions[0]!;
  const b = positions[positions.length - 1]!;
  if (a[0] !== b[0] || a[1] !== b[1]) {
    throw new PlanInputError('ring-not-closed', t('plan.input.ring-not-closed', { where }), i);
  }
  if (Math.abs(signedArea(positions)) < 1e-14) {
    throw new PlanInputError('degenerate-ring', t('plan.input.degenerate-ring', { where }), i);
  }
  return positions;
}

function readPosition(t: Translate, p: unknown, where: string, i: number): Position {
  if (!Array.isArray(p))
    throw new PlanInputError('malformed-coordinates', t('plan.input.position-not-array', { where }), i);
  if (p.length < 2 || p.length > 3)
    throw new PlanInputError('bad-position', t('plan.input.bad-position', { where }), i);
  for (const n of p) {
    if (typeof n !== 'number' || !Number.isFinite(n)) {
      throw new PlanInputError(
        'non-finite-coordinate',
        t('plan.input.non-finite-coordinate', { where, value: (JSON.stringify(n) ?? String(n)).slice(0, 40) }),
        i
      );
    }
  }
  const [x, y] = p as number[];
  if (x! < -180 || x! > 180 || y! < -90 || y! > 90) {
    throw new PlanInputError(
      'coordinate-out-of-range',
      t('plan.input.coordinate-out-of-range', { where, lon: x!, lat: y! }),
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
