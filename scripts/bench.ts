/**
 * `npm run bench`: throughput and linearity of the parsers, printed as numbers and ratios.
 *
 * (a) `parse` of ~1 MB of hermes text with 2,000 calls, MB/s, beside a baseline of `indexOf` +
 *     `JSON.parse` over the same text (what a minimal non-streaming parser does);
 * (b) the same text streamed in 4-character chunks;
 * (c) one call with 1, 4, 16 and 64 KB of arguments streamed in 4-character chunks, ms, and the
 *     16→64 KB growth factor (4× is linear; the sizes are timed in turns, growth is the median of
 *     the rounds' ratios);
 * (d) one row per format: parse MB/s of one response of 500 parallel calls as the format serialises
 *     them, and its 16→64 KB growth.
 * (e) chat-template rendering: renders/s of `renderChat` beside plain `@huggingface/jinja`.
 * Targets: (a) ≥ 0.5× baseline, (b) ≥ 0.25× (a), growth ≤ 4.5×, (e) ≤ 1.2× plain's time.
 * What is compared is timed in turns (see {@link rounds}): a ratio is the median of the rounds'
 * ratios ({@link medianRatio}), a speed or a time the best round.
 * Options: `--format ID` (only that format's row), `--json` (machine-readable), `--scale` (instead:
 * 10,000 concurrent stream parsers, see `bench-scale.ts`; with `--format`, only that format's real
 * outputs, as a server running one model sees; with `--runs K`, K runs in fresh processes summarised
 * as medians and ranges, see `bench-scale-runs.ts`).
 */
import { Command } from "commander";
import { createStreamParser, getFormat, parse } from "../parsers/index.ts";
import type { ToolCall } from "../parsers/types.ts";
import { benchRender } from "./bench-render.ts";
import { benchScale, printScale } from "./bench-scale.ts";
import { printScaleRuns, runProgress, scaleRuns } from "./bench-scale-runs.ts";
import { checkFormats, makeTable, wholeNumber } from "./commands/ui.ts";
import { fixedChunks } from "./conformance/check.ts";
import { medianRatio, rounds } from "./lib/timing.ts";

const ids = (i: number) => `id${String(i).padStart(7, "0")}`;

/** Best of `reps` timings of `fn`, in ms (see {@link rounds}). */
const time = (fn: () => void, reps = 5): number => Math.min(...rounds([fn], reps)[0]);

function calls(n: number, argBytes = 400): ToolCall[] {
  return Array.from({ length: n }, (_, i) => ({
    id: ids(i),
    type: "function" as const,
    function: { name: `tool_${i % 17}`, arguments: JSON.stringify({ city: "Paris", note: "x".repeat(argBytes), n: i, tags: ["a", "b"], nested: { ok: true, v: 1.5 } }) },
  }));
}

/** Text of `n` calls in a format, with a line of prose between calls. */
function corpus(format: string, n: number, argBytes: number): string {
  const f = getFormat(format);
  const parts: string[] = [];
  for (const c of calls(n, argBytes)) parts.push(f.serialize([c], "Let me check that for you."));
  return parts.join("\n");
}

/** Every call of the corpus counts: the default `maxCalls` (128) would turn the rest into content. */
const OPTS = { generateId: ids, limits: { maxCalls: 1e6 } };

/** `text` cut into 4-character chunks, before any timing: a server receives its chunks cut. */
const chunksOf = (text: string): string[] => fixedChunks(text, 4);

function streamChunks(format: string, chunks: string[]): void {
  const p = createStreamParser(format, OPTS);
  for (const chunk of chunks) p.push(chunk);
  p.end();
}

/** Baseline: find each `<tool_call>` … `</tool_call>` with indexOf and JSON.parse the body. */
function baseline(text: string): number {
  let n = 0;
  for (let i = text.indexOf("<tool_call>"); i >= 0; i = text.indexOf("<tool_call>", i)) {
    const end = text.indexOf("</tool_call>", i);
    const call = JSON.parse(text.slice(i + 11, end));
    n += JSON.stringify(call.arguments).length > 0 ? 1 : 0;
    i = end + 12;
  }
  return n;
}

/** Streams one call with `kb` KB of arguments in 4-character chunks (cut beforehand). */
function bigCall(format: string, kb: number): () => void {
  const text = getFormat(format).serialize([{ id: ids(0), type: "function", function: { name: "write_file", arguments: JSON.stringify({ path: "a.txt", text: "lorem ipsum ".repeat((kb * 1024) / 12) }) } }]);
  const chunks = chunksOf(text);
  return () => streamChunks(format, chunks);
}

/** One response with `n` parallel calls after a line of prose (every format can write that). */
function parallelText(format: string, n: number, argBytes: number): string {
  return getFormat(format).serialize(calls(n, argBytes), "Let me check that for you.");
}

function formatRow(format: string) {
  const text = parallelText(format, 500, 400);
  const mb = text.length / 1e6;
  const opts = OPTS;
  const r = parse(format, text, opts);
  if (r.tool_calls.length !== 500) throw new Error(`${format}: the benchmark text parsed to ${r.tool_calls.length} calls, not 500`);
  const ms = time(() => parse(format, text, opts));
  // 16 and 64 KB in turns, so that the growth is not a slow moment of the machine.
  const [r16, r64] = rounds([bigCall(format, 16), bigCall(format, 64)], 7);
  const g64 = Math.min(...r64);
  return { format, parseMBs: mb / (ms / 1000), stream64ms: g64, growth: medianRatio(r64, r16) };
}

