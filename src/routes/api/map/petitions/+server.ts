import { getSql } from '$lib/server/db';
import type { Tx } from '$lib/server/db/contexts';
import { parseSearchParams } from '$lib/server/http';
import { mapPetitionsQuery, type MapPetitionsAnswer } from '$lib/api/map';
import { petitionColumns } from '$lib/server/queries/petition-columns';
import { readLayer, wantsBinary } from '$lib/server/binary-columns-response';
import { encodePetitionPayload } from '$lib/map/petition-payload';
import type { RequestHandler } from './$types';

/**
 * GET /api/map/petitions?from=&to=[&format=json|bin] — petition cases received in [from, to] in the
 * caller's area as columns: place (5 decimals), day received, weight (group size) and open flag.
 * No people, no text. `format=bin` (or Accept: application/octet-stream) answers binary columns
 * (docs/binary-columns.md).
 */
export const GET: RequestHandler = async ({ url, locals, request }) => {
  const q = parseSearchParams(url, mapPetitionsQuery);
  const read = (tx: Tx) => petitionColumns(tx, q.window.from, q.window.to);
  return readLayer(
    await getSql(),
    locals,
    { url, request },
    'petition_case',
    wantsBinary(q.format, request),
    read,
    encodePetitionPayload,
    (c): MapPetitionsAnswer => ({ from: q.from, to: q.to, ...c })
  );
};
