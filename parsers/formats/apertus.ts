/**
 * `apertus`: Swiss AI Apertus — a JSON array of short-form calls `{"name": arguments}` between
 * `<|tools_prefix|>` and `<|tools_suffix|>`, reasoning in `<|inner_prefix|>…<|inner_suffix|>`.
 *
 * ```text
 * <|tools_prefix|>[{"get_weather": {"city": "Paris"}}, {"get_time": {}}]<|tools_suffix|>
 * ```
 * Each element's only key is the function name, its value the arguments.
 * Source: `../shared/templates/Apertus-8B-Instruct.jinja` and
 * `vllm-tool_chat_template_apertus.jinja` (assistant tool_calls rendering
 * `'{"' + name + '": ' + arguments|tojson + '}'` joined by ", "); vLLM `apertus` parser;
 * llama.cpp `common_chat_parse_apertus`.
 */
import type { FormatSpec } from "../engine/format.ts";
import { callArray, nameKeyedCall } from "../engine/json-bodies.ts";
import { withContent } from "./common.ts";

export const apertus: FormatSpec = {
  id: "apertus",
  title: 'Apertus `<|tools_prefix|>[{"name": args}]<|tools_suffix|>` + `<|inner_prefix|>`',
  source: "templates/Apertus-8B-Instruct.jinja, vllm-tool_chat_template_apertus.jinja",
  calls: [{ open: "<|tools_prefix|>", body: callArray(nameKeyedCall()), close: "<|tools_suffix|>" }],
  reasoning: { open: "<|inner_prefix|>", close: "<|inner_suffix|>" },
  parserNames: ["apertus"],
  templates: ["Apertus-8B-Instruct.jinja", "vllm-tool_chat_template_apertus.jinja"],
  serialize: (calls, content) =>
    withContent(
      content,
      calls.length ? [`<|tools_prefix|>[${calls.map((c) => `{${JSON.stringify(c.function.name)}: ${c.function.arguments || "{}"}}`).join(", ")}]<|tools_suffix|>`] : [],
      "",
    ),
};
