/**
 * toolwire: the wire formats of LLM tool calls.
 * Parsers (whole text and streaming OpenAI deltas) and the format registry.
 */
export { parse, createStreamParser, getFormat, listFormats, type Format } from "./parsers/index.ts";
export { accumulate, type Accumulated } from "./parsers/engine/accumulate.ts";
export { DEFAULT_LIMITS } from "./parsers/engine/machine.ts";
export type * from "./parsers/types.ts";
export * from "./serve/index.ts";
// Chat templates. The parsers' DEFAULT_LIMITS above takes precedence over the star export;
// the rendering limits are exported as DEFAULT_RENDER_LIMITS.
export * from "./templates/index.ts";
export { DEFAULT_LIMITS as DEFAULT_RENDER_LIMITS } from "./templates/index.ts";
