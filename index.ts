/**
 * toolwire: the wire formats of LLM tool calls.
 * Parsers (whole text and streaming OpenAI deltas) and the format registry.
 */
export { parse, createStreamParser, getFormat, listFormats, type Format } from "./parsers/index.ts";
export { accumulate, type Accumulated } from "./parsers/engine/accumulate.ts";
export { DEFAULT_LIMITS } from "./parsers/engine/machine.ts";
export type * from "./parsers/types.ts";
export * from "./serve/index.ts";
