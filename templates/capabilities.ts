/**
 * `probeCapabilities`: what a chat template does with OpenAI-shaped input, found by rendering
 * probe conversations with `renderChat` (transformers semantics) and looking for needles in the
 * output — never by reading the source. The probes follow minja's `chat_template_caps`
 * (llama.cpp `common/minja/chat-template.hpp`) with these changes: tools are passed when
 * probing calls and results (some templates render calls only with tools), call ids are 9
 * alphanumerics (Mistral templates raise on others), a probe that raises under transformers is
 * retried the way minja/llama.cpp render (see `tryRenderLenient`; such probes are listed in
 * `lenient`), and templates that take tools through another route (a template variable such as
 * firefunction-v2's `functions`, or Phi-4-mini's system-message `tools` field) are found.
 *
 * ```ts
 * const caps = probeCapabilities(template);
 * caps.supports_tools; caps.requires_object_arguments; caps.reasoning?.open; // "<think>"
 * ```
 *
 * Pure: no Node imports. Results are cached by template text (LRU of 64).
 */
import { FORMATS } from "../parsers/registry.ts";
import type { ChatTemplateInput } from "./render.ts";
import { endsInReasoning, generatedTurn, tryRender, tryRenderLenient, type Rendered } from "./turn.ts";

/** How `function.arguments` must be given for the template to render a call correctly. */
export type ArgumentsMode =
  /** a JSON string raises: objects only */
  | "object"
  /** a JSON string renders, but as a quoted JSON string: objects only in practice */
  | "object-double-encoded"
  /** both render alike */
  | "object-or-string"
  /** an object raises or renders wrong: JSON strings only (functionary v3.2) */
  | "string"
  /** calls are not rendered */
  | "n/a";

/** Where the template reads tool definitions from. */
export type ToolsRoute =
  | { kind: "tools" }
  /** a template variable holding the tools as JSON text (firefunction-v2: `functions`) */
  | { kind: "kwarg"; name: string }
  /** a `tools` field (JSON text) on the system message (Phi-4-mini) */
  | { kind: "system_message" };

/** Reasoning markers found by rendering. */
export interface ReasoningCapability {
  open: string;
  close: string;
  /** The message field the template reads reasoning from, or null when it renders none. */
  field: "reasoning_content" | "thinking" | "reasoning" | null;
  /** The default generation prompt ends inside the block (QwQ's `<think>\n` prefill). */
  opens_in_generation_prompt: boolean;
}

/** The answers of {@link probeCapabilities}. Names follow minja's `chat_template_caps`. */
export interface TemplateCapabilities {
  /** Tool definitions reach the prompt (through {@link tools_route}). */
  supports_tools: boolean;
  /** Assistant `tool_calls` are rendered. */
  supports_tool_calls: boolean;
  /** `tool` role messages are rendered. */
  supports_tool_responses: boolean;
  /** A `system` message is rendered (not raised on, not dropped). */
  supports_system_role: boolean;
  /** Two calls of one assistant message are both rendered. */
  supports_parallel_tool_calls: boolean;
  /** A call's `id` / a result's `tool_call_id` appears in the prompt. */
  supports_tool_call_id: boolean;
  /** `function.arguments` must be an object (a JSON string raises or is double-encoded). */
  requires_object_arguments: boolean;
  /** An assistant `content: null` raises or renders "None": give "" instead. */
  requires_non_null_content: boolean;
  /** Content must be a list of `{type: "text", text}` parts (a plain string is not rendered). */
  requires_typed_content: boolean;
  /** The detail behind `requires_object_arguments`. */
  arguments: ArgumentsMode;
  /** Where tools go; null when they reach the prompt by no route. */
  tools_route: ToolsRoute | null;
  /** Template variables that must be defined for the template to render at all (with the value
   *  the probe used), e.g. firefunction-v2's `datetime`. */
  required_kwargs: Record<string, string>;
  /** Reasoning markers, when the template renders reasoning or its generation prompt opens it. */
  reasoning: ReasoningCapability | null;
  /** Probes that raised under transformers semantics and were answered by the minja-compatible
   *  fallback (e.g. Kimi-K2's `list.append`), with transformers' error. */
  lenient: Record<string, string>;
}

