import { calendarDayProblem, todayInChina } from '../core/dates';
import type { PetitionStatus, ResolutionMethod } from '../core/vocabulary';
import {
  caseDeadlines,
  DEFAULT_CASE_RULES,
  type CaseDeadline,
  type CaseOutcome,
  type CaseRules,
  type CaseStage,
  type CaseTimeline
} from './case-deadlines';
import type { WorkCalendar } from './legal-period-end';

/** Where an item that belongs to a legal procedure is sent (信访工作条例 Art. 31). */
export const LEGAL_ROUTES = ['litigation', 'arbitration', 'administrative_review'] as const;
export type LegalRoute = (typeof LEGAL_ROUTES)[number];

/** What a review or re-review decided about the reply. */
export const REVIEW_RESULTS = ['upheld', 'changed'] as const;
export type ReviewResult = (typeof REVIEW_RESULTS)[number];

/** Why a case that waits on the petitioner is closed. */
export const CLOSE_REASONS = ['petitioner_satisfied', 'window_expired'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** A step of the lifecycle as a person asks for it. Days `YYYY-MM-DD`, China Standard Time. */
export type CaseAction =
  | { kind: 'accept'; on: string; noticeOn: string }
  | { kind: 'transfer'; on: string; noticeOn: string; toBody: string }
  | { kind: 'return_transfer'; on: string; reason: string }
  | { kind: 'route_out'; on: string; noticeOn: string; route: LegalRoute }
  | { kind: 'decline'; on: string; noticeOn: string; reason: string }
  | { kind: 'start_mediation'; on: string; method: ResolutionMethod }
  | { kind: 'record_mediation'; on: string; method: ResolutionMethod; agreement: boolean }
  | { kind: 'extend'; on: string; days: number; approver: string; reason: string }
  | { kind: 'reply'; on: string; outcome: 'resolved' | 'unresolved'; method?: ResolutionMethod }
  | { kind: 'request_review'; on: string }
  | { kind: 'answer_review'; on: string; result: ReviewResult }
  | { kind: 'request_rereview'; on: string }
  | { kind: 'answer_rereview'; on: string; result: ReviewResult }
  | { kind: 'close'; on: string; reason: CloseReason };
export type CaseActionKind = CaseAction['kind'];

/** Every action, in the order a case page offers them. */
export const CASE_ACTION_KINDS = [
  'accept',
  'transfer',
  'return_transfer',
  'route_out',
  'decline',
  'start_mediation',
  'record_mediation',
  'extend',
  'reply',
  'request_review',
  'answer_review',
  'request_rereview',
  'answer_rereview',
  'close'
] as const satisfies readonly CaseActionKind[];

/** Every step a case's history records (petition_case_event.action): the registration, the lifecycle's actions, assignment and linking. */
export const CASE_EVENT_ACTIONS = [
  'register',
  ...CASE_ACTION_KINDS,
  'assign',
  'accept_assignment',
  'return_assignment',
  'link'
] as const;

/** A case as the rules see it. */
export interface CaseState extends CaseTimeline {
  outcome: CaseOutcome | null;
  /** Day of the written reply (答复); null before it. */
  repliedOn: string | null;
  resolutionMethod: ResolutionMethod | null;
  /** Closed after its re-review: the same facts and reasons are not accepted again (Art. 36). */
  final: boolean;
  /** It repeats, on the same facts, a matter closed after its re-review (Art. 36): not to be accepted. */
  sameMatterFinal: boolean;
}

/** Why an action is refused; the edge turns each into 409 (the step) or 422 (its content) and a message. */
export type CaseRefusal =
  | { reason: 'not-allowed'; stage: CaseStage; action: CaseActionKind; allowed: CaseActionKind[] }
  | { reason: 'after-today'; day: string; today: string }
  | { reason: 'before-stage'; day: string; stageOn: string }
  | { reason: 'notice-before-decision'; noticeOn: string; day: string }
  | { reason: 'same-matter-final' }
  | { reason: 'already-extended'; days: number }
  | { reason: 'extension-too-long'; days: number; max: number }
  | { reason: 'extension-after-due'; day: string; dueOn: string }
  | { reason: 'extension-needs-approver' }
  | { reason: 'extension-needs-reason' }
  | { reason: 'reason-required' }
  | { reason: 'body-required' }
  | { reason: 'method-required' }
  | { reason: 'window-passed'; day: string; dueOn: string }
  | { reason: 'window-open'; day: string; dueOn: string };

/** One step as the history records it. */
export interface CaseEvent {
  action: CaseActionKind;
  fromStage: CaseStage;
  toStage: CaseStage;
  on: string;
  /** The action's own fields (notice day, method, approver …), without `kind` and `on`. */
  details: Record<string, unknown>;
  /** The deadline the step answered and whether it was met; null when the step answers none. */
  answered: { kind: CaseDeadline['kind']; dueOn: string; onTime: boolean } | null;
}

export type CaseDecision =
  | {
      ok: true;
      today: string;
      state: CaseState;
      status: PetitionStatus;
      /** Day the handling ended with a reply (the analytics' `closed_at`); null before it and for a case not accepted. */
      closedOn: string | null;
      event: CaseEvent;
      deadlines: CaseDeadline[];
    }
  | { ok: false; today: string; refusal: CaseRefusal };

/** Which actions each stage offers (before the action's own conditions). */
const BY_STAGE: Record<CaseStage, readonly CaseActionKind[]> = {
  received: ['accept', 'transfer', 'route_out', 'decline'],
  transferred: ['return_transfer', 'close'],
  accepted: ['start_mediation', 'extend', 'reply'],
  mediating: ['record_mediation', 'extend', 'reply'],
  replied: ['request_review', 'close'],
  review: ['answer_review'],
  review_answered: ['request_rereview', 'close'],
  rereview: ['answer_rereview'],
  closed: []
};

/**
 * The actions a case offers in its state: its stage's, less acceptance of a matter closed after
 * its re-review and a second extension.
 * @example allowedCaseActions({ stage: 'accepted', extensionDays: 30, sameMatterFinal: false }) // ['start_mediation', 'reply']
 */
export function allowedCaseActions(
  c: Pick<CaseState, 'stage' | 'extensionDays' | 'sameMatterFinal'>
): CaseActionKind[] {
  return BY_STAGE[c.stage].filter(
    (a) => !(a === 'accept' && c.sameMatterFinal) && !(a === 'extend' && c.extensionDays > 0)
  );
}

/** The analytics' status of a stage (the stability pyramid, risk scores and trends read it). */
export function caseStatus(stage: CaseStage, outcome: CaseOutcome | null): PetitionStatus {
  switch (stage) {
    case 'received':
    case 'accepted':
    case 'mediating':
      return stage;
    case 'transferred':
      return 'not_accepted';
    default:
      return outcome === 'resolved' ? 'resolved' : outcome === 'unresolved' ? 'closed_unresolved' : 'not_accepted';
  }
}

/**
 * The one rule of a petition case's lifecycle under 信访工作条例 (2022): whether `action` may be
 * taken on `c` on its day, and the case as it is after it, with the history event to append and
 * the deadlines that then run. The day may not be after today in China nor before the case's last
 * step; written notices are dated on or after the decision. The handling period may be
 * extended once, by at most `rules.maxExtensionDays`, before it runs out, with an approver and a
 * reason (Art. 34); a review or re-review is asked for within its window (Art. 35–36); a case that
 * waits on the petitioner is closed as "window expired" only once the window is over. A late
 * decision is still recorded, with `answered.onTime` false. Pure: the caller gives the clock.
 *
 * @throws RangeError when a day of the action or the case is not a real `YYYY-MM-DD` date
 * @example
 * decideCaseAction(received15Sep, { kind: 'accept', on: '2026-09-20', noticeOn: '2026-09-21' },
 *   { now, calendar })
 * // { ok: true, status: 'accepted', state: { stage: 'accepted', acceptedOn: '2026-09-20', … },
 * //   event: { action: 'accept', answered: { kind: 'acceptance', dueOn: '2026-09-30', onTime: true } … } }
 */
export function decideCaseAction(
  c: CaseState,
  action: CaseAction,
  ctx: { now: Date; calendar: WorkCalendar; rules?: CaseRules }
): CaseDecision {
  const rules = ctx.rules ?? DEFAULT_CASE_RULES;
  const today = todayInChina(ctx.now);
  const day = action.on;
  checkDate('on', day);
  if ('noticeOn' in action) checkDate('noticeOn', action.noticeOn);
  const refuse = (refusal: CaseRefusal): CaseDecision => ({ ok: false, today, refusal });

  const allowed = allowedCaseActions(c);
  if (!allowed.includes(action.kind)) {
    if (action.kind === 'accept' && c.stage === 'received') return refuse({ reason: 'same-matter-final' });
    if (action.kind === 'extend' && BY_STAGE[c.stage].includes('extend'))
      return refuse({ reason: 'already-extended', days: c.extensionDays });
    return refuse({ reason: 'not-allowed', stage: c.stage, action: action.kind, allowed });
  }
  if (day > today) return refuse({ reason: 'after-today', day, today });
  if (day < c.stageOn) return refuse({ reason: 'before-stage', day, stageOn: c.stageOn });
  if ('noticeOn' in action && action.noticeOn < day)
    return refuse({ reason: 'notice-before-decision', noticeOn: action.noticeOn, day });

  const running = caseDeadlines(c, ctx.calendar, rules)[0];
  const answered = (kind: CaseDeadline['kind']): CaseEvent['answered'] =>
    running && running.kind === kind ? { kind, dueOn: running.dueOn, onTime: day <= running.dueOn } : null;

  let next: CaseState = { ...c, stageOn: day };
  let answer: CaseEvent['answered'] = null;
  switch (action.kind) {
    case 'accept':
      next = { ...next, stage: 'accepted', acceptedOn: day };
      answer = answered('acceptance');
      break;
    case 'transfer':
      if (!action.toBody.trim()) return refuse({ reason: 'body-required' });
      next = { ...next, stage: 'transferred', outcome: 'transferred' };
      answer = answered('acceptance');
      break;
    case 'return_transfer':
      if (!action.reason.trim()) return refuse({ reason: 'reason-required' });
      if (running && day > running.dueOn) return refuse({ reason: 'window-passed', day, dueOn: running.dueOn });
      // Back to the decision: its 15 days still run from the original receipt.
      next = { ...next, stage: 'received', outcome: null };
      answer = answered('transfer_objection');
      break;
    case 'route_out':
      next = { ...next, stage: 'closed', outcome: 'routed_out' };
      answer = answered('acceptance');
      break;
    case 'decline':
      if (!action.reason.trim()) return refuse({ reason: 'reason-required' });
      next = { ...next, stage: 'closed', outcome: 'declined' };
      answer = answered('acceptance');
      break;
    case 'start_mediation':
      next = { ...next, stage: 'mediating' };
      break;
    case 'record_mediation':
      next = {
        ...next,
        agreementOn: action.agreement && action.method === 'people_mediation' ? day : c.agreementOn
      };
      break;
    case 'extend': {
      if (!Number.isInteger(action.days) || action.days < 1 || action.days > rules.maxExtensionDays)
        return refuse({ reason: 'extension-too-long', days: action.days, max: rules.maxExtensionDays });
      if (!action.approver.trim()) return refuse({ reason: 'extension-needs-approver' });
      if (!action.reason.trim()) return refuse({ reason: 'extension-needs-reason' });
      if (running && day > running.dueOn) return refuse({ reason: 'extension-after-due', day, dueOn: running.dueOn });
      next = { ...next, extensionDays: action.days };
      break;
    }
    case 'reply':
      if (action.outcome === 'resolved' && !action.method) return refuse({ reason: 'method-required' });
      next = {
        ...next,
        stage: 'replied',
        outcome: action.outcome,
        repliedOn: day,
        resolutionMethod: action.outcome === 'resolved' ? action.method! : null
      };
      answer = answered('handling');
      break;
    case 'request_review':
    case 'request_rereview':
      if (running && day > running.dueOn) return refuse({ reason: 'window-passed', day, dueOn: running.dueOn });
      next = { ...next, stage: action.kind === 'request_review' ? 'review' : 'rereview' };
      answer = answered(action.kind === 'request_review' ? 'review_request' : 'rereview_request');
      break;
    case 'answer_review':
      next = { ...next, stage: 'review_answered' };
      answer = answered('review_answer');
      break;
    case 'answer_rereview':
      next = { ...next, stage: 'closed', final: true };
      answer = answered('rereview_answer');
      break;
    case 'close':
      if (action.reason === 'window_expired' && running && day <= running.dueOn)
        return refuse({ reason: 'window-open', day, dueOn: running.dueOn });
      next = { ...next, stage: 'closed' };
      break;
  }

  const { kind, on, ...details } = action;
  const status = caseStatus(next.stage, next.outcome);
  return {
    ok: true,
    today,
    state: next,
    status,
    closedOn: next.outcome === 'resolved' || next.outcome === 'unresolved' ? next.repliedOn : null,
    event: { action: kind, fromStage: c.stage, toStage: next.stage, on, details, answered: answer },
    deadlines: caseDeadlines(next, ctx.calendar, rules)
  };
}

/** A real calendar date `YYYY-MM-DD` (refuses 2026-02-30). */
function checkDate(name: string, date: string): void {
  if (calendarDayProblem(date) !== null) throw new RangeError(`Invalid ${name} "${date}": expected a date YYYY-MM-DD`);
}
