import { legalPeriodEnd, type PeriodUnit, type WorkCalendar } from './legal-period-end';

/**
 * The stages a petition case (信访事项) moves through under 信访工作条例 (2022):
 *
 * ```
 * received ──accept──▶ accepted ──start_mediation──▶ mediating
 *    │  ▲                 │  (extend: once, ≤ 30 days)   │ (record_mediation, extend)
 *    │  └─return_transfer─┼──────────────reply───────────┘
 *    ├─transfer─▶ transferred ──close (objection window over)──▶ closed
 *    ├─route_out (Art. 31) ─────────────────────────────────────▶ closed
 *    └─decline ─────────────────────────────────────────────────▶ closed
 * replied ──request_review──▶ review ──answer_review──▶ review_answered
 *    └─close                                  └─request_rereview─▶ rereview ──answer_rereview──▶ closed (final)
 * ```
 */
export const CASE_STAGES = [
  'received',
  'transferred',
  'accepted',
  'mediating',
  'replied',
  'review',
  'review_answered',
  'rereview',
  'closed'
] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

/** How a case left the handling track: answered (resolved or not), or not accepted here. */
export const CASE_OUTCOMES = ['resolved', 'unresolved', 'transferred', 'routed_out', 'declined'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** The time limits, each with its unit and the article it comes from (a catalogue key). */
export interface CaseRule {
  days: number;
  unit: PeriodUnit;
  /** Catalogue key of the article, e.g. `case.article.xf22`. */
  article: string;
}

/** The configurable time limits of the lifecycle; {@link DEFAULT_CASE_RULES} holds the law's. */
export interface CaseRules {
  /** Decide (accept, transfer, route out or decline) and notify in writing: Art. 22–23. */
  acceptance: CaseRule;
  /** A body a case was transferred to may send it back within this window (local rule). */
  transferObjection: CaseRule;
  /** Handle an accepted case: Art. 34. */
  handling: CaseRule;
  /** The one extension of the handling period, at most this long: Art. 34. */
  maxExtensionDays: number;
  /** Ask for a review (复查) after the reply: Art. 35. */
  reviewRequest: CaseRule;
  /** Answer a review: Art. 35. */
  reviewAnswer: CaseRule;
  /** Ask for a re-review (复核) after the review: Art. 36. */
  rereviewRequest: CaseRule;
  /** Answer a re-review: Art. 36. */
  rereviewAnswer: CaseRule;
  /** Apply for judicial confirmation of a people's mediation agreement: 人民调解法 Art. 33. */
  judicialConfirmation: CaseRule;
}

/** The time limits of 信访工作条例 (2022) and 人民调解法 (2010). */
export const DEFAULT_CASE_RULES: CaseRules = {
  acceptance: { days: 15, unit: 'calendar', article: 'case.article.xf22' },
  transferObjection: { days: 5, unit: 'working', article: 'case.article.transfer' },
  handling: { days: 60, unit: 'calendar', article: 'case.article.xf34' },
  maxExtensionDays: 30,
  reviewRequest: { days: 30, unit: 'calendar', article: 'case.article.xf35' },
  reviewAnswer: { days: 30, unit: 'calendar', article: 'case.article.xf35' },
  rereviewRequest: { days: 30, unit: 'calendar', article: 'case.article.xf36' },
  rereviewAnswer: { days: 30, unit: 'calendar', article: 'case.article.xf36' },
  judicialConfirmation: { days: 30, unit: 'calendar', article: 'case.article.mediation33' }
};

/** What the deadlines of a case depend on (days `YYYY-MM-DD`, China Standard Time). */
export interface CaseTimeline {
  stage: CaseStage;
  /** Day the case was received (登记). */
  receivedOn: string;
  /** Day it was accepted (受理); null unless accepted. */
  acceptedOn: string | null;
  /** Days the handling period was extended; 0 when never. */
  extensionDays: number;
  /** Day of the case's last step: for a waiting stage the day it began (the transfer, the reply, the review request …). */
  stageOn: string;
  /** Day a people's mediation agreement was reached; null when none. */
  agreementOn: string | null;
}

/** Who a deadline binds: the body handling the case, or the petitioner's window to ask. */
export type DeadlineParty = 'body' | 'petitioner';

/** The time limits a case can run (petition_case.due_kind). */
export const DEADLINE_KINDS = [
  'acceptance',
  'transfer_objection',
  'handling',
  'review_request',
  'review_answer',
  'rereview_request',
  'rereview_answer',
  'judicial_confirmation'
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** One running time limit of a case. */
export interface CaseDeadline {
  kind: DeadlineKind;
  party: DeadlineParty;
  /** Last day that is in time (inclusive). */
  dueOn: string;
  unit: PeriodUnit;
  days: number;
  article: string;
}

/**
 * The running time limits of a case, the stage's own first: for a received case the decision
 * (15 days), for a transferred one the objection window (5 working days), for an accepted or
 * mediating one the handling (60 days plus the extension, from acceptance), after a reply the
 * petitioner's 30 days to ask for a review, during a review the body's 30 days to answer, and the
 * same for a re-review; a closed case has none. A people's mediation agreement adds the 30 days to
 * apply for judicial confirmation while the case is open. Each end is {@link legalPeriodEnd}'s.
 * @example
 * caseDeadlines({ stage: 'accepted', receivedOn: '2026-09-01', acceptedOn: '2026-09-10',
 *   extensionDays: 0, stageOn: '2026-09-10', agreementOn: null }, calendar)
 * // [{ kind: 'handling', party: 'body', dueOn: '2026-11-09', … }] (10 Sep + 60 days)
 */
export function caseDeadlines(
  c: CaseTimeline,
  calendar: WorkCalendar,
  rules: CaseRules = DEFAULT_CASE_RULES
): CaseDeadline[] {
  const from = (kind: DeadlineKind, party: DeadlineParty, start: string, rule: CaseRule, extra = 0): CaseDeadline => ({
    kind,
    party,
    dueOn: legalPeriodEnd(start, rule.days + extra, rule.unit, calendar),
    unit: rule.unit,
    days: rule.days + extra,
    article: rule.article
  });
  const out: CaseDeadline[] = [];
  switch (c.stage) {
    case 'received':
      out.push(from('acceptance', 'body', c.receivedOn, rules.acceptance));
      break;
    case 'transferred':
      out.push(from('transfer_objection', 'body', c.stageOn, rules.transferObjection));
      break;
    case 'accepted':
    case 'mediating':
      out.push(from('handling', 'body', c.acceptedOn ?? c.stageOn, rules.handling, c.extensionDays));
      break;
    case 'replied':
      out.push(from('review_request', 'petitioner', c.stageOn, rules.reviewRequest));
      break;
    case 'review':
      out.push(from('review_answer', 'body', c.stageOn, rules.reviewAnswer));
      break;
    case 'review_answered':
      out.push(from('rereview_request', 'petitioner', c.stageOn, rules.rereviewRequest));
      break;
    case 'rereview':
      out.push(from('rereview_answer', 'body', c.stageOn, rules.rereviewAnswer));
      break;
    case 'closed':
      break;
  }
  if (c.agreementOn && c.stage !== 'closed')
    out.push(from('judicial_confirmation', 'petitioner', c.agreementOn, rules.judicialConfirmation));
  return out;
}
