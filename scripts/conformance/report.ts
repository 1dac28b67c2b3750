/**
 * The conformance run: every case of every (or one) format, whole and streamed, summarised one
 * row per format and suite. Documented disagreements are counted apart, not as failures.
 */
import { runCase } from "./check.ts";
import { allCases, hasShared } from "./corpus.ts";
import type { CaseResult, ConformanceCase } from "./types.ts";

export interface Row {
  format: string;
  suite: string;
  total: number;
  /** Whole-text parse met the expectation. */
  whole: number;
  /** Every chunking reproduced the whole-text result. */
  stream: number;
  /** Cases that failed but are documented disagreements. */
  disagreements: number;
  failed: CaseResult[];
}

export interface RunOptions {
  format?: string;
  /** Random chunkings per case besides the source's own and 1-character chunks. */
  runs?: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface Report {
  rows: Row[];
  sharedPresent: boolean;
  failures: number;
}

export function runConformance(opts: RunOptions = {}): Report {
  const cases = allCases().filter((c) => !opts.format || c.format === opts.format);
  const rows = new Map<string, Row>();
  let done = 0;
  for (const c of cases) {
    const r = runCase(c, opts.runs ?? 4, opts.seed ?? 1);
    const row = rowOf(rows, c);
    row.total++;
    if (r.whole) row.whole++;
    if (r.stream) row.stream++;
    if (r.failures.length) {
      if (c.disagreement) row.disagreements++;
      else row.failed.push(r);
    }
    opts.onProgress?.(++done, cases.length);
  }
  const list = [...rows.values()].sort((a, b) => a.format.localeCompare(b.format) || a.suite.localeCompare(b.suite));
  return { rows: list, sharedPresent: hasShared(), failures: list.reduce((n, r) => n + r.failed.length, 0) };
}

function rowOf(rows: Map<string, Row>, c: ConformanceCase): Row {
  const key = `${c.format}\u0000${c.suite}`;
  let row = rows.get(key);
  if (!row) rows.set(key, (row = { format: c.format, suite: c.suite, total: 0, whole: 0, stream: 0, disagreements: 0, failed: [] }));
  return row;
}
