/**
 * Public types of toolwire's parsers. They mirror the OpenAI Chat Completions wire shapes
 * (`openai` package: `ChatCompletionMessageToolCall`, `ChatCompletionChunk.Choice.Delta`) so a
 * server can pass them straight through; `test/types.test-d.ts` proves the compatibility
 * (`{reasoning_content}` deltas fit `Delta & { reasoning_content?: string }`: the field vLLM,
 * SGLang, llama.cpp and DeepSeek add, which the `openai` types do not declare).
 */

/** One function call as OpenAI returns it in `choices[0].message.tool_calls`.
 *  `arguments` is a JSON text (the model's own text, passed through as written). */
export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** A tool of the request, as in OpenAI's `tools` array. Only `function.name` and
 *  `function.parameters` are read by the parsers. */
export interface Tool {
  type: "function";
  function: {
    name: string;
    description?: string;
    parameters?: Record<string, unknown>;
    strict?: boolean | null;
  };
}

/** The part of a `chat.completion.chunk` tool-call delta toolwire emits: the first delta of a call
 *  carries `id`, `type` and `function.name` (with `arguments: ""`), later ones only
 *  `function.arguments` fragments to be appended. */
export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: "function";
  function: { name?: string; arguments?: string };
}

/** One `choices[0].delta` of a `chat.completion.chunk`. Exactly one of the three fields is set.
 *  `reasoning_content` is the field vLLM, SGLang, llama.cpp and DeepSeek use for thinking text. */
export type ChoiceDelta =
  | { content: string }
  | { reasoning_content: string }
  | { tool_calls: ToolCallDelta[] };

export type FinishReason = "tool_calls" | "stop";

/** Stable machine-readable codes of {@link Diagnostic}. */
export type DiagnosticCode =
  /** A start marker was followed by text that is not a call; the text was kept in `content`. */
  | "invalid_call"
  /** The call's arguments stopped being valid JSON after the call was emitted. */
  | "invalid_arguments"
  /** The output ended inside a call (e.g. `max_tokens`); the call is kept as far as it came. */
  | "truncated_call"
  /** The output ended inside a start marker's body before the name was known: kept as content. */
  | "truncated_markup"
  /** A call body was not followed by the format's end marker. */
  | "missing_end_marker"
  /** The arguments were written as a JSON string holding JSON (decoded and passed on). */
  | "arguments_as_string"
  /** The call used `parameters` (or another alias) instead of `arguments`. */
  | "arguments_alias"
  /** The arguments value was not a JSON object. */
  | "arguments_not_object"
  /** The call named a function that is not in the request's `tools`. */
  | "unknown_tool"
  /** The model wrote an id where it could no longer be used (after the arguments began). */
  | "id_ignored"
  /** A reasoning block was still open when the output ended. */
  | "unclosed_reasoning"
  /** A configured bound was reached (undecided text, call count, nesting); see the message. */
  | "limit_exceeded"
  /** `tool_choice` is `"required"` but the output has no call. */
  | "tool_call_required"
  /** A call to a function other than the one `tool_choice` names; it was not emitted. */
  | "tool_choice_violation"
  /** A second call while `parallel_tool_calls` is false; it was not emitted. */
  | "parallel_tool_calls_disabled";

/** A problem found in model output. Parsing never throws on model text: it reports. */
export interface Diagnostic {
  code: DiagnosticCode;
  message: string;
  /** UTF-16 offset in the model output where the problem was found. */
  offset: number;
  /** Index of the tool call concerned, when there is one. */
  index?: number;
}

/** Result of a whole-text {@link parse}: the assistant message fields plus what went wrong. */
export interface ParseResult {
  content: string | null;
  reasoning_content: string | null;
  tool_calls: ToolCall[];
  finish_reason: FinishReason;
  diagnostics: Diagnostic[];
}

/** What {@link StreamParser.end} returns: the deltas still held back, and the verdict. */
export interface StreamEnd {
  deltas: ChoiceDelta[];
  finish_reason: FinishReason;
  diagnostics: Diagnostic[];
}

/** Bounds that keep a parser's memory and work proportional to what is still undecided. */
export interface ParserLimits {
  /** Characters a call may hold back before its name is known (then it falls back to content). Default 65536. */
  maxUndecided: number;
  /** Whitespace held back at the end of content, in case markup follows (dropped if it does). Default 1024. */
  maxHeldWhitespace: number;
  /** Calls in one response; later start markers stay content. Default 128. */
  maxCalls: number;
  /** Characters of one call's arguments; the rest of them is read but not emitted. Default 1048576. */
  maxArguments: number;
  /** JSON nesting depth inside a call. Default 512. */
  maxDepth: number;
}

/** OpenAI's `tool_choice` request field. */
export type ToolChoice = "none" | "auto" | "required" | { type: "function"; function: { name: string } };

export interface ParseOptions {
  /** The request's `tools`; used to report unknown names and (for XML formats) to type values. */
  tools?: Tool[] | null;
  /** As in the request. `"none"`: no call is extracted, the text stays content. `"required"`: no
   *  call gives a `tool_call_required` diagnostic (finish_reason stays `stop`). A named function:
   *  calls to other functions are not emitted (`tool_choice_violation`). Default `"auto"`. */
  tool_choice?: ToolChoice | null;
  /** As in the request. When false, calls after the first are not emitted
   *  (`parallel_tool_calls_disabled`). Default true. */
  parallel_tool_calls?: boolean | null;
  /** Makes call ids (default: `call_` + 24 alphanumerics; 9 alphanumerics for `mistral`).
   *  Inject a deterministic one in tests: stream and whole parse then agree on ids too. */
  generateId?: (index: number) => string;
  /** The output starts inside a reasoning block because the generation prompt opened it
   *  (e.g. QwQ's and Qwen3's `<think>\n` prefill). Default false. */
  startInReasoning?: boolean;
  /** Separate reasoning blocks into `reasoning_content`. When false their markers and text stay
   *  in `content` (llama.cpp `reasoning_format: none`). Default true. */
  separateReasoning?: boolean;
  limits?: Partial<ParserLimits>;
}

/** An incremental parser for one response. Feed it text as the model produces it. */
export interface StreamParser {
  /** Adds a chunk of model text; returns the deltas it decided. Never throws on model text. */
  push(chunk: string): ChoiceDelta[];
  /** Marks the end of the output; flushes what was held back. */
  end(): StreamEnd;
}
