/**
 * `npm run fuzz -- [--format F[,G…]] [--runs N] [--seed S] [--path P] [--no-huge] [--json]`:
 * property-based fuzzing of every registered format (fast-check). Each run feeds one hostile
 * input (see `scripts/fuzz/generators.ts`) and checks it (see `scripts/fuzz/checks.ts`): parse
 * never throws, streaming in a random chunking equals parse and retracts nothing, no surrogate
 * pair is split across deltas, no character is lost. Prints a table per format (runs, failures
 * of each kind — all must be 0 —, time, slowest run), progress on stderr, and for each failure
 * its seed, path, shrunk input and a one-line repro command. Exit code 1 on any failure.
 *
 * `--path P` (with `--format` and `--seed`) replays that one input and prints it in full.
 * Default: 100,000 runs per format, a random seed (printed).
 */
import { writeFileSync } from "node:fs";
import { Command } from "commander";
import pc from "picocolors";
import { checkFormats, makeTable, wholeNumber } from "./commands/ui.ts";
import { LIMIT_NAMES, realOutputs, seedsOf, type FuzzInput } from "./fuzz/generators.ts";
import type { ParserLimits } from "../parsers/types.ts";
import { fuzzFormat, replay, reproCommand, totalFailures, type FormatReport } from "./fuzz/run.ts";

const program = new Command()
  .name("fuzz")
  .description("Fuzz every registered format with hostile input (fast-check)")
  .option("-f, --format <ids>", "only these formats (comma-separated)")
  .option("-n, --runs <n>", "runs per format", wholeNumber("--runs"), 100_000)
  .option("-s, --seed <n>", "fast-check seed (default: random, printed)", wholeNumber("--seed"))
  .option("-p, --path <path>", "replay the input at this fast-check path (needs --format and --seed)")
  .option("--no-huge", "never generate the rare multi-MB inputs")
  .option("--limits <names>", `the limits runs may lower, comma-separated (default all: ${LIMIT_NAMES.join(",")})`)
  .option("--max-nest <n>", "cap the depth of the deep-nesting mutation", wholeNumber("--max-nest"))
  .option("--shrink-ms <ms>", "time budget to shrink each kind's first failure", wholeNumber("--shrink-ms"), 10_000)
  .option("--dump <file>", "with --path: write the input as JSON to this file")
  .option("--json", "print the reports as JSON")
  .parse();
const o = program.opts<{ format?: string; runs: number; seed?: number; path?: string; huge: boolean; limits?: string; maxNest?: number; shrinkMs: number; dump?: string; json?: boolean }>();

const requested = o.format ? o.format.split(",").map((s) => s.trim()).filter(Boolean) : [];
const known = checkFormats(program, requested);
const formats = requested.length > 0 ? requested : known;
const seed = o.seed ?? Math.floor(Math.random() * 2 ** 31);
const limits = o.limits === undefined ? undefined : (o.limits.split(",").map((s) => s.trim()).filter(Boolean) as (keyof ParserLimits)[]);
for (const l of limits ?? []) if (!LIMIT_NAMES.includes(l)) program.error(`unknown limit "${l}"; limits: ${LIMIT_NAMES.join(", ")}`);
const settings = { huge: o.huge, limits, maxNest: o.maxNest };

const show = (s: string, n = 600) => {
  const t = JSON.stringify(s);
  return t.length > n ? `${t.slice(0, n)}… (${s.length} chars; --dump FILE for all of it)` : t;
};
const describeInput = (i: FuzzInput) =>
  `    source:   ${i.source}\n    text:     ${show(i.text)}\n    chunking: ${JSON.stringify(i.chunking)}\n    options:  ${JSON.stringify(i.options)}`;

if (o.path !== undefined) {
  if (formats.length !== 1 || o.seed === undefined) program.error("--path needs one --format and its --seed");
  const { input, failures } = replay(formats[0], seed, o.path, settings);
  console.log(`${formats[0]} seed ${seed} path ${o.path}\n${describeInput(input)}`);
  if (o.dump) writeFileSync(o.dump, JSON.stringify(input, null, 2));
  for (const f of failures) console.log(pc.red(`  ${f.kind}: ${f.detail}`));
  console.log(failures.length ? pc.red(`${failures.length} failure(s)`) : pc.green("passes"));
  process.exit(failures.length ? 1 : 0);
}

const corpus = realOutputs();
if (corpus.warning) process.stderr.write(pc.yellow(`warning: ${corpus.warning}\n`));
const tty = process.stderr.isTTY;
process.stderr.write(`fuzz: ${formats.length} format(s), ${o.runs.toLocaleString("en")} runs each, seed ${seed}${o.huge ? "" : ", no huge inputs"}\n`);

const reports: FormatReport[] = [];
const started = performance.now();
for (const f of formats) {
  const t0 = performance.now();
  const r = fuzzFormat(f, {
    runs: o.runs,
    seed,
    ...settings,
    shrinkMs: o.shrinkMs,
    progressEvery: Math.max(100, Math.floor(o.runs / 100)),
    onProgress: (done, runs) => {
      const line = `${f}: ${done.toLocaleString("en")}/${runs.toLocaleString("en")} runs, ${((performance.now() - t0) / 1000).toFixed(1)} s`;
      if (tty) process.stderr.write(`\r${line}\x1b[K`);
      else if (done === runs) process.stderr.write(`${line}\n`);
    },
  });
  if (tty) process.stderr.write(`\r${f}: ${r.runs.toLocaleString("en")} runs in ${(r.ms / 1000).toFixed(1)} s, ${totalFailures(r)} failing\x1b[K\n`);
  reports.push(r);
}
const total = reports.reduce((n, r) => n + totalFailures(r), 0);

if (o.json) console.log(JSON.stringify({ seed, runs: o.runs, huge: o.huge, reports }, null, 2));
else {
  const zero = (n: number) => (n === 0 ? "0" : pc.red(String(n)));
  const t = makeTable(["format", "seeds", "runs", "throws", "lost chars", "retractions", "stream≠whole", "split pairs", "time (s)", "slowest run"]);
  for (const r of reports) {
    t.push([
      r.format,
      String(seedsOf(r.format).length),
      r.runs.toLocaleString("en"),
      zero(r.counts.throw),
      r.lostCheck ? zero(r.counts.lost) : `${zero(r.counts.lost)} (calls-off only)`,
      zero(r.counts.retraction),
      zero(r.counts.mismatch),
      zero(r.counts.splitPair),
      (r.ms / 1000).toFixed(1),
      `${r.slowest.ms.toFixed(0)} ms (${r.slowest.chars.toLocaleString("en")} chars, path ${r.slowest.path})`,
    ]);
  }
  console.log(t.toString());
  console.log(`seed ${seed}; ${reports.reduce((n, r) => n + r.runs, 0).toLocaleString("en")} runs in ${((performance.now() - started) / 1000).toFixed(1)} s; ${total} failing run(s)`);
  for (const r of reports) {
    for (const f of r.failures) {
      console.log(pc.red(`\n${r.format} — ${f.kind}: ${f.detail}`));
      console.log(`  seed ${f.seed}, path ${f.path}\n${describeInput(f.input)}`);
      if (f.shrunk) console.log(`  shrunk (path ${f.shrunk.path}): ${f.shrunk.detail}\n${describeInput(f.shrunk.input)}`);
      console.log(`  repro: ${reproCommand(r.format, f.seed, f.shrunk?.path ?? f.path, settings)}`);
    }
  }
}
process.exit(total ? 1 : 0);
