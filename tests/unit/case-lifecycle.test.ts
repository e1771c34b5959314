/**
 * The petition lifecycle of 信访工作条例 (2022) against its articles: each time limit, counted the
 * way the law counts periods (民法典 Art. 201–203) on the official 2024–2027 calendar, and a
 * property test over random sequences of allowed actions.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import calendarFile from '../fixtures/holiday-calendar/cn-2024-2027.json' with { type: 'json' };
import { isWorkingDay, legalPeriodEnd, type WorkCalendar } from '../../src/lib/domain/legal-period-end';
import { caseDeadlines, DEFAULT_CASE_RULES, type CaseStage } from '../../src/lib/domain/case-deadlines';
import {
  allowedCaseActions,
  caseStatus,
  decideCaseAction,
  type CaseAction,
  type CaseActionKind,
  type CaseEvent,
  type CaseState
} from '../../src/lib/domain/decide-case-action';
import { addDays } from '../../src/lib/core/dates';
import { RESOLUTION_METHODS } from '../../src/lib/core/vocabulary';

function createCalendar(): WorkCalendar {
  return {
    offDays: new Set(calendarFile.days.filter((d) => d.off).map((d) => d.day)),
    workDays: new Set(calendarFile.days.filter((d) => !d.off).map((d) => d.day))
  };
}

function createCase(receivedOn: string, over: Partial<CaseState> = {}): CaseState {
  return {
    stage: 'received',
    receivedOn,
    acceptedOn: null,
    extensionDays: 0,
    stageOn: receivedOn,
    agreementOn: null,
    outcome: null,
    repliedOn: null,
    resolutionMethod: null,
    final: false,
    sameMatterFinal: false,
    ...over
  };
}

/** Noon in China on `day`: the clock of a request made that day. */
function noonOn(day: string): Date {
  return new Date(`${day}T04:00:00Z`);
}

function apply(c: CaseState, action: CaseAction, today = '2027-12-31') {
  return decideCaseAction(c, action, { now: noonOn(today), calendar: createCalendar() });
}

/** Apply steps that must all be allowed; the case after them. */
function walk(c: CaseState, steps: CaseAction[]): CaseState {
  for (const step of steps) {
    const d = apply(c, step);
    if (!d.ok) throw new Error(`${step.kind} refused: ${JSON.stringify(d.refusal)}`);
    c = d.state;
  }
  return c;
}

describe('the working calendar (国务院办公厅 notices 2024–2026)', () => {
  test.each([
    ['2024-09-29', true, 'a Sunday worked before 国庆 2024'],
    ['2024-10-01', false, '国庆 2024'],
    ['2024-10-12', true, 'a Saturday worked after 国庆 2024'],
    ['2026-02-14', true, 'a Saturday worked before 春节 2026'],
    ['2026-02-16', false, 'a Monday of 春节 2026'],
    ['2026-11-28', false, 'an ordinary Saturday'],
    ['2026-12-02', true, 'an ordinary Wednesday']
  ])('%s is a working day: %s (%s)', (day, working) => {
    expect(isWorkingDay(day, createCalendar())).toBe(working);
  });
});

describe('legalPeriodEnd counts like 民法典 Art. 201–203', () => {
  test('the day of the event is not counted: 15 days from 1 March 2026 end on 16 March', () => {
    expect(legalPeriodEnd('2026-03-01', 15, 'calendar', createCalendar())).toBe('2026-03-16');
  });
  test('a period ending on a Saturday ends on the Monday', () => {
    expect(legalPeriodEnd('2026-11-13', 15, 'calendar', createCalendar())).toBe('2026-11-30');
  });
  test('a period ending inside 国庆 2024 ends on the first working day after it', () => {
    expect(legalPeriodEnd('2024-09-16', 15, 'calendar', createCalendar())).toBe('2024-10-08');
  });
  test('a period ending inside 春节 2026 (15–23 February) ends on 24 February', () => {
    expect(legalPeriodEnd('2026-02-01', 15, 'calendar', createCalendar())).toBe('2026-02-24');
  });
  test('5 working days across 国庆 2024 count the Sunday worked and skip the holiday', () => {
    expect(legalPeriodEnd('2024-09-27', 5, 'working', createCalendar())).toBe('2024-10-10');
  });
  test('5 working days across 春节 2026 count the Saturday worked and skip the holiday', () => {
    expect(legalPeriodEnd('2026-02-12', 5, 'working', createCalendar())).toBe('2026-02-26');
  });
  test('a negative or fractional period is refused', () => {
    expect(() => legalPeriodEnd('2026-03-01', -1, 'calendar', createCalendar())).toThrow(/non-negative integer/);
    expect(() => legalPeriodEnd('2026-03-01', 1.5, 'working', createCalendar())).toThrow(/non-negative integer/);
  });
});

