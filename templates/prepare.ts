/**
 * `prepareMessages`: what an OpenAI-compatible server must do to a Chat Completions request
 * before a chat template sees it, driven by the template's {@link TemplateCapabilities}. Each
 * step is switchable by an option; `steps` in the result says which ones changed something.
 *
 * Steps, in order:
 * 1. `developerToSystem` (default on unless the template renders `developer` itself): the
 *    `developer` role (OpenAI's newer name for system instructions) becomes `system`.
 * 2. `polyfill` (default: when the request has tools and the template has no tool support,
 *    `supports_tools` false): LM Studio's "default tool use". The tools go into a system prompt
 *    rendered from templates/lmstudio-default-tools.jinja (listing them as JSON, with the
 *    `[TOOL_REQUEST]{…}[END_TOOL_REQUEST]` instructions, rules and examples; put before the
 *    request's own system text); assistant `tool_calls` become `[TOOL_REQUEST]` text in the
 *    content; `tool` messages become `user` messages (`[TOOL_RESULT]…[END_TOOL_RESULT]`);
 *    consecutive messages of one role are then merged. Parse the output with the `lmstudio`
 *    format (`result.format`).
 * 3. `systemToUser` (default: when the template does not render a system role): the system
 *    text is put at the start of the first user message.
 * 4. `flattenContent` (default: when the template does not require typed content): content
 *    given as a list of `{type: "text", text}` parts is joined into a string; `typedContent`
 *    (default: when it requires typed content) does the reverse.
 * 5. `argumentsToObjects` (default: on unless the template wants strings): `function.arguments`
 *    JSON strings become objects, as vLLM and llama.cpp do (many templates raise on strings or
 *    silently double-encode them — `requires_object_arguments` — and some that accept both
 *    render a string differently, e.g. Gemma 4's `{{…}}`); `argumentsToStrings` (default: when
 *    the template wants strings, functionary v3.2) does the reverse.
 * 6. `nullContentToEmpty` (default: `requires_non_null_content`): `content: null` becomes "".
 * 7. Tools are placed where the template reads them (`tools_route`): the `tools` variable, a
 *    template variable (firefunction-v2's `functions`, as JSON text), or the system message's
 *    `tools` field (Phi-4-mini). Template variables the template cannot render without get
 *    the probe's values unless the request sets them.
 *
 * ```ts
 * const caps = probeCapabilities(template);
 * const p = prepareMessages({ messages, tools }, caps);
 * const prompt = renderChat({ template, ...p.kwargs, messages: p.messages, tools: p.tools, add_generation_prompt: true });
 * const result = parse(p.format ?? detectFormat(template).format!, modelOutput, { tools });
 * ```
 *
 * Pure: no Node imports. Never mutates its input.
 */
import { getFormat } from "../parsers/index.ts";
import { parseJsonInput } from "./json-input.ts";
import { placeTools, type TemplateCapabilities } from "./capabilities.ts";
import { LMSTUDIO_DEFAULT_TOOLS_TEMPLATE } from "./lmstudio-default-tools.ts";
import { renderChat } from "./render.ts";
import { OPENAI_REQUEST_PARAMS } from "./request.ts";

export interface PrepareOptions {
  developerToSystem?: boolean;
  /** LM Studio's default tool use: true forces it, false never; default when `supports_tools` is false. */
  polyfill?: boolean;
  systemToUser?: boolean;
  flattenContent?: boolean;
  typedContent?: boolean;
  argumentsToObjects?: boolean;
  argumentsToStrings?: boolean;
  nullContentToEmpty?: boolean;
}

/** The input of a template render, ready for `renderChat({ template, ...kwargs, messages, tools })`. */
export interface PreparedMessages {
  messages: Record<string, unknown>[];
  /** For the `tools` variable; null when the tools went elsewhere (polyfill, another route). */
  tools: unknown[] | null;
  /** Template variables: the request's own (`enable_thinking`, …) and those the route needs. */
  kwargs: Record<string, unknown>;
  /** `"lmstudio"` when the polyfill was applied: parse the output with it. */
  format: "lmstudio" | null;
  /** What was changed, one line per step that changed something. */
  steps: string[];
}