export const PROBE_USER = "probe-user-needle-7f3a";
export const PROBE_SYSTEM = "probe-system-needle-91c2";
export const PROBE_VALUE = "Paris";
export const PROBE_VALUE_2 = "Lyon";
export const PROBE_RESULT = "probe-result-needle-8d15";
export const PROBE_THOUGHT = "probe-thought-needle-2c4e";
export const PROBE_ANSWER = "probe-answer-needle-6a0b";
export const PROBE_IDS = ["probeId01", "probeId02"] as const;

function probeTool(name: string, description: string) {
  return {
    type: "function",
    function: {
      name,
      description,
      parameters: {
        type: "object",
        properties: { location: { type: "string", description: "A place." }, days: { type: "integer", description: "A number of days." } },
        required: [],
      },
    },
  };
}
/** The probe tools (the first is called in single-call probes). */
export const PROBE_TOOLS = [probeTool("probe_tool_alpha", "Probe tool alpha."), probeTool("probe_tool_beta", "Probe tool beta.")];

const CACHE_SIZE = 64;
const cache = new Map<string, TemplateCapabilities>();

/** A Python `json.dumps` of a flat object of strings (the probe arguments). */
export function pyJson(obj: Record<string, unknown>): string {
  return "{" + Object.entries(obj).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(", ") + "}";
}

/** Everything the probes need to render the way the template wants. */
export interface ProbeContext {
  template: string;
  kwargs: Record<string, unknown>;
  caps: TemplateCapabilities;
}

const UNDEFINED_VAR = /'([A-Za-z_]\w*)' is undefined/;
const RESERVED = new Set(["messages", "tools", "documents", "add_generation_prompt", "bos_token", "eos_token"]);

/** The text a probe renders for `route`: the tools placed where the template reads them. */
export function placeTools(
  route: ToolsRoute | null,
  messages: Record<string, unknown>[],
  tools: unknown[] | null,
  kwargs: Record<string, unknown>,
): { messages: Record<string, unknown>[]; tools: unknown[] | null; kwargs: Record<string, unknown> } {
  if (!tools || !tools.length || !route || route.kind === "tools") return { messages, tools: route?.kind === "tools" ? tools : null, kwargs };
  const json = JSON.stringify(tools, null, 4);
  if (route.kind === "kwarg") return { messages, tools: null, kwargs: { ...kwargs, [route.name]: json } };
  const i = messages.findIndex((m) => m.role === "system");
  const out = messages.slice();
  if (i >= 0) out[i] = { ...out[i], tools: json };
  else out.unshift({ role: "system", content: "", tools: json });
  return { messages: out, tools: null, kwargs };
}

/** Renders the template (transformers semantics, then minja-compatible), never throws. */
function render(
  template: string,
  kwargs: Record<string, unknown>,
  messages: unknown[],
  opts: { tools?: unknown[] | null; agp?: boolean; lenient?: boolean } = {},
): Rendered {
  const input: ChatTemplateInput = {
    bos_token: "<s>",
    eos_token: "</s>",
    ...kwargs,
    template,
    messages,
    tools: opts.tools ?? null,
    add_generation_prompt: !!opts.agp,
  };
  return opts.lenient === false ? tryRender(input) : tryRenderLenient(input);
}

const text = (r: Rendered) => (r.ok ? r.text : "");
const count = (hay: string, needle: string) => hay.split(needle).length - 1;

/** Known reasoning pairs of the registered formats, longest open marker first. */
function knownReasoningPairs(): { open: string; close: string }[] {
  const seen = new Map<string, { open: string; close: string }>();
  for (const f of FORMATS) {
    const r = f.reasoning;
    for (const p of r ? (Array.isArray(r) ? r : [r]) : []) seen.set(`${p.open}\u0000${p.close}`, { open: p.open, close: p.close });
  }
  return [...seen.values()].sort((a, b) => b.open.length - a.open.length);
}

