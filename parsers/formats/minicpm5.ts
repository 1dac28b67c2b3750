/**
 * `minicpm5`: MiniCPM5 — one `<function name="…">` element per call, anywhere in the text, with
 * `<param name="…">` values; values holding `<`, `&` or a newline are wrapped in CDATA.
 * `<think>…</think>` reasoning.
 *
 * ```text
 * Let me check.
 * <function name="get_weather"><param name="city">Paris</param><param name="note"><![CDATA[a < b]]></param></function>
 * ```
 * A value is everything between its tags, CDATA sections read as raw text (SGLang's `minicpm5`
 * parser also strips whitespace around it; toolwire keeps it, so values round-trip). Values are
 * typed by the tool's schema; without one a value is JSON (or a Python literal, as the template
 * prints dicts with `str`) when it is one and a string otherwise (SGLang's `minicpm5` parser).
 * XML entities (`&amp;`) are not decoded: the template never writes them.
 * Source: template `openbmb-MiniCPM5-1B.jinja` (system prompt and assistant rendering).
 * SGLang parser name: `minicpm5`.
 */
import type { FormatSpec } from "../engine/format.ts";
import type { ToolCall } from "../types.ts";
import { argEntries, pyStr, xmlCalls } from "../engine/xml.ts";
import { withContent } from "./common.ts";

function value(v: unknown): string {
  if (typeof v !== "string") return pyStr(v);
  return /[<&\n]/.test(v) ? `<![CDATA[${v}]]>` : v;
}

function render(call: ToolCall): string {
  const params = argEntries(call).map(([k, v]) => `<param name="${k}">${value(v)}</param>`);
  return `<function name="${call.function.name}">${params.join("")}</function>`;
}

export const minicpm5: FormatSpec = {
  id: "minicpm5",
  title: "MiniCPM5 `<function name=\"f\"><param name=\"k\">v</param></function>`",
  source: "templates/openbmb-MiniCPM5-1B.jinja; SGLang minicpm5 parser",
  calls: [
    {
      open: '<function name="',
      body: xmlCalls({
        call: { open: "", nameEnd: [{ lit: '">' }], close: "</function>" },
        param: { open: '<param name="', keyEnd: '">', close: "</param>", trim: "none", cdata: true },
        untyped: "json",
      }),
    },
  ],
  reasoning: { open: "<think>", close: "</think>" },
  parserNames: ["minicpm5"],
  templates: ["openbmb-MiniCPM5-1B.jinja"],
  serialize: (calls, content) => withContent(content, calls.map(render), "\n"),
};
