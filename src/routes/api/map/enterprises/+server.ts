import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getSql } from '$lib/server/db';
import { withCaller } from '$lib/server/db/contexts';
import { parseSearchParams } from '$lib/server/http';
import { enterpriseColumns, INDUSTRIES, RISK_CLASSES } from '$lib/server/queries/map-layers';
import type { RequestHandler } from './$types';

const query = z.strictObject({});

/** GET /api/map/enterprises — key enterprises as columns (positions, risk class, industry). */
export const GET: RequestHandler = async ({ url, locals }) => {
  parseSearchParams(url, query);
  const cols = await withCaller(await getSql(), locals.sessionToken!, (tx) => enterpriseColumns(tx));
  return json({ ...cols, riskClasses: RISK_CLASSES, industries: INDUSTRIES });
};