describe('Art. 22–23: the decision on a received case within 15 days', () => {
  test('the decision is due 15 days after receipt', () => {
    const [due] = caseDeadlines(createCase('2026-03-01'), createCalendar());
    expect(due).toMatchObject({ kind: 'acceptance', party: 'body', dueOn: '2026-03-16', days: 15 });
  });
  test('accepting on the last day is on time, the day after is late but recorded', () => {
    const onDue = apply(createCase('2026-03-01'), { kind: 'accept', on: '2026-03-16', noticeOn: '2026-03-16' });
    const late = apply(createCase('2026-03-01'), { kind: 'accept', on: '2026-03-17', noticeOn: '2026-03-17' });
    expect(onDue.ok && onDue.event.answered).toEqual({ kind: 'acceptance', dueOn: '2026-03-16', onTime: true });
    expect(late.ok && late.event.answered).toEqual({ kind: 'acceptance', dueOn: '2026-03-16', onTime: false });
  });
  test('the written notice cannot be dated before the decision', () => {
    const d = apply(createCase('2026-03-01'), { kind: 'accept', on: '2026-03-05', noticeOn: '2026-03-04' });
    expect(d).toMatchObject({ ok: false, refusal: { reason: 'notice-before-decision' } });
  });
  test('a decision cannot be dated after today in China nor before the receipt', () => {
    const future = apply(
      createCase('2026-03-01'),
      { kind: 'accept', on: '2026-03-06', noticeOn: '2026-03-06' },
      '2026-03-05'
    );
    const before = apply(createCase('2026-03-01'), { kind: 'accept', on: '2026-02-28', noticeOn: '2026-03-01' });
    expect(future).toMatchObject({ ok: false, refusal: { reason: 'after-today', today: '2026-03-05' } });
    expect(before).toMatchObject({ ok: false, refusal: { reason: 'before-stage', stageOn: '2026-03-01' } });
  });
});

describe('transfer to the competent body and its 5-working-day objection window', () => {
  test('a transferred case may be sent back within the window, not after it', () => {
    const sent = walk(createCase('2026-02-10'), [
      { kind: 'transfer', on: '2026-02-12', noticeOn: '2026-02-12', toBody: '区人力资源和社会保障局' }
    ]);
    expect(caseStatus(sent.stage, sent.outcome)).toBe('not_accepted');
    expect(caseDeadlines(sent, createCalendar())[0]).toMatchObject({ kind: 'transfer_objection', dueOn: '2026-02-26' });
    const back = apply(sent, { kind: 'return_transfer', on: '2026-02-26', reason: '不属于本单位职责' });
    expect(back).toMatchObject({ ok: true, state: { stage: 'received', outcome: null } });
    const tooLate = apply(sent, { kind: 'return_transfer', on: '2026-02-27', reason: '不属于本单位职责' });
    expect(tooLate).toMatchObject({ ok: false, refusal: { reason: 'window-passed', dueOn: '2026-02-26' } });
  });
  test('a transferred case closes only once the window is over', () => {
    const sent = walk(createCase('2026-02-10'), [
      { kind: 'transfer', on: '2026-02-12', noticeOn: '2026-02-12', toBody: '区人力资源和社会保障局' }
    ]);
    expect(apply(sent, { kind: 'close', on: '2026-02-26', reason: 'window_expired' })).toMatchObject({
      ok: false,
      refusal: { reason: 'window-open' }
    });
    expect(apply(sent, { kind: 'close', on: '2026-02-27', reason: 'window_expired' })).toMatchObject({
      ok: true,
      status: 'not_accepted',
      state: { stage: 'closed', outcome: 'transferred' }
    });
  });
  test('a sent-back case still owes its decision 15 days from the original receipt', () => {
    const back = walk(createCase('2026-03-02'), [
      { kind: 'transfer', on: '2026-03-03', noticeOn: '2026-03-03', toBody: '区住房和城乡建设局' },
      { kind: 'return_transfer', on: '2026-03-05', reason: '不属于本单位职责' }
    ]);
    expect(caseDeadlines(back, createCalendar())[0]).toMatchObject({ kind: 'acceptance', dueOn: '2026-03-17' });
  });
});

