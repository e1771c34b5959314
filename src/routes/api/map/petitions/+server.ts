import { z } from 'zod';
import { getSql } from '$lib/server/db';
import { readSharedJson } from '$lib/server/db/shared-read';
import type { Tx } from '$lib/server/db/contexts';
import { parseSearchParams } from '$lib/server/http';
import { day, fromNotAfterTo, payloadFormat, spanAtMost } from '$lib/server/params';
import { petitionColumns } from '$lib/server/queries/petition-columns';
import { readSharedBinary, wantsBinary } from '$lib/server/binary-columns-response';
import { encodePetitionPayload } from '$lib/map/petition-payload';
import { dateOfDay, dayNumber } from '$lib/seed/dates';
import type { RequestHandler } from './$types';

const query = z.strictObject({ from: day, to: day, format: payloadFormat }).refine(...fromNotAfterTo).refine(...spanAtMost(5));

/**
 * GET /api/map/petitions?from=&to=[&format=json|bin] — petition cases received in [from, to] in the
 * caller's area as columns: place (5 decimals), day received, weight (group size) and open flag.
 * No people, no text. `format=bin` (or Accept: application/octet-stream) answers binary columns
 * (docs/binary-columns.md).
 */
export const GET: RequestHandler = async ({ url, locals, request }) => {
  const q = parseSearchParams(url, query);
  const read = (tx: Tx) => petitionColumns(tx, q.from, dateOfDay(dayNumber(q.to) + 1));
  if (wantsBinary(q.format, request)) return readSharedBinary(await getSql(), locals, url, read, encodePetitionPayload);
  const res = await readSharedJson(await getSql(), locals, url, async (tx) => ({ from: q.from, to: q.to, ...(await read(tx)) }));
  res.headers.set('vary', 'Accept');
  return res;
};
