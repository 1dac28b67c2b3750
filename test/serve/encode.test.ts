/**
 * Response objects: `toChatCompletion`, `ChunkEncoder` / `toChunks`, `encodeSSE`. Shapes as in the
 * OpenAI API reference, and the fold of the chunks equal to the completion for any chunking.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createStreamParser, parse } from "../../parsers/index.ts";
import type { ChoiceDelta } from "../../parsers/types.ts";
import { fixtureCases } from "../../scripts/conformance/corpus.ts";
import { ChunkEncoder, encodeSSE, SSE_DONE, sseEvent, toChatCompletion, toChunks, type ChatCompletionChunkObject } from "../../serve/index.ts";

const meta = { id: "chatcmpl-1", model: "hermes-3", created: 1730000000 };
const gen = (i: number) => `call_${i}`;
const CALL = '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>';

describe("toChatCompletion", () => {
  it("builds a chat.completion with tool_calls and finish_reason tool_calls", () => {
    const r = parse("hermes", "Checking." + CALL, { generateId: gen });
    expect(toChatCompletion(r, meta)).toEqual({
      id: "chatcmpl-1",
      object: "chat.completion",
      created: 1730000000,
      model: "hermes-3",
      choices: [
        {
          index: 0,
          logprobs: null,
          finish_reason: "tool_calls",
          message: {
            role: "assistant",
            content: "Checking.",
            refusal: null,
            tool_calls: [{ id: "call_0", type: "function", function: { name: "get_weather", arguments: '{"city": "Paris"}' } }],
          },
        },
      ],
    });
  });

  it("leaves tool_calls out when there are none, keeps content null when there is none", () => {
    const c = toChatCompletion(parse("hermes", "Hello!"), meta);
    expect(c.choices[0].message).toEqual({ role: "assistant", content: "Hello!", refusal: null });
    expect(c.choices[0].finish_reason).toBe("stop");
    const empty = toChatCompletion(parse("hermes", ""), meta);
    expect(empty.choices[0].message).toEqual({ role: "assistant", content: null, refusal: null });
  });

  it("sets reasoning_content only when there is reasoning", () => {
    const c = toChatCompletion(parse("qwen", "<think>Paris, so metric.</think>" + CALL, { generateId: gen }), meta);
    expect(c.choices[0].message.reasoning_content).toBe("Paris, so metric.");
    expect(c.choices[0].message.content).toBeNull();
    expect("reasoning_content" in toChatCompletion(parse("qwen", "Hi"), meta).choices[0].message).toBe(false);
  });

  it("adds usage with total_tokens, system_fingerprint, and lets the server override finish_reason", () => {
    const c = toChatCompletion(parse("hermes", CALL.slice(0, 40)), { ...meta, system_fingerprint: "fp_1", usage: { prompt_tokens: 10, completion_tokens: 5 }, finish_reason: "length" });
    expect(c.usage).toEqual({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 });
    expect(c.system_fingerprint).toBe("fp_1");
    expect(c.choices[0].finish_reason).toBe("length");
  });

  it("copies calls (mutating the result afterwards does not change the response)", () => {
    const r = parse("hermes", CALL, { generateId: gen });
    const c = toChatCompletion(r, meta);
    r.tool_calls[0].function.arguments = "changed";
    expect(c.choices[0].message.tool_calls![0].function.arguments).toBe('{"city": "Paris"}');
  });

  it("throws TypeError on misuse only", () => {
    expect(() => toChatCompletion(parse("hermes", "x"), { ...meta, id: "" })).toThrow(TypeError);
    expect(() => toChatCompletion(parse("hermes", "x"), { ...meta, created: Date.now() / 1000 + 0.5 })).toThrow(/whole seconds/);
    expect(() => toChatCompletion(parse("hermes", "x"), { ...meta, usage: { prompt_tokens: -1, completion_tokens: 0 } })).toThrow(/prompt_tokens/);
    expect(() => toChatCompletion(null as never, meta)).toThrow(TypeError);
  });
});

describe("ChunkEncoder", () => {
  it("puts role on the first chunk, one delta per chunk, finish_reason on the last", () => {
    const enc = new ChunkEncoder(meta);
    const s = createStreamParser("hermes", { generateId: gen });
    const chunks = [...enc.push(s.push("Checking.<tool_")), ...enc.push(s.push(CALL.slice(6))), ...enc.finish(s.end())];
    expect(chunks.map((c) => c.choices[0])).toEqual([
      { index: 0, delta: { role: "assistant", content: "Checking." }, logprobs: null, finish_reason: null },
      { index: 0, delta: { tool_calls: [{ index: 0, id: "call_0", type: "function", function: { name: "get_weather", arguments: "" } }] }, logprobs: null, finish_reason: null },
      { index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"city": "Paris"}' } }] }, logprobs: null, finish_reason: null },
      { index: 0, delta: {}, logprobs: null, finish_reason: "tool_calls" },
    ]);
    for (const c of chunks) expect(c).toMatchObject({ id: "chatcmpl-1", object: "chat.completion.chunk", created: 1730000000, model: "hermes-3" });
  });

  it("works incrementally: nothing for an empty push, role still on the first real chunk", () => {
    const enc = new ChunkEncoder(meta);
    expect(enc.push([])).toEqual([]);
    expect(enc.push([{ content: "" }])).toEqual([]);
    expect(enc.push([{ reasoning_content: "hm" }])[0].choices[0].delta).toEqual({ role: "assistant", reasoning_content: "hm" });
    expect(enc.push([{ content: "ok" }])[0].choices[0].delta).toEqual({ content: "ok" });
    expect(enc.end("stop")[0].choices[0]).toEqual({ index: 0, delta: {}, logprobs: null, finish_reason: "stop" });
  });

  it("gives an empty response a role chunk that also finishes", () => {
    expect(toChunks([], meta).map((c) => c.choices[0])).toEqual([{ index: 0, delta: { role: "assistant" }, logprobs: null, finish_reason: "stop" }]);
  });

  it("adds the usage chunk (choices: []) after the finish chunk", () => {
    const chunks = toChunks([{ content: "Hi" }], { ...meta, usage: { prompt_tokens: 3, completion_tokens: 1 } });
    expect(chunks).toHaveLength(3);
    expect(chunks[2]).toEqual({ id: "chatcmpl-1", object: "chat.completion.chunk", created: 1730000000, model: "hermes-3", choices: [], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } });
  });

  it("defaults finish_reason from the deltas; explicit values win; finish() honours an override", () => {
    expect(toChunks([{ tool_calls: [{ index: 0, id: "c", type: "function", function: { name: "f", arguments: "{}" } }] }], meta).at(-1)!.choices[0].finish_reason).toBe("tool_calls");
    expect(toChunks([{ content: "x" }], { ...meta, finish_reason: "length" }).at(-1)!.choices[0].finish_reason).toBe("length");
    const s = createStreamParser("hermes");
    s.push('<tool_call>\n{"name": "f", "arguments": {"a": ');
    expect(new ChunkEncoder(meta).finish(s.end(), { finish_reason: "length" }).at(-1)!.choices[0].finish_reason).toBe("length");
  });

  it("does not share delta objects with the parser", () => {
    const d: ChoiceDelta[] = [{ tool_calls: [{ index: 0, id: "c", type: "function", function: { name: "f", arguments: "" } }] }];
    const [chunk] = new ChunkEncoder(meta).push(d);
    (d[0] as { tool_calls: { function: { name: string } }[] }).tool_calls[0].function.name = "g";
    expect(chunk.choices[0].delta.tool_calls![0].function.name).toBe("f");
  });

  it("throws on misuse: push after end, end twice, not a delta, bad meta", () => {
    const enc = new ChunkEncoder(meta);
    enc.end();
    expect(() => enc.push([{ content: "x" }])).toThrow(/after end/);
    expect(() => enc.end()).toThrow(/twice/);
    expect(() => new ChunkEncoder(meta).push([{ foo: 1 } as never])).toThrow(TypeError);
    expect(() => new ChunkEncoder({ ...meta, model: 1 as never })).toThrow(TypeError);
  });
});

/** Folds chunks as a client does (the openai SDK's and the AI SDK's accumulators agree on this). */
function fold(chunks: ChatCompletionChunkObject[]) {
  const m = { role: undefined as string | undefined, content: null as string | null, reasoning_content: null as string | null, tool_calls: [] as { id: string; type: string; function: { name: string; arguments: string } }[], finish_reason: null as string | null };
  for (const c of chunks)
    for (const ch of c.choices) {
      const d = ch.delta;
      if (d.role) m.role = d.role;
      if (d.content) m.content = (m.content ?? "") + d.content;
      if (d.reasoning_content) m.reasoning_content = (m.reasoning_content ?? "") + d.reasoning_content;
      for (const t of d.tool_calls ?? []) {
        const call = (m.tool_calls[t.index] ??= { id: "", type: "", function: { name: "", arguments: "" } });
        if (t.id) call.id = t.id;
        if (t.type) call.type = t.type;
        if (t.function.name) call.function.name += t.function.name;
        if (t.function.arguments) call.function.arguments += t.function.arguments;
      }
      if (ch.finish_reason) m.finish_reason = ch.finish_reason;
    }
  return m;
}

