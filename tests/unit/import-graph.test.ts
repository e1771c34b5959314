import { describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { forbiddenEdges, importGraph, importSpecifiers, type ImportRule } from '../support/import-graph';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The layering of docs CONVENTIONS "Layout shows the architecture": pure core, I/O at the edge. */
const RULES: ImportRule[] = [
  { from: 'src/lib/domain', notFrom: ['src/lib/seed', 'src/lib/map', 'src/lib/server', 'src/routes'] },
  { from: 'src/lib/geo', notFrom: ['src/lib/seed', 'src/lib/map', 'src/lib/server', 'src/routes'] },
  { from: 'src/lib/server', notFrom: ['src/lib/map'] },
  { from: 'src/lib/api', notFrom: ['src/lib/server', 'src/lib/map', 'src/lib/seed', 'src/routes'] },
  {
    from: 'src/lib/core',
    notFrom: [
      'src/lib/domain',
      'src/lib/geo',
      'src/lib/api',
      'src/lib/map',
      'src/lib/server',
      'src/lib/seed',
      'src/routes'
    ]
  }
];

describe('import graph', () => {
  const edges = importGraph(root);

  test('the walker sees the imports of .ts and .svelte files', () => {
    expect(edges.some((e) => e.from.endsWith('.svelte') && e.to.startsWith('src/lib/'))).toBe(true);
    expect(edges.some((e) => e.from.startsWith('src/routes/api/') && e.to === 'src/lib/api/params.ts')).toBe(true);
  });

  test('the specifier reader finds static, re-export and dynamic imports, not comments', () => {
    const text = [
      "import { a } from '$lib/a';",
      "import type { B } from './b';",
      "export { c } from '../c';",
      "const d = await import('./d');",
      "import './side-effect';",
      "// import { no } from './commented';",
      "/* import { no } from './block'; */"
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['$lib/a', './b', '../c', './d', './side-effect']);
  });

  test('a forbidden edge is named', () => {
    const found = forbiddenEdges(
      [{ from: 'src/lib/server/x.ts', to: 'src/lib/map/y.ts', specifier: '../map/y' }],
      RULES
    );
    expect(found).toEqual(["src/lib/server/x.ts → src/lib/map/y.ts ('../map/y')"]);
  });

  test.each(RULES)('$from imports nothing from $notFrom', (rule) => {
    expect(forbiddenEdges(edges, [rule])).toEqual([]);
  });
});