type Msg = Record<string, unknown>;
type Call = { id?: unknown; type?: unknown; function?: { name?: unknown; arguments?: unknown } };

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** Text of a content value: strings as is, text parts joined, null → "". */
function contentText(c: unknown): string {
  if (typeof c === "string") return c;
  if (Array.isArray(c)) return c.map((p) => (isObj(p) && typeof p.text === "string" ? p.text : "")).join("");
  return "";
}

function argumentsText(a: unknown): string {
  return typeof a === "string" ? a : JSON.stringify(a ?? {});
}

/** The LM Studio default tool-use system prompt for `tools`. */
export function lmstudioToolsPrompt(tools: unknown[]): string {
  return renderChat({ template: LMSTUDIO_DEFAULT_TOOLS_TEMPLATE, messages: [], tools });
}

function mapCalls(messages: Msg[], f: (c: Call) => Call): Msg[] {
  return messages.map((m) =>
    Array.isArray(m.tool_calls) ? { ...m, tool_calls: (m.tool_calls as Call[]).map((c) => (isObj(c) ? f(c) : c)) } : m,
  );
}

/** Applies the LM Studio default tool use (step 2). */
function polyfillTools(messages: Msg[], tools: unknown[]): Msg[] {
  const lm = getFormat("lmstudio");
  const out: Msg[] = [];
  for (const m of messages) {
    if (m.role === "assistant" && Array.isArray(m.tool_calls) && m.tool_calls.length) {
      const calls = (m.tool_calls as Call[]).map((c, i) => ({
        id: typeof c.id === "string" ? c.id : `call_${i}`,
        type: "function" as const,
        function: { name: String(c.function?.name ?? ""), arguments: argumentsText(c.function?.arguments) },
      }));
      const { tool_calls: _drop, ...rest } = m;
      out.push({ ...rest, content: lm.serialize(calls, contentText(m.content) || null) });
    } else if (m.role === "tool") {
      out.push({ role: "user", content: `[TOOL_RESULT]${contentText(m.content)}[END_TOOL_RESULT]` });
    } else out.push(m);
  }
  const prompt = lmstudioToolsPrompt(tools);
  const sys = out.findIndex((m) => m.role === "system");
  if (sys === 0) out[0] = { ...out[0], content: `${prompt}\n\n${contentText(out[0].content)}`.trimEnd() };
  else out.unshift({ role: "system", content: prompt });
  // merge runs of one role (results after a user turn, several results) so roles alternate
  const merged: Msg[] = [];
  for (const m of out) {
    const last = merged[merged.length - 1];
    if (last && last.role === m.role && (m.role === "user" || m.role === "assistant")) {
      merged[merged.length - 1] = { ...last, content: `${contentText(last.content)}\n\n${contentText(m.content)}` };
    } else merged.push(m);
  }
  return merged;
}

/**
 * Prepares an OpenAI Chat Completions request (`{ messages, tools?, …template kwargs }`) for a
 * template with capabilities `caps` (see the module doc for the steps and options).
 */
