/**
 * `tsx scripts/bench-scale.ts [--streams N] [--chunk C] [--reps R] [--semi-space MB] [--format ID] [--runs K] [--json]`
 * (and `benchScale()` for `npm run bench -- --scale`): many concurrent stream parsers in one process.
 * `--runs K` repeats it in K fresh processes and prints medians and ranges (`bench-scale-runs.ts`).
 *
 * - Opens N (default 10,000) stream parsers, each given a real output of its format (the texts of
 *   `allCases()`, assigned round-robin, with their cases' options), and feeds them interleaved:
 *   one C-character chunk (default 4) to each parser in turn, round after round, to the end.
 *   Throughput (MB/s of model text) is printed beside the same texts fed one stream at a time,
 *   to the end before the next (ratio; target ≥ 0.7×), with the peak heap of the interleaved run.
 *   The modes are timed in rounds, each once per round: throughput is the best round, a ratio the
 *   median of the rounds' ratios (as in bench.ts); with the GC time inside each run
 *   (PerformanceObserver "gc" entries). No GC is forced before a timed run: a forced full GC
 *   makes the run after it about twice as slow on V8 (it throws away what the JIT and the heap
 *   had tuned), which no server sees.
 * - Reference: the same harness and texts with a stand-in parser that only keeps a small buffer
 *   and returns one content delta per chunk: its interleaved/alone ratio is what the harness costs
 *   any parser. A second stand-in also runs a character-level state machine over each chunk
 *   (JSON strings, escapes, nesting) as many times as makes its time one stream at a time about
 *   the parser's: as much work per push, on the same path for every stream and state.
 * - Reference with `--format hermes`: a minimal Hermes parser whose whole state is one object of
 *   plain fields (`MinimalHermes`: no generators or nested readers, and less work than the engine),
 *   timed like the parser: whether a parser built that way interleaves better.
 * - Controls: the same streams interleaved again in two other orders (the same parsers, chunks and
 *   work; only which push follows which changes). Grouped: streams given the same output are fed
 *   one after another in each round, so consecutive pushes repeat the path the CPU just took
 *   through the engine and touch state laid out alike. Scattered: each round visits the streams
 *   from another start with a large stride, so no push is near the one before it in memory:
 *   against round-robin, what the order of memory accesses alone costs.
 * - Retained heap per idle stream: N parsers each fed half of its text, then a forced GC; the heap
 *   growth divided by N, beside the average undecided tail each parser keeps (its cursor buffer
 *   and the undecided text held apart, read through a cast). Target: a few KB per stream plus its
 *   undecided tail.
 *
 * - The same two modes again in a child process whose young generation is larger
 *   (`node --max-semi-space-size=MB`, default 64; `--semi-space 0` skips it). Interleaved, every
 *   stream's state outlives several scavenges: V8 copies it within the young generation and then
 *   promotes it, which one stream fed alone never pays. A server holding thousands of open
 *   streams can give the young generation room; this row shows what that changes.
 *
 * It takes about half a minute; on a terminal it shows the round it is in (on stderr).
 *
 * A forced GC needs `gc()`: run alone, the script re-runs itself under `node --expose-gc` when
 * the flag is not in `process.execArgv` (so every number comes from a process started with it);
 * called as a function from a process without the flag, it sets the flag at run time
 * (`v8.setFlagsFromString("--expose-gc")`, then takes `gc` from a new `vm` context), which works
 * the same for these measurements, and says so in the result (`gc`).
 */
import { spawnSync } from "node:child_process";
import { Command, Option } from "commander";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PerformanceObserver } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createStreamParser } from "../parsers/index.ts";
import type { ParseOptions, StreamParser } from "../parsers/types.ts";
import { checkFormats, makeTable, wholeNumber } from "./commands/ui.ts";
import { printScaleRuns, ROWS, runProgress, scaleInChild, scaleRuns, type Row } from "./bench-scale-runs.ts";
import { LoopStandIn, MinimalHermes, StandIn } from "./bench-scale-standins.ts";
import { medianRatio, rounds } from "./lib/timing.ts";
import { realOutputs } from "./fuzz/outputs.ts";

export interface ScaleOptions {
  streams?: number;
  chunk?: number;
  /** Rounds: each mode timed once per round. Default 7. */
  reps?: number;
  /** The young generation's semi-space (MB) of the second run, in a child process; 0: none. Default 64. */
  semiSpace?: number;
  /** Only this format's real outputs (a format id), as a server running one model sees. Default: all. */
  format?: string;
  /** Time only the parser's two modes, not the references and the control (the child run of
   *  `semiSpace` needs no more). */
  modesOnly?: boolean;
}

