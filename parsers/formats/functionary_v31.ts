/**
 * `functionary_v31`: MeetKai Functionary v3.1 (Llama 3.1 based).
 *
 * ```text
 * Let me check.<function=get_weather>{"city": "Paris"}</function>
 * <|python_tag|>print(sum(range(10)))
 * ```
 * Each call is `<function=NAME>{json}</function>`; the code interpreter is called with
 * `<|python_tag|>` followed by raw code up to the end of the message, read as
 * `python({"code": …})` (the code streams as a JSON string). `<|eom_id|>`/`<|eot_id|>` are markup.
 * Source: template `meetkai-functionary-medium-v3.1.jinja` (its system prompt spells the format
 * out); functionary README ("v3.1 prompt template"). vLLM/SGLang have no parser of this name
 * (llama.cpp: `Functionary v3.1 Llama 3.1`).
 */
import type { FormatSpec } from "../engine/format.ts";
import { nameArgsCall, rawTextCall } from "../engine/name-args.ts";
import { withContent } from "./common.ts";

const END = ["<|eom_id|>", "<|eot_id|>"];

/** The code of a `python` call written as `{"code": "…"}`, or null. */
export function pythonCode(args: string): string | null {
  try {
    const v = JSON.parse(args || "{}") as unknown;
    if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { code?: unknown }).code === "string") return (v as { code: string }).code;
  } catch {
    // not JSON: not raw code either
  }
  return null;
}

export const functionary_v31: FormatSpec = {
  id: "functionary_v31",
  title: "Functionary v3.1 `<function=name>{json}</function>` / `<|python_tag|>code`",
  source: "templates/meetkai-functionary-medium-v3.1.jinja",
  calls: [
    { open: "<function=", body: nameArgsCall({ head: [{ part: "name", end: ">" }], callEnd: "</function>" }) },
    { open: "<|python_tag|>", body: rawTextCall("python", "code", END) },
  ],
  ignore: END,
  parserNames: [],
  templates: ["meetkai-functionary-medium-v3.1.jinja"],
  serialize: (calls, content) => {
    const last = calls.length - 1;
    const parts = calls.map((c, i) => {
      const code = c.function.name === "python" && i === last ? pythonCode(c.function.arguments) : null;
      return code !== null && code === code.trim() && code !== "" && !END.some((e) => code.includes(e)) ? `<|python_tag|>${code}` : `<function=${c.function.name}>${c.function.arguments || "{}"}</function>`;
    });
    return withContent(content, parts, "", "");
  },
};
