/**
 * `granite_20b_fc`: IBM granite-20b-functioncalling — each call is `<function_call> ` followed by
 * one JSON object (no end marker).
 *
 * ```text
 * <function_call> {"name": "get_weather", "arguments": {"city": "Paris"}}
 * <function_call> {"name": "get_time", "arguments": {}}
 * ```
 * A distinct format from `granite` (one object per marker, not an array). The system prompt asks
 * for `<function_call> {"name": "no_function", "arguments": {}}` when no function fits: that is
 * parsed as the call the model wrote (with `unknown_tool` when the request's tools do not list it).
 * Source: `../shared/templates/vllm-tool_chat_template_granite_20b_fc.jinja`; vLLM parser
 * `granite-20b-fc`.
 */
import { jsonCall } from "../engine/bodies.ts";
import type { FormatSpec } from "../engine/format.ts";
import { jsonCallText, withContent } from "./common.ts";

export const granite_20b_fc: FormatSpec = {
  id: "granite_20b_fc",
  title: "IBM granite-20b-functioncalling `<function_call> {json}`",
  source: "templates/vllm-tool_chat_template_granite_20b_fc.jinja; vLLM granite-20b-fc parser",
  calls: [{ open: "<function_call>", body: jsonCall() }],
  parserNames: ["granite-20b-fc"],
  templates: ["vllm-tool_chat_template_granite_20b_fc.jinja"],
  serialize: (calls, content) => withContent(content, calls.map((c) => `<function_call> ${jsonCallText(c)}`), "\n", ""),
};
