import { describe, expect, test } from 'vitest';
import { LOCALES, MESSAGE_KEYS, resolveLocale, templates, translator } from '../../src/lib/i18n/messages';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogue', () => {
  test('zh-CN is the default and unknown locales fall back to it', () => {
    expect(resolveLocale(undefined)).toBe('zh-CN');
    expect(resolveLocale('fr')).toBe('zh-CN');
    expect(resolveLocale('en')).toBe('en');
    expect(LOCALES).toEqual(['zh-CN', 'en']);
  });

  test('placeholders are filled in both languages', () => {
    expect(translator('zh-CN')('map.count.grids', { n: 640 })).toBe('640 个网格');
    expect(translator('en')('map.count.grids', { n: 640 })).toBe('640 grids');
  });

  test.each(LOCALES)('%s has every key, none empty, with the zh-CN placeholders', (locale) => {
    const zh = templates('zh-CN');
    const other = templates(locale);
    expect(Object.keys(other).sort()).toEqual([...MESSAGE_KEYS].sort());
    for (const key of MESSAGE_KEYS) {
      expect(other[key].trim().length, key).toBeGreaterThan(0);
      expect(placeholders(other[key]), key).toEqual(placeholders(zh[key]));
    }
  });
});
