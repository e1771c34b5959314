/**
 * Map payloads: bytes per point (raw, gzip, brotli) and decode time of the binary columns the
 * command map reads (docs/binary-columns.md) against a GeoJSON FeatureCollection of the same points
 * and properties (the baseline), and today's JSON columns as an extra figure.
 *
 * Payloads, as the map asks for them: hazards of the default 90-day window, all hazards, petition
 * cases of 90 and 365 days (windows end on the data's last day). Built from the same query
 * functions the endpoints run (as trusted server code: the whole district).
 *
 *   npm run bench -- map-payload
 *   node --import tsx bench/map-payload.ts
 *   BENCH_APP_DATABASE_URL=postgres://…/seeded node --import tsx bench/map-payload.ts   # also an already seeded server database (only read)
 *
 * Knobs: BENCH_PAYLOAD_SCALE (embedded demo scale, default 1), BENCH_PAYLOAD_RUNS (decode runs per
 * payload, median taken; default 7), BENCH_PAYLOAD_MAX_POINTS (payloads with more points are skipped
 * — a GeoJSON of millions of points nears V8's string limit; default 1,000,000). Compression as a server would apply it on the fly: gzip level
 * 6, brotli quality 5. Decode = from the received bytes to the layer's columns (Float32 positions,
 * ids, enum indices, day numbers); for text formats that includes UTF-8 decoding and JSON.parse.
 */
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants as zlib } from 'node:zlib';
import { openDatabase, type Database } from '../src/lib/server/db/connect';
import { loadMigrations, migrate } from '../src/lib/server/db/migrate';
import { trusted } from '../src/lib/server/db/contexts';
import { seedDemo } from '../src/lib/server/seed/seed-demo';
import { countRows } from '../src/lib/server/seed/write-dataset';
import { hazardColumns, type HazardColumns } from '../src/lib/server/queries/hazard-columns';
import { petitionColumns } from '../src/lib/server/queries/petition-columns';
import {
  decodeHazardPayload,
  encodeHazardPayload,
  HAZARD_LEVEL_NAMES,
  HAZARD_STATUS_NAMES
} from '../src/lib/map/hazard-payload';
import {
  decodePetitionPayload,
  encodePetitionPayload,
  type PetitionColumnsData
} from '../src/lib/map/petition-payload';
import { dateOfDay, dayNumber } from '../src/lib/core/dates';
import { projectRoot } from '../src/lib/server/project-root';
import { record, recordDataset, printMeasures, fmt } from './lib/report';

const SCALE = Number(process.env.BENCH_PAYLOAD_SCALE ?? 1);
const RUNS = Number(process.env.BENCH_PAYLOAD_RUNS ?? 7);
const END = '2026-11-23';
const MAX_POINTS = Number(process.env.BENCH_PAYLOAD_MAX_POINTS ?? 1_000_000);
const TARGET = 12;

const utf8 = new TextEncoder();
const text = new TextDecoder();
const epochDay = (iso: string) => Math.round(Date.parse(iso) / 86_400_000);

/** A GeoJSON FeatureCollection of hazards, properties as a GeoJSON API would name them. */
function hazardGeoJson(c: HazardColumns) {
  return {
    type: 'FeatureCollection',
    features: Array.from({ length: c.count }, (_, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [c.positions[2 * i], c.positions[2 * i + 1]] },
      properties: {
        id: c.ids[i],
        level: HAZARD_LEVEL_NAMES[c.level[i]!],
        status: HAZARD_STATUS_NAMES[c.status[i]!],
        found: dateOfDay(c.foundDay[i]!),
        deadline: dateOfDay(c.deadlineDay[i]!)
      }
    }))
  };
}

function petitionGeoJson(c: PetitionColumnsData) {
  return {
    type: 'FeatureCollection',
    features: Array.from({ length: c.count }, (_, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [c.positions[2 * i], c.positions[2 * i + 1]] },
      properties: { received: dateOfDay(c.receivedDay[i]!), weight: c.weight[i], open: c.open[i] === 1 }
    }))
  };
}

type Feature<P> = { geometry: { coordinates: [number, number] }; properties: P };

