/**
 * `solar`: Upstage Solar Open. Reasoning is a `<|think|>` message ended by `<|end|>`; each call
 * carries the model's own id (10 lowercase alphanumerics), kept as the call's id because tool
 * results refer to it (`<|tool_response:begin|>id…`).
 *
 * ```text
 * <|think|>The user wants the weather.<|end|><|begin|>assistant<|tool_calls|><|tool_call:begin|>a1b2c3d4e5<|tool_call:name|>get_weather<|tool_call:args|>{"city": "Paris"}<|tool_call:end|><|calls|>
 * ```
 * The generation prompt ends with `<|begin|>assistant`; a text answer is `<|content|>…<|end|>`.
 * Message framing (`<|begin|>assistant`, `<|content|>`, `<|tool_calls|>`, `<|calls|>`, `<|end|>`)
 * is markup and dropped.
 * Source: template `upstage-Solar-Open-100B.jinja` (its "Tool Call Format" system prompt).
 */
import type { FormatSpec } from "../engine/format.ts";
import { nameArgsCall } from "../engine/name-args.ts";

export const solar: FormatSpec = {
  id: "solar",
  title: "Solar Open `<|tool_call:begin|>id<|tool_call:name|>name<|tool_call:args|>{json}<|tool_call:end|>` + `<|think|>`",
  source: "templates/upstage-Solar-Open-100B.jinja",
  calls: [
    {
      open: "<|tool_call:begin|>",
      body: nameArgsCall({
        head: [
          { part: "id", end: "<|tool_call:name|>" },
          { part: "name", end: "<|tool_call:args|>" },
        ],
        callEnd: "<|tool_call:end|>",
      }),
    },
  ],
  reasoning: { open: "<|think|>", close: "<|end|>" },
  ignore: ["<|begin|>assistant", "<|content|>", "<|tool_calls|>", "<|calls|>", "<|end|>"],
  parserNames: [],
  templates: ["upstage-Solar-Open-100B.jinja"],
  serialize: (calls, content) => {
    const head = content ? `<|content|>${content}<|end|>` : "";
    if (calls.length === 0) return head;
    const body = calls
      .map((c) => `<|tool_call:begin|>${c.id}<|tool_call:name|>${c.function.name}<|tool_call:args|>${c.function.arguments || "{}"}<|tool_call:end|>`)
      .join("");
    return `${head}${head ? "<|begin|>assistant" : ""}<|tool_calls|>${body}<|calls|>`;
  },
};
