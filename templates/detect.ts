/**
 * `detectFormat`: which registered parser reads what a chat template's model writes.
 *
 * Evidence, strongest first (`basis` in the answer):
 * 1. `render`: a known call (and, where the template renders them, two parallel calls) is
 *    rendered as the final assistant turn; every registered format parses the generated text
 *    (see roundtrip.ts); the formats that give back exactly the rendered calls and no stray
 *    content are the candidates. Among them the most specific wins: the one whose reasoning
 *    markers are the template's (rendered reasoning or generation prompt), then the one whose
 *    own serialisation is closest to the rendered text, then — as a tie-breaker only — a
 *    source signature (e.g. Qwen's templates name Qwen; the `hermes` and `qwen` formats read
 *    the same calls and differ only in reasoning).
 *    When calls render but no format parses them, the answer is null: the family has no parser.
 * 2. `prompt`: the template renders no calls (or raises on them) but its tool prompt, rendered
 *    with tools, teaches a format's call marker (LFM2's `<|tool_call_start|>`, Granite 3.3's
 *    `<|tool_call|>`); the same specificity order picks among several.
 * 3. `source`: nothing rendered tells (tools and calls not rendered, e.g. Phi-4-mini): a
 *    family signature of the source decides, when exactly one format's matches.
 *
 * ```ts
 * detectFormat(template); // { format: "qwen", basis: "render", reason: "…", candidates: ["hermes", "qwen", …] }
 * ```
 *
 * Pure: no Node imports.
 */
import { getFormat, parse } from "../parsers/index.ts";
import { FORMATS } from "../parsers/registry.ts";
import type { Tool } from "../parsers/types.ts";
import { PROBE_TOOLS, PROBE_USER, PROBE_VALUE, PROBE_VALUE_2, probeCapabilities, type TemplateCapabilities } from "./capabilities.ts";
import { prepareMessages } from "./prepare.ts";
import { compareTurn, generatedText, type RoundTripCall } from "./roundtrip.ts";
import { tryRenderLenient } from "./turn.ts";

export interface FormatDetection {
  /** A registered format id, or null when no registered parser reads this template's calls. */
  format: string | null;
  /** Why, in one sentence. */
  reason: string;
  /** What decided: the rendered calls, the rendered tool prompt, the source, or nothing. */
  basis: "render" | "prompt" | "source" | "none";
  /** The formats that passed the deciding check, in registry order. */
  candidates: string[];
}

/**
 * Source signatures of model families, used only to break ties between formats that parse the
 * same rendered text, and (basis `source`) when a template renders neither tools nor calls.
 * Each names text that only that family's templates contain.
 */
