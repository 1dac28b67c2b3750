/**
 * Server-sent events framing of a streaming Chat Completions response: one `data: <json>` event per
 * chunk, then `data: [DONE]`, each ended by a blank line.
 *
 * ```ts
 * encodeSSE([{ id: "chatcmpl-1", object: "chat.completion.chunk", … }]);
 * // -> 'data: {"id":"chatcmpl-1","object":"chat.completion.chunk",…}\n\ndata: [DONE]\n\n'
 * ```
 *
 * `JSON.stringify` escapes CR and LF inside strings, so an event is always one line (SSE splits
 * only on CR / LF). Send it with `Content-Type: text/event-stream`.
 *
 * Errors: a `TypeError` when a chunk is not an object (misuse).
 *
 * Source: OpenAI API reference, "Streaming" ("data-only server-sent events … terminated by a
 * `data: [DONE]` message"); WHATWG HTML, "Server-sent events" (event stream format).
 */

/** The event that ends an OpenAI stream. */
export const SSE_DONE = "data: [DONE]\n\n";

/** One `data:` event for one chunk (or any JSON-serialisable object, e.g. `{ error: {…} }`). */
export function sseEvent(chunk: object): string {
  if (chunk == null || typeof chunk !== "object") throw new TypeError(`toolwire: sseEvent() takes a chunk object, got ${chunk === null ? "null" : typeof chunk}`);
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/** Every chunk as an event, then `data: [DONE]` (unless `done: false`, for a stream still going). */
export function encodeSSE(chunks: Iterable<object>, options: { done?: boolean } = {}): string {
  let s = "";
  for (const c of chunks) s += sseEvent(c);
  return options.done === false ? s : s + SSE_DONE;
}
