/**
 * What every fuzz run must satisfy, for one format and one {@link FuzzInput}:
 *
 * - `throw`: `parse`, `createStreamParser(...).push/end` never throw on model text.
 * - `retraction`: streamed in the input's chunking, nothing emitted is ever taken back and every
 *   call's first delta is `{index, id, type, function: {name, arguments: ""}}` (`stream(...).violation`).
 * - `mismatch`: the streamed result equals the whole-text `parse`, diagnostics included (`comparable`).
 * - `splitPair`: no delta ends with the high half of a surrogate pair whose low half starts the
 *   next fragment of the same field (pitfall 6; checked when the text has a high surrogate).
 * - `lost`: characters of the input that went nowhere. Two checks:
 *   1. Calls off (`tool_choice: "none"`, `separateReasoning: false`): the content is the text
 *      itself — exactly, for a format without `ignore` markers; for one with them, the text with
 *      its ignore markers removed (leftmost first, as the engine finds them), compared without
 *      whitespace (whitespace touching a dropped marker is dropped with it).
 *   2. The normal parse, conservatively: the engine is traced (see {@link markupSpans}) to learn
 *      which stretches of the input it decided were call markup — a block whose call was emitted
 *      (or muted by `tool_choice`), or a block that ended as markup. Those stretches are not
 *      accounted for character by character: names and arguments are converted there (escapes
 *      decoded, Python literals turned into JSON, unknown keys and over-limit arguments dropped,
 *      by design). Every other non-whitespace code unit of the input must appear in `content` or
 *      `reasoning_content`, except the code units of the format's reasoning and ignore markers
 *      (their occurrences anywhere in the text are allowed to vanish — an over-allowance, so the
 *      check can miss a loss but never flags markup). Counted as a multiset of UTF-16 code
 *      units: lost = Σ over code units of max(0, outside − (content + reasoning) − markers).
 *      Whitespace is the engine's (space, tab, CR, LF): it touches markup and may be trimmed;
 *      every other character (NBSP, U+2028, form feed, NUL, …) must survive.
 *   The trace reads private members of the engine's `Machine` (`startBlock`, `finishBlock`,
 *   `pending`, `stopAt`) through a cast; if they change, {@link lostCheckAvailable} turns false
 *   and check 2 is skipped (reported as such), check 1 still runs.
 */
import { isDeepStrictEqual } from "node:util";
import { accumulate } from "../../parsers/engine/accumulate.ts";
import { createStreamParser, getFormat, listFormats, parse } from "../../parsers/index.ts";
import type { ChoiceDelta, Diagnostic, ParseOptions, ParseResult, StreamEnd } from "../../parsers/types.ts";
import { comparable, randomChunks, rng, stream, testIds, type Streamed } from "../conformance/check.ts";
import type { Chunking, FuzzInput, FuzzOptions } from "./generators.ts";
import { isWs } from "../../parsers/engine/cursor.ts";

export type FailureKind = "throw" | "lost" | "retraction" | "mismatch" | "splitPair";
export const FAILURE_KINDS: FailureKind[] = ["throw", "lost", "retraction", "mismatch", "splitPair"];

export interface Failure {
  kind: FailureKind;
  detail: string;
  /** Groups failures that are likely the same problem (the runner keeps the first of each). */
  signature: string;
}

/** The engine's whitespace (what may be trimmed where it touches markup). */


/** Pieces longer than this many are pushed in coarser chunks (keeps multi-MB runs to seconds). */
const MAX_PIECES = 40_000;

/** The chunks of `text` for a {@link Chunking}. */
export function chunksOf(text: string, ch: Chunking): string[] {
  if (ch.mode === "whole" || text.length === 0) return [text];
  const floor = Math.ceil(text.length / MAX_PIECES);
  if (ch.mode === "ones" && floor <= 1) return Array.from({ length: text.length }, (_, i) => text[i]);
  const rand = rng(ch.seed);
  const max = Math.max(ch.max, floor * 2);
  if (ch.mode !== "pairs") return randomChunks(text, rand, ch.mode === "ones" ? floor * 2 : max);
  // Random pieces, plus a cut inside every surrogate pair.
  const out: string[] = [];
  let last = 0;
  for (let i = 0; i < text.length; ) {
    const n = 1 + Math.floor(rand() * max);
    let j = Math.min(text.length, i + n);
    for (let k = i; k < j - 1; k++) {
      const c = text.charCodeAt(k);
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = text.charCodeAt(k + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          j = k + 1;
          break;
        }
      }
    }
    out.push(text.slice(last, j));
    last = i = j;
  }
  return out;
}

