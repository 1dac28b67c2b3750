/**
 * toolwire's parser API: whole-text {@link parse} and streaming {@link createStreamParser} over
 * one engine, plus the format registry.
 *
 * ```ts
 * const r = parse("hermes", '<tool_call>\n{"name": "f", "arguments": {"x": 1}}\n</tool_call>');
 * // r.tool_calls -> [{ id: "call_…", type: "function", function: { name: "f", arguments: '{"x": 1}' } }]
 * // r.content -> null, r.finish_reason -> "tool_calls", r.diagnostics -> []
 *
 * const s = createStreamParser("hermes");
 * s.push("Sure.<tool_");       // -> [{ content: "Sure." }]
 * s.push('call>{"name": "f"'); // -> [{ tool_calls: [{ index: 0, id: "call_…", type: "function", function: { name: "f", arguments: "" } }] }]
 * s.end();                     // -> { deltas: [], finish_reason: "tool_calls", diagnostics: [{ code: "truncated_call", … }] }
 * ```
 */
import { accumulate } from "./engine/accumulate.ts";
import type { FormatSpec, ReasoningSyntax } from "./engine/format.ts";
import { reasoningPairs } from "./engine/layout.ts";
import { Machine } from "./engine/machine.ts";
import { FORMATS } from "./registry.ts";
import type { ParseOptions, ParseResult, StreamParser, ToolCall } from "./types.ts";

const byId = new Map(FORMATS.map((f) => [f.id, f]));

/** A registered format: its id, description, source, and `serialize`. */
export interface Format {
  id: string;
  title: string;
  source: string;
  /** The reasoning blocks the format separates (empty when none). */
  reasoning: ReasoningSyntax[];
  /** SGLang / vLLM parser names whose cases this format passes. */
  parserNames: string[];
  /** Shared template files whose models write this format. */
  templates: string[];
  /** Markup-only markers the format drops wherever they appear. */
  ignore: string[];
  /** The exact text a model writes for these calls, after optional content. `arguments` must be JSON text. */
  serialize(tool_calls: ToolCall[], content?: string | null): string;
}

function spec(id: string): FormatSpec {
  if (typeof id !== "string") throw new TypeError(`toolwire: format id must be a string, got ${typeof id}`);
  const f = byId.get(id);
  if (!f) throw new Error(`toolwire: unknown format "${id}"; known formats: ${[...byId.keys()].join(", ")}`);
  return f;
}

/** Looks up a format by id. Throws an `Error` naming the known ids when there is none. */
export function getFormat(id: string): Format {
  const f = spec(id);
  return { id: f.id, title: f.title, source: f.source, reasoning: reasoningPairs(f), parserNames: f.parserNames ?? [], templates: f.templates ?? [], ignore: f.ignore ?? [], serialize: f.serialize };
}

/** All registered formats, in registry order. */
export function listFormats(): Format[] {
  return FORMATS.map((f) => getFormat(f.id));
}

/**
 * Creates an incremental parser for one response in format `format`.
 * `push(chunk)` returns the `ChoiceDelta`s decided so far; `end()` flushes and gives the
 * `finish_reason` and diagnostics. Throws only for misuse (unknown format, non-string chunk,
 * push after end), never on model text.
 */
export function createStreamParser(format: string, options: ParseOptions = {}): StreamParser {
  return new Machine(spec(format), options);
}

/**
 * Parses a complete model output. Equal by construction to accumulating the deltas of
 * {@link createStreamParser} fed in any chunking (same engine, fed once).
 * Never throws on model text; problems are in `diagnostics`.
 */
export function parse(format: string, text: string, options: ParseOptions = {}): ParseResult {
  if (typeof text !== "string") throw new TypeError(`toolwire: parse() takes the model output as a string, got ${typeof text}`);
  const m = new Machine(spec(format), options);
  const acc = accumulate(m.push(text));
  const end = m.end();
  accumulate(end.deltas, acc);
  return { content: acc.content, reasoning_content: acc.reasoning_content, tool_calls: acc.tool_calls, finish_reason: end.finish_reason, diagnostics: end.diagnostics };
}
