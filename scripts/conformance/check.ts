/**
 * Runs one conformance case: whole-text `parse`, then the same text streamed in several chunkings
 * (the source's own, 1 character, and seeded random splits, including inside surrogate pairs).
 * Checks the expectation, chunk invariance and that no delta is ever retracted.
 */
import { isDeepStrictEqual } from "node:util";
import { accumulate } from "../../parsers/engine/accumulate.ts";
import { createStreamParser, parse } from "../../parsers/index.ts";
import type { ChoiceDelta, ParseOptions, ParseResult } from "../../parsers/types.ts";
import type { CaseResult, ConformanceCase, ExpectedCall } from "./types.ts";

/** Deterministic ids so that stream and whole parse can be compared id for id. */
export const testIds = (i: number) => `call${String(i).padStart(5, "0")}`;

/** A small seeded PRNG (mulberry32) for reproducible chunkings. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits text into `n`-character chunks (UTF-16 units, so pairs may be split, as a server's may). */
export function fixedChunks(text: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += n) out.push(text.slice(i, i + n));
  return out;
}

/** Splits `text` at random UTF-16 offsets (so surrogate pairs can be cut), pieces of 1..max. */
export function randomChunks(text: string, rand: () => number, max = 8): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const n = 1 + Math.floor(rand() * max);
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

export interface Streamed extends ParseResult {
  /** The first retraction-like violation seen, if any. */
  violation: string | null;
}

/**
 * Feeds `chunks` to a stream parser and folds the deltas like an OpenAI client. Also checks the
 * streaming contract on the way: calls begin in index order, a call's first delta carries id,
 * type and its final name with `arguments: ""`, no header fields come later, and everything
 * emitted is a prefix of `final` (nothing retracted). Each new fragment is compared with `final`
 * at the length reached so far, so a long text in many chunks costs linear time.
 */
export function stream(format: string, chunks: string[], options: ParseOptions, final?: ParseResult): Streamed {
  const p = createStreamParser(format, options);
  const acc = accumulate([]);
  let violation: string | null = null;
  const seen = new Set<number>();
  const fc = final?.content ?? "";
  const fr = final?.reasoning_content ?? "";
  let cl = 0;
  let rl = 0;
  const al = new Map<number, number>();
  const check = (deltas: ChoiceDelta[]) => {
    for (const d of deltas) {
      if ("content" in d) {
        if (final && !violation && !fc.startsWith(d.content, cl)) violation = "content emitted that is not in the final content";
        cl += d.content.length;
      } else if ("reasoning_content" in d) {
        if (final && !violation && !fr.startsWith(d.reasoning_content, rl)) violation = "reasoning emitted that is not in the final reasoning";
        rl += d.reasoning_content.length;
      } else {
        for (const t of d.tool_calls) {
          if (seen.has(t.index)) {
            if (t.id || t.function.name) violation ??= `call ${t.index}: header fields after its first delta`;
          } else {
            if (t.index !== seen.size) violation ??= `call ${t.index} began before call ${seen.size}`;
            seen.add(t.index);
            if (!t.id || t.type !== "function" || !t.function.name || t.function.arguments !== "")
              violation ??= `call ${t.index}: first delta is not {index, id, type, function: {name, arguments: ""}}`;
          }
          const args = t.function.arguments ?? "";
          const at = al.get(t.index) ?? 0;
          if (final && !violation) {
            const f = final.tool_calls[t.index];
            if (!f || (t.function.name && t.function.name !== f.function.name) || (t.id && t.id !== f.id) || !f.function.arguments.startsWith(args, at))
              violation = `call ${t.index} emitted text that is not in the final call`;
          }
          al.set(t.index, at + args.length);
        }
      }
    }
    accumulate(deltas, acc);
  };
  for (const ch of chunks) check(p.push(ch));
  const end = p.end();
  check(end.deltas);
  return { ...acc, finish_reason: end.finish_reason, diagnostics: end.diagnostics, violation };
}

/** The fields streaming must reproduce exactly. */
export function comparable(r: ParseResult) {
  return { content: r.content, reasoning_content: r.reasoning_content, tool_calls: r.tool_calls, finish_reason: r.finish_reason, diagnostics: r.diagnostics };
}

const norm = (s: string | null | undefined) => (s ?? "").trim();