export function prepareMessages(
  request: Record<string, unknown>,
  caps: TemplateCapabilities,
  options: PrepareOptions = {},
): PreparedMessages {
  const { messages: rawMessages, tools: rawTools, ...rest } = request;
  if (!Array.isArray(rawMessages)) throw new TypeError("prepareMessages: the request has no `messages` array");
  if (rawTools !== undefined && rawTools !== null && !Array.isArray(rawTools)) throw new TypeError("prepareMessages: `tools` must be an array");
  const steps: string[] = [];
  let messages: Msg[] = rawMessages.map((m) => (isObj(m) ? m : { role: "user", content: String(m) }));
  let tools = (rawTools as unknown[] | null | undefined) ?? null;
  const kwargs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) if (!OPENAI_REQUEST_PARAMS.has(k) && k !== "add_generation_prompt") kwargs[k] = v;
  const changed = (label: string, before: unknown, after: unknown) => {
    if (JSON.stringify(before) !== JSON.stringify(after)) steps.push(label);
  };

  // 1. developer → system
  if (options.developerToSystem ?? true) {
    const next = messages.map((m) => (m.role === "developer" ? { ...m, role: "system" } : m));
    changed("developer → system", messages, next);
    messages = next;
  }

  // 2. LM Studio default tool use
  let format: "lmstudio" | null = null;
  const hasTools = !!tools && tools.length > 0;
  if (options.polyfill ?? (hasTools && !caps.supports_tools)) {
    messages = polyfillTools(messages, tools ?? []);
    tools = null;
    format = "lmstudio";
    steps.push("tools polyfill (LM Studio default tool use): tools → system prompt, tool_calls → [TOOL_REQUEST] text, tool → user");
  }

  // 3. system → first user message
  if (options.systemToUser ?? !caps.supports_system_role) {
    const sys = messages.filter((m) => m.role === "system");
    if (sys.length) {
      const text = sys.map((m) => contentText(m.content)).join("\n\n");
      const others = messages.filter((m) => m.role !== "system");
      const u = others.findIndex((m) => m.role === "user");
      if (u >= 0) others[u] = { ...others[u], content: `${text}\n\n${contentText(others[u].content)}` };
      else others.unshift({ role: "user", content: text });
      messages = others;
      steps.push("system → first user message");
    }
  }

  // 4. content parts ↔ string
  if (options.typedContent ?? caps.requires_typed_content) {
    const next = messages.map((m) => (typeof m.content === "string" ? { ...m, content: [{ type: "text", text: m.content }] } : m));
    changed("string content → text parts", messages, next);
    messages = next;
  } else if (options.flattenContent ?? true) {
    const next = messages.map((m) =>
      Array.isArray(m.content) && m.content.every((p) => isObj(p) && p.type === "text") ? { ...m, content: contentText(m.content) } : m,
    );
    changed("text parts → string content", messages, next);
    messages = next;
  }

  // 5. arguments: JSON strings → objects, or objects → strings
  if (options.argumentsToObjects ?? caps.arguments !== "string") {
    const next = mapCalls(messages, (c) => {
      const a = c.function?.arguments;
      if (typeof a !== "string") return c;
      try {
        return { ...c, function: { ...c.function, arguments: parseJsonInput(a.trim() ? a : "{}") } };
      } catch {
        return c; // not JSON: left for the template to show as is
      }
    });
    changed("function.arguments JSON strings → objects", messages, next);
    messages = next;
  } else if (options.argumentsToStrings ?? caps.arguments === "string") {
    const next = mapCalls(messages, (c) =>
      c.function && typeof c.function.arguments !== "string" ? { ...c, function: { ...c.function, arguments: argumentsText(c.function.arguments) } } : c,
    );
    changed("function.arguments objects → JSON strings", messages, next);
    messages = next;
  }

  // 6. content: null → ""
  if (options.nullContentToEmpty ?? caps.requires_non_null_content) {
    const next = messages.map((m) => (m.content === null || (m.role === "assistant" && m.content === undefined) ? { ...m, content: "" } : m));
    changed("content: null → \"\"", messages, next);
    messages = next;
  }

  // 7. where the tools go, and variables the template needs
  for (const [k, v] of Object.entries(caps.required_kwargs)) if (!(k in kwargs)) kwargs[k] = v;
  if (tools && tools.length && caps.tools_route && caps.tools_route.kind !== "tools") {
    const placed = placeTools(caps.tools_route, messages, tools, kwargs);
    messages = placed.messages;
    Object.assign(kwargs, placed.kwargs);
    steps.push(caps.tools_route.kind === "kwarg" ? `tools → template variable \`${caps.tools_route.name}\`` : "tools → system message `tools` field");
    tools = null;
  }
  return { messages, tools, kwargs, format, steps };
}
