/**
 * One format for every benchmark's figures. A bench calls `record()` for each measure: the figure,
 * the baseline measured in the same run, and their ratio (figure ÷ baseline). `npm run bench`
 * (bench/run.ts) collects the records of every bench into bench/REPORT.md and bench/report.json;
 * a bench run on its own prints its table and writes nothing.
 */
import { appendFileSync } from 'node:fs';

export interface Measure {
  /** The bench file without `.ts`, e.g. `aggregates`. */
  bench: string;
  /** What was measured, e.g. `pyramid, district, 90 days, API p95`. */
  measure: string;
  /** The data it ran on, e.g. `server 10.0M events` or `embedded 0.18M events`. */
  dataset: string;
  /** Unit of `value` and `baselineValue`, e.g. `ms`, `points/s`, `B/point`, `req/s`. */
  unit: string;
  value: number;
  /** What the baseline is, e.g. `pgbench -M prepared, same SQL` or `typed-array scan (floor)`. */
  baseline: string;
  baselineValue: number;
  /** Whether a lower or a higher figure is better (`ms` lower, `points/s` higher). */
  better: 'lower' | 'higher';
  /** A target from the issue, e.g. `p95 < 150 ms`, with whether the figure meets it. */
  target?: { text: string; met: boolean };
  /** Further figures of the same measure (p50, p99, errors, …). */
  extra?: Record<string, number | string>;
}

/** Data sets a bench ran on: name → event counts per table. */
export interface Dataset {
  bench: string;
  dataset: string;
  engine: string;
  events: number;
  tables?: Record<string, number>;
}

type Line = { kind: 'measure'; m: Measure & { ratio: number } } | { kind: 'dataset'; d: Dataset };

const sink = process.env.BENCH_RESULTS;
const measures: (Measure & { ratio: number })[] = [];

/** Record one measure: printed at the end of the bench, and written for the report when run by `npm run bench`. */
export function record(m: Measure): void {
  const ratio = m.baselineValue === 0 ? Number.NaN : m.value / m.baselineValue;
  const full = { ...m, ratio };
  measures.push(full);
  if (sink) appendFileSync(sink, JSON.stringify({ kind: 'measure', m: full } satisfies Line) + '\n');
}

/** Record a data set a bench's measures ran on. */
export function recordDataset(d: Dataset): void {
  if (sink) appendFileSync(sink, JSON.stringify({ kind: 'dataset', d } satisfies Line) + '\n');
}

/** A figure to 3 significant digits (integers kept whole). */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 100) return Math.round(x).toLocaleString('en');
  return Number(x.toPrecision(3)).toString();
}

/** Print the measures recorded so far as a table. */
export function printMeasures(): void {
  console.table(
    measures.map((m) => ({
      dataset: m.dataset,
      measure: m.measure,
      value: `${fmt(m.value)} ${m.unit}`,
      baseline: `${fmt(m.baselineValue)} (${m.baseline})`,
      ratio: fmt(m.ratio),
      target: m.target ? `${m.target.text}: ${m.target.met ? 'met' : 'MISSED'}` : ''
    }))
  );
}

export function readLines(text: string): Line[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);
}

/** Percentile p (0–100) of samples, nearest rank. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
