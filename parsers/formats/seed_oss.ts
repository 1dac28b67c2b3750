/**
 * `seed_oss`: ByteDance Seed-OSS — Qwen3-Coder-style XML in `<seed:tool_call>`, reasoning in
 * `<seed:think>…</seed:think>`.
 *
 * ```text
 * <seed:think>The user wants the weather.</seed:think>
 * <seed:tool_call>
 * <function=get_weather>
 * <parameter=city>Paris</parameter>
 * </function>
 * </seed:tool_call>
 * ```
 * Values sit right inside their tags and are kept exactly (no trimming). The template prints
 * non-string values with Python `str` (`True`, `{'a': 1}`); they are typed by the tool's schema,
 * Python literals included. Without a schema a value stays a string (vLLM's `seed_oss` parser).
 * Source: template `ByteDance-Seed-OSS.jinja` (system prompt and assistant rendering).
 * vLLM parser name: `seed_oss`.
 */
import type { FormatSpec } from "../engine/format.ts";
import type { ToolCall } from "../types.ts";
import { argEntries, pyStr, xmlCalls } from "../engine/xml.ts";
import { functionParams } from "./qwen3_coder.ts";

function render(call: ToolCall): string {
  const params = argEntries(call).map(([k, v]) => `<parameter=${k}>${pyStr(v)}</parameter>\n`);
  return `<seed:tool_call>\n<function=${call.function.name}>\n${params.join("")}</function>\n</seed:tool_call>`;
}

export const seed_oss: FormatSpec = {
  id: "seed_oss",
  title: "ByteDance Seed-OSS `<seed:tool_call><function=f><parameter=k>v</parameter>…` + `<seed:think>`",
  source: "templates/ByteDance-Seed-OSS.jinja",
  calls: [{ open: "<seed:tool_call>", body: xmlCalls(functionParams("none")), close: "</seed:tool_call>" }],
  reasoning: { open: "<seed:think>", close: "</seed:think>" },
  parserNames: ["seed_oss"],
  templates: ["ByteDance-Seed-OSS.jinja"],
  serialize: (calls, content) => {
    const c = content?.trim();
    const body = calls.map((x) => "\n" + render(x)).join("");
    return c ? `${c}\n${body}` : body.slice(1);
  },
};
