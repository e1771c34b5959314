import { centerOfMass, booleanPointInPolygon, feature, area as turfArea, pointOnFeature } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { partitionPolygon } from '../geo/partition-polygon';
import { randomPointInPolygon } from '../geo/random-point-in-polygon';
import { snapCoverage } from '../geo/snap-coverage';
import { AREA_PRECISION } from '../domain/plan-config';
import type { Random } from '../core/random';
import type { AreaRow } from './types';

/** Hand-written layout of the demo district (data/demo-layout.json). */
export interface DemoLayout {
  district: { code: string; name: string };
  subdistricts: { name: string; site: [number, number]; kind: 'urban' | 'town'; communities: number }[];
  gridsPerCommunity: Record<'urban' | 'town', [number, number]>;
  householdsPerGrid: Record<'urban' | 'town', [number, number]>;
  personsPerHousehold: number;
}

const URBAN_ROOTS = [
  '明湖',
  '和平',
  '新城',
  '安居',
  '幸福',
  '兴隆',
  '瑞祥',
  '华源',
  '泰和',
  '盛世',
  '福康',
  '宁安',
  '丰泽',
  '荣华',
  '光明',
  '正德',
  '汇泉',
  '清河',
  '凤凰',
  '金牛',
  '铁路',
  '标山',
  '成丰',
  '工人',
  '名泉',
  '北辰',
  '济泺',
  '蓝翔',
  '水屯',
  '梁府',
  '西沙',
  '东沙',
  '五里',
  '花园',
  '锦绣',
  '天成',
  '堤口',
  '交通',
  '车站',
  '东苑',
  '西苑',
  '南苑',
  '北苑',
  '悦湖',
  '滨河',
  '祥和',
  '康乐',
  '翠园'
];
const URBAN_SUFFIXES = ['', '', '', '东', '西', '南', '北', '新村', '花园'];
const VILLAGE_SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
  '郑',
  '梁',
  '谢',
  '宋',
  '唐',
  '许',
  '韩',
  '冯',
  '邓',
  '曹'
];
const VILLAGE_SUFFIXES = ['家庄村', '家村', '庄村', '家屯村', '官庄村', '家寨村'];

/** Lloyd relaxation: move each site to the centre of its piece, for evenly sized pieces. */
function relaxSites(area: Feature<Polygon | MultiPolygon>, sites: Position[], iterations: number): Position[] {
  let current = sites;
  for (let i = 0; i < iterations; i++) {
    const pieces = partitionPolygon(area, current);
    current = pieces.map((piece, k) => {
      if (!piece) return current[k]!;
      const f = feature(piece);
      const c = centerOfMass(f).geometry.coordinates;
      return booleanPointInPolygon(c, f) ? c : pointOnFeature(f).geometry.coordinates;
    });
  }
  return current;
}

function pad(n: number): string {
  return String(n).padStart(3, '0');
}

/**
 * Generate the area hierarchy of the demo district: the real outline, sub-districts as Voronoi
 * cells of hand-placed sites, communities and grids as relaxed Voronoi cells inside their parent.
 * Children tile their parent by construction (see partitionPolygon), exactly once the levels are
 * put on the precision grid together (snapCoverage).
 *
 * @param outline the district outline (data/tianqiao-370105.geojson)
 * @param layout sub-district names, sites and counts
 * @param rng seeded random source
 * @param validFrom first day the boundaries are valid (YYYY-MM-DD)
 */
