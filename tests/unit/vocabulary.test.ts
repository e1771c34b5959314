import { describe, expect, test } from 'vitest';
import { isVocabularyValue, labelKey, VOCABULARIES, type VocabularyName } from '../../src/lib/core/vocabulary';
import { LOCALES, MESSAGE_KEYS, templates } from '../../src/lib/i18n/messages';

const names = Object.keys(VOCABULARIES) as VocabularyName[];

describe('vocabulary', () => {
  test.each(names)('%s lists each value once, in snake_case', (name) => {
    const values: readonly string[] = VOCABULARIES[name];
    expect(new Set(values).size).toBe(values.length);
    for (const v of values) expect(v).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  test.each(LOCALES)('every value has a label in %s, and every label is of a value', (locale) => {
    const messages = templates(locale);
    const expected = names.flatMap((name) => VOCABULARIES[name].map((v) => `${name}.${v}`)).sort();
    for (const key of expected) expect(messages[key as keyof typeof messages]?.trim().length, key).toBeGreaterThan(0);
    const prefixes = new Set(names.map((n) => `${n}.`));
    const labelled = MESSAGE_KEYS.filter((k) => prefixes.has(`${k.slice(0, k.indexOf('.'))}.`)).sort();
    expect(labelled).toEqual(expected);
  });

  test('a label key is the vocabulary name and the value', () => {
    expect(labelKey('petitionCategory', 'labour_wage')).toBe('petitionCategory.labour_wage');
    expect(templates('zh-CN')[labelKey('hazardStatus', 'rectifying')]).toBe('整改中');
    expect(templates('en')[labelKey('risk', 'red')]).toBe('Red (major risk)');
  });

  test('values are told from other text', () => {
    expect(isVocabularyValue('risk', 'red')).toBe(true);
    expect(isVocabularyValue('risk', 'purple')).toBe(false);
    expect(isVocabularyValue('hazardStatus', 0)).toBe(false);
  });
});
