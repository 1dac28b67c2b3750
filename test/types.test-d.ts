/**
 * Type-level proof that the parsers' public types are the OpenAI wire shapes (`openai` package):
 * a server passes them straight through, and a client's calls can be fed back in.
 * Checked by `npx tsc -p tsconfig.json --noEmit` and by vitest's typecheck (`*.test-d.ts`).
 * The serving layer's response objects are proved in `test/serve/types.test.ts`.
 */
import type {
  ChatCompletionChunk,
  ChatCompletionFunctionTool,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageToolCall,
  ChatCompletionToolChoiceOption,
} from "openai/resources/chat/completions";
import { describe, expectTypeOf, test } from "vitest";
import type { ChoiceDelta, Tool, ToolCall, ToolCallDelta, ToolChoice } from "../index.ts";

describe("parsers' types are OpenAI's", () => {
  test("ToolCall is assignable to ChatCompletionMessageToolCall (the function variant), and back", () => {
    expectTypeOf<ToolCall>().toExtend<ChatCompletionMessageToolCall>();
    expectTypeOf<ToolCall>().toExtend<ChatCompletionMessageFunctionToolCall>();
    expectTypeOf<ChatCompletionMessageFunctionToolCall>().toExtend<ToolCall>();
    const toOpenAI = (c: ToolCall): ChatCompletionMessageToolCall => c;
    const fromOpenAI = (c: ChatCompletionMessageFunctionToolCall): ToolCall => c;
    void toOpenAI, void fromOpenAI;
  });

  test("ChoiceDelta and ToolCallDelta are assignable to ChatCompletionChunk.Choice.Delta (+ reasoning_content) and its ToolCall", () => {
    // OpenAI's Delta has only optional fields (a "weak type"): TypeScript rejects a source with no
    // field in common, so the `{ reasoning_content }` member fits only the delta as extended by
    // vLLM / SGLang / llama.cpp / DeepSeek. The content and tool_calls members fit OpenAI's as is.
    type ServerDelta = ChatCompletionChunk.Choice.Delta & { reasoning_content?: string | null };
    expectTypeOf<ChoiceDelta>().toExtend<ServerDelta>();
    expectTypeOf<Extract<ChoiceDelta, { content: string }>>().toExtend<ChatCompletionChunk.Choice.Delta>();
    expectTypeOf<Extract<ChoiceDelta, { tool_calls: ToolCallDelta[] }>>().toExtend<ChatCompletionChunk.Choice.Delta>();
    expectTypeOf<ToolCallDelta>().toExtend<ChatCompletionChunk.Choice.Delta.ToolCall>();
    const delta = (d: ChoiceDelta): ServerDelta => d;
    const toolDelta = (d: ToolCallDelta): ChatCompletionChunk.Choice.Delta.ToolCall => d;
    void delta, void toolDelta;
  });

  test("a request's tools and tool_choice fit ParseOptions", () => {
    expectTypeOf<ChatCompletionFunctionTool>().toExtend<Tool>();
    expectTypeOf<Tool>().toExtend<ChatCompletionFunctionTool>();
    expectTypeOf<ToolChoice>().toExtend<ChatCompletionToolChoiceOption>();
  });
});
