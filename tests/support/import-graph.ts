/**
 * The static import graph of src: every `import … from '…'`, `export … from '…'` and
 * `import('…')` of each .ts / .svelte file, resolved ($lib and relative paths) to a file under
 * src. Package imports ('zod', '@sveltejs/kit', '$app/…', '$env/…') are left out.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** One import: `from` and `to` relative to the repository root, with forward slashes. */
export interface ImportEdge {
  from: string;
  to: string;
  /** The specifier as written. */
  specifier: string;
}

/** Every .ts and .svelte file under `dir` (absolute paths). */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|svelte)$/.test(name)) out.push(path);
  }
  return out;
}

// from '…', import '…', import('…'), export … from '…'; comments are stripped first.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

/** The module specifiers a file's text imports (comments removed first). */
export function importSpecifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/[^\n]*/g, '$1');
  return [...code.matchAll(SPECIFIER)].map((m) => m[1]!);
}

/** The file a specifier names, or null for a package or a path that does not exist. */
export function resolveSpecifier(root: string, fromFile: string, specifier: string): string | null {
  let base: string;
  if (specifier === '$lib' || specifier.startsWith('$lib/')) base = join(root, 'src/lib', specifier.slice(4));
  else if (specifier.startsWith('.')) base = resolve(dirname(fromFile), specifier);
  else return null;
  const candidates = [base, `${base}.ts`, `${base}.js`, `${base.replace(/\.js$/, '.ts')}`, join(base, 'index.ts')];
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return c;
  return null;
}

/** The import edges of every source file under `root`/src. */
export function importGraph(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const rel = (p: string) => relative(root, p).split('\\').join('/');
  for (const file of sourceFiles(join(root, 'src'))) {
    for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
      const target = resolveSpecifier(root, file, specifier);
      if (target) edges.push({ from: rel(file), to: rel(target), specifier });
    }
  }
  return edges;
}

/** A rule: no file under `from` imports a file under any of `notFrom`. */
export interface ImportRule {
  from: string;
  notFrom: string[];
}

/** The edges that break a rule, as `from → to ('specifier')` lines. */
export function forbiddenEdges(edges: ImportEdge[], rules: ImportRule[]): string[] {
  const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);
  return edges
    .filter((e) => rules.some((r) => under(e.from, r.from) && r.notFrom.some((d) => under(e.to, d))))
    .map((e) => `${e.from} → ${e.to} ('${e.specifier}')`);
}
