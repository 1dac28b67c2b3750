/**
 * `minimax_m2`: MiniMax-M2 — `<invoke>` elements in one `<minimax:tool_call>` block, `<think>`
 * reasoning (the generation prompt opens `<think>\n`).
 *
 * ```text
 * <think>
 * The user wants the weather in two cities.
 * </think>
 *
 * <minimax:tool_call>
 * <invoke name="get_weather">
 * <parameter name="city">Paris</parameter>
 * </invoke>
 * <invoke name="get_weather">
 * <parameter name="city">Tokyo</parameter>
 * </invoke>
 * </minimax:tool_call>
 * ```
 * A value is everything between its tags, as the template writes it (vLLM's and SGLang's
 * `minimax_m2` parsers also strip newlines around it; toolwire keeps them, so values round-trip).
 * Values are typed by the tool's schema (the template prints non-strings as JSON) and stay strings
 * without one.
 * Source: template `MiniMax-M2.jinja` (system prompt and assistant rendering).
 * vLLM and SGLang parser name: `minimax_m2`.
 */
import type { FormatSpec } from "../engine/format.ts";
import type { ToolCall } from "../types.ts";
import { argEntries, pyJson, xmlCalls } from "../engine/xml.ts";

function render(call: ToolCall): string {
  const params = argEntries(call).map(([k, v]) => `<parameter name="${k}">${typeof v === "string" ? v : pyJson(v)}</parameter>\n`);
  return `<invoke name="${call.function.name}">\n${params.join("")}</invoke>\n`;
}

export const minimax_m2: FormatSpec = {
  id: "minimax_m2",
  title: "MiniMax-M2 `<minimax:tool_call><invoke name=\"f\"><parameter name=\"k\">v</parameter>…`",
  source: "templates/MiniMax-M2.jinja; vLLM and SGLang minimax_m2 parsers",
  calls: [
    {
      open: "<minimax:tool_call>",
      body: xmlCalls({
        call: { open: '<invoke name="', nameEnd: [{ lit: '">' }], close: "</invoke>", repeat: true },
        param: { open: '<parameter name="', keyEnd: '">', close: "</parameter>", trim: "none" },
      }),
      close: "</minimax:tool_call>",
    },
  ],
  reasoning: { open: "<think>", close: "</think>" },
  parserNames: ["minimax_m2", "minimax-m2"],
  templates: ["MiniMax-M2.jinja"],
  serialize: (calls, content) => {
    if (calls.length === 0) return content ?? "";
    return `${content ?? ""}\n<minimax:tool_call>\n${calls.map(render).join("")}</minimax:tool_call>`;
  },
};