/** What is timed in each round (see the file comment). */
type Mode = "alone" | "interleaved" | "refAlone" | "refInterleaved" | "loopAlone" | "loopInterleaved" | "grouped" | "scattered" | "minimalAlone" | "minimalInterleaved";

export interface ScaleResult {
  streams: number;
  chunk: number;
  /** Distinct real outputs the streams were given (round-robin). */
  texts: number;
  /** Model text fed in total, in millions of UTF-16 code units. */
  mchars: number;
  /** Best of `reps` rounds; `gcMs`: time in garbage collection during that run. */
  interleaved: { ms: number; MBs: number; gcMs: number };
  alone: { ms: number; MBs: number; gcMs: number };
  /** interleaved / alone throughput, the median of the rounds' ratios (target ≥ 0.7). */
  ratio: number;
  /** The same two runs with a stand-in parser that does almost nothing (see the file comment);
   *  absent with `modesOnly`, as are `uniform` and `grouped`. */
  reference?: { interleavedMs: number; aloneMs: number; ratio: number };
  /** The same with the character-loop stand-in (see the file comment), `passes` times per chunk. */
  uniform?: { interleavedMs: number; aloneMs: number; ratio: number; passes: number };
  /** The interleaved run with streams of the same output adjacent (see the file comment). */
  grouped?: { ms: number; ratio: number };
  /** The interleaved run in another scattered order each round (see the file comment). */
  scattered?: { ms: number; ratio: number };
  /** The two modes with the minimal one-object Hermes parser (only with `format` "hermes"). */
  minimal?: { interleavedMs: number; aloneMs: number; ratio: number };
  /** Heap in use at the peak of the interleaved run, and above the heap before it. */
  peakHeapMB: number;
  peakHeapGrowthMB: number;
  idle: {
    /** Heap per stream parser fed half of its text, after a GC. */
    bytesPerStream: number;
    /** Average undecided tail each keeps (its cursor's buffer and held text), UTF-16 code units and bytes. */
    undecidedChars: number;
    undecidedBytes: number;
  };
  /** How `gc()` was had: `--expose-gc` given to node, or the flag set at run time. */
  gc: "--expose-gc" | "runtime flag";
  /** The same measurement in a child process run with `--max-semi-space-size` (see the file comment). */
  youngGen?: { semiSpaceMB: number; interleaved: ScaleResult["interleaved"]; alone: ScaleResult["alone"]; ratio: number };
}

interface Job {
  format: string;
  text: string;
  options: ParseOptions;
}

const ids = (i: number) => `call_${i}`;

function getGc(): { gc: () => void; how: ScaleResult["gc"] } {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === "function") return { gc: g, how: "--expose-gc" };
  setFlagsFromString("--expose-gc");
  return { gc: runInNewContext("gc") as () => void, how: "runtime flag" };
}

type Open = (j: Job) => StreamParser;
const openParser: Open = (j) => createStreamParser(j.format, { ...j.options, generateId: ids });
const openStandIn: Open = () => new StandIn();
const openMinimal: Open = () => new MinimalHermes();

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Feeds every job one chunk in turn, round after round; returns the peak heap seen. With
 * `scatter`, each round visits the streams still open in another order: from another start, with
 * a stride near 0.618 of their number (coprime with it), so no push is near the one before it in
 * memory and consecutive rounds differ.
 */
function interleaved(jobs: Job[], chunk: number, upTo: (j: Job) => number, end: boolean, open: Open = openParser, scatter = false): { parsers: StreamParser[]; peak: number } {
  const parsers = jobs.map(open);
  const ends = jobs.map(upTo);
  // The streams still being fed, compacted as they finish.
  let active = jobs.map((_, i) => i).filter((i) => ends[i] > 0);
  if (end) for (let i = 0; i < jobs.length; i++) if (ends[i] === 0) parsers[i].end();
  const fed = new Uint8Array(jobs.length);
  let peak = 0;
  for (let off = 0, round = 0; active.length > 0; off += chunk, round++) {
    const n = active.length;
    let step = scatter ? (Math.floor(n * 0.6180339887) + (round % 17)) % n : 1;
    while (scatter && gcd(step, n) !== 1) step++;
    for (let v = 0, at = scatter ? (round * 7919) % n : 0; v < n; v++) {
      const i = active[at];
      const stop = ends[i];
      parsers[i].push(jobs[i].text.slice(off, Math.min(off + chunk, stop)));
      if (off + chunk >= stop) {
        fed[i] = 1;
        if (end) parsers[i].end();
      }
      at += step;
      if (at >= n) at -= n;
    }
    let k = 0;
    for (let v = 0; v < n; v++) if (fed[active[v]] === 0) active[k++] = active[v];
    active.length = k;
    if (round % 64 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  active = [];
  return { parsers, peak: Math.max(peak, process.memoryUsage().heapUsed) };
}

function alone(jobs: Job[], chunk: number, open: Open = openParser): void {
  for (const j of jobs) {
    const p = open(j);
    const t = j.text;
    for (let off = 0; off < t.length; off += chunk) p.push(t.slice(off, off + chunk));
    p.end();
  }
}

/** GC pauses (PerformanceObserver "gc" entries, delivered asynchronously: read after each run). */
const gcLog: { at: number; ms: number }[] = [];
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcLog.push({ at: e.startTime, ms: e.duration });
});

