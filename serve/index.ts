/**
 * toolwire/serve: what an OpenAI-compatible server needs around the parsers. Pure (no Node
 * imports): runs in Node, browsers, Deno, Bun and edge runtimes.
 *
 * - {@link toChatCompletion}: a parse result → a `chat.completion` object (non-streaming).
 * - {@link ChunkEncoder} / {@link toChunks}: `ChoiceDelta`s → `chat.completion.chunk` objects.
 * - {@link encodeSSE} / {@link sseEvent} / {@link SSE_DONE}: chunks → `data: …\n\n` events.
 * - {@link validateToolCalls}: final calls against the request's `tools` (ajv; strict semantics).
 * - {@link repairArguments}: opt-in repair of malformed arguments JSON (jsonrepair).
 *
 * ```ts
 * const parser = createStreamParser("hermes", { tools: req.tools, tool_choice: req.tool_choice, parallel_tool_calls: req.parallel_tool_calls });
 * const enc = new ChunkEncoder({ id: "chatcmpl-1", model: req.model, created: Math.floor(Date.now() / 1000) });
 * for await (const text of modelStream) write(encodeSSE(enc.push(parser.push(text)), { done: false }));
 * write(encodeSSE(enc.finish(parser.end())));
 * ```
 * (`EXAMPLE.md` beside this file has a complete handler.)
 *
 * ## Tool call ids
 * The parsers choose each call's `id` (serve passes it through):
 * - the model's own id when it wrote one where it can be used (Mistral v11 `[CALL_ID]`, Mistral
 *   v0.3 `"id"` before `"arguments"`);
 * - else `ParseOptions.generateId(index)` when given: inject a deterministic one in tests, so the
 *   stream and the whole-text parse agree on ids too (`index` is the call's index in the response,
 *   so make ids unique across turns yourself if your client needs that);
 * - else `call_` + 24 random alphanumerics (OpenAI's style), or 9 random alphanumerics for the
 *   `mistral` format, whose chat templates reject any other id when the call is sent back.
 * The random ids use Web Crypto (`crypto.getRandomValues`).
 *
 * Sources: OpenAI API reference, Chat Completions (create, the chat completion object, the chunk
 * object, streaming); each file cites its own.
 */
export { toChatCompletion, type CompletionInput, type CompletionMeta } from "./completion.ts";
export { ChunkEncoder, toChunks, type EndOptions } from "./chunks.ts";
export { encodeSSE, sseEvent, SSE_DONE } from "./sse.ts";
export { validateToolCalls, ToolCallValidationError, type ValidateOptions, type ValidationResult } from "./validate.ts";
export { compileTools, checkToolSchemas, strictSchema, type CompiledTool, type CompiledTools } from "./schemas.ts";
export { repairArguments, type RepairResult } from "./repair.ts";
export type * from "./types.ts";