/** Differences between a result and a case's expectation, as readable lines. */
export function expectationFailures(c: ConformanceCase, r: ParseResult): string[] {
  const out: string[] = [];
  const e = c.expect;
  const content = (e.prefix?.content ?? "") + (r.content ?? "");
  const reasoning = (e.prefix?.reasoning_content ?? "") + (r.reasoning_content ?? "");
  if (e.content !== undefined && norm(content) !== norm(e.content)) out.push(`content: expected ${JSON.stringify(e.content)}, got ${JSON.stringify(content)}`);
  if (e.reasoning_content !== undefined && norm(reasoning) !== norm(e.reasoning_content))
    out.push(`reasoning_content: expected ${JSON.stringify(e.reasoning_content)}, got ${JSON.stringify(reasoning)}`);
  if (e.tool_calls) {
    if (e.tool_calls.length !== r.tool_calls.length) out.push(`tool_calls: expected ${e.tool_calls.length}, got ${r.tool_calls.length} ${JSON.stringify(r.tool_calls.map((t) => t.function.name))}`);
    e.tool_calls.forEach((x, i) => {
      const got = r.tool_calls[i];
      if (got) out.push(...callFailures(i, x, got));
    });
  }
  if (e.finish_reason && e.finish_reason !== r.finish_reason) out.push(`finish_reason: expected ${e.finish_reason}, got ${r.finish_reason}`);
  if (e.diagnostics) {
    const codes = r.diagnostics.map((d) => d.code);
    if (!isDeepStrictEqual(codes, e.diagnostics)) out.push(`diagnostics: expected ${JSON.stringify(e.diagnostics)}, got ${JSON.stringify(codes)}`);
  }
  return out;
}

function callFailures(i: number, x: ExpectedCall, got: ParseResult["tool_calls"][number]): string[] {
  const out: string[] = [];
  if (x.name != null && x.name !== got.function.name) out.push(`call ${i} name: expected ${x.name}, got ${got.function.name}`);
  if (x.id !== undefined && x.id !== got.id) out.push(`call ${i} id: expected ${x.id}, got ${got.id}`);
  if (x.arguments !== undefined && x.arguments !== null) {
    let args: unknown;
    try {
      args = JSON.parse(got.function.arguments);
    } catch {
      out.push(`call ${i} arguments are not valid JSON: ${got.function.arguments}`);
      return out;
    }
    const ok = x.arguments_subset ? isSubset(x.arguments, args) : isDeepStrictEqual(x.arguments, args);
    if (!ok) out.push(`call ${i} arguments: expected ${JSON.stringify(x.arguments)}, got ${got.function.arguments}`);
  }
  return out;
}

function isSubset(want: unknown, got: unknown): boolean {
  if (want && typeof want === "object" && !Array.isArray(want) && got && typeof got === "object" && !Array.isArray(got))
    return Object.entries(want).every(([k, v]) => isDeepStrictEqual(v, (got as Record<string, unknown>)[k]));
  return isDeepStrictEqual(want, got);
}

/** Runs a case whole and in `randomRuns` random chunkings besides the fixed ones. */
export function runCase(c: ConformanceCase, randomRuns = 4, seed = 1): CaseResult {
  const options: ParseOptions = { generateId: testIds, ...c.options };
  const failures: string[] = [];
  let whole: ParseResult;
  try {
    whole = parse(c.format, c.text, options);
  } catch (e) {
    return { case: c, whole: false, stream: false, failures: [`parse threw: ${(e as Error).stack}`] };
  }
  const exp = expectationFailures(c, whole);
  failures.push(...exp);
  const rand = rng(seed ^ hash(c.id));
  const chunkings: [string, string[]][] = [["1-char", Array.from({ length: c.text.length }, (_, i) => c.text[i])]];
  if (c.chunks) chunkings.unshift(["source chunks", c.chunks]);
  for (let k = 0; k < randomRuns; k++) chunkings.push([`random #${k}`, randomChunks(c.text, rand, 2 + k * 6)]);
  let streamOk = true;
  for (const [label, chunks] of chunkings) {
    if (chunks.join("") !== c.text) continue; // a source chunking that does not add up to the text
    try {
      const s = stream(c.format, chunks, options, whole);
      const { violation, ...rest } = s;
      if (violation) failures.push(`stream (${label}): ${violation}`);
      if (!isDeepStrictEqual(comparable(rest), comparable(whole))) failures.push(`stream (${label}) differs from whole parse: ${JSON.stringify(comparable(rest))}`);
      if (violation || !isDeepStrictEqual(comparable(rest), comparable(whole))) streamOk = false;
    } catch (e) {
      streamOk = false;
      failures.push(`stream (${label}) threw: ${(e as Error).message}`);
    }
    if (!streamOk) break;
  }
  return { case: c, whole: exp.length === 0, stream: streamOk, failures };
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
