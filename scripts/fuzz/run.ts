/**
 * The fuzz loop for one format: fast-check generates {@link FuzzInput}s from a seed, every run is
 * checked ({@link checkInput}) and counted, and the first failure of each kind is shrunk and kept
 * with the seed and path that replay it (`fc.sample(arbitrary, { seed, path })` gives the same
 * input back, see {@link replay}).
 *
 * The property itself always holds, so fast-check runs all `runs` inputs and the counts are real
 * counts; run `i` (from 0) has path `"i"`. Shrinking then replays that path with a property that
 * fails on the same kind, under a time budget.
 */
import fc from "fast-check";
import { checkInput, FAILURE_KINDS, lostCheckAvailable, type Failure, type FailureKind } from "./checks.ts";
import { fuzzInputs, type FuzzInput, type GeneratorSettings } from "./generators.ts";

export interface FuzzSettings extends GeneratorSettings {
  runs: number;
  seed: number;
  /** Called every `progressEvery` runs (default 500) and at the end. */
  onProgress?: (done: number, runs: number) => void;
  progressEvery?: number;
  /** Time budget for shrinking each kind's first failure, ms (default 10,000; 0: no shrinking). */
  shrinkMs?: number;
}

export interface FoundFailure {
  kind: FailureKind;
  detail: string;
  /** What groups it with other failures of the same cause (see `Failure.signature`). */
  signature: string;
  /** Replays the original failing input. */
  seed: number;
  path: string;
  input: FuzzInput;
  /** The shrunk input, its path and what failed on it (when shrinking found a smaller one). */
  shrunk?: { path: string; input: FuzzInput; detail: string };
}

export interface FormatReport {
  format: string;
  runs: number;
  /** Runs that failed each check. */
  counts: Record<FailureKind, number>;
  failures: FoundFailure[];
  ms: number;
  /** UTF-16 code units fuzzed. */
  chars: number;
  slowest: { ms: number; path: string; chars: number; source: string };
  /** Whether the traced lost-character check (check 2) ran. */
  lostCheck: boolean;
}

/** Distinct failure signatures kept (and shrunk) per kind and format. */
const MAX_SIGNATURES = 4;

export const totalFailures = (r: FormatReport) => FAILURE_KINDS.reduce((n, k) => n + r.counts[k], 0);

/** Fuzzes one format. Never throws on a failing check: failures are counted and reported. */
export function fuzzFormat(format: string, s: FuzzSettings): FormatReport {
  const arb = fuzzInputs(format, s);
  const counts = Object.fromEntries(FAILURE_KINDS.map((k) => [k, 0])) as Record<FailureKind, number>;
  /** The first failure of each signature (at most MAX_SIGNATURES per kind). */
  const first = new Map<string, { kind: FailureKind; signature: string; index: number; input: FuzzInput; detail: string }>();
  const perKind = new Map<FailureKind, number>();
  const slowest = { ms: 0, path: "0", chars: 0, source: "" };
  const every = s.progressEvery ?? 500;
  let i = 0;
  let chars = 0;
  const t0 = performance.now();
  fc.check(
    fc.property(arb, (input) => {
      const index = i++;
      const t = performance.now();
      const failures = checkInput(format, input);
      const dt = performance.now() - t;
      chars += input.text.length;
      if (dt > slowest.ms) Object.assign(slowest, { ms: dt, path: String(index), chars: input.text.length, source: input.source });
      const kinds = new Set<FailureKind>();
      for (const f of failures) {
        kinds.add(f.kind);
        const key = `${f.kind}\0${f.signature}`;
        if (!first.has(key) && (perKind.get(f.kind) ?? 0) < MAX_SIGNATURES) {
          first.set(key, { kind: f.kind, signature: f.signature, index, input, detail: f.detail });
          perKind.set(f.kind, (perKind.get(f.kind) ?? 0) + 1);
        }
      }
      for (const k of kinds) counts[k]++;
      if (s.onProgress && i % every === 0) s.onProgress(i, s.runs);
      return true;
    }),
    { seed: s.seed, numRuns: s.runs },
  );
  const ms = performance.now() - t0;
  if (i % every !== 0) s.onProgress?.(i, s.runs);
  const failures: FoundFailure[] = [];
  for (const f of first.values()) {
    const found: FoundFailure = { kind: f.kind, signature: f.signature, detail: f.detail, seed: s.seed, path: String(f.index), input: f.input };
    const shrunk = (s.shrinkMs ?? 10_000) > 0 ? shrink(format, s, f.kind, f.signature, f.index) : null;
    if (shrunk) found.shrunk = shrunk;
    failures.push(found);
  }
  return { format, runs: i, counts, failures, ms, chars, slowest, lostCheck: lostCheckAvailable() };
}

/** Shrinks the failure of `kind` and `signature` at run `index`; null when it did not fail again. */
function shrink(format: string, s: FuzzSettings, kind: FailureKind, signature: string, index: number): FoundFailure["shrunk"] | null {
  const arb = fuzzInputs(format, s);
  const budget = performance.now() + (s.shrinkMs ?? 10_000);
  let n = 0;
  let replayed = false;
  const fails = (input: FuzzInput) => checkInput(format, input).find((f) => f.kind === kind && f.signature === signature);
  const r = fc.check(
    fc.property(arb, (input) => {
      n++;
      if ((n > 1 && !replayed) || performance.now() > budget) return true;
      const bad = fails(input);
      if (n === 1) replayed = !!bad;
      return !bad;
    }),
    { seed: s.seed, path: String(index), numRuns: s.runs },
  );
  if (!r.failed || !r.counterexample || !r.counterexamplePath) return null;
  const input = r.counterexample[0];
  return { path: r.counterexamplePath, input, detail: fails(input)?.detail ?? "(did not fail again)" };
}

/** The input at `path` of a fuzz run with this seed (and the same generator settings and corpus). */
export function inputAt(format: string, seed: number, path: string, settings: GeneratorSettings = {}): FuzzInput {
  return fc.sample(fuzzInputs(format, settings), { seed, path, numRuns: 1 })[0];
}

/** Replays one input: its checks' failures (empty when it passes now). */
export function replay(format: string, seed: number, path: string, settings: GeneratorSettings = {}): { input: FuzzInput; failures: Failure[] } {
  const input = inputAt(format, seed, path, settings);
  return { input, failures: checkInput(format, input) };
}

/** The command that replays a failure. */
export function reproCommand(format: string, seed: number, path: string, settings: GeneratorSettings = {}): string {
  const limits = settings.limits && settings.limits.length < 5 ? ` --limits ${settings.limits.join(",") || '""'}` : "";
  const nest = settings.maxNest !== undefined ? ` --max-nest ${settings.maxNest}` : "";
  return `npm run fuzz -- --format ${format} --seed ${seed} --path ${path}${settings.huge === false ? " --no-huge" : ""}${limits}${nest}`;
}