describe('Art. 31: items for courts, arbitration or administrative review leave the 60-day track', () => {
  test('routing out closes the case as not accepted here, without a handling deadline', () => {
    const d = apply(createCase('2026-03-01'), {
      kind: 'route_out',
      on: '2026-03-03',
      noticeOn: '2026-03-03',
      route: 'arbitration'
    });
    expect(d).toMatchObject({
      ok: true,
      status: 'not_accepted',
      closedOn: null,
      state: { stage: 'closed', outcome: 'routed_out' }
    });
    expect(d.ok && d.deadlines).toEqual([]);
  });
});

describe('Art. 34: handling within 60 days, one extension of at most 30 with approver and reason', () => {
  const accepted = () => walk(createCase('2026-02-25'), [{ kind: 'accept', on: '2026-03-02', noticeOn: '2026-03-02' }]);
  const extend = (
    days: number,
    approver = '街道办事处主任',
    reason = '涉及多个部门，需要联合调查',
    on = '2026-04-20'
  ) => ({ kind: 'extend', on, days, approver, reason }) as const;

  test('60 days from acceptance on 2 March 2026 end on 1 May, inside 劳动节: due 6 May', () => {
    expect(caseDeadlines(accepted(), createCalendar())[0]).toMatchObject({
      kind: 'handling',
      dueOn: '2026-05-06',
      days: 60
    });
  });
  test('60 days ending on 国庆 2026 move to 8 October', () => {
    const c = walk(createCase('2026-08-01'), [{ kind: 'accept', on: '2026-08-02', noticeOn: '2026-08-02' }]);
    expect(caseDeadlines(c, createCalendar())[0]?.dueOn).toBe('2026-10-08');
  });
  test('an extension of 30 days makes 90 from acceptance (31 May, a Sunday → 1 June)', () => {
    const d = apply(accepted(), extend(30));
    expect(d).toMatchObject({ ok: true, state: { extensionDays: 30 } });
    expect(d.ok && d.deadlines[0]).toMatchObject({ kind: 'handling', dueOn: '2026-06-01', days: 90 });
    expect(d.ok && d.event.details).toEqual({
      days: 30,
      approver: '街道办事处主任',
      reason: '涉及多个部门，需要联合调查'
    });
  });
  test('no extension without an approver, without a reason, or longer than 30 days', () => {
    expect(apply(accepted(), extend(10, ' '))).toMatchObject({
      ok: false,
      refusal: { reason: 'extension-needs-approver' }
    });
    expect(apply(accepted(), extend(10, '主任', ''))).toMatchObject({
      ok: false,
      refusal: { reason: 'extension-needs-reason' }
    });
    expect(apply(accepted(), extend(31))).toMatchObject({
      ok: false,
      refusal: { reason: 'extension-too-long', max: 30 }
    });
    expect(apply(accepted(), extend(0))).toMatchObject({ ok: false, refusal: { reason: 'extension-too-long' } });
  });
  test('only one extension', () => {
    const once = walk(accepted(), [extend(10)]);
    expect(allowedCaseActions(once)).not.toContain('extend');
    expect(apply(once, extend(5, '主任', '再延', '2026-04-21'))).toMatchObject({
      ok: false,
      refusal: { reason: 'already-extended', days: 10 }
    });
  });
  test('no extension once the period has run out', () => {
    expect(apply(accepted(), extend(10, '主任', '复杂', '2026-05-07'))).toMatchObject({
      ok: false,
      refusal: { reason: 'extension-after-due', dueOn: '2026-05-06' }
    });
  });
  test('the reply answers the handling deadline and ends the handling (closed_at)', () => {
    const d = apply(accepted(), { kind: 'reply', on: '2026-05-06', outcome: 'resolved', method: 'people_mediation' });
    expect(d).toMatchObject({
      ok: true,
      status: 'resolved',
      closedOn: '2026-05-06',
      event: { answered: { kind: 'handling', dueOn: '2026-05-06', onTime: true } }
    });
    expect(apply(accepted(), { kind: 'reply', on: '2026-05-06', outcome: 'resolved' })).toMatchObject({
      ok: false,
      refusal: { reason: 'method-required' }
    });
  });
});