/**
 * Probes `template` by rendering (see the module doc). Never throws on a template that raises:
 * a template that renders nothing at all gets every `supports_*` false.
 */
export function probeCapabilities(template: string): TemplateCapabilities {
  if (typeof template !== "string") throw new TypeError("probeCapabilities: template must be a string");
  const hit = cache.get(template);
  if (hit) {
    cache.delete(template);
    cache.set(template, hit);
    return structuredClone(hit);
  }
  const caps = probe(template);
  cache.set(template, caps);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return structuredClone(caps);
}

function probe(template: string): TemplateCapabilities {
  const lenient: Record<string, string> = {};
  const kwargs: Record<string, string> = {};
  const userStr = { role: "user", content: PROBE_USER };
  const userTyped = { role: "user", content: [{ type: "text", text: PROBE_USER }] };

  // 0. variables the template cannot render without (firefunction-v2: `functions`, `datetime`)
  let base = render(template, kwargs, [userStr], { agp: true });
  for (let k = 0; k < 4 && !base.ok; k++) {
    const m = UNDEFINED_VAR.exec(base.error);
    if (!m || RESERVED.has(m[1]) || m[1] in kwargs) break;
    kwargs[m[1]] = m[1] === "datetime" ? "2024-07-26 12:00:00" : "";
    base = render(template, kwargs, [userStr], { agp: true });
  }
  const r = (messages: unknown[], o: { tools?: unknown[] | null; agp?: boolean; lenient?: boolean; kwargs?: Record<string, unknown> } = {}) =>
    render(template, { ...kwargs, ...o.kwargs }, messages, o);

  // 1. typed content (minja): a plain string is lost but text parts render
  const strict = { lenient: false };
  const requires_typed_content =
    !text(r([userStr], strict)).includes(PROBE_USER) && text(r([userTyped], strict)).includes(PROBE_USER);
  const user = requires_typed_content ? userTyped : userStr;
  const content = (s: string) => (requires_typed_content ? [{ type: "text", text: s }] : s);

  // 2. system role
  const supports_system_role = text(r([{ role: "system", content: content(PROBE_SYSTEM) }, user], strict)).includes(PROBE_SYSTEM);

  // 3. tools, by the `tools` variable (with and without a system turn), a template variable, or
  //    the system message's `tools` field
  const toolName = PROBE_TOOLS[0].function.name;
  const sys = { role: "system", content: content("You are helpful.") };
  let tools_route: ToolsRoute | null = null;
  if ([[user], [sys, user]].some((msgs) => text(r(msgs, { tools: PROBE_TOOLS })).includes(toolName))) tools_route = { kind: "tools" };
  for (const name of Object.keys(kwargs)) {
    if (tools_route) break;
    const p = placeTools({ kind: "kwarg", name }, [user], PROBE_TOOLS, kwargs);
    if (text(render(template, p.kwargs, p.messages)).includes(toolName)) tools_route = { kind: "kwarg", name };
  }
  if (!tools_route) {
    const p = placeTools({ kind: "system_message" }, [sys, user], PROBE_TOOLS, kwargs);
    if (text(r(p.messages)).includes(toolName)) tools_route = { kind: "system_message" };
  }
  const supports_tools = tools_route !== null;
  const withTools = (msgs: Record<string, unknown>[], agp = false, strict = false) => {
    const p = placeTools(tools_route, msgs, PROBE_TOOLS, kwargs);
    return render(template, p.kwargs, p.messages, { tools: p.tools, agp, lenient: !strict });
  };

  // 4. null content of a plain assistant message (minja renders two, for QwQ-style last-turn logic)
  const twoTurns = (c: unknown) => [user, { role: "assistant", content: c }, user, { role: "assistant", content: c }];
  const outEmpty = r(twoTurns(""), strict);
  const outNull = r(twoTurns(null), strict);
  let requires_non_null_content =
    text(outEmpty).includes(PROBE_USER) &&
    (!text(outNull).includes(PROBE_USER) || count(text(outNull), "None") > count(text(outEmpty), "None"));

  // 5. tool calls: object vs JSON-string arguments
  const call = (i: 0 | 1, args: unknown) => ({
    id: PROBE_IDS[i],
    type: "function",
    function: { name: PROBE_TOOLS[i].function.name, arguments: args },
  });
  const argsObj = (v: string) => ({ location: v });
  const callsMsg = (calls: unknown[], c: unknown) => ({ role: "assistant", content: c, tool_calls: calls });
  const baseWithTools = text(withTools([user]));
  const renders = (out: Rendered, value: string, names: string[]) =>
    out.ok && out.text.includes(value) && names.every((n) => count(out.text, n) > count(baseWithTools, n));
  const renderCall = (args: unknown, c: unknown) => withTools([user, callsMsg([call(0, args)], c)]);
  let objOut = renderCall(argsObj(PROBE_VALUE), null);
  let strOut = renderCall(pyJson(argsObj(PROBE_VALUE)), null);
  if (!renders(objOut, PROBE_VALUE, [toolName]) && !renders(strOut, PROBE_VALUE, [toolName])) {
    // some templates need content "" next to tool calls
    const o2 = renderCall(argsObj(PROBE_VALUE), "");
    const s2 = renderCall(pyJson(argsObj(PROBE_VALUE)), "");
    if (renders(o2, PROBE_VALUE, [toolName]) || renders(s2, PROBE_VALUE, [toolName])) {
      requires_non_null_content = true;
      objOut = o2;
      strOut = s2;
    }
  }
  const nullish = requires_non_null_content ? "" : null;
  const objOk = renders(objOut, PROBE_VALUE, [toolName]);
  const strRendered = renders(strOut, PROBE_VALUE, [toolName]);
  const doubleEncoded = strRendered && /\\"location\\"|'\{"location"/.test(strOut.ok ? strOut.text : "");
  let args: ArgumentsMode;
  // "both": each renders the call without error or escaping (a string iterated character by
  // character, as pythonic templates do, loses the value and counts as not rendering)
  if (objOk && strRendered && !doubleEncoded) args = "object-or-string";
  else if (objOk && strRendered) args = "object-double-encoded";
  else if (objOk) args = "object";
  else if (strRendered && !doubleEncoded) args = "string";
  else args = "n/a";
  const supports_tool_calls = args !== "n/a";
  if (supports_tool_calls) {
    const used = args === "string" ? strOut : objOut;
    if (used.ok && used.lenient) {
      const strict = withTools([user, callsMsg([call(0, args === "string" ? pyJson(argsObj(PROBE_VALUE)) : argsObj(PROBE_VALUE))], nullish)], false, true);
      if (!strict.ok) lenient.tool_calls = strict.error;
    }
  }
  const argsFor = (v: string) => (args === "string" ? pyJson(argsObj(v)) : argsObj(v));

  // 6. parallel calls
  let supports_parallel_tool_calls = false;
  if (supports_tool_calls) {
    const out = withTools([user, callsMsg([call(0, argsFor(PROBE_VALUE)), call(1, argsFor(PROBE_VALUE_2))], nullish)]);
    supports_parallel_tool_calls = renders(out, PROBE_VALUE, [PROBE_TOOLS[0].function.name]) && renders(out, PROBE_VALUE_2, [PROBE_TOOLS[1].function.name]);
  }

  // 7. tool results (after a call when calls render, else after a plain assistant turn) and ids
  const result = { role: "tool", name: toolName, tool_call_id: PROBE_IDS[0], content: PROBE_RESULT };
  const convs: Record<string, unknown>[][] = [];
  if (supports_tool_calls) convs.push([user, callsMsg([call(0, argsFor(PROBE_VALUE))], nullish), result]);
  convs.push([user, { role: "assistant", content: content("Let me check.") }, result]);
  let supports_tool_responses = false;
  let supports_tool_call_id = false;
  for (const msgs of convs) {
    const out = withTools(msgs, true);
    if (!out.ok || !out.text.includes(PROBE_RESULT)) continue;
    supports_tool_responses = true;
    if (out.lenient) {
      const strict = withTools(msgs, true, true);
      if (!strict.ok) lenient.tool_responses = strict.error;
    }
    supports_tool_call_id = out.text.includes(PROBE_IDS[0]);
    break;
  }
  if (!supports_tool_call_id && supports_tool_calls) supports_tool_call_id = text(objOk ? objOut : strOut).includes(PROBE_IDS[0]);

  // 8. reasoning markers
  const reasoning = probeReasoning(r, user, content);

  return {
    supports_tools,
    supports_tool_calls,
    supports_tool_responses,
    supports_system_role,
    supports_parallel_tool_calls,
    supports_tool_call_id,
    requires_object_arguments: args === "object" || args === "object-double-encoded",
    requires_non_null_content,
    requires_typed_content,
    arguments: args,
    tools_route,
    required_kwargs: kwargs,
    reasoning,
    lenient,
  };
}