const short = (s: unknown, n = 160) => {
  const t = typeof s === "string" ? JSON.stringify(s) : JSON.stringify(s) ?? String(s);
  return t.length > n ? `${t.slice(0, n)}… (${t.length} chars)` : t;
};

const optionsOf = (o: FuzzOptions): ParseOptions => ({ ...o, generateId: testIds });

/** Runs every check on one input; returns the failures (empty when all hold). */
export function checkInput(format: string, input: FuzzInput): Failure[] {
  const out: Failure[] = [];
  const { text } = input;
  const opts = optionsOf(input.options);
  const thrown = (where: string, e: unknown) => out.push({ kind: "throw", detail: `${where} threw: ${errorLine(e)}`, signature: `${where}: ${genericText((e as Error)?.message ?? String(e))}` });
  let whole: ParseResult;
  try {
    whole = parse(format, text, opts);
  } catch (e) {
    thrown("parse", e);
    return out;
  }
  const chunks = chunksOf(text, input.chunking);
  try {
    // check.ts's stream() checks the contract incrementally (linear in the text).
    const s = stream(format, chunks, opts, whole);
    const { violation, ...rest } = s;
    if (violation) out.push({ kind: "retraction", detail: violation, signature: genericText(violation) });
    const a = comparable(rest);
    const b = comparable(whole);
    if (!isDeepStrictEqual(a, b)) {
      const key = (Object.keys(b) as (keyof typeof b)[]).find((k) => !isDeepStrictEqual(a[k], b[k]))!;
      out.push({ kind: "mismatch", detail: `${key}: stream ${short(a[key])} ≠ whole ${short(b[key])}`, signature: mismatchSignature(key, a, b) });
    }
  } catch (e) {
    thrown("stream", e);
  }
  if (hasHigh(text)) {
    try {
      const split = splitPair(format, chunks, opts);
      if (split) out.push({ kind: "splitPair", detail: split, signature: genericText(split) });
    } catch {
      // a throw is reported by the stream check above
    }
  }
  try {
    const none = noneModeLoss(format, text);
    if (none) out.push({ kind: "lost", detail: none, signature: `calls off: ${genericText(none.split(" (")[0])}` });
  } catch (e) {
    thrown("parse (tool_choice none)", e);
  }
  try {
    const lost = lostCharacters(format, text, opts, whole);
    if (lost?.differs) out.push({ kind: "mismatch", detail: "a second parse of the same text gave another result (parse is not deterministic)", signature: "nondeterministic" });
    else if (lost && lost.lost > 0)
      out.push({ kind: "lost", detail: `${lost.lost} non-whitespace code unit(s) outside call markup reached neither content nor reasoning: ${lost.sample}`, signature: "outside call markup" });
  } catch (e) {
    thrown("traced parse", e);
  }
  return out;
}

/** A message with its numbers and quoted parts blanked, to group failures. */
const genericText = (s: string) => s.replace(/\d+/g, "N").replace(/"[^"]*"/g, '"…"').slice(0, 120);

function mismatchSignature(key: string, a: ReturnType<typeof comparable>, b: ReturnType<typeof comparable>): string {
  if (key !== "diagnostics") return key;
  // The codes only one side reported, else the first field that differs.
  const count = (ds: Diagnostic[]) => ds.reduce((m, d) => m.set(d.code, (m.get(d.code) ?? 0) + 1), new Map<string, number>());
  const [sa, sb] = [count(a.diagnostics), count(b.diagnostics)];
  const only = (x: Map<string, number>, y: Map<string, number>) => [...x].filter(([c, n]) => n > (y.get(c) ?? 0)).map(([c]) => c).sort().join(",");
  const [oa, ob] = [only(sa, sb), only(sb, sa)];
  if (oa || ob) return `diagnostics: ${oa ? `stream only [${oa}]` : ""}${oa && ob ? ", " : ""}${ob ? `whole only [${ob}]` : ""}`;
  const i = a.diagnostics.findIndex((d, k) => !isDeepStrictEqual(d, b.diagnostics[k]));
  const field = (Object.keys(b.diagnostics[i]) as (keyof Diagnostic)[]).find((f) => a.diagnostics[i][f] !== b.diagnostics[i][f]);
  return `diagnostics: ${b.diagnostics[i].code} ${field ?? "order"} differs`;
}

