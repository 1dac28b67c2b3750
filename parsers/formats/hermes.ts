/**
 * `hermes`: Hermes-2-Pro / Hermes-3 function calling.
 *
 * ```text
 * I'll check.<tool_call>
 * {"name": "get_weather", "arguments": {"city": "Paris"}}
 * </tool_call>
 * ```
 * Any number of `<tool_call>` blocks, with text before, between and after them.
 * Source: NousResearch/Hermes-2-Pro-Llama-3-8B model card ("Function Calling") and its
 * `tool_use` chat template (`../shared/templates/NousResearch-Hermes-2-Pro-Llama-3-8B-tool_use.jinja`,
 * `vllm-tool_chat_template_hermes.jinja`). vLLM and SGLang parser name: `hermes`.
 */
import { jsonCall } from "../engine/bodies.ts";
import type { FormatSpec } from "../engine/format.ts";
import { jsonCallText, withContent } from "./common.ts";

export const hermes: FormatSpec = {
  id: "hermes",
  title: "Hermes-2-Pro / Hermes-3 `<tool_call>{json}</tool_call>`",
  source: "NousResearch/Hermes-2-Pro-Llama-3-8B model card; templates/NousResearch-Hermes-2-Pro-Llama-3-8B-tool_use.jinja",
  calls: [{ open: "<tool_call>", body: jsonCall(), close: "</tool_call>" }],
  parserNames: ["hermes"],
  templates: ["NousResearch-Hermes-2-Pro-Llama-3-8B-tool_use.jinja", "NousResearch-Hermes-3-Llama-3.1-8B-tool_use.jinja", "vllm-tool_chat_template_hermes.jinja", "MiMo-VL.jinja", "ibm-granite-granite-4.0.jinja", "ibm-granite-granite-4.1.jinja"],
  serialize: (calls, content) =>
    withContent(content, calls.map((c) => `<tool_call>\n${jsonCallText(c)}\n</tool_call>`), "\n"),
};
