import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  DEFAULT_ANALYTICS_CONFIG,
  loadAnalyticsConfig,
  parseAnalyticsConfig
} from '../../src/lib/server/analytics-config';
import { DEFAULT_RISK_WEIGHTS } from '../../src/lib/domain/compute-risk-scores';
import { SAFETY_PYRAMID } from '../../src/lib/domain/pyramid-config';
import { projectRoot } from '../../src/lib/server/project-root';

const shipped = join(projectRoot(), 'config', 'analytics.json');
const scratch = mkdtempSync(join(tmpdir(), 'pingan-analytics-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The shipped file with one change made by `edit`, as text. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the edits reach into JSON of any shape
function edited(edit: (c: Record<string, any>) => void): string {
  const c = JSON.parse(readFileSync(shipped, 'utf8'));
  edit(c);
  return JSON.stringify(c);
}

describe('analytics configuration', () => {
  test('the shipped config/analytics.json is valid and holds exactly the documented defaults', () => {
    expect(loadAnalyticsConfig(shipped, true)).toEqual(DEFAULT_ANALYTICS_CONFIG);
    expect(DEFAULT_ANALYTICS_CONFIG.risk.weights).toEqual(DEFAULT_RISK_WEIGHTS);
    expect(DEFAULT_ANALYTICS_CONFIG.pyramids.safety).toEqual(SAFETY_PYRAMID);
  });

  test('a section left out takes its default; a given section replaces it', () => {
    const c = parseAnalyticsConfig(
      JSON.stringify({ sensitivePeriod: { multiplierByKind: { national_congress: 2 }, maxMultiplier: 2.5 } }),
      'x.json'
    );
    expect(c.sensitivePeriod).toEqual({ multiplierByKind: { national_congress: 2 }, maxMultiplier: 2.5 });
    expect(c.risk).toEqual(DEFAULT_ANALYTICS_CONFIG.risk);
    expect(c.pyramids).toEqual(DEFAULT_ANALYTICS_CONFIG.pyramids);
  });

  test('a missing default file means the defaults; a missing named file is an error', () => {
    expect(loadAnalyticsConfig(join(scratch, 'absent.json'), false)).toEqual(DEFAULT_ANALYTICS_CONFIG);
    expect(() => loadAnalyticsConfig(join(scratch, 'absent.json'), true)).toThrow(
      `ANALYTICS_CONFIG (${join(scratch, 'absent.json')}): no such file`
    );
  });

  test.each([
    ['not JSON', '{ "risk": ', 'not valid JSON'],
    [
      'a negative weight',
      edited((c) => (c.risk.weights.hazard.major = -1)),
      'risk.weights.hazard.major: must be 0 or more'
    ],
    [
      'a weight given as text',
      edited((c) => (c.risk.weights.enterprise.red = '3')),
      'risk.weights.enterprise.red: must be a number'
    ],
    [
      'an unknown key',
      edited((c) => (c.risk.weights.hazards = c.risk.weights.hazard)),
      'risk.weights: Unrecognized key: "hazards"'
    ],
    [
      'a multiplier below 1',
      edited((c) => (c.sensitivePeriod.maxMultiplier = 0.5)),
      'sensitivePeriod.maxMultiplier: must be at least 1'
    ],
    [
      'an unknown period kind',
      edited((c) => (c.sensitivePeriod.multiplierByKind.holiday = 2)),
      'sensitivePeriod.multiplierByKind'
    ],
    [
      'an unknown tier',
      edited((c) => c.pyramids.safety.tiers.push('property_damage')),
      'pyramids.safety.tiers.4: unknown tier "property_damage"'
    ],
    [
      'a reference on a tier not in the set',
      edited((c) => (c.pyramids.safety.tiers = ['serious', 'minor', 'near_miss'])),
      'pyramids.safety.references.2.expected.open_hazard'
    ],
    [
      'a thin-base rule on a missing reference',
      edited((c) => (c.pyramids.safety.thinBase.reference = 'nobody')),
      'pyramids.safety.thinBase.reference: no reference "nobody"'
    ],
    [
      'a thin-base rule upside down',
      edited((c) => ([c.pyramids.safety.thinBase.upper, c.pyramids.safety.thinBase.lower] = ['near_miss', 'minor'])),
      'pyramids.safety.thinBase.lower: must be a tier below "upper"'
    ],
    [
      'a random share above one half',
      edited((c) => (c.inspection.randomShare = 0.9)),
      'inspection.randomShare: must be between 0 and 0.5'
    ],
    [
      'an unknown risk class',
      edited((c) => (c.inspection.freeHazardSiteClass.major = 'purple')),
      'inspection.freeHazardSiteClass.major: must be red, orange, yellow or blue'
    ]
  ])('refuses %s with the file and the field named', (_, text, message) => {
    const file = join(scratch, 'bad.json');
    writeFileSync(file, text);
    expect(() => loadAnalyticsConfig(file, true)).toThrow(message);
    expect(() => loadAnalyticsConfig(file, true)).toThrow(`ANALYTICS_CONFIG (${file}): `);
  });
});
