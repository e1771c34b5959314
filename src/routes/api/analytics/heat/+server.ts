import { error, json } from '@sveltejs/kit';
import { getSql } from '$lib/server/db';
import { readShared } from '$lib/server/db/shared-read';
import { parseSearchParams } from '$lib/server/http';
import { can } from '$lib/server/access/permissions';
import { heatBins } from '$lib/server/queries/heat-bins';
import { heatBinSize } from '$lib/geo/heat-bin-size';
import { heatQuery, type HeatAnswer } from '$lib/api/analytics';
import type { RequestHandler } from './$types';
import { storedAnswer } from '$lib/server/stored-answer';

/** More bins than this in one answer means the view is too large for the zoom. */
const MAX_BINS_IN_VIEW = 250_000;

/**
 * GET /api/analytics/heat?kind=&bbox=w,s,e,n&zoom=&from=&to= — event counts binned server-side at
 * a resolution that fits the zoom (16 px bins), as columns. Petition heat needs a role that reads
 * petition cases and covers only the caller's area.
 */
export const GET: RequestHandler = (event) =>
  storedAnswer(event, async () => {
    const { url, locals } = event;
    const q = parseSearchParams(url, heatQuery);
    if (q.kind === 'petition' && !can(locals.user!.role, 'petition:read')) {
      error(403, 'Petition heat shows where cases are: only commanders and mediators may see it');
    }
    const size = heatBinSize(q.zoom);
    const [w, s, e, n] = q.bbox;
    const bins = Math.ceil((e - w) / size) * Math.ceil((n - s) / size);
    if (bins > MAX_BINS_IN_VIEW)
      error(
        400,
        `The view spans ${bins} bins at zoom ${q.zoom}: zoom in or send a smaller bbox (at most ${MAX_BINS_IN_VIEW})`
      );
    const result = await readShared(await getSql(), locals, url, (tx) =>
      heatBins(tx, q.kind, q.bbox, size, q.window.from, q.window.to)
    );
    return json({ kind: q.kind, zoom: q.zoom, from: q.from, to: q.to, ...result } satisfies HeatAnswer);
  });
