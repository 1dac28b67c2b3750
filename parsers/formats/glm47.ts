/**
 * `glm47`: GLM-4.7 (and poolside Laguna S 2.1, tencent Hy3) — GLM's `<arg_key>`/`<arg_value>`
 * pairs without newlines; `<think>…</think>` reasoning.
 *
 * ```text
 * <tool_call>get_weather<arg_key>city</arg_key><arg_value>Paris</arg_value></tool_call>
 * ```
 * tencent Hy3 writes the same pairs in a `<tool_calls>` block with `<tool_sep>` after the name,
 * every tag suffixed with `:opensource` in its template (SGLang's `hunyuan` tests write them
 * without the suffix); both spellings are read, with `<think:opensource>` reasoning:
 * ```text
 * <tool_calls:opensource>
 * <tool_call:opensource>get_weather<tool_sep:opensource>
 * <arg_key:opensource>city</arg_key:opensource>
 * <arg_value:opensource>Paris</arg_value:opensource>
 * </tool_call:opensource>
 * </tool_calls:opensource>
 * ```
 * Values are typed as in `glm45` (by schema; without one, JSON when it is JSON).
 * Source: templates `GLM-4.7-Flash.jinja`, `poolside-Laguna-S-2.1.jinja`, `tencent-Hy3.jinja`.
 * vLLM parser `glm47`; SGLang `glm47` and `hunyuan` (Hunyuan V3 / Hy3).
 */
import type { FormatSpec } from "../engine/format.ts";
import type { ToolCall } from "../types.ts";
import { argEntries, xmlCalls } from "../engine/xml.ts";
import { withContent } from "./common.ts";
import { glmCall, glmValue } from "./glm45.ts";

const HY = ":opensource";

function render(call: ToolCall): string {
  const args = argEntries(call).map(([k, v]) => `<arg_key>${k}</arg_key><arg_value>${glmValue(v)}</arg_value>`);
  return `<tool_call>${call.function.name}${args.join("")}</tool_call>`;
}

export const glm47: FormatSpec = {
  id: "glm47",
  title: "GLM-4.7 `<tool_call>name<arg_key>k</arg_key><arg_value>v</arg_value></tool_call>` (+ Hy3 `<tool_calls>`)",
  source: "templates/GLM-4.7-Flash.jinja, poolside-Laguna-S-2.1.jinja, tencent-Hy3.jinja; vLLM and SGLang glm47 parsers",
  calls: [
    { open: "<tool_call>", body: xmlCalls(glmCall()) },
    { open: "<tool_calls>", body: xmlCalls(glmCall("", "<tool_call>")), close: "</tool_calls>" },
    { open: `<tool_call${HY}>`, body: xmlCalls(glmCall(HY)) },
    { open: `<tool_calls${HY}>`, body: xmlCalls(glmCall(HY, `<tool_call${HY}>`)), close: `</tool_calls${HY}>` },
  ],
  reasoning: [
    { open: "<think>", close: "</think>" },
    { open: `<think${HY}>`, close: `</think${HY}>` },
  ],
  parserNames: ["glm47", "hunyuan"],
  templates: ["GLM-4.7-Flash.jinja", "poolside-Laguna-S-2.1.jinja", "tencent-Hy3.jinja"],
  serialize: (calls, content) => withContent(content?.trim(), calls.map(render), ""),
};
