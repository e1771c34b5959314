import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { booleanPointInPolygon } from '@turf/turf';
import { beforeAll, describe, expect, test } from 'vitest';
import { generateDemoDataset } from '../../src/lib/seed/generate-demo-dataset';
import type { DemoLayout } from '../../src/lib/seed/generate-areas';

const root = join(import.meta.dirname, '..', '..');
const outline = JSON.parse(readFileSync(join(root, 'data', 'tianqiao-370105.geojson'), 'utf8')).features[0];
const layout = JSON.parse(readFileSync(join(root, 'data', 'demo-layout.json'), 'utf8')) as DemoLayout;
const make = (seed: number) => generateDemoDataset(outline, layout, { seed, endDate: '2026-11-23', scale: 0.1, reportDays: 10 });

describe('generateDemoDataset', () => {
  let data: ReturnType<typeof make>;
  beforeAll(() => {
    data = make(11);
  });

  test('is deterministic: the same seed gives the same data', () => {
    expect(JSON.stringify(make(11))).toBe(JSON.stringify(data));
  });

  test('covers three years up to the end date', () => {
    expect(data.startDate).toBe('2023-11-24');
    const times = data.petitions.map((p) => p.receivedAt.slice(0, 10));
    expect(times.every((d) => d >= data.startDate && d <= data.endDate)).toBe(true);
  });

  test('areas form the hierarchy with unique codes and ids', () => {
    const ids = new Set(data.areas.map((a) => a.id));
    expect(ids.size).toBe(data.areas.length);
    expect(new Set(data.areas.map((a) => a.code)).size).toBe(data.areas.length);
    const byId = new Map(data.areas.map((a) => [a.id, a]));
    const parentLevel = { district: null, subdistrict: 'district', community: 'subdistrict', grid: 'community' } as const;
    for (const a of data.areas) {
      expect(a.parentId === null ? null : byId.get(a.parentId)!.level, a.code).toBe(parentLevel[a.level]);
    }
    const sumGrids = data.areas.filter((a) => a.level === 'grid').reduce((s, a) => s + a.households, 0);
    expect(data.areas.find((a) => a.level === 'district')!.households).toBe(sumGrids);
  });

  test('every located event lies inside the district', () => {
    const all = [...data.enterprises, ...data.hazards, ...data.incidents, ...data.petitions, ...data.inspections];
    expect(all.filter((e) => !booleanPointInPolygon(e.position, outline))).toEqual([]);
  });

  test('petition cases carry timestamps in order and no personal fields', () => {
    for (const p of data.petitions) {
      if (p.acceptedAt) expect(Date.parse(p.acceptedAt)).toBeGreaterThanOrEqual(Date.parse(p.receivedAt));
      if (p.closedAt) expect(Date.parse(p.closedAt)).toBeGreaterThanOrEqual(Date.parse(p.acceptedAt!));
      if (p.repeatOfId !== null) expect(p.repeatOfId).toBeLessThan(p.id);
    }
    expect(Object.keys(data.petitions[0]!).sort()).toEqual([
      'acceptedAt', 'category', 'channel', 'closedAt', 'extensionDays', 'groupSize', 'id', 'levelReached', 'position',
      'receivedAt', 'repeatOfId', 'resolutionMethod', 'status'
    ]);
  });

  test('hazard states agree with their dates', () => {
    for (const h of data.hazards) {
      expect(h.deadline >= h.foundOn).toBe(true);
      expect(h.rectifiedOn !== null).toBe(h.status === 'rectified' || h.status === 'verified');
      expect(h.verifiedOn !== null).toBe(h.status === 'verified');
    }
  });

  test('another seed gives other data', () => {
    expect(make(12).petitions[0]).not.toEqual(data.petitions[0]);
  });
});
