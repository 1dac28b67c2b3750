/**
 * Render→parse round trip of an assistant turn: render a conversation that ends with an
 * assistant message (tool calls, optional content), take the text the model would have
 * generated for it (see turn.ts), parse it with a format, and compare.
 *
 * ```ts
 * const r = roundTrip(template, "hermes", { calls: [{ name: "get_weather", arguments: { city: "Paris" } }] });
 * r.ok; // true when the parser gives back the same calls and content
 * ```
 *
 * Pure: no Node imports.
 */
import { getFormat, parse } from "../parsers/index.ts";
import { FORMATS } from "../parsers/registry.ts";
import type { ParseResult, Tool } from "../parsers/types.ts";
import { PROBE_ANSWER, PROBE_USER, probeCapabilities, type TemplateCapabilities } from "./capabilities.ts";
import { prepareMessages } from "./prepare.ts";
import { cutAtEndOfTurn, END_OF_TURN_MARKERS, endsInReasoning, generatedTurn, tryRender, tryRenderLenient, type Rendered } from "./turn.ts";

/** One call of the assistant turn: `arguments` is the JSON object. */
export interface RoundTripCall {
  name: string;
  arguments: Record<string, unknown>;
}

export interface RoundTripInput {
  calls: RoundTripCall[];
  /** The assistant's text next to the calls (null/"" for none). */
  content?: string | null;
  /** The request's tools; default: one tool per called name, its schema typed from the arguments. */
  tools?: Tool[];
  /** Messages before the assistant turn; default one user message. */
  before?: Record<string, unknown>[];
  /** Template variables (`enable_thinking`, …). */
  kwargs?: Record<string, unknown>;
  /** Render the way minja/llama.cpp do when transformers semantics raise. Default false. */
  lenient?: boolean;
  /** Apply LM Studio's default tool use (prepareMessages' polyfill); the format is then `lmstudio`. */
  polyfill?: boolean;
}

export interface RoundTripResult {
  ok: boolean;
  /** What differs, one line each (empty when ok). */
  problems: string[];
  /** The generated text that was parsed (after the generation prompt, cut at end of turn). */
  text: string;
  /** The parser's answer, when the template rendered. */
  parsed: ParseResult | null;
  /** Whether the model starts inside a reasoning block (from the generation prompt). */
  startInReasoning: boolean;
}

/** A JSON schema for a JSON value, typed all the way down (array items typed when they agree). */
export function schemaOf(v: unknown): Record<string, unknown> {
  if (v === null) return {}; // `"type": "null"` sends some templates' schema macros into recursion
  if (Array.isArray(v)) {
    const items = v.map(schemaOf);
    if (items.length && items.every((s) => s.type === "integer" || s.type === "number")) {
      return { type: "array", items: { type: items.every((s) => s.type === "integer") ? "integer" : "number" } };
    }
    const same = items.length > 0 && items.every((s) => canonicalJson(s) === canonicalJson(items[0]));
    return same ? { type: "array", items: items[0] } : { type: "array" };
  }
  if (typeof v === "object") {
    const properties = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, schemaOf(x)]));
    return { type: "object", properties };
  }
  if (typeof v === "number") return { type: Number.isInteger(v) ? "integer" : "number" };
  return { type: typeof v };
}

/** One tool per called name; each property typed from the calls' values (untyped where they
 *  disagree). */
export function toolsFor(calls: RoundTripCall[]): Tool[] {
  const props = new Map<string, Map<string, Record<string, unknown> | null>>();
  for (const c of calls) {
    const p = props.get(c.name) ?? new Map<string, Record<string, unknown> | null>();
    props.set(c.name, p);
    for (const [k, v] of Object.entries(c.arguments)) {
      const s = schemaOf(v);
      const seen = p.get(k);
      p.set(k, seen === undefined ? s : seen && canonicalJson(seen) === canonicalJson(s) ? seen : null);
    }
  }
  return [...props].map(([name, p]) => ({
    type: "function" as const,
    function: {
      name,
      description: `Tool ${name}.`,
      parameters: { type: "object", properties: Object.fromEntries([...p].map(([k, s]) => [k, s ?? {}])) },
    },
  }));
}

