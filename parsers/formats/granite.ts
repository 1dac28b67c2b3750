/**
 * `granite`: IBM Granite 3.x — `<|tool_call|>` followed by a JSON array of calls (no end marker).
 *
 * ```text
 * <|tool_call|>[{"name": "get_weather", "arguments": {"city": "Paris"}}]
 * ```
 * The array may also begin the output without the token (servers that skip special tokens
 * drop it; vLLM's `granite` parser accepts a bare `[`). Granite 3.3's thinking mode writes
 * `<think>…</think><response>…</response>`: the reasoning is separated and the `<response>` tags
 * are markup (dropped). Granite 4 writes Hermes `<tool_call>` blocks: see `hermes`.
 * Source: `../shared/templates/ibm-granite-granite-3.3-2B-Instruct.jinja` ("respond only with
 * <|tool_call|> followed by a JSON list of tools used"), `vllm-tool_chat_template_granite.jinja`
 * (assistant tool_calls rendering); vLLM `granite` parser; llama.cpp `common_chat_parse_granite`.
 */
import { jsonCallArray } from "../engine/bodies.ts";
import type { FormatSpec } from "../engine/format.ts";
import type { ToolCall } from "../types.ts";
import { jsonCallText } from "./common.ts";

const calls = jsonCallArray();

/** `tojson(indent=4)` of the calls' `function` objects, as the vLLM template prints them
 *  (arguments that are not JSON are embedded as written, on one line). */
function render(calls: ToolCall[]): string {
  try {
    return JSON.stringify(calls.map((c) => ({ name: c.function.name, arguments: JSON.parse(c.function.arguments || "{}") })), null, 4);
  } catch {
    return `[${calls.map((c) => jsonCallText(c)).join(", ")}]`;
  }
}

export const granite: FormatSpec = {
  id: "granite",
  title: "IBM Granite 3.x `<|tool_call|>[json]` (+ `<think>` / `<response>`)",
  source: "templates/ibm-granite-granite-3.3-2B-Instruct.jinja, vllm-tool_chat_template_granite.jinja; vLLM granite parser",
  calls: [{ open: "<|tool_call|>", body: calls }],
  bare: { first: "[", body: calls },
  reasoning: { open: "<think>", close: "</think>" },
  ignore: ["<response>", "</response>"],
  parserNames: ["granite"],
  templates: ["ibm-granite-granite-3.3-2B-Instruct.jinja", "vllm-tool_chat_template_granite.jinja"],
  serialize: (calls, content) => (calls.length ? `${content ?? ""}<|tool_call|>${render(calls)}` : (content ?? "")),
};