export const SOURCE_SIGNATURES: Readonly<Record<string, RegExp>> = {
  qwen: /\bQwen\b/,
  apriel: /\[BEGIN FINAL RESPONSE\]|ServiceNow/,
  hunyuan_a13b: /<\|extra_0\|>/,
  phi4_mini: /<\|tool\|>|<\|assistant\|>/,
  firefunction_v2: /^(?=[\s\S]*functools\[)(?=[\s\S]*<\|start_header_id\|>)/,
  lfm2: /List of tools: |<\|tool_list_start\|>|<\|tool_call_start\|>/,
  granite: /<\|tool_call\|>/,
  glm45: /\[gMASK\]|<\|observation\|>/,
  pythonic: /\[func_name1\(/,
};

const cache = new Map<string, FormatDetection>();

/** A call the probe renders. */
function probeCalls(n: 1 | 2): RoundTripCall[] {
  const calls: RoundTripCall[] = [{ name: PROBE_TOOLS[0].function.name, arguments: { location: PROBE_VALUE } }];
  if (n === 2) calls.push({ name: PROBE_TOOLS[1].function.name, arguments: { location: PROBE_VALUE_2 } });
  return calls;
}

/** Formats whose parser gives back the probe calls from the generated text. With `numeric`,
 *  the calls carry an integer instead of a string (for templates that print strings unquoted). */
function renderCandidates(template: string, caps: TemplateCapabilities, numeric = false): { ids: string[]; sample: string; closeness: Map<string, number> } {
  const probes: RoundTripCall[][] = [probeCalls(1)];
  if (caps.supports_parallel_tool_calls) probes.push(probeCalls(2));
  if (numeric) probes.forEach((calls) => calls.forEach((c, i) => (c.arguments = { days: 3 + i })));
  const tools = PROBE_TOOLS as unknown as Tool[];
  const before = [{ role: "user", content: caps.requires_typed_content ? [{ type: "text", text: PROBE_USER }] : PROBE_USER }];
  const ids: string[] = [];
  const closeness = new Map<string, number>();
  let sample = "";
  for (const f of FORMATS) {
    let ok = true;
    let score = 0;
    for (const calls of probes) {
      const assistant = {
        role: "assistant",
        content: caps.requires_non_null_content ? "" : null,
        tool_calls: calls.map((c, i) => ({ id: `probeId0${i + 1}`, type: "function", function: { name: c.name, arguments: JSON.stringify(c.arguments) } })),
      };
      const g = generatedText(template, f.id, before, assistant, tools, { lenient: true, caps });
      if (!g.ok) {
        ok = false;
        break;
      }
      if (!sample) sample = g.text;
      const parsed = parse(f.id, g.text, { tools, startInReasoning: g.startInReasoning });
      if (compareTurn(parsed, calls, "").length) {
        ok = false;
        break;
      }
      const ser = getFormat(f.id).serialize(
        calls.map((c, i) => ({ id: `probeId0${i + 1}`, type: "function", function: { name: c.name, arguments: JSON.stringify(c.arguments) } })),
        null,
      );
      score += similarity(ser, g.text);
    }
    if (ok) {
      ids.push(f.id);
      closeness.set(f.id, score);
    }
  }
  return { ids, sample, closeness };
}

/** How much of `a` and `b` agree: 2·(common prefix + common suffix) / total length. */
function similarity(a: string, b: string): number {
  const x = a.trim();
  const y = b.trim();
  if (!x.length && !y.length) return 1;
  let p = 0;
  while (p < x.length && p < y.length && x[p] === y[p]) p++;
  let s = 0;
  while (s < x.length - p && s < y.length - p && x[x.length - 1 - s] === y[y.length - 1 - s]) s++;
  return (2 * (p + s)) / (x.length + y.length);
}

/** The most specific of `ids` (see the module doc); `why` collects the deciding steps. */
function mostSpecific(ids: string[], template: string, caps: TemplateCapabilities, closeness: Map<string, number> | null, why: string[]): string[] {
  let pool = ids;
  const narrow = (next: string[], label: string) => {
    if (next.length && next.length < pool.length) {
      why.push(label);
      pool = next;
    }
  };
  const r = caps.reasoning;
  if (r) narrow(pool.filter((id) => getFormat(id).reasoning.some((p) => p.open === r.open && p.close === r.close)), `reasoning markers ${r.open}…${r.close}`);
  if (closeness && pool.length > 1) {
    const best = Math.max(...pool.map((id) => closeness.get(id) ?? 0));
    narrow(pool.filter((id) => (closeness.get(id) ?? 0) >= best - 1e-9), "closest serialisation");
  }
  if (pool.length > 1) narrow(pool.filter((id) => SOURCE_SIGNATURES[id]?.test(template)), "source signature");
  if (!r && pool.length > 1) narrow(pool.filter((id) => getFormat(id).reasoning.length === 0), "no reasoning markers");
  return pool;
}

/**
 * Formats the rendered tool prompt teaches: the text the prompt gains with tools holds an
 * example that the format parses as a call (closeness: its own serialisation of that call
 * appears verbatim), or else the format's call start marker.
 */
function promptCandidates(template: string, caps: TemplateCapabilities): { ids: string[]; closeness: Map<string, number>; how: string } {
  const none = { ids: [], closeness: new Map<string, number>(), how: "" };
  if (!caps.supports_tools) return none;
  const user = { role: "user", content: caps.requires_typed_content ? [{ type: "text", text: PROBE_USER }] : PROBE_USER };
  const vars = { bos_token: "<s>", eos_token: "</s>", template, add_generation_prompt: true };
  const withTools = prepareMessages({ messages: [user], tools: PROBE_TOOLS }, caps, { polyfill: false });
  const without = prepareMessages({ messages: [user] }, caps, { polyfill: false });
  const a = tryRenderLenient({ ...vars, ...withTools.kwargs, messages: withTools.messages, tools: withTools.tools });
  const b = tryRenderLenient({ ...vars, ...without.kwargs, messages: without.messages, tools: without.tools });
  if (!a.ok) return none;
  const bare = b.ok ? b.text : "";
  const closeness = new Map<string, number>();
  const parsed: string[] = [];
  for (const f of FORMATS) {
    if (!f.calls.some((c) => c.open.length >= 4 && count(a.text, c.open) > count(bare, c.open))) continue;
    const r = parse(f.id, a.text.slice(a.text.indexOf(f.calls.find((c) => a.text.includes(c.open))!.open)));
    if (!r.tool_calls.length) continue;
    parsed.push(f.id);
    const ser = getFormat(f.id).serialize(r.tool_calls.slice(0, 1), null);
    closeness.set(f.id, a.text.includes(ser) ? 1 : a.text.replace(/\s+/g, "").includes(ser.replace(/\s+/g, "")) ? 0.5 : 0);
  }
  if (parsed.length) return { ids: parsed, closeness, how: "an example call in its tool prompt parses with" };
  const taught = FORMATS.filter((f) => f.calls.some((c) => c.open.length >= 4 && count(a.text, c.open) > count(bare, c.open))).map((f) => f.id);
  return { ids: taught, closeness: new Map(), how: "its tool prompt teaches the call marker of" };
}

const count = (hay: string, needle: string) => hay.split(needle).length - 1;

/**
 * Names the registered format that parses what `template`'s model writes, or null with the
 * reason (see the module doc). Cached by template text.
 */
export function detectFormat(template: string, caps?: TemplateCapabilities): FormatDetection {
  if (typeof template !== "string") throw new TypeError("detectFormat: template must be a string");
  const hit = cache.get(template);
  if (hit) return { ...hit, candidates: [...hit.candidates] };
  const result = detect(template, caps ?? probeCapabilities(template));
  if (cache.size > 64) cache.delete(cache.keys().next().value!);
  cache.set(template, result);
  return { ...result, candidates: [...result.candidates] };
}

function detect(template: string, caps: TemplateCapabilities): FormatDetection {
  if (caps.supports_tool_calls) {
    let { ids, sample, closeness } = renderCandidates(template, caps);
    let numeric = "";
    if (!ids.length) {
      // some templates print string arguments unquoted (vLLM's Llama 3.2 pythonic: `f(location=Paris)`):
      // the same turn with an integer argument
      const again = renderCandidates(template, caps, true);
      if (again.ids.length) {
        ({ ids, closeness } = again);
        numeric = ` (with an integer argument: the template prints string arguments as ${JSON.stringify(sample.slice(0, 80))}, which no parser reads)`;
      }
    }
    if (!ids.length) {
      // the history form of the turn is not what the model writes (vLLM's Phi-4-mini template
      // drops `functools`): a format both the tool prompt and a family signature name
      const taught = promptCandidates(template, caps).ids.filter((id) => SOURCE_SIGNATURES[id]?.test(template));
      if (taught.length === 1) {
        return {
          format: taught[0],
          basis: "prompt",
          candidates: taught,
          reason: `the template renders tool calls as ${JSON.stringify(sample.slice(0, 120))}, which no registered format parses back, but its tool prompt teaches ${taught[0]}'s call marker and the source carries its family signature`,
        };
      }
      return {
        format: null,
        basis: "render",
        candidates: [],
        reason: `the template renders tool calls as ${JSON.stringify(sample.slice(0, 160))}, which no registered format parses back`,
      };
    }
    const why: string[] = [];
    const pool = mostSpecific(ids, template, caps, closeness, why);
    if (pool.length === 1) {
      const lenient = caps.lenient.tool_calls ? " (rendered the way minja/llama.cpp do: transformers raises)" : "";
      return {
        format: pool[0],
        basis: "render",
        candidates: ids,
        reason: `the rendered tool-call turn${lenient} parses back with ${ids.join(", ")}${numeric}${why.length ? `; chosen by ${why.join(", then ")}` : ""}`,
      };
    }
    return { format: null, basis: "render", candidates: ids, reason: `the rendered calls parse with ${pool.join(", ")} alike and nothing tells them apart` };
  }
  const taught = promptCandidates(template, caps);
  if (taught.ids.length) {
    const why: string[] = [];
    const pool = mostSpecific(taught.ids, template, caps, taught.closeness, why);
    if (pool.length === 1) {
      return {
        format: pool[0],
        basis: "prompt",
        candidates: taught.ids,
        reason: `the template renders no tool calls, but ${taught.how} ${taught.ids.join(", ")}${why.length ? `; chosen by ${why.join(", then ")}` : ""}`,
      };
    }
  }
  if (caps.supports_tools) {
    const signed = Object.keys(SOURCE_SIGNATURES).filter((id) => SOURCE_SIGNATURES[id].test(template));
    const why: string[] = [];
    const pool = signed.length > 1 ? mostSpecific(signed, template, caps, null, why) : signed;
    if (pool.length === 1) {
      return {
        format: pool[0],
        basis: "source",
        candidates: signed,
        reason: `the template renders no tool calls; its source carries the ${pool[0]} family signature ${SOURCE_SIGNATURES[pool[0]]}`,
      };
    }
  }
  return {
    format: null,
    basis: "none",
    candidates: [],
    reason: caps.supports_tools
      ? "the template renders tool definitions but no tool calls, and neither its prompt nor its source names a registered format"
      : "the template has no tool support (no tools, no tool calls): use the LM Studio polyfill (prepareMessages) and the lmstudio format",
  };
}
