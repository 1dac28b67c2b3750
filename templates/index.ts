/**
 * toolwire's chat-template rendering with Python transformers parity, built on
 * @huggingface/jinja.
 *
 * ```ts
 * import { loadChatTemplate, renderChat } from "./templates/index.ts";
 * const template = loadChatTemplate(tokenizerConfigText);
 * const prompt = renderChat({ template, messages, tools, add_generation_prompt: true });
 * ```
 *
 * What a template needs and which parser reads its model, found by rendering probes:
 *
 * ```ts
 * const caps = probeCapabilities(template);          // supports_tools, requires_object_arguments, …
 * const { format } = detectFormat(template);         // e.g. "qwen", or null with a reason
 * const p = prepareMessages(request, caps);          // OpenAI wire input → what the template needs
 * const prompt = renderChat({ template, ...p.kwargs, messages: p.messages, tools: p.tools, add_generation_prompt: true });
 * // parse the output with p.format ?? format (p.format is "lmstudio" when the polyfill applied)
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
export {
  probeCapabilities,
  type ArgumentsMode,
  type ReasoningCapability,
  type TemplateCapabilities,
  type ToolsRoute,
} from "./capabilities.ts";
export { detectFormat, SOURCE_SIGNATURES, type FormatDetection } from "./detect.ts";
export { prepareMessages, lmstudioToolsPrompt, type PrepareOptions, type PreparedMessages } from "./prepare.ts";
export { LMSTUDIO_DEFAULT_TOOLS_TEMPLATE } from "./lmstudio-default-tools.ts";
export {
  roundTrip,
  generatedText,
  toolsFor,
  type RoundTripCall,
  type RoundTripInput,
  type RoundTripResult,
} from "./roundtrip.ts";
