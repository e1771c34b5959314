import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getSql } from '$lib/server/db';
import { parseSearchParams } from '$lib/server/http';
import { enterpriseColumns, INDUSTRIES, RISK_CLASSES } from '$lib/server/queries/map-layers';
import type { RequestHandler } from './$types';

const query = z.strictObject({});

/** GET /api/map/enterprises — key enterprises as columns (positions, risk class, industry). */
export const GET: RequestHandler = async ({ url }) => {
  parseSearchParams(url, query);
  const cols = await enterpriseColumns(await getSql());
  return json({ ...cols, riskClasses: RISK_CLASSES, industries: INDUSTRIES });
};