/** GeoJSON bytes → the hazard layer's columns (what decodeHazardPayload gives from binary). */
function readHazardGeoJson(bytes: Uint8Array) {
  const fc = JSON.parse(text.decode(bytes)) as {
    features: Feature<{ id: number; level: string; status: string; found: string; deadline: string }>[];
  };
  const n = fc.features.length;
  const positions = new Float32Array(2 * n);
  const ids = new Float64Array(n);
  const level = new Uint8Array(n);
  const status = new Uint8Array(n);
  const foundDay = new Float64Array(n);
  const deadlineDay = new Float64Array(n);
  fc.features.forEach((f, i) => {
    positions[2 * i] = f.geometry.coordinates[0];
    positions[2 * i + 1] = f.geometry.coordinates[1];
    ids[i] = f.properties.id;
    level[i] = HAZARD_LEVEL_NAMES.indexOf(f.properties.level as never);
    status[i] = HAZARD_STATUS_NAMES.indexOf(f.properties.status as never);
    foundDay[i] = epochDay(f.properties.found);
    deadlineDay[i] = epochDay(f.properties.deadline);
  });
  return { count: n, positions, ids, level, status, foundDay, deadlineDay };
}

function readPetitionGeoJson(bytes: Uint8Array) {
  const fc = JSON.parse(text.decode(bytes)) as {
    features: Feature<{ received: string; weight: number; open: boolean }>[];
  };
  const n = fc.features.length;
  const positions = new Float32Array(2 * n);
  const receivedDay = new Float64Array(n);
  const weight = new Uint8Array(n);
  const open = new Uint8Array(n);
  fc.features.forEach((f, i) => {
    positions[2 * i] = f.geometry.coordinates[0];
    positions[2 * i + 1] = f.geometry.coordinates[1];
    receivedDay[i] = epochDay(f.properties.received);
    weight[i] = f.properties.weight;
    open[i] = f.properties.open ? 1 : 0;
  });
  return { count: n, positions, receivedDay, weight, open };
}

/** Today's JSON columns → Float32 positions (what the map did before binary columns). */
function readJsonColumns(bytes: Uint8Array) {
  const c = JSON.parse(text.decode(bytes)) as { positions: number[] };
  return new Float32Array(c.positions);
}

function median(fn: () => unknown): number {
  fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const sizes = (b: Uint8Array) => ({
  raw: b.byteLength,
  gzip: gzipSync(b, { level: 6 }).byteLength,
  brotli: brotliCompressSync(b, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: b.byteLength }
  }).byteLength
});

function measurePayload(
  dataset: string,
  name: string,
  count: number,
  binary: Uint8Array<ArrayBuffer>,
  geojson: Uint8Array,
  columnsJson: Uint8Array,
  decodeBinary: (b: ArrayBuffer) => unknown,
  decodeGeoJson: (b: Uint8Array) => unknown
) {
  if (count === 0) {
    console.log(`${dataset} ${name}: no points, skipped`);
    return;
  }
  const bin = sizes(binary);
  const geo = sizes(geojson);
  const cols = sizes(columnsJson);
  const perPoint = (s: { raw: number; gzip: number; brotli: number }) =>
    `${fmt(s.raw / count)} / ${fmt(s.gzip / count)} / ${fmt(s.brotli / count)}`;
  console.log(
    `${dataset} ${name}: ${count} points; B/point raw / gzip / brotli: binary ${perPoint(bin)}, GeoJSON ${perPoint(geo)}, JSON columns ${perPoint(cols)}`
  );
  for (const kind of ['raw', 'gzip', 'brotli'] as const) {
    const value = bin[kind] / count;
    record({
      bench: 'map-payload',
      measure: `${name}: bytes/point ${kind === 'raw' ? 'before compression' : kind}`,
      dataset,
      unit: 'B/point',
      value,
      baseline: 'GeoJSON FeatureCollection, same points and properties',
      baselineValue: geo[kind] / count,
      better: 'lower',
      ...(kind === 'raw' ? { target: { text: `< ${TARGET} B/point before compression`, met: value < TARGET } } : {}),
      extra: { points: count, 'JSON columns (before) B/point': fmt(cols[kind] / count) }
    });
  }
  const buffer = binary.buffer;
  const tBin = median(() => decodeBinary(buffer));
  const tGeo = median(() => decodeGeoJson(geojson));
  const tCols = median(() => readJsonColumns(columnsJson));
  record({
    bench: 'map-payload',
    measure: `${name}: decode to layer columns (median of ${RUNS})`,
    dataset,
    unit: 'ms',
    value: tBin,
    baseline: 'JSON.parse of the GeoJSON + the same columns',
    baselineValue: tGeo,
    better: 'lower',
    extra: {
      points: count,
      'binary ns/point': fmt((tBin * 1e6) / count),
      'GeoJSON ns/point': fmt((tGeo * 1e6) / count),
      'JSON columns (before) ms': fmt(tCols)
    }
  });
}

