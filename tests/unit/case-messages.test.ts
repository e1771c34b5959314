/** Every stage, action, deadline, article and refusal of the case lifecycle has its message (the parity test in messages.test.ts holds both languages to the same keys). */
import { describe, expect, test } from 'vitest';
import { CASE_STAGES, DEADLINE_KINDS, DEFAULT_CASE_RULES } from '../../src/lib/domain/case-deadlines';
import { CASE_EVENT_ACTIONS, type CaseRefusal } from '../../src/lib/domain/decide-case-action';
import { MESSAGE_KEYS } from '../../src/lib/i18n/messages';

/** Every refusal reason; the `satisfies` makes the list fail to compile when a reason is added. */
const REASONS = {
  'not-allowed': 1,
  'after-today': 1,
  'before-stage': 1,
  'notice-before-decision': 1,
  'same-matter-final': 1,
  'already-extended': 1,
  'extension-too-long': 1,
  'extension-after-due': 1,
  'extension-needs-approver': 1,
  'extension-needs-reason': 1,
  'reason-required': 1,
  'body-required': 1,
  'method-required': 1,
  'window-passed': 1,
  'window-open': 1
} satisfies Record<CaseRefusal['reason'], 1>;

describe('case messages', () => {
  const keys = new Set<string>(MESSAGE_KEYS);
  const articles = Object.values(DEFAULT_CASE_RULES)
    .filter((r): r is { article: string; days: number; unit: 'calendar' | 'working' } => typeof r === 'object')
    .map((r) => r.article);
  test.each([
    ...CASE_STAGES.map((s) => `case.stage.${s}`),
    ...CASE_EVENT_ACTIONS.map((a) => `case.action.${a}`),
    ...DEADLINE_KINDS.map((k) => `case.deadline.${k}`),
    ...articles,
    ...Object.keys(REASONS).map((r) => `case.refused.${r}`)
  ])('%s is in the catalogue', (key) => {
    expect(keys.has(key)).toBe(true);
  });
});
