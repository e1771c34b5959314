import { bbox as turfBbox, booleanPointInPolygon, feature } from '@turf/turf';
import type { Feature, MultiPolygon, Position } from 'geojson';
import { randomPointInPolygon } from '../geo/random-point-in-polygon';
import { cstTimestamp, dateOfDay, dayNumber } from '../core/dates';
import type { Random } from '../core/random';
import {
  PETITION_LEVELS,
  type Industry,
  type PetitionCategory,
  type PetitionChannel,
  type ResolutionMethod,
  type RiskClass
} from '../core/vocabulary';
import type {
  AreaRow,
  DailyReportRow,
  EnterpriseRow,
  HazardRow,
  IncidentRow,
  InspectionRow,
  PetitionRow,
  SensitivePeriodRow,
  StaffRow
} from './types';

/** Volumes at scale 1 (the demo); `scale` multiplies the event volumes. */
export interface EventOptions {
  endDate: string;
  startDate: string;
  scale: number;
  /** Days of daily reports kept before the end date. */
  reportDays: number;
}

interface GridInfo {
  row: AreaRow;
  feature: Feature<MultiPolygon>;
  kind: 'urban' | 'town';
  subIndex: number;
  /** Under-reporting grid: few near misses, few self-reports, missed daily reports. */
  underReporting: boolean;
}

interface Zone {
  centre: Position;
  /** Standard deviation of the cluster, degrees. */
  sd: number;
}

const INDUSTRY_WEIGHTS = {
  cluster: {
    hazardous_chemicals: 34,
    road_transport: 22,
    construction: 12,
    fire_key: 8,
    food_drug: 6,
    mining: 2,
    crowded_venue: 2,
    other: 14
  },
  urban: {
    crowded_venue: 30,
    food_drug: 22,
    fire_key: 20,
    construction: 12,
    road_transport: 5,
    hazardous_chemicals: 2,
    mining: 0,
    other: 9
  },
  town: {
    construction: 18,
    food_drug: 16,
    road_transport: 14,
    hazardous_chemicals: 10,
    fire_key: 10,
    crowded_venue: 8,
    mining: 2,
    other: 22
  }
} as const satisfies Record<string, Record<Industry, number>>;

const RISK_WEIGHTS: Record<Industry, Record<RiskClass, number>> = {
  hazardous_chemicals: { red: 24, orange: 40, yellow: 26, blue: 10 },
  mining: { red: 30, orange: 40, yellow: 20, blue: 10 },
  construction: { red: 8, orange: 25, yellow: 42, blue: 25 },
  road_transport: { red: 6, orange: 22, yellow: 42, blue: 30 },
  crowded_venue: { red: 4, orange: 16, yellow: 40, blue: 40 },
  fire_key: { red: 6, orange: 20, yellow: 40, blue: 34 },
  food_drug: { red: 2, orange: 10, yellow: 38, blue: 50 },
  other: { red: 1, orange: 8, yellow: 36, blue: 55 }
};

const INDUSTRY_WORDS: Record<string, string[]> = {
  hazardous_chemicals: ['化工', '化学品', '石化', '精细化工', '气体'],
  mining: ['矿业', '石料'],
  construction: ['建筑工程', '建设', '建工', '路桥'],
  road_transport: ['物流', '运输', '货运', '客运'],
  crowded_venue: ['商厦', '购物中心', '影城', '酒店', '市场'],
  fire_key: ['仓储', '家具', '纺织', '印刷'],
  food_drug: ['食品', '药业', '餐饮管理', '乳业'],
  other: ['机械', '电子', '贸易', '新材料', '汽车服务']
};
const NAME_ROOTS = [
  '华泰',
  '鲁信',
  '泉城',
  '济北',
  '黄河',
  '天桥',
  '泺源',
  '金诺',
  '瑞丰',
  '宏达',
  '恒通',
  '鑫源',
  '中联',
  '齐鲁',
  '盛华',
  '新宇',
  '永安',
  '广通',
  '德润',
  '汇丰',
  '众诚',
  '海川',
  '国泰',
  '长城',
  '明珠',
  '东岳'
];

const RISK_HAZARD_RATE = { red: 3.2, orange: 2.0, yellow: 1.0, blue: 0.5 } as const;
const RISK_INSPECTIONS_PER_YEAR = { red: 8, orange: 4, yellow: 2, blue: 1 } as const;

