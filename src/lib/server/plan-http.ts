/**
 * Request plumbing shared by the /api/plan endpoints: the parent code in the path, a capped body,
 * a transaction with a statement timeout, and the JSON answers of refused proposals.
 */
import { error, json } from '@sveltejs/kit';
import { PLAN_LIMITS } from '../domain/plan-config';
import { PlanInputError } from '../geo/parse-plan-geojson';
import { communityCode, type PlanRefusal } from '../api/plan';
import type { Sql } from './db/connect';
import { withCaller, type Tx } from './db/contexts';
import { PlanConflict, PlanRejected } from './queries/save-plan';
import type { Translate } from '../i18n/messages';

/** The community code of the route, or 400 in the user's language. */
export function parsePlanCode(raw: string, t: Translate): string {
  const parsed = communityCode.safeParse(raw);
  if (!parsed.success) error(400, t('plan.refused.bad-code', { raw: raw.length > 40 ? `${raw.slice(0, 40)}…` : raw }));
  return parsed.data;
}

/**
 * The request body as text, refused (413) before it is read when its declared length is over the
 * cap, and while reading when it grows over it.
 */
export async function readCappedText(request: Request, t: Translate): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  const tooLarge = () =>
    new PlanInputError('too-large', t('plan.input.body-too-large', { mb: PLAN_LIMITS.maxBytes / 1e6 }));
  if (declared > PLAN_LIMITS.maxBytes) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > PLAN_LIMITS.maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}

/** Run `fn` as the caller with a statement timeout, so no proposal can hold the database. */
export function withPlanTx<T>(sql: Sql, token: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withCaller(sql, token, async (tx) => {
    await tx`select set_config('statement_timeout', ${String(PLAN_LIMITS.statementTimeoutMs)}, true)`;
    return fn(tx);
  });
}

/**
 * The JSON answer for a refused proposal, or undefined when `e` is something else. Refusals thrown
 * with `t` are already in the user's language; the wrappers here are worded by `t` too.
 */
export function planErrorResponse(e: unknown, t: Translate): Response | undefined {
  if (e instanceof PlanInputError) {
    return json(
      {
        // Worded by the parser in the user's language: where in the file, and what to change.
        message: e.message,
        reason: e.reason,
        feature: e.featureIndex ?? null
      } satisfies PlanRefusal,
      { status: e.status }
    );
  }
  if (e instanceof PlanConflict) {
    return json(
      { message: e.message, reason: 'stale-revision', revision: e.current, changes: e.changes } satisfies PlanRefusal,
      { status: 412 }
    );
  }
  if (e instanceof PlanRejected) {
    return json(
      {
        message: e.message,
        reason: e.validation ? 'invalid-plan' : 'bad-code',
        problems: e.validation?.problems ?? []
      } satisfies PlanRefusal,
      { status: 422 }
    );
  }
  const code = (e as { code?: string })?.code;
  if (code === '40001' || code === '40P01') {
    return json(
      {
        message: t('plan.refused.busy'),
        reason: 'busy'
      } satisfies PlanRefusal,
      { status: 409 }
    );
  }
  if (code === '57014') {
    return json(
      {
        message: t('plan.refused.timeout'),
        reason: 'timeout'
      } satisfies PlanRefusal,
      { status: 422 }
    );
  }
  return undefined;
}
