import { describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { findDuplicateTypes, objectShapes } from '../../scripts/check-duplicate-types';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('duplicate answer types', () => {
  // The scan parses every source file (seconds on a loaded machine): once, while collecting, like
  // the import graph, so that no test's time limit depends on the machine's speed.
  const found = findDuplicateTypes(root);

  test('an interface, an alias and an inline literal with the same members are one shape', () => {
    const text = [
      'export interface A { id: number; name?: string }',
      'type B = { name?: string; id: number };',
      'const f = (x: { id:  number;  name?: string }) => x;',
      'interface C { id: number; name: string }'
    ].join('\n');
    const shapes = objectShapes(`${root}x.ts`, text, root);
    const key = (i: number) => shapes[i]!.members.join('|');
    expect(shapes.map((s) => s.name)).toEqual(['A', 'B', '(inline type)', 'C']);
    expect([key(1), key(2)]).toEqual([key(0), key(0)]);
    expect(key(3)).not.toBe(key(0));
  });

  test('the <script> blocks of a .svelte file are read, with their line numbers', () => {
    const text = '<script lang="ts">\n  interface P { a: number; b: string }\n</script>\n<p>{x}</p>';
    expect(objectShapes(`${root}x.svelte`, text, root)).toMatchObject([
      { name: 'P', line: 2, members: ['a: number', 'b: string'] }
    ]);
  });

  test('src/lib/api exports the answer types', () => {
    const names = found.apiTypes.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'PyramidAnswer',
        'EventTimeline',
        'AlertPlace',
        'HazardRecord',
        'NearbyAnswer',
        'PlanAnswer',
        'HealthReport'
      ])
    );
  });

  test('no object type of src/lib/api is declared again under src/routes or src/lib', () => {
    // Without line numbers, so that an edit above a known pair does not fail the test.
    const pairs = found.pairs.map(({ api, other }) => `${api.name} = ${other.file} ${other.name}`);
    expect(pairs.sort()).toEqual([]);
  });
});
