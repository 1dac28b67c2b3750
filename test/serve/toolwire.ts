/**
 * Stand-in for the package entry `"toolwire"` in `serve/EXAMPLE.md`'s code (see
 * `example-handler.ts`): the root entry plus the serve exports, named explicitly so this keeps
 * compiling once the root `index.ts` re-exports `serve/` itself.
 */
export * from "../../index.ts";
export { ChunkEncoder, encodeSSE, sseEvent, SSE_DONE, toChatCompletion, toChunks, validateToolCalls, repairArguments } from "../../serve/index.ts";
