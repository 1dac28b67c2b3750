/**
 * `command_r7b`: Cohere Command R7B and Cohere2 MoE — a JSON array of calls with Cohere's keys
 * between `<|START_ACTION|>` and `<|END_ACTION|>`, reasoning in `<|START_THINKING|>…<|END_THINKING|>`.
 *
 * ```text
 * <|START_THINKING|>I will look up the weather.<|END_THINKING|><|START_ACTION|>[
 *     {"tool_call_id": "0", "tool_name": "get_weather", "parameters": {"city": "Paris"}}
 * ]<|END_ACTION|>
 * ```
 * Keys: `tool_name` (name), `parameters` (arguments), `tool_call_id` (the call's id, used when it
 * comes before the name, as the template writes it). Plain answers are wrapped in
 * `<|START_RESPONSE|>…<|END_RESPONSE|>` (R7B) or `<|START_TEXT|>…<|END_TEXT|>` (Cohere2 MoE):
 * those tags are markup and are dropped. Cohere2 MoE's generation prompt opens
 * `<|START_THINKING|>` itself when its `reasoning` kwarg is on.
 * Source: `../shared/templates/CohereForAI-c4ai-command-r7b-12-2024-tool_use.jinja` (system
 * instructions and assistant tool_calls rendering), `Cohere2MoE.jinja`; vLLM `command` parser;
 * llama.cpp `common_chat_parse_command_r7b`.
 */
import { jsonCallArray } from "../engine/bodies.ts";
import type { FormatSpec } from "../engine/format.ts";

export const command_r7b: FormatSpec = {
  id: "command_r7b",
  title: "Cohere Command R7B / Cohere2 MoE `<|START_ACTION|>[json]<|END_ACTION|>` + `<|START_THINKING|>`",
  source: "templates/CohereForAI-c4ai-command-r7b-12-2024-tool_use.jinja, Cohere2MoE.jinja",
  calls: [
    {
      open: "<|START_ACTION|>",
      body: jsonCallArray({ name: ["tool_name"], arguments: ["parameters"], id: ["tool_call_id"] }),
      close: "<|END_ACTION|>",
    },
  ],
  reasoning: { open: "<|START_THINKING|>", close: "<|END_THINKING|>" },
  ignore: ["<|START_RESPONSE|>", "<|END_RESPONSE|>", "<|START_TEXT|>", "<|END_TEXT|>"],
  parserNames: ["command"],
  templates: ["CohereForAI-c4ai-command-r7b-12-2024-tool_use.jinja", "Cohere2MoE.jinja"],
  serialize: (calls, content) => {
    if (!calls.length) return content ? `<|START_RESPONSE|>${content}<|END_RESPONSE|>` : "";
    const items = calls.map(
      (c) => `    {"tool_call_id": ${JSON.stringify(c.id)}, "tool_name": ${JSON.stringify(c.function.name)}, "parameters": ${c.function.arguments || "{}"}}`,
    );
    return `${content ?? ""}<|START_ACTION|>[\n${items.join(",\n")}\n]<|END_ACTION|>`;
  },
};