describe('Art. 35–36: review 30 + 30 and re-review 30 + 30, then no new acceptance', () => {
  const replied = () =>
    walk(createCase('2026-01-05'), [
      { kind: 'accept', on: '2026-01-06', noticeOn: '2026-01-06' },
      { kind: 'reply', on: '2026-01-20', outcome: 'unresolved' }
    ]);
  test('the review may be asked within 30 days of the reply (20 Jan + 30 = 19 Feb, inside 春节 → 24 Feb)', () => {
    expect(caseDeadlines(replied(), createCalendar())[0]).toMatchObject({
      kind: 'review_request',
      party: 'petitioner',
      dueOn: '2026-02-24'
    });
    expect(apply(replied(), { kind: 'request_review', on: '2026-02-24' })).toMatchObject({
      ok: true,
      state: { stage: 'review' }
    });
    expect(apply(replied(), { kind: 'request_review', on: '2026-02-25' })).toMatchObject({
      ok: false,
      refusal: { reason: 'window-passed', dueOn: '2026-02-24' }
    });
  });
  test('the review is answered within 30 days of the request, and the re-review the same', () => {
    const inReview = walk(replied(), [{ kind: 'request_review', on: '2026-02-02' }]);
    expect(caseDeadlines(inReview, createCalendar())[0]).toMatchObject({
      kind: 'review_answer',
      party: 'body',
      dueOn: '2026-03-04'
    });
    const answered = walk(inReview, [{ kind: 'answer_review', on: '2026-03-02', result: 'upheld' }]);
    expect(caseDeadlines(answered, createCalendar())[0]).toMatchObject({
      kind: 'rereview_request',
      dueOn: '2026-04-01'
    });
    const inRereview = walk(answered, [{ kind: 'request_rereview', on: '2026-03-10' }]);
    expect(caseDeadlines(inRereview, createCalendar())[0]).toMatchObject({
      kind: 'rereview_answer',
      dueOn: '2026-04-09'
    });
    const done = apply(inRereview, { kind: 'answer_rereview', on: '2026-04-09', result: 'upheld' });
    expect(done).toMatchObject({
      ok: true,
      state: { stage: 'closed', final: true },
      status: 'closed_unresolved',
      event: { answered: { kind: 'rereview_answer', onTime: true } }
    });
  });
  test('a new case on the same facts as a re-reviewed one cannot be accepted, only declined', () => {
    const repeat = createCase('2026-05-04', { sameMatterFinal: true });
    expect(allowedCaseActions(repeat)).not.toContain('accept');
    expect(apply(repeat, { kind: 'accept', on: '2026-05-05', noticeOn: '2026-05-05' })).toMatchObject({
      ok: false,
      refusal: { reason: 'same-matter-final' }
    });
    expect(
      apply(repeat, { kind: 'decline', on: '2026-05-05', noticeOn: '2026-05-05', reason: '已复核终结' })
    ).toMatchObject({
      ok: true,
      state: { stage: 'closed', outcome: 'declined' }
    });
  });
  test('a reply is closed as "window expired" only after the review window', () => {
    expect(apply(replied(), { kind: 'close', on: '2026-02-24', reason: 'window_expired' })).toMatchObject({
      ok: false,
      refusal: { reason: 'window-open', dueOn: '2026-02-24' }
    });
    expect(apply(replied(), { kind: 'close', on: '2026-02-25', reason: 'window_expired' })).toMatchObject({ ok: true });
    expect(apply(replied(), { kind: 'close', on: '2026-01-21', reason: 'petitioner_satisfied' })).toMatchObject({
      ok: true,
      state: { stage: 'closed' }
    });
  });
});

describe('人民调解法 Art. 33: judicial confirmation within 30 days of a people\u2019s mediation agreement', () => {
  test('an agreement adds the 30-day window; another method or no agreement does not', () => {
    const mediating = walk(createCase('2026-06-01'), [
      { kind: 'accept', on: '2026-06-02', noticeOn: '2026-06-02' },
      { kind: 'start_mediation', on: '2026-06-03', method: 'people_mediation' }
    ]);
    const agreed = apply(mediating, {
      kind: 'record_mediation',
      on: '2026-06-10',
      method: 'people_mediation',
      agreement: true
    });
    expect(agreed.ok && agreed.deadlines.map((d) => [d.kind, d.dueOn])).toEqual([
      ['handling', '2026-08-03'],
      ['judicial_confirmation', '2026-07-10']
    ]);
    const none = apply(mediating, {
      kind: 'record_mediation',
      on: '2026-06-10',
      method: 'admin_mediation',
      agreement: true
    });
    expect(none.ok && none.deadlines.map((d) => d.kind)).toEqual(['handling']);
  });
});

