/**
 * What a format module declares, and the interface its body readers use to emit calls.
 * A format is data (markers) plus a body reader composed from `bodies.ts`; the engine
 * (`machine.ts`) does the scanning, holding back, fallback to content and delta emission.
 */
import type { DiagnosticCode, ParserLimits, Tool, ToolCall } from "../types.ts";
import type { Cursor, Step } from "./cursor.ts";

/** What a body reader can do while it reads one marked block of model output. */
export interface CallContext {
  readonly cur: Cursor;
  readonly limits: ParserLimits;
  /** The request's tool named `name` (the last one, as a JSON object keeps the last of a
   *  repeated key); undefined when the request has none of that name, or no tools. */
  tool(name: string): Tool | undefined;
  /** Whether a call has been opened (its first delta emitted) and not yet closed. */
  readonly isOpen: boolean;
  /** Whether `fail` or `ended` already stopped this block. */
  readonly stopped: boolean;
  /** Opens a call: emits `{index, id, type, function: {name, arguments: ""}}`. From here on the
   *  text read since the block's start is markup and cannot fall back to content. */
  open(name: string, id?: string | null): void;
  /** Appends argument text (JSON text, already decided) to the open call. */
  args(text: string): void;
  /** Closes the open call. */
  close(): void;
  /** Marks everything read so far as decided markup (between calls of one block). */
  settle(): void;
  /** Stops the block at `cur.pos` because of invalid text. Without an open call, the text since the
   *  block's start goes back to `content`; with one, the call is kept as far as it came. */
  fail(code: DiagnosticCode, message: string): void;
  /** Stops the block because the input ended (or a bound was hit) inside it. */
  ended(what: string): void;
  /** Reports a problem that does not stop the block. */
  diag(code: DiagnosticCode, message: string): void;
}

/** Reads the body of a block after its start marker (what it returns is not used). */
export type Body = (ctx: CallContext) => Step<unknown>;

/** One kind of marked block that carries tool calls. */
export interface CallSyntax {
  /** The start marker, e.g. `<tool_call>`. */
  open: string;
  body: Body;
  /** The end marker after the body, if the format has one (whitespace before it is allowed). */
  close?: string;
}

/** A reasoning block, e.g. `<think>`…`</think>`. */
export interface ReasoningSyntax {
  open: string;
  close: string;
  /** A call marker inside the block also ends it (Kimi-K2-Thinking may start calling tools
   *  without closing `<think>`). */
  endsAtCall?: boolean;
}

export interface FormatSpec {
  /** Format id (vLLM's `--tool-call-parser` name where vLLM has the format). */
  id: string;
  /** One line for tables and `--help`. */
  title: string;
  /** Where the wire format is documented (model card, template file). */
  source: string;
  calls: CallSyntax[];
  /** Reasoning blocks separated into `reasoning_content` (several pairs where a family has variants). */
  reasoning?: ReasoningSyntax | ReasoningSyntax[];
  /** Calls written without a start marker where content begins (its first non-space character is
   *  one of `first`), e.g. Llama 3 JSON `{"name": …}` or pythonic `[f(x)]`. Until the body has
   *  decided, the text is held back; if it is not a call it is content. */
  bare?: { first: string; body: Body };
  /** Markers that are markup only and are dropped wherever they appear in content,
   *  e.g. gpt-oss `<|start|>assistant`. */
  ignore?: string[];
  /** SGLang / vLLM `--tool-call-parser` names whose test cases this format must pass. */
  parserNames?: string[];
  /** Files in `../shared/templates/` whose models write this format. */
  templates?: string[];
  /** Call ids the model's template accepts: OpenAI `call_…` (default) or Mistral's 9 alphanumerics. */
  idStyle?: "openai" | "mistral";
  /** The exact text the model writes for these calls (after optional content). */
  serialize(calls: ToolCall[], content?: string | null): string;
}
