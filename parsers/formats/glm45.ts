/**
 * `glm45`: GLM-4.5 / GLM-4.6 (and poolside Laguna XS) — the function name right after
 * `<tool_call>`, then `<arg_key>`/`<arg_value>` pairs, one per line; `<think>…</think>` reasoning.
 *
 * ```text
 * <think>The user wants the weather.</think>
 * <tool_call>get_weather
 * <arg_key>city</arg_key>
 * <arg_value>Paris</arg_value>
 * <arg_key>days</arg_key>
 * <arg_value>3</arg_value>
 * </tool_call>
 * ```
 * Values are kept exactly (indentation included). The template prints strings as they are and
 * other values as JSON: a value is typed by the tool's schema and, without one, is JSON when it is
 * JSON (`3`, `{"a": 1}`, `true`) and a string otherwise, as vLLM's and SGLang's GLM parsers do. A
 * key without `<arg_value>` is skipped (reported). Parsing is the same as `glm47`'s (newlines
 * between tags are optional); the two differ in what `serialize` writes.
 * Source: templates `GLM-4.6.jinja`, `poolside-Laguna-XS-2.1.jinja`, `poolside-Laguna-XS.2.jinja`,
 * `vllm-tool_chat_template_glm4.jinja` (system prompt). vLLM parser `glm45`; SGLang `glm`
 * and `poolside_v1`.
 */
import type { FormatSpec } from "../engine/format.ts";
import type { ToolCall } from "../types.ts";
import { argEntries, pyJson, xmlCalls, type XmlSpec } from "../engine/xml.ts";
import { withContent } from "./common.ts";

/** GLM's call body after `<tool_call${sfx}>` (tencent Hy3 suffixes every tag with `:opensource`). */
export const glmCall = (sfx = "", open = ""): XmlSpec => ({
  call: {
    open,
    nameEnd: [{ lit: `<tool_sep${sfx}>` }, { lit: `<arg_key${sfx}>`, consume: false }, { lit: `</tool_call${sfx}>`, consume: false }],
    close: `</tool_call${sfx}>`,
    repeat: open !== "",
  },
  param: { open: `<arg_key${sfx}>`, keyEnd: `</arg_key${sfx}>`, valueOpen: `<arg_value${sfx}>`, close: `</arg_value${sfx}>`, trim: "none" },
  untyped: "json",
});

/** A value as GLM templates print it: strings as they are, the rest as JSON. */
export const glmValue = (v: unknown) => (typeof v === "string" ? v : pyJson(v));

function render(call: ToolCall): string {
  const args = argEntries(call).map(([k, v]) => `\n<arg_key>${k}</arg_key>\n<arg_value>${glmValue(v)}</arg_value>`);
  return `<tool_call>${call.function.name}${args.join("")}\n</tool_call>`;
}

export const glm45: FormatSpec = {
  id: "glm45",
  title: "GLM-4.5 / GLM-4.6 `<tool_call>name\\n<arg_key>k</arg_key>\\n<arg_value>v</arg_value>…`",
  source: "templates/GLM-4.6.jinja, poolside-Laguna-XS-2.1.jinja; vLLM glm45 and SGLang glm parsers",
  calls: [{ open: "<tool_call>", body: xmlCalls(glmCall()) }],
  reasoning: { open: "<think>", close: "</think>" },
  parserNames: ["glm", "glm45", "poolside_v1"],
  templates: ["GLM-4.6.jinja", "poolside-Laguna-XS-2.1.jinja", "poolside-Laguna-XS.2.jinja", "vllm-tool_chat_template_glm4.jinja"],
  serialize: (calls, content) => withContent(content?.trim(), calls.map(render), "\n"),
};
