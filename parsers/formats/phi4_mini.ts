/**
 * `phi4_mini`: Microsoft Phi-4-mini-instruct — FireFunction's `functools[…]` array (see
 * `firefunction_v2`), and Phi-4-mini's own tokens `<|tool_call|>…<|/tool_call|>` around one call
 * object or an array of them.
 *
 * ```text
 * functools[{"name": "get_weather", "arguments": {"city": "Paris"}}]
 * <|tool_call|>{"name": "get_weather", "arguments": {"city": "Paris"}}<|/tool_call|>
 * ```
 * `parameters` is accepted for `arguments` (`arguments_alias`), as vLLM's parser does. The vLLM
 * template prints earlier turns' calls as bare objects without the marker; `serialize` writes the
 * `functools[…]` form the system prompt asks the model for.
 * Source: `../shared/templates/vllm-tool_chat_template_phi4_mini.jinja` (system prompt: "prefix
 * function calls with functools marker (no closing marker required)"); vLLM `phi4_mini_json`
 * parser; `microsoft-Phi-4-mini-instruct.jinja` and llama.cpp PR #12288 (`<|tool_call|>` tokens).
 */
import { byFirstChar, jsonCall } from "../engine/bodies.ts";
import type { FormatSpec } from "../engine/format.ts";
import { callArray } from "../engine/json-bodies.ts";
import { firefunction_v2, functools } from "./firefunction_v2.ts";

export const phi4_mini: FormatSpec = {
  ...firefunction_v2,
  id: "phi4_mini",
  title: "Phi-4-mini `functools[json]` / `<|tool_call|>json<|/tool_call|>`",
  source: "templates/vllm-tool_chat_template_phi4_mini.jinja; vLLM phi4_mini_json parser",
  calls: [functools, { open: "<|tool_call|>", body: byFirstChar({ "[": callArray(jsonCall()) }, jsonCall()), close: "<|/tool_call|>" }],
  parserNames: ["phi4_mini_json"],
  templates: ["vllm-tool_chat_template_phi4_mini.jinja", "microsoft-Phi-4-mini-instruct.jinja"],
};
