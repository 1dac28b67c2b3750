/**
 * `qwen`: Qwen2.5, QwQ and Qwen3 — Hermes-style `<tool_call>` blocks plus `<think>…</think>`
 * reasoning, separated into `reasoning_content`.
 *
 * ```text
 * <think>
 * The user wants the weather.
 * </think>
 *
 * <tool_call>
 * {"name": "get_weather", "arguments": {"city": "Paris"}}
 * </tool_call>
 * ```
 * QwQ and Qwen3 (thinking) generation prompts open `<think>\n` themselves: pass
 * `startInReasoning: true` so the output is read from inside the block. A `<tool_call>` inside
 * reasoning is not a call.
 * Source: Qwen function-calling docs (qwen.readthedocs.io, "Function Calling"); templates
 * `Qwen-Qwen2.5-7B-Instruct.jinja`, `Qwen-QwQ-32B.jinja`, `Qwen-Qwen3-0.6B.jinja`.
 * SGLang parser name: `qwen` (vLLM: `hermes` plus the `qwen3` reasoning parser).
 */
import type { FormatSpec } from "../engine/format.ts";
import { hermes } from "./hermes.ts";

export const qwen: FormatSpec = {
  ...hermes,
  id: "qwen",
  title: "Qwen2.5 / QwQ / Qwen3 `<tool_call>` + `<think>` reasoning",
  source: "Qwen function-calling docs; templates/Qwen-Qwen2.5-7B-Instruct.jinja, Qwen-QwQ-32B.jinja, Qwen-Qwen3-0.6B.jinja",
  reasoning: { open: "<think>", close: "</think>" },
  parserNames: ["qwen", "qwen25"],
  templates: ["Qwen-Qwen2.5-7B-Instruct.jinja", "Qwen-QwQ-32B.jinja", "Qwen-Qwen3-0.6B.jinja", "Bielik-11B-v3.0-Instruct.jinja", "Reka-Edge.jinja"],
};
