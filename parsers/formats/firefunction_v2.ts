/**
 * `firefunction_v2`: Fireworks FireFunction v2 — a JSON array of calls after the `functools`
 * marker, with no end marker (the same body as `phi4_mini`).
 *
 * ```text
 * Let me check. functools[{"name": "get_weather", "arguments": {"city": "Paris"}}]
 * ```
 * The marker is matched as `functools[` (the array's bracket included), so Python's `functools`
 * module in prose is not taken for markup. `parameters` is accepted for `arguments`
 * (`arguments_alias`).
 * Source: `../shared/templates/fireworks-ai-llama-3-firefunction-v2.jinja` (system prompt:
 * "prefix function calls with functools marker (no closing marker required)"; assistant tool_calls
 * rendering `' functools[' + calls|join(', ') + ']'`); llama.cpp `common_chat_parse_firefunction_v2`.
 */
import { jsonCall } from "../engine/bodies.ts";
import type { CallSyntax, FormatSpec } from "../engine/format.ts";
import { callArray } from "../engine/json-bodies.ts";
import { jsonCallText } from "./common.ts";

/** `functools[…]`, shared with `phi4_mini`. */
export const functools: CallSyntax = { open: "functools[", body: callArray(jsonCall(), { opened: true }) };

export const firefunction_v2: FormatSpec = {
  id: "firefunction_v2",
  title: "FireFunction v2 ` functools[json]`",
  source: "templates/fireworks-ai-llama-3-firefunction-v2.jinja",
  calls: [functools],
  parserNames: [],
  templates: ["fireworks-ai-llama-3-firefunction-v2.jinja"],
  serialize: (calls, content) =>
    calls.length ? `${content ?? ""} functools[${calls.map((c) => jsonCallText(c)).join(", ")}]` : (content ?? ""),
};