describe('property: allowed actions never reach a forbidden state, closed cases have a full history', () => {
  /** A valid action of `kind` on `on` (the fields a person fills in). */
  function actionOf(kind: CaseActionKind, on: string, pick: number): CaseAction {
    const method = RESOLUTION_METHODS[pick % RESOLUTION_METHODS.length]!;
    switch (kind) {
      case 'accept':
        return { kind, on, noticeOn: addDays(on, pick % 3) };
      case 'transfer':
        return { kind, on, noticeOn: on, toBody: '区信访局' };
      case 'return_transfer':
        return { kind, on, reason: '不属于本单位' };
      case 'route_out':
        return {
          kind,
          on,
          noticeOn: on,
          route: (['litigation', 'arbitration', 'administrative_review'] as const)[pick % 3]!
        };
      case 'decline':
        return { kind, on, noticeOn: on, reason: '不符合受理条件' };
      case 'start_mediation':
        return { kind, on, method };
      case 'record_mediation':
        return { kind, on, method, agreement: pick % 2 === 0 };
      case 'extend':
        return { kind, on, days: 1 + (pick % 30), approver: '主任', reason: '情况复杂' };
      case 'reply':
        return pick % 2 === 0 ? { kind, on, outcome: 'resolved', method } : { kind, on, outcome: 'unresolved' };
      case 'request_review':
      case 'request_rereview':
        return { kind, on };
      case 'answer_review':
      case 'answer_rereview':
        return { kind, on, result: pick % 2 === 0 ? 'upheld' : 'changed' };
      case 'close':
        return { kind, on, reason: pick % 2 === 0 ? 'petitioner_satisfied' : 'window_expired' };
    }
  }
  /** Refusals an allowed action may still get because of its day, not its step. */
  const DAY_REFUSALS = new Set(['window-passed', 'window-open', 'extension-after-due']);
  const HANDLED: CaseStage[] = ['replied', 'review', 'review_answered', 'rereview'];

  function forbidden(c: CaseState, status: string, closedOn: string | null): string | null {
    if (status !== caseStatus(c.stage, c.outcome)) return 'status does not follow the stage';
    if (c.extensionDays < 0 || c.extensionDays > DEFAULT_CASE_RULES.maxExtensionDays) return 'extension out of range';
    const answered = c.outcome === 'resolved' || c.outcome === 'unresolved';
    if (['accepted', 'mediating', ...HANDLED].includes(c.stage) && c.acceptedOn === null)
      return 'handled without acceptance';
    if (HANDLED.includes(c.stage) && (!answered || c.repliedOn === null)) return 'review without a reply';
    if (c.stage === 'closed' && c.outcome === null) return 'closed without an outcome';
    if (c.outcome === 'resolved' && c.resolutionMethod === null) return 'resolved without a method';
    if ((closedOn !== null) !== answered) return 'closed_at does not follow the reply';
    if (c.final && c.stage !== 'closed') return 'final but open';
    if (c.acceptedOn !== null && c.acceptedOn < c.receivedOn) return 'accepted before received';
    return null;
  }

  test('random walks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 900 }),
        fc.array(fc.tuple(fc.nat(20), fc.nat(40), fc.nat(1000)), { minLength: 1, maxLength: 14 }),
        (startOffset, steps) => {
          let c = createCase(addDays('2024-01-02', startOffset));
          const history: CaseEvent[] = [];
          let extensions = 0;
          for (const [which, gap, pick] of steps) {
            const allowed = allowedCaseActions(c);
            if (allowed.length === 0) break;
            const kind = allowed[which % allowed.length]!;
            const d = apply(c, actionOf(kind, addDays(c.stageOn, gap), pick));
            if (!d.ok) {
              expect(DAY_REFUSALS.has(d.refusal.reason), JSON.stringify(d.refusal)).toBe(true);
              continue;
            }
            expect(forbidden(d.state, d.status, d.closedOn)).toBeNull();
            expect(d.event.fromStage).toBe(history.at(-1)?.toStage ?? 'received');
            expect(d.event.on >= (history.at(-1)?.on ?? c.receivedOn)).toBe(true);
            if (d.event.action === 'extend') extensions++;
            history.push(d.event);
            c = d.state;
          }
          expect(extensions).toBeLessThanOrEqual(1);
          if (c.stage === 'closed') {
            expect(history[0]?.fromStage).toBe('received');
            expect(history.at(-1)!.toStage).toBe('closed');
            expect(history.some((e) => ['accept', 'transfer', 'route_out', 'decline'].includes(e.action))).toBe(true);
          }
        }
      ),
      { numRuns: 400, seed: 20261202 }
    );
  });
});
