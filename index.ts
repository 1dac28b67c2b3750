/**
 * toolwire: the wire formats of LLM tool calls.
 * Parsers (whole text and streaming OpenAI deltas) and the format registry.
 */
export { parse, createStreamParser, getFormat, listFormats, type Format } from "./parsers/index.ts";
export { accumulate, type Accumulated } from "./parsers/engine/accumulate.ts";
export { DEFAULT_LIMITS } from "./parsers/engine/machine.ts";
export type * from "./parsers/types.ts";
export * from "./serve/index.ts";
export {
  renderChat,
  loadChatTemplate,
  loadSpecialTokens,
  TemplateLoadError,
  chatInputFromRequest,
  OPENAI_REQUEST_PARAMS,
  parseJsonInput,
  PyFloat,
  compileChatTemplate,
  clearTemplateCache,
  TEMPLATE_CACHE_SIZE,
  DEFAULT_LIMITS as DEFAULT_RENDER_LIMITS,
  TemplateLimitError,
  ChatTemplateError,
  TemplateError,
  TemplateRuntimeError,
  TemplateSyntaxError,
  type ChatTemplateInput,
  type RenderOptions,
  type RequestOptions,
  type RenderLimits,
} from "./templates/index.ts";
