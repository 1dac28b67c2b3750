/**
 * Builds the non-streaming response: a complete OpenAI `chat.completion` object from a parse result.
 *
 * ```ts
 * const r = parse("hermes", '<tool_call>\n{"name": "f", "arguments": {"x": 1}}\n</tool_call>');
 * toChatCompletion(r, { id: "chatcmpl-1", model: "hermes-3", created: 1730000000 });
 * // -> { id: "chatcmpl-1", object: "chat.completion", created: 1730000000, model: "hermes-3",
 * //      choices: [{ index: 0, logprobs: null, finish_reason: "tool_calls",
 * //        message: { role: "assistant", content: null, refusal: null,
 * //          tool_calls: [{ id: "call_…", type: "function", function: { name: "f", arguments: '{"x": 1}' } }] } }] }
 * ```
 *
 * `reasoning_content` is set only when the result has reasoning text, `tool_calls` only when
 * there are calls, `usage` only when given (with `total_tokens` computed if left out).
 * `finish_reason` is the result's unless `meta.finish_reason` overrides it (a server knows when
 * generation stopped at `max_tokens`: `"length"`).
 *
 * Errors: a `TypeError` for misuse (missing `id` / `model`, `created` not a whole number,
 * negative token counts); never anything about model text.
 *
 * Source: OpenAI API reference, "The chat completion object"
 * (https://platform.openai.com/docs/api-reference/chat/object).
 */
import type { FinishReason, ToolCall } from "../parsers/types.ts";
import type { AssistantMessage, ChatCompletionObject, ResponseMeta, ServeFinishReason, Usage, UsageInput } from "./types.ts";

/** What {@link toChatCompletion} reads: a `ParseResult` (or any message-shaped object) fits. */
export interface CompletionInput {
  content: string | null;
  reasoning_content?: string | null;
  tool_calls?: readonly ToolCall[] | null;
  finish_reason?: FinishReason | ServeFinishReason | null;
}

export interface CompletionMeta extends ResponseMeta {
  usage?: UsageInput;
  /** Overrides the result's `finish_reason` (e.g. `"length"` when `max_tokens` was reached). */
  finish_reason?: ServeFinishReason;
}

/** Checks the fields every response object repeats; throws a `TypeError` on misuse. */
export function checkMeta(meta: ResponseMeta, where: string): void {
  if (meta == null || typeof meta !== "object") throw new TypeError(`toolwire: ${where} needs { id, model, created }`);
  if (typeof meta.id !== "string" || meta.id === "") throw new TypeError(`toolwire: ${where}: id must be a non-empty string`);
  if (typeof meta.model !== "string") throw new TypeError(`toolwire: ${where}: model must be a string`);
  if (!Number.isSafeInteger(meta.created) || meta.created < 0)
    throw new TypeError(`toolwire: ${where}: created must be a Unix time in whole seconds, got ${String(meta.created)}`);
}

/** `usage` with `total_tokens` filled in; throws a `TypeError` on counts that are not whole numbers >= 0. */
export function toUsage(u: UsageInput): Usage {
  for (const k of ["prompt_tokens", "completion_tokens"] as const)
    if (!Number.isSafeInteger(u[k]) || u[k] < 0) throw new TypeError(`toolwire: usage.${k} must be a whole number >= 0, got ${String(u[k])}`);
  const out: Usage = { prompt_tokens: u.prompt_tokens, completion_tokens: u.completion_tokens, total_tokens: u.total_tokens ?? u.prompt_tokens + u.completion_tokens };
  if (u.prompt_tokens_details) out.prompt_tokens_details = { ...u.prompt_tokens_details };
  if (u.completion_tokens_details) out.completion_tokens_details = { ...u.completion_tokens_details };
  return out;
}

/** A copy of a call with exactly the OpenAI fields. */
export function copyCall(c: ToolCall): ToolCall {
  return { id: c.id, type: "function", function: { name: c.function.name, arguments: c.function.arguments } };
}

/** The complete `chat.completion` object for one parsed response (one choice, index 0). */
export function toChatCompletion(result: CompletionInput, meta: CompletionMeta): ChatCompletionObject {
  checkMeta(meta, "toChatCompletion()");
  if (result == null || typeof result !== "object") throw new TypeError("toolwire: toChatCompletion() takes a parse result");
  const calls = result.tool_calls ?? [];
  const message: AssistantMessage = { role: "assistant", content: result.content ?? null, refusal: null };
  if (result.reasoning_content) message.reasoning_content = result.reasoning_content;
  if (calls.length > 0) message.tool_calls = calls.map(copyCall);
  const finish_reason: ServeFinishReason = meta.finish_reason ?? result.finish_reason ?? (calls.length > 0 ? "tool_calls" : "stop");
  const out: ChatCompletionObject = {
    id: meta.id,
    object: "chat.completion",
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason }],
  };
  if (meta.system_fingerprint !== undefined) out.system_fingerprint = meta.system_fingerprint;
  if (meta.usage) out.usage = toUsage(meta.usage);
  return out;
}
