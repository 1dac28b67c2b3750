/**
 * Folds deltas into an assistant message the way OpenAI clients do (the `openai` SDK's
 * `ChatCompletionStream`, the Vercel AI SDK): content and reasoning concatenated, each call's
 * header taken from its first delta and `arguments` fragments appended by `index`.
 *
 * ```ts
 * accumulate([{ content: "Hi" }, { tool_calls: [{ index: 0, id: "call_1", type: "function",
 *   function: { name: "f", arguments: "" } }] }, { tool_calls: [{ index: 0, function: { arguments: "{}" } }] }])
 * // -> { content: "Hi", reasoning_content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "f", arguments: "{}" } }] }
 * ```
 */
import type { ChoiceDelta, ToolCall } from "../types.ts";

export interface Accumulated {
  content: string | null;
  reasoning_content: string | null;
  tool_calls: ToolCall[];
}

export function accumulate(deltas: Iterable<ChoiceDelta>, into?: Accumulated): Accumulated {
  const acc: Accumulated = into ?? { content: null, reasoning_content: null, tool_calls: [] };
  for (const d of deltas) {
    if ("content" in d) acc.content = (acc.content ?? "") + d.content;
    else if ("reasoning_content" in d) acc.reasoning_content = (acc.reasoning_content ?? "") + d.reasoning_content;
    else
      for (const t of d.tool_calls) {
        let call = acc.tool_calls[t.index];
        if (!call) call = acc.tool_calls[t.index] = { id: "", type: "function", function: { name: "", arguments: "" } };
        if (t.id) call.id = t.id;
        if (t.function.name) call.function.name += t.function.name;
        if (t.function.arguments) call.function.arguments += t.function.arguments;
      }
  }
  return acc;
}