/** One timed run of `fn`: its time and the GC time inside it. */
async function timed(fn: () => void): Promise<{ ms: number; gcMs: number }> {
  await new Promise((r) => setImmediate(r));
  const t = performance.now();
  fn();
  const ms = performance.now() - t;
  await new Promise((r) => setTimeout(r, 50)); // let the observer deliver the run's gc entries
  return { ms, gcMs: gcLog.filter((g) => g.at >= t && g.at <= t + ms).reduce((a, g) => a + g.ms, 0) };
}

type Timing = { ms: number; gcMs: number };
const best = (ts: Timing[]): Timing => ts.reduce((a, b) => (b.ms < a.ms ? b : a));
/** The speed of `num` relative to `den`, both timed once per round: the median of the rounds'
 *  `den` / `num` time ratios (see {@link medianRatio}). */
const speedRatio = (num: Timing[], den: Timing[]): number =>
  medianRatio(
    den.map((t) => t.ms),
    num.map((t) => t.ms),
  );

/** Runs the scale benchmark (see the file comment). */
export async function benchScale(o: ScaleOptions = {}): Promise<ScaleResult> {
  observer.observe({ entryTypes: ["gc"] });
  let r: ScaleResult;
  try {
    r = await run(o);
  } finally {
    observer.disconnect();
    gcLog.length = 0;
  }
  const semi = o.semiSpace ?? 64;
  if (semi > 0) r.youngGen = youngGenRun(o, semi);
  return r;
}

/** Runs this script in a child process with `--max-semi-space-size=semi` and returns its modes. */
function youngGenRun(o: ScaleOptions, semi: number): ScaleResult["youngGen"] {
  const r = scaleInChild({ ...o, semiSpace: 0, modesOnly: true }, [`--max-semi-space-size=${semi}`]);
  return { semiSpaceMB: semi, interleaved: r.interleaved, alone: r.alone, ratio: r.ratio };
}

