/**
 * The serving layer's objects are the `openai` package's types: `toChatCompletion` gives a
 * `ChatCompletion`, `ChunkEncoder` gives `ChatCompletionChunk`s, `ChunkDelta` is a
 * `ChatCompletionChunk.Choice.Delta`, and `Usage` is a `CompletionUsage`. Type-level (checked by
 * `tsc`, `expectTypeOf`) and on real values.
 */
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionMessage } from "openai/resources/chat/completions";
import type { CompletionUsage } from "openai/resources/completions";
import { describe, expect, expectTypeOf, it } from "vitest";
import { parse } from "../../parsers/index.ts";
import { ChunkEncoder, toChatCompletion, type AssistantMessage, type ChatCompletionChunkObject, type ChatCompletionObject, type ChunkDelta, type Usage } from "../../serve/index.ts";

const meta = { id: "chatcmpl-1", model: "qwen3", created: 1730000000 };

describe("serve's objects are openai's types", () => {
  it("chat.completion → ChatCompletion", () => {
    expectTypeOf<ChatCompletionObject>().toExtend<ChatCompletion>();
    expectTypeOf<AssistantMessage>().toExtend<ChatCompletionMessage>();
    expectTypeOf<Usage>().toExtend<CompletionUsage>();
    const value: ChatCompletion = toChatCompletion(parse("qwen", '<think>x</think><tool_call>\n{"name": "f", "arguments": {}}\n</tool_call>'), { ...meta, usage: { prompt_tokens: 1, completion_tokens: 2 } });
    expect(value.choices[0].message.tool_calls).toHaveLength(1);
  });

  it("chat.completion.chunk → ChatCompletionChunk", () => {
    expectTypeOf<ChatCompletionChunkObject>().toExtend<ChatCompletionChunk>();
    expectTypeOf<ChunkDelta>().toExtend<ChatCompletionChunk.Choice.Delta>();
    const enc = new ChunkEncoder(meta);
    const chunks: ChatCompletionChunk[] = [...enc.push([{ reasoning_content: "x" }, { content: "y" }]), ...enc.end("stop", { usage: { prompt_tokens: 1, completion_tokens: 2 } })];
    expect(chunks).toHaveLength(4);
  });
});
