/**
 * The demo generator's own properties on a small layout: two of the real sub-districts (an
 * urban one and a town) with two communities of two or three grids each. The geometry is what costs:
 * the full layout's 15 sub-districts, 66 communities and 700 grids take 2 s per run on an idle
 * machine and over 6 s on a loaded one, past vitest's 5 s. On the same 2-core machine at load 6
 * this layout takes 0.7–1.0 s a run, the first in a worker about 2 s (compiling turf's code). The full
 * layout is seeded, counted and re-seeded for its checksums by tests/db/demo-data.test.ts.
 * One data set is generated per file and only read by the tests (fixture()); the determinism and
 * other-seed tests generate their own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { booleanPointInPolygon } from '@turf/turf';
import { describe, expect, test } from 'vitest';
import { generateDemoDataset } from '../../src/lib/seed/generate-demo-dataset';
import type { DemoLayout } from '../../src/lib/seed/generate-areas';

const root = join(import.meta.dirname, '..', '..');
const outline = JSON.parse(readFileSync(join(root, 'data', 'tianqiao-370105.geojson'), 'utf8')).features[0];
const fullLayout = JSON.parse(readFileSync(join(root, 'data', 'demo-layout.json'), 'utf8')) as DemoLayout;

/** 无影山街道 (urban) and 大桥镇 (town): two communities each, two or three grids per community. */
function createSmallLayout(): DemoLayout {
  const picked = ['无影山街道', '大桥镇'];
  return {
    ...fullLayout,
    subdistricts: fullLayout.subdistricts.filter((s) => picked.includes(s.name)).map((s) => ({ ...s, communities: 2 })),
    gridsPerCommunity: { urban: [2, 3], town: [2, 3] }
  };
}

const make = (seed: number) =>
  generateDemoDataset(outline, createSmallLayout(), { seed, endDate: '2026-11-23', scale: 0.05, reportDays: 10 });

let shared: ReturnType<typeof make> | undefined;
/** The data set of seed 11, generated once for the file; tests only read it. */
const fixture = () => (shared ??= make(11));

describe('generateDemoDataset', () => {
  test('the small layout has the areas it asks for', () => {
    const levels = fixture().areas.map((a) => a.level);

    expect(levels.filter((l) => l === 'subdistrict').length).toBe(2);
    expect(levels.filter((l) => l === 'community').length).toBe(4);
    const grids = levels.filter((l) => l === 'grid').length;
    expect(grids).toBeGreaterThanOrEqual(8);
    expect(grids).toBeLessThanOrEqual(12);
  });

  test('is deterministic: the same seed gives the same data', () => {
    expect(JSON.stringify(make(11))).toBe(JSON.stringify(fixture()));
  });

  test('covers three years up to the end date', () => {
    const data = fixture();
    expect(data.startDate).toBe('2023-11-24');
    const times = data.petitions.map((p) => p.receivedAt.slice(0, 10));
    expect(times.every((d) => d >= data.startDate && d <= data.endDate)).toBe(true);
  });

  test('areas form the hierarchy with unique codes and ids', () => {
    const data = fixture();
    const ids = new Set(data.areas.map((a) => a.id));
    expect(ids.size).toBe(data.areas.length);
    expect(new Set(data.areas.map((a) => a.code)).size).toBe(data.areas.length);
    const byId = new Map(data.areas.map((a) => [a.id, a]));
    const parentLevel = {
      district: null,
      subdistrict: 'district',
      community: 'subdistrict',
      grid: 'community'
    } as const;
    for (const a of data.areas) {
      expect(a.parentId === null ? null : byId.get(a.parentId)!.level, a.code).toBe(parentLevel[a.level]);
    }
    const sumGrids = data.areas.filter((a) => a.level === 'grid').reduce((s, a) => s + a.households, 0);
    expect(data.areas.find((a) => a.level === 'district')!.households).toBe(sumGrids);
  });

  test('every located event lies inside the district', () => {
    const data = fixture();
    const all = [...data.enterprises, ...data.hazards, ...data.incidents, ...data.petitions, ...data.inspections];
    expect(all.filter((e) => !booleanPointInPolygon(e.position, outline))).toEqual([]);
  });

  test('petition cases carry timestamps in order and no personal fields', () => {
    const data = fixture();
    // One assertion over all cases (thousands of expect calls cost more than the check), naming the offenders.
    const outOfOrder = data.petitions.filter(
      (p) =>
        (p.acceptedAt !== null && Date.parse(p.acceptedAt) < Date.parse(p.receivedAt)) ||
        (p.closedAt !== null && (p.acceptedAt === null || Date.parse(p.closedAt) < Date.parse(p.acceptedAt))) ||
        (p.repeatOfId !== null && p.repeatOfId >= p.id)
    );
    expect(data.petitions.length).toBeGreaterThan(0);
    expect(outOfOrder).toEqual([]);
    expect(Object.keys(data.petitions[0]!).sort()).toEqual([
      'acceptedAt',
      'category',
      'channel',
      'closedAt',
      'extensionDays',
      'groupSize',
      'id',
      'levelReached',
      'position',
      'receivedAt',
      'repeatOfId',
      'resolutionMethod',
      'status'
    ]);
  });

  test('hazard states agree with their dates', () => {
    const data = fixture();
    const disagreeing = data.hazards.filter(
      (h) =>
        h.deadline < h.foundOn ||
        (h.rectifiedOn !== null) !== (h.status === 'rectified' || h.status === 'verified') ||
        (h.verifiedOn !== null) !== (h.status === 'verified')
    );
    expect(data.hazards.length).toBeGreaterThan(0);
    expect(disagreeing).toEqual([]);
  });

  test('the last day is no pile-up: draws past the end are drawn again, not moved onto it', () => {
    // A demolition zone peaks late in the three years; its petitions used to be clamped to the
    // data's last day, which then held about three times the petitions of any day before it.
    const d = generateDemoDataset(outline, createSmallLayout(), {
      seed: 11,
      endDate: '2026-11-23',
      scale: 0.2,
      reportDays: 10
    });
    const byDay = new Map<string, number>();
    for (const p of d.petitions) {
      const day = new Date(Date.parse(p.receivedAt) + 8 * 3_600_000).toISOString().slice(0, 10);
      byDay.set(day, (byDay.get(day) ?? 0) + 1);
    }
    const days = [...byDay.keys()].sort();
    const before = days.slice(-61, -1).map((k) => byDay.get(k)!);
    expect(days.at(-1)).toBe('2026-11-23');
    expect(byDay.get('2026-11-23')!).toBeLessThanOrEqual(Math.max(...before));
    expect(byDay.get(days[0]!)!).toBeLessThanOrEqual(Math.max(...days.slice(1, 61).map((k) => byDay.get(k)!)));
  });

  test('another seed gives other data, areas and events alike', () => {
    const other = make(12);

    expect(other.petitions[0]).not.toEqual(fixture().petitions[0]);
    expect(JSON.stringify(other.areas)).not.toBe(JSON.stringify(fixture().areas));
  });
});
