/**
 * `llama3_json`: Llama 3.1 / 3.2 / 3.3 and Llama 4 JSON tool calls.
 *
 * ```text
 * {"name": "get_weather", "parameters": {"city": "Paris"}}
 * <|python_tag|>{"name": "get_weather", "parameters": {"city": "Paris"}}; {"name": "get_time", "parameters": {}}
 * ```
 * A call object with `parameters` (the key the templates teach; `arguments` is accepted and
 * reported as `arguments_alias`), either bare where the output begins or after `<|python_tag|>`
 * anywhere. Several calls are `;`-separated (vLLM/SGLang convention) or simply follow each other
 * (the Llama 4 JSON template concatenates them). Llama 3.1's built-in tools
 * (`<|python_tag|>brave_search.call(query="…")`) are not JSON calls and stay content.
 * Source: Llama 3.1 model card (JSON-based tool calling) and the templates
 * `meta-llama-Llama-3.1-8B-Instruct.jinja`, `meta-llama-Llama-3.2-3B-Instruct.jinja`,
 * `vllm-tool_chat_template_llama3.1_json.jinja`, `vllm-tool_chat_template_llama4_json.jinja`
 * ('Respond in the format {"name": function name, "parameters": dictionary of argument name and
 * its value}'). vLLM: `llama3_json` / `llama4_json`; SGLang: `llama3`.
 */
import { jsonCall } from "../engine/bodies.ts";
import type { FormatSpec } from "../engine/format.ts";
import { callSequence } from "../engine/json-bodies.ts";
import { jsonCallText } from "./common.ts";

const calls = callSequence(jsonCall({ arguments: ["parameters", "arguments"] }), { separator: ";" });

export const llama3_json: FormatSpec = {
  id: "llama3_json",
  title: 'Llama 3.x / 4 JSON `{"name": …, "parameters": {…}}` (bare or after `<|python_tag|>`)',
  source: "Llama 3.1 model card (JSON tool calling); templates/meta-llama-Llama-3.1-8B-Instruct.jinja, vllm-tool_chat_template_llama4_json.jinja",
  calls: [{ open: "<|python_tag|>", body: calls }],
  bare: { first: "{", body: calls },
  parserNames: ["llama3", "llama4_json"],
  templates: [
    "meta-llama-Llama-3.1-8B-Instruct.jinja",
    "meta-llama-Llama-3.2-3B-Instruct.jinja",
    "meta-llama-Llama-3.3-70B-Instruct.jinja",
    "vllm-tool_chat_template_llama3.1_json.jinja",
    "vllm-tool_chat_template_llama3.2_json.jinja",
    "vllm-tool_chat_template_llama4_json.jinja",
  ],
  // The templates print the call object alone; after text, `<|python_tag|>` marks where it begins.
  serialize: (calls, content) => {
    const body = calls.map((c) => jsonCallText(c, "parameters")).join("; ");
    return content ? (body ? `${content}<|python_tag|>${body}` : content) : body;
  },
};
