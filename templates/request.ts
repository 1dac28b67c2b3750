/**
 * Turn an OpenAI-style chat request (or a shared-corpus conversation) into `renderChat` input.
 *
 * - `messages`, `tools`, `documents`, `add_generation_prompt` are taken as they are;
 * - template kwargs: every other top-level key (`enable_thinking`, `bos_token`,
 *   `reasoning_effort`, …) except OpenAI sampling/transport parameters (`model`,
 *   `temperature`, `stream`, `tool_choice`, …) and `description`; then the objects `extra`
 *   (shared corpus) and `chat_template_kwargs` (vLLM) are merged over them;
 * - `parseArguments: true` turns `tool_calls[].function.arguments` JSON strings into objects
 *   (most templates want objects; OpenAI clients send strings).
 *
 * ```ts
 * chatInputFromRequest(tpl, { model: "m", messages, enable_thinking: false });
 * // { template: tpl, messages, enable_thinking: false }
 * ```
 *
 * Throws TypeError when `messages` is not an array or `tools`/`extra` have the wrong type.
 */
import { parseJsonInput } from "./json-input.ts";
import type { ChatTemplateInput } from "./render.ts";

/** Request fields that configure the API call rather than the prompt. */
export const OPENAI_REQUEST_PARAMS: ReadonlySet<string> = new Set([
  "model", "temperature", "top_p", "top_k", "min_p", "n", "stream", "stream_options", "stop",
  "max_tokens", "max_completion_tokens", "presence_penalty", "frequency_penalty",
  "repetition_penalty", "logit_bias", "logprobs", "top_logprobs", "user", "seed", "tool_choice",
  "parallel_tool_calls", "response_format", "service_tier", "store", "metadata", "modalities",
  "audio", "prediction", "web_search_options", "functions", "function_call",
]);

export interface RequestOptions {
  /** Convert `function.arguments` JSON strings to objects. */
  parseArguments?: boolean;
}

function argumentsAsObjects(messages: unknown[]): unknown[] {
  return messages.map((m) => {
    if (!m || typeof m !== "object" || !Array.isArray((m as { tool_calls?: unknown }).tool_calls)) return m;
    const msg = m as { tool_calls: unknown[] };
    return {
      ...msg,
      tool_calls: msg.tool_calls.map((c) => {
        const fn = (c as { function?: { arguments?: unknown } })?.function;
        if (!fn || typeof fn.arguments !== "string") return c;
        try {
          return { ...(c as object), function: { ...fn, arguments: parseJsonInput(fn.arguments) } };
        } catch {
          return c;
        }
      }),
    };
  });
}

/** Builds `renderChat` input from a request object (see the module doc). */
export function chatInputFromRequest(
  template: string,
  request: Record<string, unknown>,
  options: RequestOptions = {},
): ChatTemplateInput {
  const { messages, tools, documents, add_generation_prompt, extra, chat_template_kwargs, ...rest } = request;
  if (!Array.isArray(messages)) throw new TypeError("the request has no `messages` array");
  if (tools !== undefined && tools !== null && !Array.isArray(tools)) throw new TypeError("`tools` must be an array");
  if (documents !== undefined && documents !== null && !Array.isArray(documents)) {
    throw new TypeError("`documents` must be an array");
  }
  const kwargs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) {
    if (k !== "description" && !OPENAI_REQUEST_PARAMS.has(k)) kwargs[k] = v;
  }
  for (const [label, more] of [["extra", extra], ["chat_template_kwargs", chat_template_kwargs]] as const) {
    if (more === undefined || more === null) continue;
    if (typeof more !== "object" || Array.isArray(more)) throw new TypeError(`\`${label}\` must be an object`);
    Object.assign(kwargs, more);
  }
  for (const k of ["template", "messages", "tools", "documents", "add_generation_prompt"]) {
    if (k in kwargs) throw new TypeError(`template kwargs may not set \`${k}\``);
  }
  return {
    ...kwargs,
    template,
    messages: options.parseArguments ? argumentsAsObjects(messages) : messages,
    tools: (tools as unknown[] | null | undefined) ?? null,
    documents: (documents as unknown[] | null | undefined) ?? null,
    add_generation_prompt: !!add_generation_prompt,
  };
}
