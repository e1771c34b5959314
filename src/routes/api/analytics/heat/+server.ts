import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { getSql } from '$lib/server/db';
import { readShared } from '$lib/server/db/shared-read';
import { parseSearchParams } from '$lib/server/http';
import { can } from '$lib/server/access/permissions';
import { heatBins } from '$lib/server/queries/heat-bins';
import { heatBinSize } from '$lib/geo/heat-bin-size';
import { dateOfDay, dayNumber } from '$lib/seed/dates';
import { areaCode, day, fromNotAfterTo, parentAreaCode, spanAtMost } from '$lib/server/params';
import type { RequestHandler } from './$types';

/** More bins than this in one answer means the view is too large for the zoom. */
const MAX_BINS_IN_VIEW = 250_000;

const bboxSchema = z
  .string()
  .transform((s) => s.split(',').map(Number))
  .refine((a) => a.length === 4 && a.every(Number.isFinite), 'must be four numbers: west,south,east,north (degrees)')
  .refine((a) => a[0]! >= -180 && a[2]! <= 180 && a[1]! >= -90 && a[3]! <= 90, 'longitudes must lie in −180…180 and latitudes in −90…90')
  .refine((a) => a[0]! < a[2]! && a[1]! < a[3]!, 'west must be less than east and south less than north')
  .transform((a) => a as [number, number, number, number]);

const query = z
  .strictObject({
    kind: z.enum(['petition', 'hazard', 'incident']),
    bbox: bboxSchema,
    zoom: z.coerce.number().int().min(6).max(20),
    from: day,
    to: day
  })
  .refine(...fromNotAfterTo)
  .refine(...spanAtMost(10));

/**
 * GET /api/analytics/heat?kind=&bbox=w,s,e,n&zoom=&from=&to= — event counts binned server-side at
 * a resolution that fits the zoom (16 px bins), as columns. Petition heat needs a role that reads
 * petition cases and covers only the caller's area.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
  const q = parseSearchParams(url, query);
  if (q.kind === 'petition' && !can(locals.user!.role, 'petition:read')) {
    error(403, 'Petition heat shows where cases are: only commanders and mediators may see it');
  }
  const size = heatBinSize(q.zoom);
  const [w, s, e, n] = q.bbox;
  const bins = Math.ceil((e - w) / size) * Math.ceil((n - s) / size);
  if (bins > MAX_BINS_IN_VIEW) error(400, `The view spans ${bins} bins at zoom ${q.zoom}: zoom in or send a smaller bbox (at most ${MAX_BINS_IN_VIEW})`);
  const result = await readShared(await getSql(), locals, url, (tx) =>
    heatBins(tx, q.kind, q.bbox, size, q.from, dateOfDay(dayNumber(q.to) + 1))
  );
  return json({ kind: q.kind, zoom: q.zoom, from: q.from, to: q.to, ...result });
};