describe("chunks fold to the chat.completion, for every fixture and any chunking", () => {
  const cases = fixtureCases();
  it.each(cases.map((c) => [c.id, c] as const))("%s", (_, c) => {
    const opts = { ...c.options, generateId: gen };
    const completion = toChatCompletion(parse(c.format, c.text, opts), meta);
    const { message, finish_reason } = completion.choices[0];
    const expected = { role: "assistant", content: message.content, reasoning_content: message.reasoning_content ?? null, tool_calls: message.tool_calls ?? [], finish_reason };
    fc.assert(
      fc.property(fc.array(fc.nat(c.text.length), { maxLength: 8 }), (cuts) => {
        const at = [...new Set([0, ...cuts, c.text.length])].sort((a, b) => a - b);
        const enc = new ChunkEncoder(meta);
        const s = createStreamParser(c.format, opts);
        const chunks: ChatCompletionChunkObject[] = [];
        for (let i = 1; i < at.length; i++) chunks.push(...enc.push(s.push(c.text.slice(at[i - 1], at[i]))));
        chunks.push(...enc.finish(s.end()));
        expect(fold(chunks)).toEqual(expected);
        expect(chunks.filter((k) => k.choices[0]?.delta.role)).toHaveLength(1);
        expect(chunks.filter((k) => k.choices[0]?.finish_reason)).toEqual([chunks.at(-1)]);
      }),
      { numRuns: 25 },
    );
  });
});

describe("encodeSSE", () => {
  it("writes data: events and ends with data: [DONE]", () => {
    const chunks = toChunks([{ content: "a\nb\r\nc" }], meta);
    const text = encodeSSE(chunks);
    expect(text.endsWith("\n\ndata: [DONE]\n\n")).toBe(true);
    const events = text.split("\n\n").filter(Boolean);
    expect(events).toHaveLength(chunks.length + 1);
    for (const [i, e] of events.slice(0, -1).entries()) {
      expect(e.startsWith("data: ")).toBe(true);
      expect(e).not.toMatch(/[\r\n]/); // one line per event: newlines in text are escaped by JSON
      expect(JSON.parse(e.slice(6))).toEqual(chunks[i]);
    }
    expect(events.at(-1)).toBe("data: [DONE]");
  });

  it("can leave the stream open, and frames single events", () => {
    const [chunk] = toChunks([{ content: "x" }], meta);
    expect(encodeSSE([chunk], { done: false })).toBe(sseEvent(chunk));
    expect(encodeSSE([])).toBe(SSE_DONE);
    expect(() => sseEvent("x" as never)).toThrow(TypeError);
  });
});
