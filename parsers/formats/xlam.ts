/**
 * `xlam`: Salesforce xLAM — a JSON array of calls, as the whole answer or fenced.
 *
 * ```text
 * [{"name": "get_weather", "arguments": {"city": "Paris"}}, {"name": "get_time", "arguments": {}}]
 * ```
 * The templates teach the bare array at the start of the answer; vLLM's `xlam` parser also reads
 * it inside a ```` ```json ```` fence, in `<tool_call>…</tool_call>` or after `[TOOL_CALLS]`, and
 * after `<think>…</think>` reasoning, and so does this format. A bare `[]` (the template's
 * rendering of an empty assistant turn) is not a call and stays content.
 * Source: `../shared/templates/vllm-tool_chat_template_xlam_llama.jinja`, `…_xlam_qwen.jinja`
 * (system prompt "make calls in a single JSON array" and assistant tool_calls rendering); vLLM
 * `xlam` parser.
 */
import { jsonCallArray } from "../engine/bodies.ts";
import { lit } from "../engine/cursor.ts";
import type { Body, FormatSpec } from "../engine/format.ts";
import { jsonCallText } from "./common.ts";

const calls = jsonCallArray();

/** Where the answer begins: the array, possibly after `[TOOL_CALLS]` (whose `[` would otherwise
 *  be taken for the array's). */
const bare: Body = function* (ctx) {
  yield* lit(ctx.cur, "[TOOL_CALLS]");
  yield* calls(ctx);
};

export const xlam: FormatSpec = {
  id: "xlam",
  title: "Salesforce xLAM JSON array `[{name, arguments}]` (bare, ```json, <tool_call> or [TOOL_CALLS])",
  source: "templates/vllm-tool_chat_template_xlam_llama.jinja, vllm-tool_chat_template_xlam_qwen.jinja; vLLM xlam parser",
  calls: [
    { open: "```json", body: calls, close: "```" },
    { open: "<tool_call>", body: calls, close: "</tool_call>" },
    { open: "[TOOL_CALLS]", body: calls },
  ],
  bare: { first: "[", body: bare },
  reasoning: { open: "<think>", close: "</think>" },
  parserNames: ["xlam"],
  templates: ["vllm-tool_chat_template_xlam_llama.jinja", "vllm-tool_chat_template_xlam_qwen.jinja"],
  // Alone, the array is the answer; after text it needs a marker: the ```json fence.
  serialize: (calls, content) => {
    if (!calls.length) return content ?? "";
    const array = `[${calls.map((c) => jsonCallText(c)).join(", ")}]`;
    return content ? `${content}\n\`\`\`json\n${array}\n\`\`\`` : array;
  },
};
