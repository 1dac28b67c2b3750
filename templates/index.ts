/**
 * toolwire's chat-template rendering with Python transformers parity, built on
 * @huggingface/jinja.
 *
 * ```ts
 * import { loadChatTemplate, renderChat } from "./templates/index.ts";
 * const template = loadChatTemplate(tokenizerConfigText);
 * const prompt = renderChat({ template, messages, tools, add_generation_prompt: true });
 * ```
 */
export { renderChat, type ChatTemplateInput, type RenderOptions } from "./render.ts";
export { loadChatTemplate, loadSpecialTokens, TemplateLoadError } from "./load.ts";
export { chatInputFromRequest, OPENAI_REQUEST_PARAMS, type RequestOptions } from "./request.ts";
export { parseJsonInput, PyFloat } from "./json-input.ts";
export { compileChatTemplate, clearTemplateCache, TEMPLATE_CACHE_SIZE } from "./compile.ts";
export { DEFAULT_LIMITS, TemplateLimitError, type RenderLimits } from "./limits.ts";
export {
  ChatTemplateError,
  TemplateError,
  TemplateRuntimeError,
  TemplateSyntaxError,
} from "./errors.ts";