async function run(o: ScaleOptions): Promise<ScaleResult> {
  const streams = o.streams ?? 10_000;
  const chunk = o.chunk ?? 4;
  const seeds = realOutputs().seeds.filter((s) => s.text.length > 0 && (o.format === undefined || s.id.startsWith(`${o.format}:`)));
  if (seeds.length === 0) throw new Error(`bench-scale: no real outputs${o.format === undefined ? "" : ` of format "${o.format}"`}`);
  const jobs: Job[] = Array.from({ length: streams }, (_, i) => {
    const s = seeds[i % seeds.length];
    return { format: s.id.slice(0, s.id.indexOf(":")), text: s.text, options: s.options };
  });
  const chars = jobs.reduce((n, j) => n + j.text.length, 0);
  const { gc, how } = getGc();

  // Warm up both paths (the minimal Hermes parser's too, when it is timed).
  const hermes = o.format === "hermes" && !o.modesOnly;
  for (const open of hermes ? [openParser, openMinimal] : [openParser]) {
    alone(jobs.slice(0, 2000), chunk, open);
    interleaved(jobs.slice(0, 2000), chunk, (j) => j.text.length, true, open);
  }
  // The loop stand-in's passes: its time one stream at a time about the parser's, from the best of
  // three rounds after warm-up (time = the plain stand-in's + passes × the time of one pass).
  let passes = 0;
  if (!o.modesOnly) {
    const probe = 16;
    const loopProbe: Open = () => new LoopStandIn(probe);
    const [tParser, tPlain, tProbe] = rounds([() => alone(jobs, chunk), () => alone(jobs, chunk, openStandIn), () => alone(jobs, chunk, loopProbe)], 3).map((ts) => Math.min(...ts));
    passes = Math.max(1, Math.min(1024, Math.round((probe * (tParser - tPlain)) / Math.max(tProbe - tPlain, 1e-3))));
  }
  const openLoop: Open = () => new LoopStandIn(passes);
  // The control's order: stable by output, so equal outputs are adjacent (see the file comment).
  const grouped = jobs.map((j, i) => ({ j, k: i % seeds.length })).sort((a, b) => a.k - b.k).map((x) => x.j);
  let peak = 0;
  let growth = 0;
  const whole = (j: Job) => j.text.length;
  const modes: Record<Mode, () => void> = {
    alone: () => alone(jobs, chunk),
    interleaved: () => {
      const before = process.memoryUsage().heapUsed;
      const run = interleaved(jobs, chunk, whole, true);
      peak = Math.max(peak, run.peak);
      growth = Math.max(growth, run.peak - before);
    },
    refAlone: () => alone(jobs, chunk, openStandIn),
    refInterleaved: () => interleaved(jobs, chunk, whole, true, openStandIn),
    loopAlone: () => alone(jobs, chunk, openLoop),
    loopInterleaved: () => interleaved(jobs, chunk, whole, true, openLoop),
    grouped: () => interleaved(grouped, chunk, whole, true),
    scattered: () => interleaved(jobs, chunk, whole, true, openParser, true),
    minimalAlone: () => alone(jobs, chunk, openMinimal),
    minimalInterleaved: () => interleaved(jobs, chunk, whole, true, openMinimal),
  };
  // Every mode once per round, the rounds in turn, so that a busy moment slows all alike.
  const names = (o.modesOnly ? ["alone", "interleaved"] : Object.keys(modes).filter((m) => hermes || !m.startsWith("minimal"))) as Mode[];
  const t = Object.fromEntries(names.map((m) => [m, [] as Timing[]])) as Record<Mode, Timing[]>;
  const reps = o.reps ?? 7;
  const progress = process.stderr.isTTY && !o.modesOnly;
  for (let r = 0; r < reps; r++) {
    if (progress) process.stderr.write(`\rbench-scale: round ${r + 1} of ${reps}…`);
    for (const m of names) t[m].push(await timed(modes[m]));
  }
  if (progress) process.stderr.write("\r\x1b[K");

  // Idle streams: each fed half of its text, then measured after a GC.
  gc();
  const base = process.memoryUsage().heapUsed;
  const { parsers } = interleaved(jobs, chunk, (j) => Math.floor(j.text.length / 2), false);
  gc();
  const held = process.memoryUsage().heapUsed - base;
  const undecided = parsers.reduce((n, p) => {
    const c = (p as unknown as { cur: { buf: string; back: string } }).cur;
    return n + c.buf.length + c.back.length;
  }, 0) / streams;
  const keep = parsers.length; // keeps the parsers alive through the measurement

  const mb = chars / 1e6;
  const speed = (ts: Timing[]) => ({ ms: best(ts).ms, MBs: mb / (best(ts).ms / 1000), gcMs: best(ts).gcMs });
  /** A stand-in's two modes; an order of the parser's streams against the parser alone. */
  const pair = (inter: Timing[], one: Timing[]) => ({ interleavedMs: best(inter).ms, aloneMs: best(one).ms, ratio: speedRatio(inter, one) });
  const order = (ts: Timing[]) => ({ ms: best(ts).ms, ratio: speedRatio(ts, t.alone) });
  return {
    streams: keep,
    chunk,
    texts: Math.min(seeds.length, streams),
    mchars: mb,
    interleaved: speed(t.interleaved),
    alone: speed(t.alone),
    ratio: speedRatio(t.interleaved, t.alone),
    ...(o.modesOnly
      ? {}
      : {
          reference: pair(t.refInterleaved, t.refAlone),
          uniform: { ...pair(t.loopInterleaved, t.loopAlone), passes },
          grouped: order(t.grouped),
          scattered: order(t.scattered),
          ...(hermes ? { minimal: pair(t.minimalInterleaved, t.minimalAlone) } : {}),
        }),
    peakHeapMB: peak / 1e6,
    peakHeapGrowthMB: growth / 1e6,
    idle: { bytesPerStream: held / streams, undecidedChars: undecided, undecidedBytes: undecided * 2 },
    gc: how,
  };
}