async function measure(label: string, db: Database) {
  const counts = await countRows(db.sql);
  const events = counts.hazard! + counts.incident! + counts.petition_case! + counts.inspection!;
  const dataset = `${label} ${events >= 1e6 ? `${(events / 1e6).toFixed(2)}M` : `${Math.round(events / 1e3)}k`} events`;
  recordDataset({ bench: 'map-payload', dataset, engine: label, events, tables: counts });
  const [last] = await trusted(
    db.sql,
    (tx) => tx<{ day: string | null }[]>`select max(found_on)::text as day from hazard`
  );
  const to = last?.day ?? END;
  // Half-open [from, to): the last `days` days up to and including `to`.
  const window = (days: number) => ({ from: dateOfDay(dayNumber(to) - days + 1), to: dateOfDay(dayNumber(to) + 1) });

  const hazardSets: [string, { from: string; to: string } | undefined][] = [
    ['hazards, 90-day window', window(90)],
    ['hazards, all', undefined]
  ];
  for (const [name, w] of hazardSets) {
    const c = await trusted(db.sql, (tx) => hazardColumns(tx, w));
    if (c.count > MAX_POINTS) {
      console.log(`${dataset} ${name}: ${c.count} points > BENCH_PAYLOAD_MAX_POINTS, skipped`);
      continue;
    }
    const json = { ...c, levels: HAZARD_LEVEL_NAMES, statuses: HAZARD_STATUS_NAMES };
    measurePayload(
      dataset,
      name,
      c.count,
      encodeHazardPayload(c),
      utf8.encode(JSON.stringify(hazardGeoJson(c))),
      utf8.encode(JSON.stringify(json)),
      decodeHazardPayload,
      readHazardGeoJson
    );
  }
  for (const days of [90, 365]) {
    const w = window(days);
    const c = await trusted(db.sql, (tx) => petitionColumns(tx, w.from, w.to));
    if (c.count > MAX_POINTS) {
      console.log(`${dataset} petitions, ${days}-day window: ${c.count} points > BENCH_PAYLOAD_MAX_POINTS, skipped`);
      continue;
    }
    measurePayload(
      dataset,
      `petitions, ${days}-day window`,
      c.count,
      encodePetitionPayload(c),
      utf8.encode(JSON.stringify(petitionGeoJson(c))),
      utf8.encode(JSON.stringify({ from: w.from, to: dateOfDay(dayNumber(w.to) - 1), ...c })),
      decodePetitionPayload,
      readPetitionGeoJson
    );
  }
}

const embedded = await openDatabase({ dataDir: 'memory://' });
try {
  await migrate(embedded.sql, loadMigrations(join(projectRoot(), 'db', 'migrations')));
  const t0 = performance.now();
  await seedDemo(embedded.sql, { seed: 1, endDate: END, scale: SCALE });
  console.log(`embedded demo data (scale ${SCALE}) seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  await measure('embedded', embedded);
} finally {
  await embedded.close();
}
const seeded = process.env.BENCH_APP_DATABASE_URL;
if (seeded) {
  const server = await openDatabase({ databaseUrl: seeded, dataDir: 'unused', max: 2 });
  try {
    const [t] = await server.sql<{ ok: boolean }[]>`select to_regclass('public.hazard') is not null as ok`;
    if (t!.ok) await measure('server', server);
    else console.log('(BENCH_APP_DATABASE_URL names a database without the schema: seed it first; server skipped)');
  } finally {
    await server.close();
  }
} else {
  console.log('(BENCH_APP_DATABASE_URL=<a seeded PostGIS database> adds a server, only read)');
}
printMeasures();