const program = new Command()
  .name("bench")
  .description("Throughput and linearity of the parsers, as numbers and ratios (see the comment at the top of scripts/bench.ts).")
  .option("-f, --format <id>", "only this format's row (with --scale: only its real outputs)")
  .option("--json", "print JSON")
  .option("--scale", "instead: 10,000 concurrent stream parsers (scripts/bench-scale.ts)")
  .option("--semi-space <MB>", "with --scale: the young generation of its second run (node --max-semi-space-size; 0 skips it)", wholeNumber("--semi-space", 0), 64)
  .option("--runs <K>", "with --scale: K runs, each in a fresh process, summarised as medians and ranges", wholeNumber("--runs", 1), 1)
  .parse();
const o = program.opts<{ format?: string; json?: boolean; scale?: boolean; semiSpace: number; runs: number }>();
const known = checkFormats(program, o.format === undefined ? [] : [o.format]);
if (o.scale) {
  const so = { semiSpace: o.semiSpace, format: o.format };
  if (o.runs > 1) printScaleRuns(scaleRuns(so, o.runs, runProgress(o.runs)), o.json);
  else printScale(await benchScale(so), o.json);
  process.exit(0);
}

const text = corpus("hermes", 2000, 400);
const mb = text.length / 1e6;
const parsed = parse("hermes", text, OPTS);
if (parsed.tool_calls.length !== 2000 || parsed.diagnostics.length) throw new Error(`the hermes corpus parsed to ${parsed.tool_calls.length} calls (${parsed.diagnostics.length} diagnostics), not 2,000`);
const streamed = createStreamParser("hermes", OPTS);
let streamedCalls = 0;
for (const chunk of chunksOf(text)) for (const d of streamed.push(chunk)) if ("tool_calls" in d && d.tool_calls[0].id) streamedCalls++;
if (streamedCalls !== 2000) throw new Error(`the hermes corpus streamed to ${streamedCalls} calls, not 2,000`);
const chunks = chunksOf(text);
const REPS = 15;
const [rParse, rBase, rStream] = rounds([() => parse("hermes", text, OPTS), () => baseline(text), () => streamChunks("hermes", chunks)], REPS);
const [tParse, tBase, tStream] = [rParse, rBase, rStream].map((r) => Math.min(...r));
const KBS = [1, 4, 16, 64];
const sizeRounds = rounds(KBS.map((kb) => bigCall("hermes", kb)), 9);
const sizes = KBS.map((kb, i) => [kb, Math.min(...sizeRounds[i])] as const);
const growth = medianRatio(sizeRounds[3], sizeRounds[2]);
const rows = (o.format ? [o.format] : known).map(formatRow);
const render = await benchRender();

const result = {
  text: { bytes: text.length, calls: 2000 },
  rounds: REPS,
  a: { parseMBs: mb / (tParse / 1000), baselineMBs: mb / (tBase / 1000), ratio: medianRatio(rBase, rParse) },
  b: { streamMBs: mb / (tStream / 1000), ratioToParse: medianRatio(rParse, rStream) },
  c: { ms: Object.fromEntries(sizes.map(([kb, ms]) => [`${kb}KB`, ms])), growth16to64: growth },
  formats: rows,
  render,
};

if (o.json) console.log(JSON.stringify(result, null, 2));
else {
  const f2 = (n: number) => n.toFixed(2);
  console.log(`hermes corpus: ${(text.length / 1e6).toFixed(2)} MB, 2,000 calls; MB/s from the best of ${REPS} rounds, ratios the median of the ${REPS} rounds' ratios`);
  const t = makeTable(["measure", "value", "target"]);
  t.push(["(a) parse", `${f2(result.a.parseMBs)} MB/s`, ""]);
  t.push(["    baseline indexOf + JSON.parse", `${f2(result.a.baselineMBs)} MB/s`, ""]);
  t.push(["    parse / baseline", `${f2(result.a.ratio)}×`, "≥ 0.5×"]);
  t.push(["(b) stream, 4-char chunks", `${f2(result.b.streamMBs)} MB/s`, ""]);
  t.push(["    stream / parse", `${f2(result.b.ratioToParse)}×`, "≥ 0.25×"]);
  for (const [kb, ms] of sizes) t.push([`(c) one call, ${kb} KB arguments, 4-char chunks`, `${f2(ms)} ms`, ""]);
  t.push(["    growth 16 → 64 KB", `${f2(growth)}×`, "≤ 4.5×"]);
  console.log(t.toString());
  const ft = makeTable(["format", "parse MB/s", "64 KB args streamed (ms)", "growth 16→64 KB"]);
  for (const r of rows) ft.push([r.format, f2(r.parseMBs), f2(r.stream64ms), `${f2(r.growth)}×`]);
  console.log(ft.toString());
  const rt = makeTable(["render (Qwen2.5 template, conversation 06)", "renders/s", "time vs plain @huggingface/jinja", "target"]);
  rt.push(["renderChat (transformers parity)", render.ok.toFixed(0), `${f2(render.ratio)}×`, "≤ 1.2×"]);
  rt.push(["plain @huggingface/jinja, parsed once", render.plain.toFixed(0), "1.00×", ""]);
  console.log(rt.toString());
}
