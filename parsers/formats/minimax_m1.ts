/**
 * `minimax_m1`: MiniMax-M1 — one JSON call object per line inside `<tool_calls>…</tool_calls>`,
 * after `<think>…</think>` reasoning.
 *
 * ```text
 * <think>The user wants the weather.</think>
 * <tool_calls>
 * {"name": "get_weather", "arguments": {"city": "Paris"}}
 * {"name": "get_time", "arguments": {}}
 * </tool_calls>
 * ```
 * A `<tool_calls>` inside reasoning is not a call. Source: `../shared/templates/MiniMax-M1.jinja`
 * and `vllm-tool_chat_template_minimax_m1.jinja` (system prompt and assistant tool_calls
 * rendering); vLLM `minimax` parser.
 */
import { jsonCall } from "../engine/bodies.ts";
import type { FormatSpec } from "../engine/format.ts";
import { callSequence } from "../engine/json-bodies.ts";
import { jsonCallText, withContent } from "./common.ts";

export const minimax_m1: FormatSpec = {
  id: "minimax_m1",
  title: "MiniMax-M1 `<tool_calls>` one JSON object per line `</tool_calls>` + `<think>`",
  source: "templates/MiniMax-M1.jinja, vllm-tool_chat_template_minimax_m1.jinja; vLLM minimax parser",
  calls: [{ open: "<tool_calls>", body: callSequence(jsonCall()), close: "</tool_calls>" }],
  reasoning: { open: "<think>", close: "</think>" },
  parserNames: [],
  templates: ["MiniMax-M1.jinja", "vllm-tool_chat_template_minimax_m1.jinja"],
  serialize: (calls, content) =>
    withContent(content, calls.length ? [`<tool_calls>\n${calls.map((c) => `${jsonCallText(c)}\n`).join("")}</tool_calls>`] : [], "\n"),
};
