/**
 * `npm run bench -- --scale --runs K` (or `tsx scripts/bench-scale.ts --runs K`): the scale
 * benchmark K times, each in a fresh process, summarised as the median and range of each figure.
 *
 * One run's ratios move with the machine (a shared VM's speed drifts by up to 2× within an hour,
 * and each process lays out its heap and compiles its code anew): a figure worth quoting is the
 * median of several runs, the spread beside it. Each run is `scripts/bench-scale.ts --json` with
 * the same options; a run takes about half a minute.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ScaleOptions, ScaleResult } from "./bench-scale.ts";
import { makeTable } from "./commands/ui.ts";
import { median } from "./lib/timing.ts";

/** The script each run executes (imported by type only: it imports this file). */
const BENCH_SCALE = fileURLToPath(new URL("./bench-scale.ts", import.meta.url));

/**
 * Runs `bench-scale.ts` in a fresh process with `o` and returns its result (the `--json` output).
 * `nodeFlags` go to node (e.g. `--max-semi-space-size=64`); throws with the child's stderr if it fails.
 */
export function scaleInChild(o: ScaleOptions, nodeFlags: string[] = []): ScaleResult {
  const args = ["--json", "--semi-space", String(o.semiSpace ?? 64)];
  if (o.modesOnly) args.push("--modes-only");
  if (o.streams !== undefined) args.push("--streams", String(o.streams));
  if (o.chunk !== undefined) args.push("--chunk", String(o.chunk));
  if (o.reps !== undefined) args.push("--reps", String(o.reps));
  if (o.format !== undefined) args.push("--format", o.format);
  const flags = process.execArgv.filter((f) => !f.startsWith("--max-semi-space-size") && f !== "--expose-gc");
  const child = spawnSync(process.execPath, [...flags, "--expose-gc", ...nodeFlags, BENCH_SCALE, ...args], {
    encoding: "utf8",
    env: { ...process.env, TOOLWIRE_SCALE_CHILD: "1" },
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`bench-scale: a child run (${[...nodeFlags, ...args].join(" ")}) failed:\n${child.stderr}`);
  return JSON.parse(child.stdout) as ScaleResult;
}


/** The figures printed under the parser's ratio, in order, with their labels (both printers). */
export const ROWS = {
  reference: "reference: a stand-in parser, same harness",
  uniform: "reference: a character loop, about as much work a push",
  grouped: "control: same streams, equal outputs adjacent",
  scattered: "control: same streams, another scattered order each round",
  minimal: "reference: a minimal Hermes parser, its state one object",
} as const;
export type Row = keyof typeof ROWS;
const rowKeys = Object.keys(ROWS) as Row[];

/** Median, least and greatest of some numbers (at least one). */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface ScaleRuns extends Partial<Record<Row, Spread>> {
  runs: ScaleResult[];
  /** interleaved / alone with V8's defaults, and the other ratios, over the runs (absent when the
   *  runs did not measure them: `semiSpace` 0, `modesOnly`, `minimal` without `--format hermes`). */
  ratio: Spread;
  youngGen?: Spread;
  /** Retained heap per idle stream (bytes) and heap growth of the interleaved run (MB). */
  idleBytes: Spread;
  growthMB: Spread;
}

function spread(xs: number[]): Spread {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

/** A figure over the runs that measured it, or undefined when none did. */
function over(runs: ScaleResult[], get: (r: ScaleResult) => number | undefined): Spread | undefined {
  const xs = runs.map(get).filter((x): x is number => x !== undefined);
  return xs.length > 0 ? spread(xs) : undefined;
}

/** Runs the scale benchmark `k` times in fresh processes; `onRun(i)` is called before run i (from 1). */
export function scaleRuns(o: ScaleOptions, k: number, onRun: (i: number) => void = () => {}): ScaleRuns {
  const runs: ScaleResult[] = [];
  for (let i = 1; i <= k; i++) {
    onRun(i);
    runs.push(scaleInChild(o));
  }
  return {
    runs,
    ratio: spread(runs.map((r) => r.ratio)),
    youngGen: over(runs, (r) => r.youngGen?.ratio),
    ...Object.fromEntries(rowKeys.map((k) => [k, over(runs, (r) => r[k]?.ratio)])),
    idleBytes: spread(runs.map((r) => r.idle.bytesPerStream)),
    growthMB: spread(runs.map((r) => r.peakHeapGrowthMB)),
  };
}

/** An `onRun` for {@link scaleRuns} that shows "run i of k" on a terminal (stderr), else nothing. */
export function runProgress(k: number): (i: number) => void {
  if (!process.stderr.isTTY) return () => {};
  return (i) => process.stderr.write(`${i > 1 ? "\r\x1b[K" : ""}bench-scale: run ${i} of ${k}…${i === k ? "\n" : ""}`);
}

/** Prints the summary as a table (or JSON, with every run). */
export function printScaleRuns(s: ScaleRuns, json = false): void {
  if (json) return console.log(JSON.stringify(s, null, 2));
  const r0 = s.runs[0];
  console.log(`${s.runs.length} runs, each in a fresh process: ${r0.streams.toLocaleString("en")} stream parsers, ${r0.texts.toLocaleString("en")} distinct real outputs (round-robin), ${r0.chunk}-character chunks`);
  const ratio = (x: Spread) => `${x.median.toFixed(2)}× (${x.min.toFixed(2)}–${x.max.toFixed(2)})`;
  const t = makeTable(["measure", "median (range)", "target"]);
  t.push(["interleaved / one stream at a time", ratio(s.ratio), "≥ 0.7×"]);
  if (s.youngGen) t.push([`    with --max-semi-space-size=${r0.youngGen!.semiSpaceMB}`, ratio(s.youngGen), "≥ 0.7×"]);
  for (const k of rowKeys) {
    const x = s[k];
    if (x) t.push([`    ${ROWS[k]}`, ratio(x), ""]);
  }
  t.push(["heap growth, interleaved run (MB)", `${s.growthMB.median.toFixed(1)} (${s.growthMB.min.toFixed(1)}–${s.growthMB.max.toFixed(1)})`, ""]);
  const kb = (b: number) => (b / 1024).toFixed(2);
  t.push(["retained heap per idle stream (KB)", `${kb(s.idleBytes.median)} (${kb(s.idleBytes.min)}–${kb(s.idleBytes.max)})`, "a few KB + tail"]);
  console.log(t.toString());
}
