/**
 * Builds the streaming response: OpenAI `chat.completion.chunk` objects from the parsers'
 * `ChoiceDelta`s. {@link ChunkEncoder} is incremental (one per response, fed as the stream parser
 * decides deltas); {@link toChunks} is the one-shot form.
 *
 * ```ts
 * const enc = new ChunkEncoder({ id: "chatcmpl-1", model: "qwen3", created: 1730000000 });
 * enc.push([{ content: "Hi" }]);
 * // -> [{ id: "chatcmpl-1", object: "chat.completion.chunk", created: 1730000000, model: "qwen3",
 * //       choices: [{ index: 0, delta: { role: "assistant", content: "Hi" }, logprobs: null, finish_reason: null }] }]
 * enc.end("stop");
 * // -> [{ …, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }] }]
 *
 * // With a stream parser (one encoder per response):
 * const parser = createStreamParser("hermes", options), out = new ChunkEncoder(meta);
 * for (const text of modelStream) send(out.push(parser.push(text)));
 * send(out.finish(parser.end()));   // remaining deltas, then the finish chunk
 * ```
 *
 * Rules (as OpenAI streams them): one choice (index 0); every chunk repeats `id`, `created`,
 * `model`; the first chunk's delta carries `role: "assistant"`; each delta becomes one chunk
 * (empty text deltas are skipped);
 * the last chunk has an empty delta and `finish_reason`; with `usage` given to `end`, one more
 * chunk follows with `choices: []` and `usage` (what `stream_options: { include_usage: true }` asks for).
 * A response with no delta at all still gets a first chunk: `{ role: "assistant" }` with the
 * `finish_reason`.
 *
 * Clients: the `openai` SDK's (6.49) `ChatCompletionStream` (`client.chat.completions.stream()`) copies
 * delta fields it does not know, such as `reasoning_content`, by assignment: its final message keeps
 * only the LAST reasoning fragment. Content and tool calls accumulate correctly. Clients that need
 * the reasoning should fold `chunk` events themselves (the Vercel AI SDK does).
 *
 * Errors: a `TypeError` for misuse (bad meta, a delta that is not a `ChoiceDelta`); an `Error` for
 * `push` after `end` or `end` twice. Nothing depends on model text.
 *
 * Source: OpenAI API reference, "The chat completion chunk object"
 * (https://platform.openai.com/docs/api-reference/chat-streaming/streaming).
 */
import type { ChoiceDelta, FinishReason, StreamEnd } from "../parsers/types.ts";
import { checkMeta, toUsage } from "./completion.ts";
import type { ChatCompletionChunkObject, ChunkDelta, ResponseMeta, ServeFinishReason, UsageInput } from "./types.ts";

export interface EndOptions {
  /** Adds the usage chunk (`choices: []`) after the finish chunk. */
  usage?: UsageInput;
}

/** Encodes one response's deltas into chunks, incrementally. */
export class ChunkEncoder {
  private readonly meta: ResponseMeta;
  private started = false;
  private ended = false;
  private sawCall = false;

  constructor(meta: ResponseMeta) {
    checkMeta(meta, "ChunkEncoder");
    this.meta = { id: meta.id, model: meta.model, created: meta.created, system_fingerprint: meta.system_fingerprint };
  }

  /** The chunks for these deltas (from `StreamParser.push` or `StreamEnd.deltas`), in order. */
  push(deltas: Iterable<ChoiceDelta>): ChatCompletionChunkObject[] {
    if (this.ended) throw new Error("toolwire: ChunkEncoder.push() after end(); create one encoder per response");
    const out: ChatCompletionChunkObject[] = [];
    for (const d of deltas) {
      const delta = toDelta(d);
      if (!delta) continue;
      if (delta.tool_calls) this.sawCall = true;
      out.push(this.chunk(delta, null));
    }
    return out;
  }

  /** The closing chunks: `finish_reason` on an empty delta, then the usage chunk when `usage` is
   *  given. Default `finish_reason`: `tool_calls` if any call was pushed, else `stop`. */
  end(finish_reason?: ServeFinishReason | FinishReason | null, options: EndOptions = {}): ChatCompletionChunkObject[] {
    if (this.ended) throw new Error("toolwire: ChunkEncoder.end() called twice");
    const reason = finish_reason ?? (this.sawCall ? "tool_calls" : "stop");
    const usage = options.usage ? toUsage(options.usage) : undefined;
    const out = [this.chunk({}, reason)];
    this.ended = true;
    if (usage) out.push({ ...this.base(), choices: [], usage });
    return out;
  }

  /** `push(end.deltas)` then `end(end.finish_reason)`: closes the stream with what the stream
   *  parser's `end()` returned. `options.finish_reason` overrides (e.g. `"length"`). */
  finish(end: StreamEnd, options: EndOptions & { finish_reason?: ServeFinishReason } = {}): ChatCompletionChunkObject[] {
    return [...this.push(end.deltas), ...this.end(options.finish_reason ?? end.finish_reason, options)];
  }

  private base(): Omit<ChatCompletionChunkObject, "choices"> {
    const m = this.meta;
    const b: Omit<ChatCompletionChunkObject, "choices"> = { id: m.id, object: "chat.completion.chunk", created: m.created, model: m.model };
    if (m.system_fingerprint !== undefined) b.system_fingerprint = m.system_fingerprint;
    return b;
  }

  private chunk(delta: ChunkDelta, finish_reason: ServeFinishReason | null): ChatCompletionChunkObject {
    if (!this.started) {
      this.started = true;
      delta = { role: "assistant", ...delta };
    }
    return { ...this.base(), choices: [{ index: 0, delta, logprobs: null, finish_reason }] };
  }
}

/** A chunk delta for one `ChoiceDelta` (a copy), or null for an empty text delta. */
function toDelta(d: ChoiceDelta): ChunkDelta | null {
  if (d == null || typeof d !== "object") throw new TypeError(`toolwire: ChunkEncoder.push() takes ChoiceDelta objects, got ${d === null ? "null" : typeof d}`);
  if ("content" in d && typeof d.content === "string") return d.content ? { content: d.content } : null;
  if ("reasoning_content" in d && typeof d.reasoning_content === "string") return d.reasoning_content ? { reasoning_content: d.reasoning_content } : null;
  if ("tool_calls" in d && Array.isArray(d.tool_calls)) {
    if (d.tool_calls.length === 0) return null;
    return { tool_calls: d.tool_calls.map((t) => ({ ...t, function: { ...t.function } })) };
  }
  throw new TypeError(`toolwire: not a ChoiceDelta: ${JSON.stringify(d)}`);
}

/** One-shot: every chunk of a response whose deltas are all known. `meta.finish_reason` defaults
 *  to `tool_calls` when a call is among the deltas, else `stop`; `meta.usage` adds the usage chunk. */
export function toChunks(deltas: Iterable<ChoiceDelta>, meta: ResponseMeta & { finish_reason?: ServeFinishReason | FinishReason; usage?: UsageInput }): ChatCompletionChunkObject[] {
  const enc = new ChunkEncoder(meta);
  return [...enc.push(deltas), ...enc.end(meta.finish_reason, { usage: meta.usage })];
}