const eotCache = new Map<string, { marker: string; written: string }>();

/** What the template writes after a plain answer that the next user turn follows: the first
 *  token of that (its end-of-turn marker, "" when it is not a special token), and the text it
 *  renders for such a conversation. */
function plainTurns(template: string, caps: TemplateCapabilities): { marker: string; written: string } {
  const hit = eotCache.get(template);
  if (hit !== undefined) return hit;
  const part = (s: string) => (caps.requires_typed_content ? [{ type: "text", text: s }] : s);
  const user = { role: "user", content: part(PROBE_USER) };
  const answer = { role: "assistant", content: part(PROBE_ANSWER) };
  const base = { bos_token: "<s>", eos_token: "</s>", ...caps.required_kwargs, template };
  const f = tryRenderLenient({ ...base, messages: [user, answer, user], add_generation_prompt: true });
  let marker = "";
  const written = f.ok ? f.text : "";
  const k = written.indexOf(PROBE_ANSWER);
  if (k >= 0) {
    const after = written.slice(k + PROBE_ANSWER.length).trimStart();
    marker = /^(<[^<>\s]*>|\[[^[\]\s]*[[\]])/.exec(after)?.[1] ?? "";
  }
  if (eotCache.size > 64) eotCache.delete(eotCache.keys().next().value!);
  const out = { marker, written };
  eotCache.set(template, out);
  return out;
}

/** The template's own end-of-turn marker: the special token that follows a plain answer. */
export function endOfTurnMarker(template: string, caps: TemplateCapabilities = probeCapabilities(template)): string {
  return plainTurns(template, caps).marker;
}

/** The end-of-turn markers to cut `format`'s output at: the template's own, and the known ones
 *  the template writes (in its source or its rendered turns), less any the format itself writes
 *  or reads as markup. */
export function stopMarkers(template: string, format: string, caps: TemplateCapabilities = probeCapabilities(template)): string[] {
  const spec = FORMATS.find((f) => f.id === format)!;
  const f = getFormat(format);
  const own = [
    f.serialize([{ id: "probeId01", type: "function", function: { name: "probe_tool_alpha", arguments: '{"location": "Paris"}' } }], "Hi."),
    ...spec.calls.flatMap((c) => [c.open, c.close ?? ""]),
  ].join("\u0000");
  const { marker, written } = plainTurns(template, caps);
  const known = END_OF_TURN_MARKERS.filter((m) => template.includes(m) || written.includes(m));
  return [...new Set([marker, ...known])].filter((m) => m && !own.includes(m));
}

/** Renders the conversation and returns the generated text of its final assistant turn. */
export function generatedText(
  template: string,
  format: string,
  before: Record<string, unknown>[],
  assistant: Record<string, unknown>,
  tools: Tool[] | null,
  options: { kwargs?: Record<string, unknown>; lenient?: boolean; caps?: TemplateCapabilities; polyfill?: boolean } = {},
): { ok: true; text: string; startInReasoning: boolean; aligned: boolean } | { ok: false; error: string } {
  const caps = options.caps ?? probeCapabilities(template);
  const render = options.lenient ? tryRenderLenient : tryRender;
  const prep = (messages: Record<string, unknown>[]) =>
    prepareMessages({ messages, tools, ...options.kwargs }, caps, { polyfill: !!options.polyfill });
  const a = prep(before);
  const b = prep([...before, assistant]);
  const vars = { bos_token: "<s>", eos_token: "</s>" };
  const p: Rendered = render({ ...vars, ...a.kwargs, template, messages: a.messages, tools: a.tools, add_generation_prompt: true });
  if (!p.ok) return { ok: false, error: p.error };
  const full: Rendered = render({ ...vars, ...b.kwargs, template, messages: b.messages, tools: b.tools, add_generation_prompt: false });
  if (!full.ok) return { ok: false, error: full.error };
  const turn = generatedTurn(p.text, full.text);
  let text = cutAtEndOfTurn(turn.text, stopMarkers(template, format, caps));
  // The generation prompt opened a reasoning block that the history form of the turn leaves out
  // (QwQ, MiniMax-M2, Apriel): the model would have closed it before answering.
  const pairs = getFormat(format).reasoning;
  const open = pairs.find((r) => endsInReasoning(p.text, [r]));
  if (open && !text.includes(open.close)) text = open.close + text;
  // A turn that begins by closing a block it never opened (MiniMax-M3's `</mm:think>` prefix
  // for "no thinking") is read from inside that block: the model writes the close marker.
  const closesFirst = !open && pairs.some((r) => text.trimStart().startsWith(r.close));
  return { ok: true, text, startInReasoning: !!open || closesFirst, aligned: turn.aligned };
}

/** Canonical JSON (sorted keys) for comparing argument objects. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** Compares a parse result with the calls and content that were rendered. */
export function compareTurn(parsed: ParseResult, calls: RoundTripCall[], content: string | null | undefined): string[] {
  const problems: string[] = [];
  const want = (content ?? "").trim();
  const got = (parsed.content ?? "").trim();
  if (want !== got) problems.push(`content: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  if (parsed.tool_calls.length !== calls.length) {
    problems.push(`expected ${calls.length} call(s), got ${parsed.tool_calls.length}`);
  }
  calls.forEach((c, i) => {
    const g = parsed.tool_calls[i];
    if (!g) return;
    if (g.function.name !== c.name) problems.push(`call ${i}: name ${JSON.stringify(g.function.name)} ≠ ${JSON.stringify(c.name)}`);
    let args: unknown;
    try {
      args = JSON.parse(g.function.arguments);
    } catch {
      problems.push(`call ${i}: arguments are not JSON: ${g.function.arguments.slice(0, 200)}`);
      return;
    }
    if (canonicalJson(args) !== canonicalJson(c.arguments)) {
      problems.push(`call ${i}: arguments ${canonicalJson(args).slice(0, 300)} ≠ ${canonicalJson(c.arguments).slice(0, 300)}`);
    }
  });
  return problems;
}

/**
 * Renders `input.calls` (and content) as the final assistant turn of `template`, prepared with
 * {@link prepareMessages} (arguments as the template wants them, no polyfill), and parses the
 * generated text with `format`. Never throws on a template that raises (reported in `problems`).
 */
export function roundTrip(template: string, format: string, input: RoundTripInput, caps: TemplateCapabilities = probeCapabilities(template)): RoundTripResult {
  const tools = input.tools ?? toolsFor(input.calls);
  const before = input.before ?? [{ role: "user", content: "Please use the tools." }];
  const assistant = {
    role: "assistant",
    content: input.content ?? null,
    tool_calls: input.calls.map((c, i) => ({
      id: `call${String(i + 1).padStart(5, "0")}`,
      type: "function",
      function: { name: c.name, arguments: JSON.stringify(c.arguments) },
    })),
  };
  if (input.polyfill) format = "lmstudio";
  const g = generatedText(template, format, before, assistant, tools, { kwargs: input.kwargs, lenient: input.lenient, caps, polyfill: input.polyfill });
  if (!g.ok) return { ok: false, problems: [`the template raised: ${g.error}`], text: "", parsed: null, startInReasoning: false };
  const parsed = parse(format, g.text, { tools, startInReasoning: g.startInReasoning });
  const problems = compareTurn(parsed, input.calls, input.content);
  return { ok: problems.length === 0, problems, text: g.text, parsed, startInReasoning: g.startInReasoning };
}
