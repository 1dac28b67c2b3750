/**
 * `lfm2`: LiquidAI LFM2 / LFM2.5 — a pythonic call list between `<|tool_call_start|>` and
 * `<|tool_call_end|>`, with `<think>…</think>` reasoning (LFM2.5 thinking models).
 *
 * ```text
 * <think>The user wants the time.</think>Let me check.<|tool_call_start|>[get_time(city="Paris")]<|tool_call_end|>
 * ```
 * Inside the markers the model may also write JSON calls (`[{"name": …, "arguments": {…}}]`, or
 * one object; LFM2's "Output function calls as JSON" mode) and a single call without the list
 * brackets; SGLang's `lfm2` detector reads all three. Values inside Python dicts may be JSON
 * literals (`{"enabled": true}`: the LFM2.5 template renders mappings with `tojson`).
 * Source: LiquidAI LFM2 model cards (tool use); templates `LFM2-8B-A1B.jinja`,
 * `LFM2.5-8B-A1B.jinja`, `LFM2.5-Instruct.jinja`. vLLM and SGLang parser name: `lfm2`.
 */
import type { FormatSpec } from "../engine/format.ts";
import { pyCallText, pythonicCalls } from "../engine/pythonic.ts";

const START = "<|tool_call_start|>";
const END = "<|tool_call_end|>";

export const lfm2: FormatSpec = {
  id: "lfm2",
  title: "LFM2 / LFM2.5 `<|tool_call_start|>[f(a=1)]<|tool_call_end|>` + `<think>`",
  source: "LiquidAI LFM2 model cards; templates/LFM2-8B-A1B.jinja, LFM2.5-8B-A1B.jinja, LFM2.5-Instruct.jinja",
  calls: [{ open: START, body: pythonicCalls({ bareCall: true, json: true, emptyBefore: END }), close: END }],
  reasoning: { open: "<think>", close: "</think>" },
  parserNames: ["lfm2"],
  templates: ["LFM2-8B-A1B.jinja", "LFM2.5-8B-A1B.jinja", "LFM2.5-Instruct.jinja"],
  // As LFM2.5-8B-A1B's render_tool_calls: content, then all calls in one block.
  serialize: (calls, content) =>
    (content ?? "") + (calls.length ? `${START}[${calls.map((c) => pyCallText(c.function.name, c.function.arguments)).join(", ")}]${END}` : ""),
};
