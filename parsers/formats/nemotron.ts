/**
 * `nemotron`: NVIDIA Nemotron Nano v2 — a JSON array of calls in `<TOOLCALL>…</TOOLCALL>`,
 * after `<think>…</think>` reasoning.
 *
 * ```text
 * <think>
 * The user wants the weather.
 * </think>
 * <TOOLCALL>[{"name": "get_weather", "arguments": {"city": "Paris"}}]</TOOLCALL>
 * ```
 * The generation prompt opens `<think>\n` itself unless thinking is off (`/no_think` gives
 * `<think></think>`). The system prompt shows `"arguments": "tool_args"`, so arguments written
 * as a JSON string are accepted (`arguments_as_string`).
 * Source: `../shared/templates/NVIDIA-Nemotron-Nano-v2.jinja` (tool instructions and assistant
 * tool_calls rendering); llama.cpp `common_chat_parse_nemotron_v2`.
 */
import { jsonCallArray } from "../engine/bodies.ts";
import type { FormatSpec } from "../engine/format.ts";
import { jsonCallText, withContent } from "./common.ts";

export const nemotron: FormatSpec = {
  id: "nemotron",
  title: "NVIDIA Nemotron Nano v2 `<TOOLCALL>[json]</TOOLCALL>` + `<think>`",
  source: "templates/NVIDIA-Nemotron-Nano-v2.jinja",
  calls: [{ open: "<TOOLCALL>", body: jsonCallArray(), close: "</TOOLCALL>" }],
  reasoning: { open: "<think>", close: "</think>" },
  parserNames: [],
  templates: ["NVIDIA-Nemotron-Nano-v2.jinja"],
  serialize: (calls, content) =>
    withContent(content, calls.length ? [`<TOOLCALL>[${calls.map((c) => jsonCallText(c)).join(", ")}]</TOOLCALL>`] : [], "\n"),
};
