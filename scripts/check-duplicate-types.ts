/**
 * Lists every exported object type of src/lib/api and the object types declared elsewhere under
 * src/routes and src/lib (interfaces, type aliases and inline type literals, in .ts files and the
 * <script> blocks of .svelte files) that have the same members: the same names, optionality and
 * (whitespace-normalised) member types. Such a pair is an answer or body shape written twice.
 *
 * Usage: `npx tsx scripts/check-duplicate-types.ts` (exit 1 when a pair is found).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** One object type: where it is and its normalised member set. */
export interface ObjectShape {
  file: string;
  line: number;
  name: string;
  exported: boolean;
  /** Sorted `name?: type` entries. */
  members: string[];
}

/** A type of src/lib/api and a structurally identical one declared elsewhere. */
export interface DuplicatePair {
  api: ObjectShape;
  other: ObjectShape;
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (/\.(ts|svelte)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The TypeScript of a file: itself, or the <script> blocks of a .svelte file (line numbers kept). */
function scriptText(path: string, text: string): string {
  if (!path.endsWith('.svelte')) return text;
  const keep = text.replace(/[^\n]/g, ' ').split('');
  for (const m of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
    const start = m.index! + m[0].indexOf('>') + 1;
    for (let i = 0; i < m[1]!.length; i++) keep[start + i] = m[1]![i]!;
  }
  return keep.join('');
}

const norm = (s: string) => s.replace(/\s+/g, ' ').replace(/;\s*}/g, ' }').trim();

function membersOf(nodes: ts.NodeArray<ts.TypeElement>, source: ts.SourceFile): string[] | null {
  const out: string[] = [];
  for (const m of nodes) {
    if (!ts.isPropertySignature(m) || !m.name || !m.type) return null;
    out.push(`${m.name.getText(source)}${m.questionToken ? '?' : ''}: ${norm(m.type.getText(source))}`);
  }
  return out.sort();
}

/** Every object type of one file with at least `minMembers` members. */
export function objectShapes(path: string, text: string, root: string, minMembers = 2): ObjectShape[] {
  const source = ts.createSourceFile(path, scriptText(path, text), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const file = relative(root, path).split('\\').join('/');
  const shapes: ObjectShape[] = [];
  const add = (node: ts.Node, name: string, exported: boolean, members: string[] | null) => {
    if (!members || members.length < minMembers) return;
    shapes.push({
      file,
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
      name,
      exported,
      members
    });
  };
  const isExported = (n: ts.Node) =>
    !!ts.getModifiers(n as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const visit = (node: ts.Node) => {
    if (ts.isInterfaceDeclaration(node)) add(node, node.name.text, isExported(node), membersOf(node.members, source));
    else if (ts.isTypeAliasDeclaration(node) && ts.isTypeLiteralNode(node.type)) {
      add(node, node.name.text, isExported(node), membersOf(node.type.members, source));
      node.type.members.forEach(visit);
      return;
    } else if (ts.isTypeLiteralNode(node)) add(node, '(inline type)', false, membersOf(node.members, source));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return shapes;
}

/** The duplicate pairs of the tree at `root`: api shapes (exported) against shapes outside src/lib/api. */
export function findDuplicateTypes(root: string): { apiTypes: ObjectShape[]; pairs: DuplicatePair[] } {
  const all = [...files(join(root, 'src/lib')), ...files(join(root, 'src/routes'))].flatMap((p) =>
    objectShapes(p, readFileSync(p, 'utf8'), root)
  );
  const apiTypes = all.filter((s) => s.file.startsWith('src/lib/api/') && s.exported);
  const others = all.filter((s) => !s.file.startsWith('src/lib/api/'));
  const key = (s: ObjectShape) => s.members.join('\n');
  const byKey = new Map<string, ObjectShape[]>();
  for (const o of others) byKey.set(key(o), [...(byKey.get(key(o)) ?? []), o]);
  const pairs = apiTypes.flatMap((api) => (byKey.get(key(api)) ?? []).map((other) => ({ api, other })));
  return { apiTypes, pairs };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
  const { apiTypes, pairs } = findDuplicateTypes(root);
  console.log(`${apiTypes.length} exported object types under src/lib/api; ${pairs.length} declared again elsewhere`);
  for (const { api, other } of pairs)
    console.log(`${api.file}:${api.line} ${api.name} = ${other.file}:${other.line} ${other.name}`);
  process.exitCode = pairs.length ? 1 : 0;
}
