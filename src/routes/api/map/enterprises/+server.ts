import { getSql } from '$lib/server/db';
import { readSharedJson } from '$lib/server/db/shared-read';
import { parseSearchParams } from '$lib/server/http';
import { enterpriseColumns, INDUSTRIES, RISK_CLASSES } from '$lib/server/queries/map-layers';
import { noQuery, type EnterprisesAnswer } from '$lib/api/map';
import type { RequestHandler } from './$types';

/** GET /api/map/enterprises — key enterprises as columns (positions, risk class, industry). */
export const GET: RequestHandler = async ({ url, locals }) => {
  parseSearchParams(url, noQuery);
  return readSharedJson(await getSql(), locals, url, async (tx): Promise<EnterprisesAnswer> => ({
    ...(await enterpriseColumns(tx)),
    riskClasses: RISK_CLASSES,
    industries: INDUSTRIES
  }));
};
