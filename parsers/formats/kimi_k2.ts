/**
 * `kimi_k2`: Kimi K2 (Instruct, Thinking) tool-call sections. The call id is written by the model
 * as `functions.NAME:IDX` and kept as the call's id, as the template echoes it back
 * (`## Return of functions.NAME:IDX`).
 *
 * ```text
 * <think>The user wants the weather.</think>Let me check.<|tool_calls_section_begin|><|tool_call_begin|>functions.get_weather:0<|tool_call_argument_begin|>{"city": "Paris"}<|tool_call_end|><|tool_call_begin|>functions.get_time:1<|tool_call_argument_begin|>{}<|tool_call_end|><|tool_calls_section_end|>
 * ```
 * Kimi-K2-Thinking writes `<think>…</think>` first. A `<|tool_call_begin|>` without the section
 * marker is read too (llama.cpp accepts it).
 * Source: templates `Kimi-K2-Instruct.jinja`, `Kimi-K2-Thinking.jinja`, `moonshotai-Kimi-K2.jinja`
 * (the `render_toolcalls` macro); Kimi-K2 tool-call guide (moonshotai/Kimi-K2-Instruct
 * `docs/tool_call_guidance.md`). vLLM and SGLang parser name: `kimi_k2`.
 */
import type { FormatSpec } from "../engine/format.ts";
import { nameArgsCall, nameArgsSection, type NameArgsOptions } from "../engine/name-args.ts";
import { withContent } from "./common.ts";

const SECTION = "<|tool_calls_section_begin|>";
const CALL = "<|tool_call_begin|>";

/** `functions.get_weather:0` → `get_weather`; a bare counter (`0`) names no function. */
export function kimiName(id: string): string | null {
  let s = id;
  const colon = s.lastIndexOf(":");
  if (colon >= 0) s = s.slice(0, colon);
  if (s.startsWith("functions.")) s = s.slice("functions.".length);
  return s && !/^[0-9]+$/.test(s) ? s : null;
}

const call: NameArgsOptions = {
  head: [{ part: "id", end: "<|tool_call_argument_begin|>" }],
  nameFromId: kimiName,
  callEnd: "<|tool_call_end|>",
};

export const kimi_k2: FormatSpec = {
  id: "kimi_k2",
  title: "Kimi K2 `<|tool_call_begin|>functions.name:idx<|tool_call_argument_begin|>{json}` + `<think>`",
  source: "templates/moonshotai-Kimi-K2.jinja, Kimi-K2-Thinking.jinja; Kimi-K2 tool_call_guidance",
  calls: [
    { open: SECTION, body: nameArgsSection({ ...call, callBegin: CALL, sectionEnd: "<|tool_calls_section_end|>" }) },
    { open: CALL, body: nameArgsCall(call) },
  ],
  // Kimi-K2-Thinking may start calling tools without closing <think> (llama.cpp cases 0216, 0217).
  reasoning: { open: "<think>", close: "</think>", endsAtCall: true },
  parserNames: ["kimi_k2"],
  templates: ["Kimi-K2-Instruct.jinja", "Kimi-K2-Thinking.jinja", "moonshotai-Kimi-K2.jinja"],
  serialize: (calls, content) => {
    if (calls.length === 0) return content ?? "";
    const body = calls
      .map((c, i) => {
        const id = /^functions\.[^:]+:[0-9]+$/.test(c.id) && kimiName(c.id) === c.function.name ? c.id : `functions.${c.function.name}:${i}`;
        return `${CALL}${id}<|tool_call_argument_begin|>${c.function.arguments || "{}"}<|tool_call_end|>`;
      })
      .join("");
    return withContent(content, [`${SECTION}${body}<|tool_calls_section_end|>`], "");
  },
};
