/**
 * `deepseek_v3`: DeepSeek-V3 and DeepSeek-R1 (and its distills) tool calls, with `<think>`
 * reasoning (R1).
 *
 * ```text
 * <think>
 * The user wants the weather.
 * </think>
 *
 * <｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather
 * ```json
 * {"city": "Paris"}
 * ```<｜tool▁call▁end｜>
 * <｜tool▁call▁begin｜>function<｜tool▁sep｜>get_time
 * ```json
 * {}
 * ```<｜tool▁call▁end｜><｜tool▁calls▁end｜>
 * ```
 * One section, each call's type (`function`), name and ```json-fenced arguments; calls are joined
 * by `\n`. A call marker without the section marker is read too. R1 distill generation prompts
 * open `<think>\n` themselves (`startInReasoning`).
 * Source: templates `deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja`,
 * `deepseek-ai-DeepSeek-R1-Distill-Llama-8B.jinja` (renders calls the same way; INDEX.md lists it
 * as results-only), `llama-cpp-deepseek-r1.jinja`, `vllm-tool_chat_template_deepseekr1.jinja`,
 * `vllm-tool_chat_template_deepseekv3.jinja`. vLLM parser name: `deepseek_v3`; SGLang: `deepseekv3`.
 */
import type { FormatSpec } from "../engine/format.ts";
import { nameArgsCall, nameArgsSection, type NameArgsOptions } from "../engine/name-args.ts";
import { withContent } from "./common.ts";

const CALLS = "<｜tool▁calls▁begin｜>";
const CALL = "<｜tool▁call▁begin｜>";
const call: NameArgsOptions = {
  head: [
    { part: "type", end: "<｜tool▁sep｜>" },
    { part: "name", end: "" },
  ],
  fence: true,
  callEnd: "<｜tool▁call▁end｜>",
};

export const deepseek_v3: FormatSpec = {
  id: "deepseek_v3",
  title: "DeepSeek-V3 / R1 `<｜tool▁call▁begin｜>function<｜tool▁sep｜>name ```json{…}```` + `<think>`",
  source: "templates/deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja, vllm-tool_chat_template_deepseekv3.jinja",
  calls: [
    { open: CALLS, body: nameArgsSection({ ...call, callBegin: CALL, sectionEnd: "<｜tool▁calls▁end｜>" }) },
    { open: CALL, body: nameArgsCall(call) },
  ],
  reasoning: { open: "<think>", close: "</think>" },
  parserNames: ["deepseekv3", "deepseek_v3"],
  templates: [
    "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja",
    "deepseek-ai-DeepSeek-R1-Distill-Llama-8B.jinja",
    "llama-cpp-deepseek-r1.jinja",
    "vllm-tool_chat_template_deepseekr1.jinja",
    "vllm-tool_chat_template_deepseekv3.jinja",
  ],
  serialize: (calls, content) => {
    if (calls.length === 0) return content ?? "";
    const body = calls
      .map((c) => `${CALL}${c.type ?? "function"}<｜tool▁sep｜>${c.function.name}\n\`\`\`json\n${c.function.arguments || "{}"}\n\`\`\`<｜tool▁call▁end｜>`)
      .join("\n");
    return withContent(content, [`${CALLS}${body}<｜tool▁calls▁end｜>`], "");
  },
};