const SPRING_FESTIVAL: Record<number, string> = {
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03'
};

/** Index of the first cumulative weight above x (binary search over a running total). */
function indexAt(cumulative: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Sensitive periods (敏感节点) covering [startDate, endDate + 1 year]. */
export function generateSensitivePeriods(startDate: string, endDate: string): SensitivePeriodRow[] {
  const rows: SensitivePeriodRow[] = [];
  const y0 = Number(startDate.slice(0, 4));
  const y1 = Number(endDate.slice(0, 4)) + 1;
  for (let y = y0; y <= y1; y++) {
    rows.push({
      id: 0,
      name: `${y}年全国两会`,
      kind: 'national_congress',
      startsOn: `${y}-03-01`,
      endsOn: `${y}-03-15`,
      weight: 1.5
    });
    const sf = SPRING_FESTIVAL[y];
    if (sf) {
      const d = dayNumber(sf);
      rows.push({
        id: 0,
        name: `${y}年春节`,
        kind: 'spring_festival',
        startsOn: dateOfDay(d - 10),
        endsOn: dateOfDay(d + 7),
        weight: 1.3
      });
    }
    rows.push({
      id: 0,
      name: `${y}年国庆`,
      kind: 'national_day',
      startsOn: `${y}-09-25`,
      endsOn: `${y}-10-08`,
      weight: 1.5
    });
  }
  rows.push({
    id: 0,
    name: '党的二十届四中全会',
    kind: 'major_meeting',
    startsOn: '2025-10-18',
    endsOn: '2025-10-24',
    weight: 1.8
  });
  return rows
    .filter((p) => p.endsOn >= startDate)
    .sort((a, b) => (a.startsOn < b.startsOn ? -1 : a.startsOn > b.startsOn ? 1 : 0))
    .map((p, i) => ({ ...p, id: i + 1 }));
}

/**
 * Generate enterprises, hazards, incidents, petition cases, staff, inspections and daily reports
 * for the generated areas, with the structure the design asks for: industrial clusters, demolition
 * zones that draw petitions, pyramids that mostly follow the reference ratios with a few
 * under-reporting grids, and seasonal peaks around sensitive periods.
 */
export function generateEvents(areas: AreaRow[], kinds: ('urban' | 'town')[], rng: Random, opts: EventOptions) {
  const start = dayNumber(opts.startDate);
  const end = dayNumber(opts.endDate);
  const span = end - start + 1;
  const scale = opts.scale;
  const districtFeature = feature(areas.find((a) => a.level === 'district')!.geom);
  districtFeature.bbox = turfBbox(districtFeature);
  const subdistricts = areas.filter((a) => a.level === 'subdistrict');
  const subIndexById = new Map(subdistricts.map((s, i) => [s.id, i]));
  const parentOf = new Map(areas.map((a) => [a.id, a.parentId]));

  const urng = rng.fork('under-reporting');
  const grids: GridInfo[] = areas
    .filter((a) => a.level === 'grid')
    .map((row) => {
      const subIndex = subIndexById.get(parentOf.get(row.parentId!)!)!;
      const f = feature(row.geom);
      f.bbox = turfBbox(f);
      return { row, feature: f, kind: kinds[subIndex]!, subIndex, underReporting: urng.chance(0.04) };
    });

  // Grid lookup for generated points (clusters cross grid lines): a coarse bucket index.
  const bucket = 0.01;
  const buckets = new Map<string, GridInfo[]>();
  for (const g of grids) {
    const [x0, y0, x1, y1] = g.feature.bbox!;
    for (let bx = Math.floor(x0 / bucket); bx <= Math.floor(x1 / bucket); bx++)
      for (let by = Math.floor(y0 / bucket); by <= Math.floor(y1 / bucket); by++) {
        const k = `${bx}:${by}`;
        const list = buckets.get(k);
        if (list) list.push(g);
        else buckets.set(k, [g]);
      }
  }
  const gridAt = (p: Position): GridInfo | undefined =>
    (buckets.get(`${Math.floor(p[0]! / bucket)}:${Math.floor(p[1]! / bucket)}`) ?? []).find((g) =>
      booleanPointInPolygon(p, g.feature)
    );

  const pointIn = (g: GridInfo, r: Random) => randomPointInPolygon(g.feature, r.next);
  const pointNear = (zone: Zone, r: Random, fallback: () => Position): Position => {
    for (let i = 0; i < 20; i++) {
      const p = [zone.centre[0]! + r.normal(0, zone.sd), zone.centre[1]! + r.normal(0, zone.sd * 0.8)];
      if (booleanPointInPolygon(p, districtFeature)) return p;
    }
    return fallback();
  };

  // Weighted grid choice by households (people generate grievances; shops follow people).
  const cumulative: number[] = [];
  let acc = 0;
  for (const g of grids) {
    acc += g.row.households;
    cumulative.push(acc);
  }
  const gridByHouseholds = (r: Random): GridInfo => grids[indexAt(cumulative, r.next() * acc)]!;
  const randomGridIn = (subIdx: number, r: Random) => r.pick(grids.filter((g) => g.subIndex === subIdx));

  const periods = generateSensitivePeriods(opts.startDate, opts.endDate);
  const sensitiveWeight = new Float64Array(span).fill(1);
  for (const p of periods) {
    for (let d = Math.max(dayNumber(p.startsOn), start); d <= Math.min(dayNumber(p.endsOn), end); d++) {
      sensitiveWeight[d - start] = Math.max(sensitiveWeight[d - start]!, p.weight);
    }
  }
  /** Draw a day in [start, end] with density ∝ weight(day). */
  const dayDrawer = (weight: (day: number) => number) => {
    const cum = new Float64Array(span);
    let total = 0;
    for (let i = 0; i < span; i++) {
      total += weight(start + i);
      cum[i] = total;
    }
    return (r: Random) => start + indexAt(cum, r.next() * total);
  };
  const monthOf = (day: number) => Number(dateOfDay(day).slice(5, 7));
  const workMinute = (r: Random) => r.int(8 * 60, 18 * 60);

  // ---- Zones: industrial clusters and demolition zones --------------------------------------
  const zrng = rng.fork('zones');
  const townIdx = kinds.map((k, i) => (k === 'town' ? i : -1)).filter((i) => i >= 0);
  const urbanIdx = kinds.map((k, i) => (k === 'urban' ? i : -1)).filter((i) => i >= 0);
  const clusterSubs = [townIdx[1] ?? 0, townIdx[1] ?? 0, townIdx[0] ?? 0, urbanIdx[urbanIdx.length - 1] ?? 0];
  const clusters: Zone[] = clusterSubs.map((si) => ({ centre: pointIn(randomGridIn(si, zrng), zrng), sd: 0.012 }));
  const demolitionSubs = [urbanIdx[7] ?? 0, urbanIdx[12] ?? 0, townIdx[0] ?? 0];
  const demolition: (Zone & { peakDay: number })[] = demolitionSubs.map((si, i) => ({
    centre: pointIn(randomGridIn(si, zrng), zrng),
    sd: 0.006,
    peakDay: start + Math.round(span * (0.3 + 0.3 * i))
  }));

  // ---- Enterprises -------------------------------------------------------------------------
  const erng = rng.fork('enterprises');
  const enterprises: (EnterpriseRow & { grid: GridInfo })[] = [];
  const nEnterprises = Math.round(2200 * Math.max(1, Math.sqrt(scale)));
  for (let i = 0; i < nEnterprises; i++) {
    let position: Position;
    let profile: keyof typeof INDUSTRY_WEIGHTS;
    if (erng.chance(0.45)) {
      position = pointNear(erng.pick(clusters), erng, () => pointIn(gridByHouseholds(erng), erng));
      profile = 'cluster';
    } else {
      const g = erng.chance(0.5) ? gridByHouseholds(erng) : erng.pick(grids);
      position = pointIn(g, erng);
      profile = g.kind;
    }
    const grid = gridAt(position);
    if (!grid) continue;
    const industry = erng.weighted(INDUSTRY_WEIGHTS[profile]);
    const riskClass = erng.weighted(RISK_WEIGHTS[industry]!);
    const employees = Math.max(3, Math.round(Math.exp(erng.normal(3.4, 1.1))));
    const name = `济南${erng.pick(NAME_ROOTS)}${erng.pick(INDUSTRY_WORDS[industry]!)}有限公司`;
    enterprises.push({
      id: enterprises.length + 1,
      name,
      industry,
      riskClass,
      employees,
      position,
      createdOn: dateOfDay(start - erng.int(30, 3650)),
      grid
    });
  }

  // ---- Staff -------------------------------------------------------------------------------
  const staff: StaffRow[] = [];
  const districtId = areas.find((a) => a.level === 'district')!.id;
  const addStaff = (role: StaffRow['role'], title: string, homeAreaId: number, n: number, capacity: number) => {
    for (let i = 0; i < n; i++) {
      staff.push({
        id: staff.length + 1,
        role,
        displayName: `${title}${String(staff.length + 1).padStart(3, '0')}`,
        homeAreaId,
        capacityPerWeek: capacity
      });
    }
  };
  addStaff('commander', '指挥长', districtId, 3, 0);
  addStaff('admin', '管理员', districtId, 1, 0);
  addStaff('planner', '网格规划员', districtId, 2, 0);
  addStaff('inspector', '区安全检查员', districtId, 4, 12);
  subdistricts.forEach((s, i) => {
    addStaff('planner', '网格规划员', s.id, 1, 0);
    addStaff('inspector', '安全检查员', s.id, kinds[i] === 'town' ? 5 : 3, 10);
    addStaff('mediator', '调解员', s.id, kinds[i] === 'town' ? 3 : 3, 8);
  });
  const inspectorsBySub = subdistricts.map((s) => staff.filter((p) => p.role === 'inspector' && p.homeAreaId === s.id));

  // ---- Inspections and the hazards they find -------------------------------------------------
  const irng = rng.fork('inspections');
  const inspections: InspectionRow[] = [];
  const hazards: HazardRow[] = [];
  const inspectionDay = dayDrawer((d) => (monthOf(d) === 2 ? 0.5 : 1) * (sensitiveWeight[d - start]! > 1 ? 1.6 : 1));
  const years = span / 365.25;
  const hazardStatus = (hr: Random, foundDay: number, level: 'general' | 'major', underReporting: boolean) => {
    const deadlineDay = foundDay + (level === 'major' ? hr.int(30, 90) : hr.int(7, 30));
    // Most hazards are fixed before the deadline; a tail runs late, some never.
    const late = hr.chance(underReporting ? 0.25 : 0.1);
    const fixDay = late
      ? deadlineDay + hr.int(1, 120)
      : foundDay + Math.round((deadlineDay - foundDay) * hr.uniform(0.2, 1));
    const neverFixed = hr.chance(0.015);
    let status: HazardRow['status'];
    let rectifiedOn: string | null = null;
    let verifiedOn: string | null = null;
    if (!neverFixed && fixDay <= end) {
      rectifiedOn = dateOfDay(fixDay);
      const verifyDay = fixDay + hr.int(1, 20);
      if (verifyDay <= end) {
        status = 'verified';
        verifiedOn = dateOfDay(verifyDay);
      } else status = 'rectified';
    } else {
      status = foundDay >= end - 3 || hr.chance(0.35) ? 'open' : 'rectifying';
    }
    return { deadline: dateOfDay(deadlineDay), status, rectifiedOn, verifiedOn };
  };
  for (const e of enterprises) {
    // Enterprises grow with √scale, so visits per enterprise grow with √scale too: total ∝ scale.
    const perYear = RISK_INSPECTIONS_PER_YEAR[e.riskClass] * (nEnterprises / 2200) ** -1 * scale;
    const n = irng.poisson(perYear * years * 0.8);
    const inspectors = inspectorsBySub[e.grid.subIndex]!;
    for (let k = 0; k < n; k++) {
      const day = inspectionDay(irng);
      const found = irng.poisson(RISK_HAZARD_RATE[e.riskClass] * 0.6);
      const verified = found === 0 && irng.chance(0.25);
      inspections.push({
        id: inspections.length + 1,
        enterpriseId: e.id,
        inspectorId: inspectors.length ? irng.pick(inspectors).id : null,
        inspectedAt: cstTimestamp(day, workMinute(irng)),
        result: found > 0 ? 'hazards_found' : verified ? 'rectification_verified' : 'no_issue',
        hazardsFound: found,
        position: e.position
      });
      for (let h = 0; h < found; h++) {
        const level = irng.chance(e.riskClass === 'red' ? 0.1 : 0.03) ? 'major' : 'general';
        hazards.push({
          id: 0,
          enterpriseId: e.id,
          level,
          source: 'inspection',
          foundOn: dateOfDay(day),
          ...hazardStatus(irng, day, level, e.grid.underReporting),
          position: e.position
        });
      }
    }
  }
  // Self-reported hazards at enterprises and public reports at free points.
  const hrng = rng.fork('hazards');
  const anyDay = dayDrawer(() => 1);
  /**
   * A day around `peak` (normal, `sd` days) inside the data's days: drawn again when it falls outside.
   * Clamping instead piled every draw past the last day onto it — the demolition zone that peaks
   * late gave the last day three times the petitions of any other (issue 16).
   */
  const dayNear = (peak: number, sd: number, r: Random): number => {
    for (let attempt = 0; attempt < 32; attempt++) {
      const day = Math.round(peak + r.normal(0, sd));
      if (day >= start && day <= end) return day;
    }
    return r.int(start, end);
  };
  const nSelf = Math.round(12000 * scale);
  for (let i = 0; i < nSelf; i++) {
    const e = hrng.pick(enterprises);
    if (e.grid.underReporting && hrng.chance(0.85)) continue;
    if (hrng.next() > RISK_HAZARD_RATE[e.riskClass] / 3.2) continue;
    const day = anyDay(hrng);
    const level = hrng.chance(0.03) ? 'major' : 'general';
    hazards.push({
      id: 0,
      enterpriseId: e.id,
      level,
      source: 'self_report',
      foundOn: dateOfDay(day),
      ...hazardStatus(hrng, day, level, false),
      position: e.position
    });
  }
  const nPublic = Math.round(4500 * scale);
  for (let i = 0; i < nPublic; i++) {
    const g = gridByHouseholds(hrng);
    const day = anyDay(hrng);
    const level = hrng.chance(0.02) ? 'major' : 'general';
    hazards.push({
      id: 0,
      enterpriseId: null,
      level,
      source: 'public_report',
      foundOn: dateOfDay(day),
      ...hazardStatus(hrng, day, level, g.underReporting),
      position: pointIn(g, hrng)
    });
  }
  hazards.sort((a, b) => (a.foundOn < b.foundOn ? -1 : a.foundOn > b.foundOn ? 1 : 0));
  hazards.forEach((h, i) => (h.id = i + 1));

  // ---- Safety incidents: the pyramid (serious : minor : near miss ≈ 1 : 29 : 300) -------------
  const srng = rng.fork('incidents');
  const incidents: IncidentRow[] = [];
  const CATEGORY_BY_INDUSTRY: Record<string, string[]> = {
    hazardous_chemicals: ['chemical_leak', 'fire', 'poisoning', 'machinery'],
    mining: ['collapse', 'machinery', 'fall'],
    construction: ['fall', 'collapse', 'machinery', 'electrical'],
    road_transport: ['traffic', 'traffic', 'machinery'],
    crowded_venue: ['fire', 'fall', 'electrical'],
    fire_key: ['fire', 'fire', 'electrical'],
    food_drug: ['poisoning', 'machinery', 'fire'],
    other: ['machinery', 'fall', 'electrical', 'other']
  };
  const incidentWeight = { red: 4, orange: 2.5, yellow: 1, blue: 0.4 } as const;
  const eCum: number[] = [];
  let eAcc = 0;
  for (const e of enterprises) {
    eAcc += incidentWeight[e.riskClass];
    eCum.push(eAcc);
  }
  const pickEnterprise = (r: Random) => enterprises[indexAt(eCum, r.next() * eAcc)]!;
  const incidentDay = dayDrawer((d) => (monthOf(d) >= 6 && monthOf(d) <= 8 ? 1.3 : 1));
  const tiers: [IncidentRow['tier'], number][] = [
    ['serious', 11 * scale],
    ['minor', 320 * scale],
    ['near_miss', 3300 * scale]
  ];
  for (const [tier, count] of tiers) {
    for (let i = 0; i < count; i++) {
      const e = pickEnterprise(srng);
      // Under-reporting grids lose most of their near misses: a base too thin to be honest.
      if (tier === 'near_miss' && e.grid.underReporting && srng.chance(0.9)) continue;
      const day = incidentDay(srng);
      const deaths =
        tier === 'serious' ? (srng.chance(0.55) ? (srng.chance(0.12) ? srng.int(3, 4) : srng.int(1, 2)) : 0) : 0;
      const seriousInjuries = tier === 'serious' ? (deaths === 0 ? srng.int(1, 3) : srng.int(0, 2)) : 0;
      const minorInjuries = tier === 'minor' ? srng.int(1, 3) : tier === 'serious' ? srng.int(0, 4) : 0;
      incidents.push({
        id: 0,
        enterpriseId: e.id,
        domain: 'safety',
        tier,
        category: srng.pick(CATEGORY_BY_INDUSTRY[e.industry]!),
        occurredAt: cstTimestamp(day, srng.int(0, 1439)),
        deaths,
        seriousInjuries,
        minorInjuries,
        participants: null,
        position: e.position
      });
    }
  }
  // Stability: a few mass incidents (群体性事件), mostly at demolition zones near their peak.
  const nMass = Math.max(1, Math.round(9 * scale));
  for (let i = 0; i < nMass; i++) {
    const z = srng.chance(0.7) ? srng.pick(demolition) : null;
    const position = z
      ? pointNear(z, srng, () => pointIn(gridByHouseholds(srng), srng))
      : pointIn(gridByHouseholds(srng), srng);
    const day = z ? dayNear(z.peakDay, 40, srng) : anyDay(srng);
    incidents.push({
      id: 0,
      enterpriseId: null,
      domain: 'stability',
      tier: 'mass_incident',
      category: 'mass_gathering',
      occurredAt: cstTimestamp(day, workMinute(srng)),
      deaths: 0,
      seriousInjuries: 0,
      minorInjuries: 0,
      participants: srng.int(30, 300),
      position
    });
  }
  incidents.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  incidents.forEach((x, i) => (x.id = i + 1));

  // ---- Petition cases ------------------------------------------------------------------------
  const prng = rng.fork('petitions');
  const petitions: PetitionRow[] = [];
  const baseDay = dayDrawer((d) => {
    const m = monthOf(d);
    const seasonal = m === 1 || m === 12 ? 1.25 : 1; // wage arrears before Spring Festival
    return seasonal * sensitiveWeight[d - start]!;
  });
  const heatingDay = dayDrawer((d) => {
    const m = monthOf(d);
    return m >= 11 || m <= 3 ? (m === 11 ? 3 : 1.5) : 0.05;
  });
  const wageDay = dayDrawer((d) => {
    const m = monthOf(d);
    return m === 12 || m === 1 ? 4 : 1;
  });
  const demolitionDay = (z: { peakDay: number }, r: Random) => dayNear(z.peakDay, 70, r);
  const categoryWeights = {
    labour_wage: 18,
    property_mgmt: 20,
    environment: 12,
    law_litigation: 10,
    heating: 0,
    land_demolition: 4,
    other: 16
  } satisfies Record<PetitionCategory, number>;
  const channelWeights = { hotline_12345: 45, online: 20, visit: 12, letter: 5, screening: 18 } satisfies Record<
    PetitionChannel,
    number
  >;
  const levelOrder = PETITION_LEVELS;
  const previous = new Map<string, number[]>();
  const nPetitions = Math.round(50_000 * scale);
  const drafts: { category: PetitionCategory; day: number; position: Position }[] = [];
  for (let i = 0; i < nPetitions; i++) {
    const r = prng.next();
    let category: PetitionCategory;
    let day: number;
    let position: Position;
    if (r < 0.1) {
      const z = prng.pick(demolition);
      category = 'land_demolition';
      day = demolitionDay(z, prng);
      position = pointNear(z, prng, () => pointIn(gridByHouseholds(prng), prng));
    } else if (r < 0.2) {
      category = 'heating';
      day = heatingDay(prng);
      position = pointIn(gridByHouseholds(prng), prng);
    } else if (r < 0.27) {
      category = 'labour_wage';
      day = wageDay(prng);
      position = prng.chance(0.5)
        ? pointNear(prng.pick(clusters), prng, () => pointIn(gridByHouseholds(prng), prng))
        : pointIn(gridByHouseholds(prng), prng);
    } else {
      category = prng.weighted(categoryWeights);
      day = baseDay(prng);
      position = pointIn(gridByHouseholds(prng), prng);
    }
    drafts.push({ category, day, position });
  }
  drafts.sort((a, b) => a.day - b.day);
  for (const d of drafts) {
    const { day, position, category } = d;
    const grid = gridAt(position);
    const key = `${grid?.row.id ?? 0}:${category}`;
    const earlier = previous.get(key);
    const repeatOfId =
      earlier && earlier.length && prng.chance(category === 'land_demolition' ? 0.25 : 0.07)
        ? prng.pick(earlier.slice(-20))
        : null;
    const channel = grid?.underReporting
      ? prng.weighted({ ...channelWeights, screening: 2 })
      : prng.weighted(channelWeights);
    const group = prng.chance(category === 'land_demolition' ? 0.22 : category === 'labour_wage' ? 0.12 : 0.025);
    const groupSize = group
      ? prng.int(5, category === 'land_demolition' ? 80 : 30)
      : prng.chance(0.15)
        ? prng.int(2, 4)
        : 1;
    let levelIndex = Number(prng.weighted({ 0: 40, 1: 26, 2: 18, 3: 10, 4: 4.5, 5: 1.2, 6: 0.3 }));
    if (repeatOfId) levelIndex = Math.min(6, levelIndex + prng.int(0, 2));
    if (group) levelIndex = Math.min(6, levelIndex + prng.int(0, 1));
    if (channel === 'screening') levelIndex = Math.min(levelIndex, 1);
    const receivedMinute = channel === 'hotline_12345' || channel === 'online' ? prng.int(0, 1439) : workMinute(prng);
    const receivedAt = cstTimestamp(day, receivedMinute);
    const acceptDelay = prng.chance(0.03) ? prng.int(16, 25) : prng.int(0, 10);
    const acceptDay = day + acceptDelay;
    let status: PetitionRow['status'];
    let acceptedAt: string | null = null;
    let closedAt: string | null = null;
    let resolutionMethod: ResolutionMethod | null = null;
    let extensionDays = 0;
    if (acceptDay > end) {
      status = 'received';
    } else {
      acceptedAt = cstTimestamp(acceptDay, Math.max(receivedMinute, 9 * 60) + (acceptDelay === 0 ? 30 : 0));
      const hard = category === 'land_demolition' || repeatOfId !== null || groupSize >= 5;
      const late = prng.chance(hard ? 0.2 : 0.05);
      if (late || prng.chance(0.04)) extensionDays = prng.int(10, 30);
      const resolveDays = late ? prng.int(61, 60 + extensionDays + 90) : prng.int(3, hard ? 58 : 40);
      const closeDay = acceptDay + resolveDays;
      if (closeDay <= end) {
        const resolved = prng.chance(hard ? 0.8 : 0.95);
        status = resolved ? 'resolved' : 'closed_unresolved';
        closedAt = cstTimestamp(closeDay, prng.int(9 * 60, 17 * 60) + 60);
        resolutionMethod = resolved
          ? prng.weighted({ people_mediation: 55, admin_mediation: 25, judicial_mediation: 8, legal_aid: 7, relief: 5 })
          : null;
      } else {
        status = prng.chance(0.6) ? 'mediating' : 'accepted';
      }
    }
    const id = petitions.length + 1;
    petitions.push({
      id,
      receivedAt,
      channel,
      category,
      groupSize,
      repeatOfId,
      levelReached: levelOrder[levelIndex]!,
      status,
      acceptedAt,
      extensionDays,
      closedAt,
      resolutionMethod,
      position
    });
    if (earlier) earlier.push(id);
    else previous.set(key, [id]);
  }

  // ---- Daily reports (零报告) ----------------------------------------------------------------
  const drng = rng.fork('daily-reports');
  const dailyReports: DailyReportRow[] = [];
  for (const g of grids) {
    const reliability = g.underReporting ? 0.8 : drng.uniform(0.93, 0.995);
    for (let d = end - opts.reportDays + 1; d <= end; d++) {
      // Today's reports arrive through the day: about one grid in eight has not reported yet.
      if (!drng.chance(d === end ? reliability * 0.88 : reliability)) continue;
      const issues = drng.chance(g.underReporting ? 0.03 : 0.14) ? drng.int(1, 3) : 0;
      dailyReports.push({
        gridId: g.row.id,
        reportDate: dateOfDay(d),
        status: issues > 0 ? 'issues_reported' : 'nothing_to_report',
        issuesCount: issues,
        submittedAt: cstTimestamp(d, drng.int(7 * 60, 11 * 60))
      });
    }
  }

  return {
    enterprises: enterprises.map(({ grid: _grid, ...e }) => e),
    hazards,
    incidents,
    petitions,
    staff,
    inspections,
    dailyReports,
    sensitivePeriods: periods,
    underReportingGridIds: grids.filter((g) => g.underReporting).map((g) => g.row.id)
  };
}