/** Prints a result as a table (or JSON). */
export function printScale(r: ScaleResult, json = false): void {
  if (json) return console.log(JSON.stringify(r, null, 2));
  const f2 = (n: number) => n.toFixed(2);
  console.log(`${r.streams.toLocaleString("en")} stream parsers, ${r.texts.toLocaleString("en")} distinct real outputs (round-robin), ${f2(r.mchars)} M characters, ${r.chunk}-character chunks; gc via ${r.gc}`);
  const t = makeTable(["measure", "value", "target"]);
  t.push(["interleaved (one chunk to each stream in turn)", `${f2(r.interleaved.MBs)} MB/s (${r.interleaved.ms.toFixed(0)} ms, of which GC ${r.interleaved.gcMs.toFixed(0)} ms)`, ""]);
  t.push(["one stream at a time", `${f2(r.alone.MBs)} MB/s (${r.alone.ms.toFixed(0)} ms, of which GC ${r.alone.gcMs.toFixed(0)} ms)`, ""]);
  t.push(["    interleaved / alone", `${f2(r.ratio)}×`, "≥ 0.7×"]);
  for (const k of Object.keys(ROWS) as Row[]) {
    const x: ScaleResult[Row] = r[k];
    if (!x) continue;
    const times = "ms" in x ? `${x.ms.toFixed(0)} ms` : `${x.interleavedMs.toFixed(0)} ms vs ${x.aloneMs.toFixed(0)} ms${"passes" in x ? `, ${x.passes} passes a chunk` : ""}`;
    t.push([`    ${ROWS[k]}`, `${f2(x.ratio)}× (${times})`, ""]);
  }
  const y = r.youngGen;
  if (y) {
    t.push([`with --max-semi-space-size=${y.semiSpaceMB}: interleaved`, `${f2(y.interleaved.MBs)} MB/s (${y.interleaved.ms.toFixed(0)} ms, of which GC ${y.interleaved.gcMs.toFixed(0)} ms)`, ""]);
    t.push([`with --max-semi-space-size=${y.semiSpaceMB}: one at a time`, `${f2(y.alone.MBs)} MB/s (${y.alone.ms.toFixed(0)} ms, of which GC ${y.alone.gcMs.toFixed(0)} ms)`, ""]);
    t.push(["    interleaved / alone", `${f2(y.ratio)}×`, "≥ 0.7×"]);
  }
  t.push(["peak heap, interleaved run", `${f2(r.peakHeapMB)} MB (+${f2(r.peakHeapGrowthMB)} MB)`, ""]);
  t.push(["retained heap per idle stream (half fed)", `${(r.idle.bytesPerStream / 1024).toFixed(2)} KB`, "a few KB + tail"]);
  t.push(["    of which undecided tail (cursor buffer)", `${(r.idle.undecidedBytes / 1024).toFixed(2)} KB (${r.idle.undecidedChars.toFixed(0)} chars)`, ""]);
  console.log(t.toString());
}

const isMain = (() => {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (isMain) {
  const args = process.argv.slice(2);

  const program = new Command()
    .name("bench-scale")
    .description("Many concurrent stream parsers in one process (see the comment at the top of scripts/bench-scale.ts).")
    .option("--streams <N>", "stream parsers open at once", wholeNumber("--streams", 1), 10_000)
    .option("--chunk <C>", "characters per chunk", wholeNumber("--chunk", 1), 4)
    .option("--reps <R>", "rounds, each mode timed once per round", wholeNumber("--reps", 1), 7)
    .option("--semi-space <MB>", "the young generation of the second run (node --max-semi-space-size); 0 skips it", wholeNumber("--semi-space", 0), 64)
    .option("--format <ID>", "only this format's real outputs (one model's server); default: every format's")
    .option("--runs <K>", "the whole benchmark K times, each in a fresh process: medians and ranges", wholeNumber("--runs", 1), 1)
    .addOption(new Option("--modes-only", "time only the parser's two modes (used by the --semi-space run)").hideHelp())
    .option("--json", "print JSON")
    .parse(process.argv);
  const o = program.opts<{ streams: number; chunk: number; reps: number; semiSpace: number; format?: string; runs: number; modesOnly?: boolean; json?: boolean }>();
  checkFormats(program, o.format === undefined ? [] : [o.format]);
  const hasGc = process.execArgv.includes("--expose-gc") || typeof (globalThis as { gc?: unknown }).gc === "function";
  if (!hasGc && !process.env.TOOLWIRE_SCALE_CHILD) {
    // Re-run under --expose-gc, keeping the loader flags tsx gave this process.
    const r = spawnSync(process.execPath, [...process.execArgv, "--expose-gc", process.argv[1], ...args], { stdio: "inherit", env: { ...process.env, TOOLWIRE_SCALE_CHILD: "1" } });
    process.exit(r.status ?? 1);
  }
  const so: ScaleOptions = { streams: o.streams, chunk: o.chunk, reps: o.reps, semiSpace: o.semiSpace, format: o.format, modesOnly: o.modesOnly };
  if (o.runs > 1) {
    printScaleRuns(scaleRuns(so, o.runs, runProgress(o.runs)), o.json);
  } else printScale(await benchScale(so), o.json);
}