function errorLine(e: unknown): string {
  const err = e as Error;
  const at = err?.stack?.split("\n").find((l) => l.includes("/parsers/"))?.trim();
  return `${err?.name ?? "Error"}: ${err?.message ?? String(e)}${at ? ` (${at})` : ""}`;
}

const hasHigh = (s: string) => /[\ud800-\udbff]/.test(s);

/** Check 1 of `lost`: with calls off and reasoning inline, the content is the text. */
export function noneModeLoss(format: string, text: string): string | null {
  const r = parse(format, text, { tool_choice: "none", separateReasoning: false, generateId: testIds });
  if (r.tool_calls.length) return `tool_choice "none" still gave ${r.tool_calls.length} call(s)`;
  if (r.reasoning_content !== null) return `separateReasoning false still gave reasoning ${short(r.reasoning_content)}`;
  const content = r.content ?? "";
  const ignore = getFormat(format).ignore;
  if (ignore.length === 0) {
    if (content !== text) return `calls off: content ≠ text (${firstDifference(content, text)})`;
    return null;
  }
  const want = nonWs(stripMarkers(text, ignore));
  const got = nonWs(content);
  return got === want ? null : `calls off: content ≠ text less its ignore markers (${firstDifference(got, want)}, whitespace removed)`;
}

function firstDifference(got: string, want: string): string {
  let i = 0;
  while (i < got.length && i < want.length && got.charCodeAt(i) === want.charCodeAt(i)) i++;
  return `first difference at ${i}: got ${short(got.slice(i, i + 24))}, want ${short(want.slice(i, i + 24))}; lengths ${got.length}/${want.length}`;
}

function nonWs(s: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    if (isWs(s.charCodeAt(i))) {
      if (i > from) out += s.slice(from, i);
      from = i + 1;
    }
  }
  return out + s.slice(from);
}

/** `text` without the markers, found the way the engine's scan finds them: the earliest
 *  occurrence (the first listed on a tie), then on from its end. Each marker's next occurrence
 *  is remembered, so the text is searched once per marker (linear). */
export function stripMarkers(text: string, markers: string[]): string {
  let out = "";
  let from = 0;
  const next = markers.map((m) => text.indexOf(m));
  for (;;) {
    let at = -1;
    let len = 0;
    for (let k = 0; k < markers.length; k++) {
      if (next[k] >= 0 && next[k] < from) next[k] = text.indexOf(markers[k], from);
      const i = next[k];
      if (i >= 0 && (at < 0 || i < at)) (at = i), (len = markers[k].length);
    }
    if (at < 0) return out + text.slice(from);
    out += text.slice(from, at);
    from = at + len;
  }
}

/** The fields the splitPair check follows: content, reasoning, each call's arguments. */
function splitPair(format: string, chunks: string[], opts: ParseOptions): string | null {
  const p = createStreamParser(format, opts);
  const lastHigh = new Map<string, boolean>();
  const see = (deltas: ChoiceDelta[]): string | null => {
    for (const d of deltas) {
      const parts: [string, string][] =
        "content" in d ? [["content", d.content]] : "reasoning_content" in d ? [["reasoning", d.reasoning_content]] : d.tool_calls.map((t) => [`call ${t.index}`, t.function.arguments ?? ""]);
      for (const [key, s] of parts) {
        if (!s) continue;
        const first = s.charCodeAt(0);
        if (lastHigh.get(key) && first >= 0xdc00 && first <= 0xdfff) return `${key}: a delta ended with a high surrogate whose low half came in the next delta`;
        const last = s.charCodeAt(s.length - 1);
        lastHigh.set(key, last >= 0xd800 && last <= 0xdbff);
      }
    }
    return null;
  };
  for (const ch of chunks) {
    const v = see(p.push(ch));
    if (v) return v;
  }
  return see(p.end().deltas);
}

// ---- the traced parse behind check 2 of `lost` ----

/** The members of the engine's Machine the trace reads (private in TypeScript). */
interface MachineInternals {
  cur: { pos: number };
  pending: number;
  stopAt: number;
  readonly isOpen: boolean;
  startBlock(at: number, call: unknown): void;
  finishBlock(): void;
  push(chunk: string): ChoiceDelta[];
  end(): StreamEnd;
}

let available: boolean | null = null;

