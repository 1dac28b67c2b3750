/**
 * `apriel`: ServiceNow Apriel 1.5 / 1.6 Thinker — a JSON array of calls in
 * `<tool_calls>…</tool_calls>`, after reasoning.
 *
 * ```text
 * I should look up the weather.
 * [BEGIN FINAL RESPONSE]
 * <tool_calls>[{"name": "get_weather", "arguments": {"city": "Paris"}}]</tool_calls>
 * ```
 * Apriel 1.6's generation prompt ends with "Here are my reasoning steps:\n", so the output starts
 * inside reasoning, which ends at `[BEGIN FINAL RESPONSE]`. Apriel 1.5 is told to reason in
 * `<thinking>…</thinking>` and to answer in `[BEGIN FINAL RESPONSE] … [END FINAL RESPONSE]`;
 * `[END FINAL RESPONSE]` is markup and is dropped. Earlier turns' calls carry an `"id"` after the
 * arguments (too late to be used: `id_ignored`).
 * Source: `../shared/templates/Apriel-1.6-15b-Thinker-fixed.jinja`, `unsloth-Apriel-1.5.jinja`;
 * llama.cpp `common_chat_parse_apriel_1_5`.
 */
import { jsonCallArray } from "../engine/bodies.ts";
import type { FormatSpec } from "../engine/format.ts";
import { jsonCallText, withContent } from "./common.ts";

export const apriel: FormatSpec = {
  id: "apriel",
  title: "ServiceNow Apriel `<tool_calls>[json]</tool_calls>` + reasoning before `[BEGIN FINAL RESPONSE]`",
  source: "templates/Apriel-1.6-15b-Thinker-fixed.jinja, unsloth-Apriel-1.5.jinja",
  calls: [{ open: "<tool_calls>", body: jsonCallArray(), close: "</tool_calls>" }],
  reasoning: [
    { open: "Here are my reasoning steps:", close: "[BEGIN FINAL RESPONSE]" },
    { open: "<thinking>", close: "</thinking>" },
  ],
  ignore: ["[END FINAL RESPONSE]"],
  parserNames: [],
  templates: ["Apriel-1.6-15b-Thinker-fixed.jinja", "unsloth-Apriel-1.5.jinja"],
  serialize: (calls, content) =>
    withContent(content, calls.length ? [`<tool_calls>[${calls.map((c) => jsonCallText(c)).join(", ")}]</tool_calls>`] : [], "\n"),
};
