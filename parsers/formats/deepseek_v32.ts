/**
 * `deepseek_v32`: DeepSeek V3.2 and V4 DSML — `<｜DSML｜invoke>` elements in one
 * `<｜DSML｜function_calls>` (V3.2) or `<｜DSML｜tool_calls>` (V4) block; `<think>` reasoning.
 *
 * ```text
 * <｜DSML｜function_calls>
 * <｜DSML｜invoke name="search">
 * <｜DSML｜parameter name="query" string="true">WebNav benchmark</｜DSML｜parameter>
 * <｜DSML｜parameter name="topn" string="false">10</｜DSML｜parameter>
 * </｜DSML｜invoke>
 * </｜DSML｜function_calls>
 * ```
 * `string="true"` makes the value a string as written; `string="false"` makes it JSON (typed by
 * the schema besides). Without the attribute the schema decides, and a value stays a string
 * without one. An invoke may be self-closing (`<｜DSML｜invoke name="f"/>`, no arguments) or hold a
 * JSON object instead of parameters (SGLang's tests).
 * Source: templates `deepseek-ai-DeepSeek-V3.2.jinja`, `deepseek-ai-DeepSeek-V4.jinja`,
 * `deepseek-ai-DeepSeek-V4-Flash-0731.jinja` (tools header and assistant rendering).
 * vLLM parser `deepseek_v32`; SGLang `deepseekv32` and `deepseekv4`.
 */
import type { FormatSpec } from "../engine/format.ts";
import type { ToolCall } from "../types.ts";
import { argEntries, pyJson, xmlCalls, type XmlSpec } from "../engine/xml.ts";

const D = "｜DSML｜";

const dsml: XmlSpec = {
  call: { open: `<${D}invoke name="`, nameEnd: [{ lit: '">' }, { lit: '"/>', selfClosing: true }], close: `</${D}invoke>`, repeat: true, jsonBody: true },
  param: { open: `<${D}parameter name="`, keyEnd: '"', stringAttr: "string", close: `</${D}parameter>`, trim: "none" },
};

function render(call: ToolCall): string {
  const params = argEntries(call).map(([k, v]) =>
    typeof v === "string" ? `<${D}parameter name="${k}" string="true">${v}</${D}parameter>\n` : `<${D}parameter name="${k}" string="false">${pyJson(v)}</${D}parameter>\n`,
  );
  return `<${D}invoke name="${call.function.name}">\n${params.join("")}</${D}invoke>\n`;
}

export const deepseek_v32: FormatSpec = {
  id: "deepseek_v32",
  title: "DeepSeek V3.2 / V4 DSML `<｜DSML｜function_calls>` / `<｜DSML｜tool_calls>`",
  source: "templates/deepseek-ai-DeepSeek-V3.2.jinja, deepseek-ai-DeepSeek-V4.jinja; vLLM deepseek_v32 parser",
  calls: [
    { open: `<${D}function_calls>`, body: xmlCalls(dsml), close: `</${D}function_calls>` },
    { open: `<${D}tool_calls>`, body: xmlCalls(dsml), close: `</${D}tool_calls>` },
  ],
  reasoning: { open: "<think>", close: "</think>" },
  parserNames: ["deepseekv32", "deepseekv4", "deepseek_v32"],
  templates: ["deepseek-ai-DeepSeek-V3.2.jinja", "deepseek-ai-DeepSeek-V4.jinja", "deepseek-ai-DeepSeek-V4-Flash-0731.jinja"],
  serialize: (calls, content) => (calls.length ? `${content ?? ""}\n\n<${D}function_calls>\n${calls.map(render).join("")}</${D}function_calls>` : content ?? ""),
};
