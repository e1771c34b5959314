/**
 * `npm run bench [-- [--append] name …]`: run every benchmark in bench/ (or the named ones) in turn and write
 * one report — bench/REPORT.md and bench/report.json — with the machine, the versions, the data
 * sets, and for each measure the figure, the baseline measured in the same run and their ratio.
 *
 * Embedded PGlite always; a PostGIS server too when the BENCH_*_DATABASE_URL variables name one
 * (README "Benchmarks"; docs/scaling.md for the 1M and 10M runs).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, totalmem, tmpdir, platform, release } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { readLines, fmt, type Measure, type Dataset } from './lib/report';

const dir = import.meta.dirname;
const root = join(dir, '..');
// `--append`: add this run's measures to the report already written (e.g. a 1M run after the 10M one).
const append = process.argv.includes('--append');
const only = process.argv.slice(2).filter((a) => a !== '--append');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.ts$/, '')))
  .sort();

const work = mkdtempSync(join(tmpdir(), 'pingan-bench-'));
const runs: { bench: string; status: number | null; seconds: number }[] = [];
const measures: (Measure & { ratio: number })[] = [];
const datasets: Dataset[] = [];
const started = new Date();
for (const file of files) {
  const bench = file.replace(/\.ts$/, '');
  const sink = join(work, `${bench}.jsonl`);
  console.log(`\n== ${file}`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, file)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_RESULTS: sink }
  });
  runs.push({ bench, status: r.status, seconds: Math.round((performance.now() - t0) / 1000) });
  if (existsSync(sink)) {
    for (const line of readLines(readFileSync(sink, 'utf8'))) {
      if (line.kind === 'measure') measures.push(line.m);
      else datasets.push(line.d);
    }
  }
}
rmSync(work, { recursive: true, force: true });

async function serverVersions(): Promise<Record<string, string> | null> {
  const url =
    process.env.BENCH_APP_DATABASE_URL ?? process.env.BENCH_DATABASE_URL ?? process.env.BENCH_ANALYTICS_DATABASE_URL;
  if (!url) return null;
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [v] = await sql<
      { pg: string; postgis: string }[]
    >`select current_setting('server_version') as pg, postgis_lib_version() as postgis`;
    return { 'PostgreSQL server': v!.pg, 'PostGIS (server)': v!.postgis };
  } catch {
    return null;
  } finally {
    await sql.end();
  }
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const deps = { ...pkg.dependencies, ...pkg.devDependencies };
const versions: Record<string, string> = {
  node: process.version,
  ...Object.fromEntries(
    [
      '@electric-sql/pglite',
      '@electric-sql/pglite-postgis',
      'postgres',
      '@turf/turf',
      'deck.gl',
      '@deck.gl/core',
      'maplibre-gl',
      'autocannon',
      'flatbush',
      'point-in-polygon-hao',
      'playwright-core'
    ]
      .filter((n) => deps[n])
      .map((n) => [n, deps[n]!])
  ),
  ...((await serverVersions()) ?? {})
};
const cpu = cpus();
const machine = {
  cpu: `${cpu[0]?.model ?? 'unknown'} × ${cpu.length}`,
  memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
  os: `${platform()} ${release()}`,
  ci: process.env.CI === 'true'
};
if (append && existsSync(join(dir, 'report.json'))) {
  const before = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as {
    runs: typeof runs;
    datasets: Dataset[];
    measures: typeof measures;
  };
  // A rerun of a bench on a data set replaces that bench's earlier figures on it.
  const fresh = new Set(measures.map((m) => `${m.bench}|${m.dataset}`));
  const freshSets = new Set(datasets.map((d) => `${d.bench}|${d.dataset}`));
  runs.unshift(...before.runs.filter((r) => !runs.some((x) => x.bench === r.bench)));
  datasets.unshift(...before.datasets.filter((d) => !freshSets.has(`${d.bench}|${d.dataset}`)));
  measures.unshift(...before.measures.filter((m) => !fresh.has(`${m.bench}|${m.dataset}`)));
}
const report = {
  started: started.toISOString(),
  finished: new Date().toISOString(),
  machine,
  versions,
  runs,
  datasets,
  measures
};
writeFileSync(join(dir, 'report.json'), JSON.stringify(report, null, 2) + '\n');

const md: string[] = [];
md.push('# Benchmark report', '');
md.push(
  `Written by \`npm run bench\` on ${report.finished.slice(0, 16).replace('T', ' ')} UTC. Every figure sits next to a baseline measured in the same run; ratio = figure ÷ baseline.`,
  ''
);
md.push('## Machine and versions', '');
md.push(`- ${machine.cpu}, ${machine.memory}, ${machine.os}${machine.ci ? ' (CI)' : ''}`);
for (const [k, v] of Object.entries(versions)) md.push(`- ${k} ${v}`);
md.push('', '## Runs', '', '| bench | exit | seconds |', '|---|---|---|');
for (const r of runs) md.push(`| ${r.bench} | ${r.status === 0 ? 'ok' : `failed (${r.status})`} | ${r.seconds} |`);
if (datasets.length) {
  md.push('', '## Data sets', '', '| bench | data set | engine | events | rows per table |', '|---|---|---|---|---|');
  for (const d of datasets) {
    const tables = d.tables
      ? Object.entries(d.tables)
          .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
          .join(', ')
      : '';
    md.push(`| ${d.bench} | ${d.dataset} | ${d.engine} | ${d.events.toLocaleString('en')} | ${tables} |`);
  }
}
const benches = [...new Set(measures.map((m) => m.bench))];
for (const bench of benches) {
  md.push(
    '',
    `## ${bench}`,
    '',
    '| data set | measure | figure | baseline | ratio | target |',
    '|---|---|---|---|---|---|'
  );
  for (const m of measures.filter((x) => x.bench === bench)) {
    const extra = m.extra
      ? ` (${Object.entries(m.extra)
          .map(([k, v]) => `${k} ${typeof v === 'number' ? fmt(v) : v}`)
          .join(', ')})`
      : '';
    const target = m.target ? `${m.target.text}: ${m.target.met ? 'met' : '**missed**'}` : '';
    md.push(
      `| ${m.dataset} | ${m.measure} | ${fmt(m.value)} ${m.unit}${extra} | ${fmt(m.baselineValue)} ${m.unit} — ${m.baseline} | ${fmt(m.ratio)} | ${target} |`
    );
  }
}
md.push('');
writeFileSync(join(dir, 'REPORT.md'), md.join('\n'));
console.log(`\nreport: bench/REPORT.md, bench/report.json (${measures.length} measures from ${runs.length} benches)`);
process.exit(runs.some((r) => r.status !== 0) ? 1 : 0);
