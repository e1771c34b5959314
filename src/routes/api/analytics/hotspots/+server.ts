import { error, json } from '@sveltejs/kit';
import { getSql } from '$lib/server/db';
import { readShared } from '$lib/server/db/shared-read';
import { parseSearchParams } from '$lib/server/http';
import { can } from '$lib/server/access/permissions';
import { findArea } from '$lib/server/queries/pyramid';
import { gridNeighbours } from '$lib/server/queries/grid-neighbours';
import { gridEventCountsBySlice, type GridEvent } from '$lib/server/queries/grid-event-counts';
import { getisOrdGiStar } from '$lib/domain/getis-ord-gi-star';
import { classifyEmergingHotspot } from '$lib/domain/classify-emerging-hotspot';
import { dateOfDay, dayNumber } from '$lib/core/dates';
import { hotspotsQuery, type HotspotsAnswer } from '$lib/api/analytics';
import type { RequestHandler } from './$types';
import { storedAnswer } from '$lib/server/stored-answer';

/**
 * GET /api/analytics/hotspots?area=&kind=&from=&to=&neighbours=edge|distance&metres=&fdr=&slices= —
 * Getis-Ord Gi* per grid of the area (z, p, significance with optional Benjamini–Hochberg FDR), and
 * with slices ≥ 3 the emerging-hotspot pattern of each grid over equal time slices (Mann-Kendall on
 * each grid's Gi* series). Petition hotspots are for case-handling roles.
 */
export const GET: RequestHandler = (request) =>
  storedAnswer(request, async () => {
    const { url, locals } = request;
    const q = parseSearchParams(url, hotspotsQuery);
    if (q.kind === 'petition' && !can(locals.user!.role, 'petition:read')) {
      error(403, 'Petition hotspots show where cases are: only commanders and mediators may see them');
    }
    const event: GridEvent = { kind: q.kind } as GridEvent;
    const start = dayNumber(q.window.from);
    const end = dayNumber(q.window.to);
    const result = await readShared(await getSql(), locals, url, async (tx) => {
      const area = await findArea(tx, q.area);
      if (!area) return null;
      const graph = await gridNeighbours(
        tx,
        q.area,
        q.neighbours === 'edge' ? { by: 'edge' } : { by: 'distance', metres: q.metres }
      );
      // Equal slices of the window, all counted in one statement; without slices, one slice: the window.
      const n = Math.max(1, q.slices);
      const bounds = Array.from({ length: n + 1 }, (_, i) => dateOfDay(start + Math.floor(((end - start) * i) / n)));
      const counted = await gridEventCountsBySlice(tx, q.area, event, bounds);
      const total = counted.slices.reduce((sum, slice) => sum.map((c, i) => c + slice[i]!));
      const slices = q.slices ? counted.slices : [];
      return { area, graph, total, slices };
    });
    if (!result) error(404, `No current area ${q.area} in your area`);
    const { graph, total, slices } = result;
    const gi = getisOrdGiStar(total, graph.neighbours, { fdr: q.fdr });
    const series = slices.map((s) => getisOrdGiStar(s, graph.neighbours, { fdr: q.fdr }));
    const grids = graph.ids.map((id, i) => ({
      id,
      count: total[i]!,
      ...gi[i]!,
      ...(series.length
        ? {
            emerging: classifyEmergingHotspot(series.map((s) => ({ z: s[i]!.z, significant: s[i]!.significant })))
              .pattern
          }
        : {})
    }));
    return json({
      area: result.area,
      kind: q.kind,
      from: q.from,
      to: q.to,
      neighbours: q.neighbours,
      fdr: q.fdr,
      slices: q.slices,
      grids
    } satisfies HotspotsAnswer);
  });
