/**
 * Shapes of toolwire's serving layer: the OpenAI Chat Completions response objects it builds
 * (`chat.completion`, `chat.completion.chunk`) and the diagnostics of argument validation and
 * repair. They are structurally assignable to the `openai` package's `ChatCompletion` and
 * `ChatCompletionChunk` (proved in `test/serve/types.test.ts`), without depending on it.
 *
 * Sources: OpenAI API reference, "Chat Completions": the chat completion object
 * (https://platform.openai.com/docs/api-reference/chat/object) and the chat completion chunk
 * object (https://platform.openai.com/docs/api-reference/chat-streaming/streaming).
 */
import type { ToolCall, ToolCallDelta } from "../parsers/types.ts";

/** `choices[].finish_reason` as OpenAI defines it, minus the deprecated `function_call`. The
 *  parsers decide `stop` / `tool_calls`; only the server knows `length` (max_tokens reached) and
 *  `content_filter`, so it may override. */
export type ServeFinishReason = "stop" | "length" | "tool_calls" | "content_filter";

/** OpenAI's `usage` object (`CompletionUsage`). `total_tokens` is computed when left out. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number; audio_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number; audio_tokens?: number; accepted_prediction_tokens?: number; rejected_prediction_tokens?: number };
}

/** What a server passes in for `usage`: `total_tokens` may be omitted. */
export type UsageInput = Omit<Usage, "total_tokens"> & { total_tokens?: number };

/** The fields shared by every response object of one completion. */
export interface ResponseMeta {
  /** The completion id, e.g. `"chatcmpl-" + crypto.randomUUID()`; every chunk of a stream repeats it. */
  id: string;
  /** The model name to report (usually the request's `model`). */
  model: string;
  /** Unix time in seconds when the completion was created; every chunk repeats it. */
  created: number;
  system_fingerprint?: string;
}

/** `choices[0].message` of a `chat.completion`. `reasoning_content` is the non-OpenAI field that
 *  vLLM, SGLang, llama.cpp and DeepSeek use for thinking text; `tool_calls` is left out when empty. */
export interface AssistantMessage {
  role: "assistant";
  content: string | null;
  refusal: null;
  reasoning_content?: string;
  tool_calls?: ToolCall[];
}

/** A `chat.completion` object (the non-streaming response). */
export interface ChatCompletionObject {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  system_fingerprint?: string;
  choices: { index: number; message: AssistantMessage; logprobs: null; finish_reason: ServeFinishReason }[];
  usage?: Usage;
}

/** `choices[0].delta` of a chunk: `role` on the first chunk only, then one of the other fields. */
export interface ChunkDelta {
  role?: "assistant";
  content?: string;
  reasoning_content?: string;
  tool_calls?: ToolCallDelta[];
}

/** A `chat.completion.chunk` object (one SSE event of a streaming response). The last chunk of a
 *  choice carries `finish_reason`; a usage chunk (`stream_options.include_usage`) has `choices: []`. */
export interface ChatCompletionChunkObject {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  system_fingerprint?: string;
  choices: { index: number; delta: ChunkDelta; logprobs: null; finish_reason: ServeFinishReason | null }[];
  usage?: Usage;
}

/** Stable codes of {@link ValidationDiagnostic}. Two are shared with the parsers' `DiagnosticCode`
 *  (`unknown_tool`, `arguments_not_object`) and mean the same thing. */
export type ValidationDiagnosticCode =
  /** The call names a function that is not in `tools`. */
  | "unknown_tool"
  /** `function.arguments` is not JSON text (after repair, when repair was asked for). */
  | "arguments_not_json"
  /** `function.arguments` is JSON but not an object. */
  | "arguments_not_object"
  /** The arguments break the tool's `parameters` schema; see `pointer` and `keyword`. */
  | "arguments_schema_violation"
  /** The tool's `parameters` is not a usable JSON Schema (bad keyword value, unresolvable `$ref`,
   *  unsupported `$schema`, duplicate tool name): its calls could not be checked. */
  | "invalid_tool_schema"
  /** The arguments were not JSON and were repaired (`original` holds the model's text). */
  | "arguments_repaired"
  /** The arguments were not JSON and could not be repaired into a JSON object. */
  | "arguments_unrepairable";

/** A problem found when checking final tool calls against the request's `tools`. Unlike the
 *  parsers' `Diagnostic` it has no model-output `offset`: it is about a call, not a place in the text. */
export interface ValidationDiagnostic {
  code: ValidationDiagnosticCode;
  message: string;
  /** Index of the call in the `tool_calls` that were checked. */
  index: number;
  /** The function name the call used (the tool concerned). */
  tool: string;
  /** JSON Pointer (RFC 6901) into the arguments: `""` is the whole object. For `required` and
   *  `additionalProperties` it points at the property that is missing or not allowed. */
  pointer?: string;
  /** The JSON Schema keyword that failed (`type`, `required`, `enum`, `additionalProperties`, …). */
  keyword?: string;
  /** Where in the tool's schema that keyword is, as a URI fragment (`#/properties/unit/enum`). */
  schemaPath?: string;
  /** For `arguments_repaired` / `arguments_unrepairable`: the arguments as the model wrote them. */
  original?: string;
}
