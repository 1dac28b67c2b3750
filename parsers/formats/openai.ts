/**
 * `openai`: gpt-oss (harmony). The model writes messages on channels: `analysis` is reasoning,
 * `final` (and `commentary` without a recipient, a preamble) is content, and a message addressed
 * `to=functions.NAME` is a call whose JSON message is the arguments.
 *
 * ```text
 * <|channel|>analysis<|message|>The user wants the weather.<|end|><|start|>assistant<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>{"city": "Paris"}<|call|>
 * ```
 * The generation prompt ends with `<|start|>assistant`, so the output starts inside a header: the
 * recipient may come first (` to=functions.get_weather<|channel|>commentary json<|message|>…`, the
 * way the template renders calls) or after the channel. `<|start|>assistant`, `<|end|>`,
 * `<|return|>` and `<|call|>` are message framing (markup). Messages to built-in tools (`python`,
 * `browser.*`, `container.exec`) are not function calls: they stay content with `invalid_call`.
 * Source: OpenAI harmony response format (cookbook "OpenAI Harmony Response Format"); template
 * `openai-gpt-oss-120b.jinja`. vLLM parser name: `openai`; SGLang: `gpt-oss`.
 */
import type { FormatSpec } from "../engine/format.ts";
import { harmonyMessage } from "../engine/name-args.ts";

export const openai: FormatSpec = {
  id: "openai",
  title: "gpt-oss harmony `to=functions.name<|channel|>commentary json<|message|>{json}<|call|>`",
  source: "OpenAI harmony response format; templates/openai-gpt-oss-120b.jinja",
  calls: [
    { open: "<|start|>assistant", body: harmonyMessage({ after: "role" }) },
    { open: "<|channel|>commentary", body: harmonyMessage({ after: "channel", channel: "commentary" }) },
    { open: "<|channel|>final", body: harmonyMessage({ after: "channel", channel: "final" }) },
    { open: "<|channel|>analysis to=", body: harmonyMessage({ after: "to", channel: "analysis" }) },
  ],
  bare: { first: "t", body: harmonyMessage({ after: "bare" }) },
  reasoning: { open: "<|channel|>analysis<|message|>", close: "<|end|>" },
  // The last three are shadowed by the call markers above (a call marker wins where both match);
  // with tool_choice "none" (no call markers) they still drop the framing of plain answers.
  ignore: ["<|end|>", "<|return|>", "<|call|>", "<|start|>assistant", "<|channel|>final<|message|>", "<|channel|>commentary<|message|>"],
  parserNames: ["openai", "gpt-oss"],
  templates: ["openai-gpt-oss-120b.jinja"],
  serialize: (calls, content) => {
    // The generation prompt wrote the first `<|start|>assistant`.
    if (calls.length === 0) return content ? `<|channel|>final<|message|>${content}` : "";
    const parts = content ? [`<|channel|>commentary<|message|>${content}<|end|>`] : [];
    for (const c of calls) parts.push(` to=functions.${c.function.name}<|channel|>commentary json<|message|>${c.function.arguments || "{}"}<|call|>`);
    return parts.join("<|start|>assistant");
  },
};