export function generateAreas(
  outline: Feature<Polygon | MultiPolygon>,
  layout: DemoLayout,
  rng: Random,
  validFrom: string
): AreaRow[] {
  const rows: AreaRow[] = [];
  const dc = layout.district.code;
  const toMulti = (g: Polygon | MultiPolygon): MultiPolygon =>
    g.type === 'MultiPolygon' ? g : { type: 'MultiPolygon', coordinates: [g.coordinates] };
  const district: AreaRow = {
    id: 1,
    code: dc,
    districtCode: dc,
    level: 'district',
    parentId: null,
    name: layout.district.name,
    households: 0,
    population: 0,
    geom: toMulti(outline.geometry),
    validFrom
  };
  rows.push(district);
  const subPieces = partitionPolygon(
    outline,
    layout.subdistricts.map((s) => s.site)
  );
  const usedNames = new Set<string>();
  const uniqueName = (make: () => string): string => {
    for (let i = 0; i < 200; i++) {
      const n = make();
      if (!usedNames.has(n)) {
        usedNames.add(n);
        return n;
      }
    }
    throw new Error('generateAreas: ran out of names');
  };

  layout.subdistricts.forEach((sd, si) => {
    const piece = subPieces[si];
    if (!piece) throw new Error(`generateAreas: sub-district ${sd.name} has no area (site outside the outline?)`);
    const sub: AreaRow = {
      id: rows.length + 1,
      code: `${dc}-${pad(si + 1)}`,
      districtCode: dc,
      level: 'subdistrict',
      parentId: district.id,
      name: sd.name,
      households: 0,
      population: 0,
      geom: piece,
      validFrom
    };
    rows.push(sub);
    const subFeature = feature(piece);
    const srng = rng.fork(`sub-${si}`);
    const commSites = relaxSites(
      subFeature,
      Array.from({ length: sd.communities }, () => randomPointInPolygon(subFeature, srng.next)),
      3
    );
    const commPieces = partitionPolygon(subFeature, commSites);
    commPieces.forEach((cp, ci) => {
      if (!cp) return;
      const name = uniqueName(() =>
        sd.kind === 'urban'
          ? `${srng.pick(URBAN_ROOTS)}${srng.pick(URBAN_SUFFIXES)}社区`
          : `${srng.pick(VILLAGE_SURNAMES)}${srng.pick(VILLAGE_SUFFIXES)}`
      );
      const comm: AreaRow = {
        id: rows.length + 1,
        code: `${sub.code}-${pad(ci + 1)}`,
        districtCode: dc,
        level: 'community',
        parentId: sub.id,
        name,
        households: 0,
        population: 0,
        geom: cp,
        validFrom
      };
      rows.push(comm);
      const commFeature = feature(cp);
      const [gmin, gmax] = layout.gridsPerCommunity[sd.kind];
      // Grid count follows the community's size a little, so grids stay comparable.
      const sizeFactor = Math.sqrt((turfArea(commFeature) / turfArea(subFeature)) * sd.communities);
      const nGrids = Math.max(gmin, Math.min(gmax + 2, Math.round(srng.int(gmin, gmax) * sizeFactor)));
      const gridSites = relaxSites(
        commFeature,
        Array.from({ length: nGrids }, () => randomPointInPolygon(commFeature, srng.next)),
        2
      );
      const gridPieces = partitionPolygon(commFeature, gridSites);
      const [hmin, hmax] = layout.householdsPerGrid[sd.kind];
      let gi = 0;
      for (const gp of gridPieces) {
        if (!gp) continue;
        gi++;
        const households = srng.int(hmin, hmax);
        const population = Math.round(households * layout.personsPerHousehold * srng.uniform(0.9, 1.1));
        rows.push({
          id: rows.length + 1,
          code: `${comm.code}-${pad(gi)}`,
          districtCode: dc,
          level: 'grid',
          parentId: comm.id,
          name: `${name}第${gi}网格`,
          households,
          population,
          geom: gp,
          validFrom
        });
        comm.households += households;
        comm.population += population;
      }
      sub.households += comm.households;
      sub.population += comm.population;
    });
    district.households += sub.households;
    district.population += sub.population;
  });
  // One exact topology (docs/topology.md): every level together on the 1e-7° grid, so neighbours
  // share identical vertices and each parent is exactly the union of its children.
  const exact = snapCoverage(
    rows.map((r) => r.geom),
    AREA_PRECISION.decimals
  );
  rows.forEach((r, i) => (r.geom = exact[i]!));
  return rows;
}
