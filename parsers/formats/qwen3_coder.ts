/**
 * `qwen3_coder`: Qwen3-Coder's XML tool calls, also written by Qwen3.5, NVIDIA Nemotron-3-Nano and
 * StepFun Step-3.5-Flash, with `<think>…</think>` reasoning where the model thinks.
 *
 * ```text
 * I'll check.
 *
 * <tool_call>
 * <function=get_weather>
 * <parameter=city>
 * Paris
 * </parameter>
 * <parameter=days>
 * 3
 * </parameter>
 * </function>
 * </tool_call>
 * ```
 * The template writes each value between newlines (`>\n` value `\n</`): exactly one leading and
 * one trailing newline are dropped, the rest of the value is kept (indentation included). Values
 * are typed by the tool's schema (`days` above is 3 for an integer property, "3" for a string);
 * without a schema they stay strings (as vLLM's and SGLang's `qwen3_coder` parsers do). A missing
 * `</parameter>` ends at the next `<parameter=` or `</function>` (reported).
 * Source: templates `Qwen3-Coder.jinja` (system prompt and assistant rendering), `Qwen3.5-4B.jinja`,
 * `NVIDIA-Nemotron-3-Nano-30B-A3B-BF16.jinja`, `StepFun3.5-Flash.jinja`,
 * `vllm-tool_chat_template_qwen3coder.jinja`. vLLM and SGLang parser name: `qwen3_coder`.
 */
import type { FormatSpec } from "../engine/format.ts";
import type { ToolCall } from "../types.ts";
import { argEntries, pyJson, pyStr, xmlCalls, type Trim, type XmlSpec } from "../engine/xml.ts";
import { withContent } from "./common.ts";

/** `<function=name>` + `<parameter=key>` elements; shared with `seed_oss` (which trims nothing). */
export const functionParams = (trim: Trim): XmlSpec => ({
  call: { open: "<function=", nameEnd: [{ lit: ">" }], close: "</function>", repeat: true },
  param: { open: "<parameter=", keyEnd: ">", close: "</parameter>", stops: ["<parameter=", "</function>"], trim },
});

/** A value as the Qwen3-Coder templates print it: objects and arrays as JSON, the rest as Python `str`. */
const value = (v: unknown) => (typeof v === "object" && v !== null ? pyJson(v) : pyStr(v));

function render(call: ToolCall): string {
  const params = argEntries(call).map(([k, v]) => `<parameter=${k}>\n${value(v)}\n</parameter>\n`);
  return `<tool_call>\n<function=${call.function.name}>\n${params.join("")}</function>\n</tool_call>`;
}

export const qwen3_coder: FormatSpec = {
  id: "qwen3_coder",
  title: "Qwen3-Coder / Qwen3.5 XML `<tool_call><function=f><parameter=k>v</parameter>…`",
  source: "templates/Qwen3-Coder.jinja, Qwen3.5-4B.jinja, NVIDIA-Nemotron-3-Nano-30B-A3B-BF16.jinja, StepFun3.5-Flash.jinja",
  calls: [{ open: "<tool_call>", body: xmlCalls(functionParams("newline")), close: "</tool_call>" }],
  reasoning: { open: "<think>", close: "</think>" },
  parserNames: ["qwen3_coder"],
  templates: ["Qwen3-Coder.jinja", "Qwen3.5-4B.jinja", "NVIDIA-Nemotron-3-Nano-30B-A3B-BF16.jinja", "StepFun3.5-Flash.jinja", "vllm-tool_chat_template_qwen3coder.jinja"],
  serialize: (calls, content) => withContent(content?.trim(), calls.map(render), "\n", "\n\n"),
};
