/**
 * `functiongemma`: Google FunctionGemma — Gemma's call syntax between `<start_function_call>` and
 * `<end_function_call>`, with `<escape>` as the string delimiter.
 *
 * ```text
 * <start_function_call>call:get_weather{city:<escape>Paris<escape>,days:<escape>3<escape>}<end_function_call>
 * ```
 * vLLM's template wraps every value in `<escape>`, so a delimited value is typed by the tool's JSON
 * Schema (`3` is a number for an integer property, a string for a string one); with no schema type
 * it is JSON when it reads as JSON (vLLM's `functiongemma` parser: `json.loads`, else the text). Bare values
 * (`days:3`, as google/functiongemma-270m-it's own template writes numbers) keep their literal type.
 * Source: google/functiongemma-270m-it model card; `vllm-tool_chat_template_functiongemma.jinja`.
 * vLLM parser name: `functiongemma`.
 */
import type { FormatSpec } from "../engine/format.ts";
import { argsTree, gemmaCall } from "../engine/gemma.ts";
import { jsonText } from "../engine/pythonic.ts";
import { withContent } from "./common.ts";

const QUOTE = "<escape>";

export const functiongemma: FormatSpec = {
  id: "functiongemma",
  title: "FunctionGemma `<start_function_call>call:f{k:<escape>v<escape>}<end_function_call>`",
  source: "google/functiongemma-270m-it model card; templates/vllm-tool_chat_template_functiongemma.jinja",
  calls: [{ open: "<start_function_call>", body: gemmaCall({ quote: QUOTE, strings: "schema" }), close: "<end_function_call>" }],
  parserNames: ["functiongemma"],
  templates: ["vllm-tool_chat_template_functiongemma.jinja"],
  // As vLLM's template: one `<escape>`-wrapped value per argument in the arguments' order (strings
  // as they are; other values as JSON text, which its parser reads back), one call per line.
  serialize: (calls, content) =>
    withContent(
      content,
      calls.map((c) => {
        const members = argsTree(c.function.arguments, c.function.name).map(([k, v]) => `${k}:${QUOTE}${v.t === "string" ? v.v : jsonText(v)}${QUOTE}`);
        return `<start_function_call>call:${c.function.name}{${members.join(",")}}<end_function_call>`;
      }),
      "\n",
    ),
};