/** Whether the engine still has the members {@link markupSpans} traces. */
export function lostCheckAvailable(): boolean {
  if (available !== null) return available;
  try {
    const m = createStreamParser(listFormats()[0].id) as unknown as Partial<MachineInternals>;
    const proto = Object.getPrototypeOf(m) as Partial<MachineInternals>;
    available = typeof proto.startBlock === "function" && typeof proto.finishBlock === "function" && typeof m.pending === "number" && typeof m.stopAt === "number" && typeof m.cur?.pos === "number";
  } catch {
    available = false;
  }
  return available;
}

/**
 * Parses `text` as `parse` does (one push, then end) while recording the stretches of input the
 * engine decided were markup of a call block: from the block's start marker (or, for a bare
 * call, its first character) to where the block ended, or — when a block failed — to where the
 * text that went back to content begins. Null when the engine's internals are not the ones known.
 */
export function markupSpans(format: string, text: string, options: ParseOptions): { result: ParseResult; spans: [number, number][] } | null {
  if (!lostCheckAvailable()) return null;
  const m = createStreamParser(format, options) as unknown as MachineInternals;
  const proto = Object.getPrototypeOf(m) as MachineInternals;
  const spans: [number, number][] = [];
  let start = -1;
  m.startBlock = function (this: MachineInternals, at: number, call: unknown) {
    start = at;
    return proto.startBlock.call(this, at, call);
  };
  m.finishBlock = function (this: MachineInternals) {
    const { stopAt, pending, isOpen } = this;
    const end = stopAt < 0 ? this.cur.pos : isOpen || pending < 0 ? stopAt : pending;
    if (end > start) spans.push([start, end]);
    return proto.finishBlock.call(this);
  };
  const acc = accumulate(m.push(text));
  const e = m.end();
  accumulate(e.deltas, acc);
  return { result: { ...acc, finish_reason: e.finish_reason, diagnostics: e.diagnostics }, spans };
}

const tally = new Int32Array(0x10000);
const marked = new Uint8Array(0x10000);

/**
 * Check 2 of `lost` (see the file comment). Returns the count and a sample of the lost code
 * units, or null when the trace is unavailable. `whole` is the public `parse` result, which the
 * traced parse must equal (else the trace would be accounting for another parse: `differs`).
 */
export function lostCharacters(format: string, text: string, options: ParseOptions, whole: ParseResult): { lost: number; sample: string; differs?: boolean } | null {
  const traced = markupSpans(format, text, options);
  if (!traced) return null;
  if (!isDeepStrictEqual(comparable(traced.result), comparable(whole))) return { lost: 0, sample: "", differs: true };
  return countLost(format, text, traced.spans, traced.result);
}

/**
 * The accounting of check 2: non-whitespace code units of `text` outside `spans`, less those of
 * `result.content` and `result.reasoning_content`, less those of every occurrence of the format's
 * reasoning and ignore markers; what stays positive is lost.
 */
export function countLost(format: string, text: string, spans: [number, number][], result: Pick<ParseResult, "content" | "reasoning_content">): { lost: number; sample: string } {
  const touched: number[] = [];
  const add = (s: string, from: number, to: number, k: number) => {
    for (let i = from; i < to; i++) {
      const c = s.charCodeAt(i);
      if (isWs(c)) continue;
      if (!marked[c]) (marked[c] = 1), touched.push(c);
      tally[c] += k;
    }
  };
  try {
    let from = 0;
    for (const [a, b] of [...spans].sort((x, y) => x[0] - y[0])) {
      if (a > from) add(text, from, a, 1);
      from = Math.max(from, b);
    }
    add(text, from, text.length, 1);
    if (result.content) add(result.content, 0, result.content.length, -1);
    if (result.reasoning_content) add(result.reasoning_content, 0, result.reasoning_content.length, -1);
    const f = getFormat(format);
    for (const m of [...f.reasoning.flatMap((x) => [x.open, x.close]), ...f.ignore]) {
      let n = 0;
      for (let i = text.indexOf(m); i >= 0; i = text.indexOf(m, i + 1)) n++;
      if (n) add(m, 0, m.length, -n);
    }
    let lost = 0;
    const sample: string[] = [];
    for (const c of touched) {
      if (tally[c] > 0) {
        lost += tally[c];
        if (sample.length < 8) sample.push(`${JSON.stringify(String.fromCharCode(c))}×${tally[c]}`);
      }
    }
    return { lost, sample: sample.join(" ") };
  } finally {
    for (const c of touched) tally[c] = marked[c] = 0;
  }
}
