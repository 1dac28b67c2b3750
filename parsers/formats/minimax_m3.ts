/**
 * `minimax_m3`: MiniMax-M3 — every tag is preceded by the delimiter token `]<]minimax[>[`, and
 * parameters are elements named by their key whose values may nest: an object's keys as child
 * elements, an array's entries as `<item>`s. Reasoning in `<mm:think>…</mm:think>`.
 *
 * ```text
 * ]<]minimax[>[<tool_call>
 * ]<]minimax[>[<invoke name="create_event">]<]minimax[>[<title>Standup]<]minimax[>[</title>]<]minimax[>[<tags>]<]minimax[>[<item>red]<]minimax[>[</item>]<]minimax[>[</tags>]<]minimax[>[</invoke>
 * ]<]minimax[>[</tool_call>
 * ```
 * gives `{"title": "Standup", "tags": ["red"]}`. A leaf value is typed by its schema (nested
 * schemas followed through `properties` and `items`); without one it stays a string, and child
 * elements make an array when they are `<item>`s and an object otherwise. An empty element is null
 * where the schema allows null (SGLang), else an empty object, array or string. The template
 * leaves null arguments out; `serialize` writes them as empty elements so that they come back.
 * Source: template `MiniMax-M3.jinja` (the `to_xml` macro and the system prompt's example).
 * SGLang parser name: `minimax-m3`.
 */
import type { FormatSpec } from "../engine/format.ts";
import type { ToolCall } from "../types.ts";
import { argEntries, pyStr, xmlCalls } from "../engine/xml.ts";

const NS = "]<]minimax[>[";

/** The template's `to_xml` macro; a null renders as an empty element (see above). */
function xml(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => `${NS}<item>${xml(x)}${NS}</item>`).join("");
  if (typeof v === "object" && v !== null)
    return Object.entries(v)
      .map(([k, x]) => `${NS}<${k}>${xml(x)}${NS}</${k}>`)
      .join("");
  if (v === null) return "";
  return typeof v === "boolean" ? String(v) : pyStr(v);
}

function render(call: ToolCall): string {
  const params = argEntries(call).map(([k, v]) => `${NS}<${k}>${xml(v)}${NS}</${k}>`);
  return `${NS}<invoke name="${call.function.name}">${params.join("")}${NS}</invoke>\n`;
}

export const minimax_m3: FormatSpec = {
  id: "minimax_m3",
  title: "MiniMax-M3 `]<]minimax[>[<tool_call>` with nested `<key>` elements + `<mm:think>`",
  source: "templates/MiniMax-M3.jinja; SGLang minimax-m3 parser",
  calls: [
    {
      open: `${NS}<tool_call>`,
      body: xmlCalls({
        call: { open: `${NS}<invoke name="`, nameEnd: [{ lit: '">' }], close: `${NS}</invoke>`, repeat: true },
        param: { kind: "element", ns: NS },
      }),
      close: `${NS}</tool_call>`,
    },
  ],
  reasoning: { open: "<mm:think>", close: "</mm:think>" },
  parserNames: ["minimax-m3", "minimax_m3"],
  templates: ["MiniMax-M3.jinja"],
  serialize: (calls, content) => (calls.length ? `${content ?? ""}${NS}<tool_call>\n${calls.map(render).join("")}${NS}</tool_call>` : content ?? ""),
};
