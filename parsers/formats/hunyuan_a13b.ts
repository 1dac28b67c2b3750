/**
 * `hunyuan_a13b`: Tencent Hunyuan-A13B — a JSON array of calls in `<tool_calls>…</tool_calls>`,
 * with `<think>…</think>` reasoning and the answer wrapped in `<answer>…</answer>` (markup, dropped).
 *
 * ```text
 * <think>
 * The user wants the weather.
 * </think>
 * <answer>
 * <tool_calls>[{"name": "get_weather", "arguments": {"city": "Paris"}}]</tool_calls>
 * </answer>
 * ```
 * The prompt asks plain replies to begin with "助手：" ("Assistant:"); vLLM strips it, toolwire
 * keeps it as content (it cannot tell it from text). With thinking off the generation prompt ends
 * with `<think>\n\n</think>\n`.
 * Source: `../shared/templates/vllm-tool_chat_template_hunyuan_a13b.jinja` (system prompt and
 * assistant tool_calls rendering); vLLM `hunyuan_a13b` tool parser and reasoning parser. Not SGLang's
 * `hunyuan` parser: that one reads Hunyuan V3's `<tool_call>name<tool_sep><arg_key>…` XML.
 */
import { jsonCallArray } from "../engine/bodies.ts";
import type { FormatSpec } from "../engine/format.ts";
import { jsonCallText, withContent } from "./common.ts";

export const hunyuan_a13b: FormatSpec = {
  id: "hunyuan_a13b",
  title: "Tencent Hunyuan-A13B `<tool_calls>[json]</tool_calls>` + `<think>` / `<answer>`",
  source: "templates/vllm-tool_chat_template_hunyuan_a13b.jinja; vLLM hunyuan_a13b parser",
  calls: [{ open: "<tool_calls>", body: jsonCallArray(), close: "</tool_calls>" }],
  reasoning: { open: "<think>", close: "</think>" },
  ignore: ["<answer>", "</answer>"],
  parserNames: ["hunyuan_a13b"],
  templates: ["vllm-tool_chat_template_hunyuan_a13b.jinja"],
  serialize: (calls, content) =>
    withContent(content, calls.length ? [`<tool_calls>[${calls.map((c) => jsonCallText(c)).join(", ")}]</tool_calls>`] : [], ""),
};