/** `close` ends a block opened by `open`: `<x>`/`</x>`, `[X]`/`[/X]`, `<|START_X|>`/`<|END_X|>`. */
function closes(open: string, close: string): boolean {
  if (close === open[0] + "/" + open.slice(1)) return true;
  return open.replace(/start|begin/i, "") === close.replace(/end/i, "");
}

type R = (messages: unknown[], o?: { tools?: unknown[] | null; agp?: boolean; kwargs?: Record<string, unknown> }) => Rendered;

function probeReasoning(r: R, user: unknown, content: (s: string) => unknown): ReasoningCapability | null {
  const pairs = knownReasoningPairs();
  const prompt = text(r([user], { agp: true }));
  for (const field of ["reasoning_content", "thinking", "reasoning"] as const) {
    const out = r([user], { agp: true });
    const full = r([user, { role: "assistant", content: content(PROBE_ANSWER), [field]: PROBE_THOUGHT }]);
    if (!out.ok || !full.ok || !full.text.includes(PROBE_THOUGHT)) continue;
    const turn = generatedTurn(out.text, full.text).text;
    const at = turn.indexOf(PROBE_THOUGHT);
    const scope = at >= 0 ? turn : full.text;
    const k = scope.indexOf(PROBE_THOUGHT);
    const before = scope.slice(0, k);
    const after = scope.slice(k + PROBE_THOUGHT.length);
    // a registered pair around the thought (the generation prompt may hold the open marker)
    const known = pairs.find((p) => (before.includes(p.open) || (at >= 0 && prompt.endsWith(p.open))) && after.includes(p.close));
    if (known) return { ...known, field, opens_in_generation_prompt: endsInReasoning(prompt, [known]) };
    // otherwise the tag-like markers right around it
    const o = /(<[^<>\s]{1,40}>|\[[A-Z_/]{2,20}\])\s*$/.exec(before);
    const c = /^\s*(<\/?[^<>\s]{1,40}>|\[[A-Z_/]{2,20}\])/.exec(after);
    if (o && c && closes(o[1], c[1])) {
      const pair = { open: o[1], close: c[1] };
      return { ...pair, field, opens_in_generation_prompt: endsInReasoning(prompt, [pair]) };
    }
  }
  // no reasoning rendered: does the generation prompt (default, or with enable_thinking) write
  // a known block's marker after the user turn (QwQ's `<think>\n`)?
  const thinking = text(r([user], { agp: true, kwargs: { enable_thinking: true } }));
  const tail = (p: string) => p.slice(p.lastIndexOf(PROBE_USER) + PROBE_USER.length);
  const open = pairs.find((p) => tail(prompt).includes(p.open) || tail(thinking).includes(p.open));
  return open ? { ...open, field: null, opens_in_generation_prompt: endsInReasoning(prompt, [open]) } : null;
}
