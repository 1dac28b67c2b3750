/**
 * `deepseek_v31`: DeepSeek-V3.1 tool calls (name, then the JSON arguments unfenced), with
 * `<think>` reasoning in thinking mode.
 *
 * ```text
 * <｜tool▁calls▁begin｜><｜tool▁call▁begin｜>get_weather<｜tool▁sep｜>{"city": "Paris"}<｜tool▁call▁end｜><｜tool▁call▁begin｜>get_time<｜tool▁sep｜>{}<｜tool▁call▁end｜><｜tool▁calls▁end｜>
 * ```
 * Calls are chained without separators. In thinking mode the generation prompt opens `<think>`
 * (`startInReasoning`); otherwise it writes `<think></think>`.
 * Source: templates `deepseek-ai-DeepSeek-V3.1.jinja`, `vllm-tool_chat_template_deepseekv31.jinja`
 * (its tool prompt spells the format out). vLLM parser name: `deepseek_v31`; SGLang: `deepseekv31`.
 */
import type { FormatSpec } from "../engine/format.ts";
import { nameArgsCall, nameArgsSection, type NameArgsOptions } from "../engine/name-args.ts";
import { withContent } from "./common.ts";

const CALLS = "<｜tool▁calls▁begin｜>";
const CALL = "<｜tool▁call▁begin｜>";
const call: NameArgsOptions = { head: [{ part: "name", end: "<｜tool▁sep｜>" }], callEnd: "<｜tool▁call▁end｜>" };

export const deepseek_v31: FormatSpec = {
  id: "deepseek_v31",
  title: "DeepSeek-V3.1 `<｜tool▁call▁begin｜>name<｜tool▁sep｜>{json}<｜tool▁call▁end｜>` + `<think>`",
  source: "templates/deepseek-ai-DeepSeek-V3.1.jinja, vllm-tool_chat_template_deepseekv31.jinja",
  calls: [
    { open: CALLS, body: nameArgsSection({ ...call, callBegin: CALL, sectionEnd: "<｜tool▁calls▁end｜>" }) },
    { open: CALL, body: nameArgsCall(call) },
  ],
  reasoning: { open: "<think>", close: "</think>" },
  parserNames: ["deepseekv31", "deepseek_v31"],
  templates: ["deepseek-ai-DeepSeek-V3.1.jinja", "vllm-tool_chat_template_deepseekv31.jinja"],
  serialize: (calls, content) => {
    if (calls.length === 0) return content ?? "";
    const body = calls.map((c) => `${CALL}${c.function.name}<｜tool▁sep｜>${c.function.arguments || "{}"}<｜tool▁call▁end｜>`).join("");
    return withContent(content, [`${CALLS}${body}<｜tool▁calls▁end｜>`], "");
  },
};
