/**
 * `pythonic`: a Python list of calls with literal keyword arguments, at the start of the output
 * (Llama 3.2 / 3.3 / 4, Gemma 3, ToolACE), possibly wrapped in Llama 4's
 * `<|python_start|>…<|python_end|>`.
 *
 * ```text
 * [get_weather(city="Paris", days=3), get_time()]
 * ```
 * Values are Python literals (never evaluated) and keep their types in the JSON arguments.
 * Calls are read where the output begins, as vLLM's `pythonic` parser and the templates' own
 * instructions have it ("INCORRECT: Let me check the weather: [get_weather(…)]" in the Llama 4
 * prompt): a bracket later in prose or code stays content. Text after the list is content.
 * Source: templates `vllm-tool_chat_template_llama3.2_pythonic.jinja`,
 * `vllm-tool_chat_template_llama4_pythonic.jinja`, `vllm-tool_chat_template_gemma3_pythonic.jinja`,
 * `vllm-tool_chat_template_toolace.jinja`; Llama 4 model card (prompt format, `<|python_start|>`).
 * vLLM and SGLang parser name: `pythonic`.
 */
import type { FormatSpec } from "../engine/format.ts";
import { pyCallText, pythonicCalls } from "../engine/pythonic.ts";

export const pythonic: FormatSpec = {
  id: "pythonic",
  title: "Pythonic `[f(a=1), g()]` at the start of the output (Llama 3.2/4, Gemma 3)",
  source: "templates/vllm-tool_chat_template_llama3.2_pythonic.jinja, llama4_pythonic, gemma3_pythonic; Llama 4 model card",
  calls: [{ open: "<|python_start|>", body: pythonicCalls(), close: "<|python_end|>" }],
  bare: { first: "[", body: pythonicCalls() },
  parserNames: ["pythonic"],
  templates: [
    "vllm-tool_chat_template_llama3.2_pythonic.jinja",
    "vllm-tool_chat_template_llama4_pythonic.jinja",
    "vllm-tool_chat_template_gemma3_pythonic.jinja",
    "vllm-tool_chat_template_toolace.jinja",
  ],
  // As the Gemma 3 template renders a turn: the call list, then the content.
  serialize: (calls, content) => {
    const list = calls.length ? `[${calls.map((c) => pyCallText(c.function.name, c.function.arguments)).join(", ")}]` : "";
    return list + (content ?? "");
  },
};
