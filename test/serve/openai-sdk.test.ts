/**
 * Proof with the official `openai` SDK over HTTP (loopback replay server): for every fixture and
 * every shared case of the registered formats (`allCases()`), what the SDK gets — non-streaming,
 * `stream: true` chunks, and its stream helper's `finalChatCompletion()` — equals `parse()`.
 */
import OpenAI from "openai";
import type { ChatCompletionChunk, ChatCompletionTool } from "openai/resources/chat/completions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFormats, parse } from "../../parsers/index.ts";
import type { ParseResult, ToolCall } from "../../parsers/types.ts";
import { allCases, fixtureCases, hasShared } from "../../scripts/conformance/corpus.ts";
import type { ConformanceCase } from "../../scripts/conformance/types.ts";
import { pieces, startReplayServer, type ReplayServer } from "./replay-server.ts";

const generateId = (i: number) => `call_test${i}`;
const cases = allCases();
/** Case ids repeat across shared files (sglang.json, sglang-2025-11.json): key by position. */
const key = new Map(cases.map((c, i) => [c, String(i)]));

/** How the server feeds the stream parser: the whole text at once (non-streaming `parse`), or the
 *  case's real chunking (SGLang streaming cases) / 3-character pieces. */
type Mode = "whole" | "chunked";
const modelName = (c: ConformanceCase, mode: Mode) => `${key.get(c)}::${mode}`;

let server: ReplayServer;
let client: OpenAI;

beforeAll(async () => {
  server = await startReplayServer((req) => {
    const [i, mode] = req.model.split("::");
    const c = cases[Number(i)];
    if (!c) throw new Error(`no case ${i}`);
    const chunks = mode === "chunked" ? (c.chunks && c.chunks.join("") === c.text ? c.chunks : pieces(c.text, 3)) : undefined;
    return { format: c.format, text: c.text, options: { ...c.options, generateId }, chunks };
  });
  client = new OpenAI({ baseURL: server.baseURL, apiKey: "test", maxRetries: 0 });
});
afterAll(() => server.close());

function expected(c: ConformanceCase): ParseResult {
  return parse(c.format, c.text, { ...c.options, generateId });
}

function request(c: ConformanceCase, mode: Mode) {
  return {
    model: modelName(c, mode),
    messages: [{ role: "user" as const, content: "replay" }],
    ...(c.options?.tools ? { tools: c.options.tools as ChatCompletionTool[] } : {}),
  };
}

/** The message fields a client sees, normalised: an absent field and null are the same. */
function seen(m: { content?: string | null; reasoning_content?: unknown; tool_calls?: { id: string; type: string; function?: { name: string; arguments: string } }[] | null }) {
  return {
    content: m.content ?? null,
    reasoning_content: (m.reasoning_content as string | undefined) ?? null,
    tool_calls: (m.tool_calls ?? []).map((t) => ({ id: t.id, type: t.type, function: { name: t.function!.name, arguments: t.function!.arguments } })),
  };
}

function want(r: ParseResult) {
  return { content: r.content, reasoning_content: r.reasoning_content || null, tool_calls: r.tool_calls as ToolCall[] };
}

describe(`openai SDK: ${cases.length} corpus cases`, () => {
  it("has the whole corpus (fixtures and shared cases of every registered format)", () => {
    const covered = new Set(cases.map((c) => c.format));
    const withFixtures = new Set(fixtureCases().map((c) => c.format));
    expect(listFormats().filter((f) => withFixtures.has(f.id) && !covered.has(f.id))).toEqual([]);
    if (hasShared()) expect(new Set(cases.map((c) => c.suite))).toEqual(new Set(["fixtures", "sglang", "llamacpp"]));
  });

  /** `create()` without stream: the chat.completion toolwire built, as the SDK returns it. */
  async function nonStreaming(c: ConformanceCase, r: ParseResult) {
    const completion = await client.chat.completions.create(request(c, "whole"));
    expect(completion.object).toBe("chat.completion");
    const choice = completion.choices[0];
    expect(choice.message.role).toBe("assistant");
    expect(seen(choice.message)).toEqual(want(r));
    expect(choice.message.tool_calls === undefined).toBe(r.tool_calls.length === 0);
    expect(choice.finish_reason).toBe(r.finish_reason);
  }

  /** `create({ stream: true })` through the SDK's stream helper (`stream()` → `finalChatCompletion()`):
   *  the chunks' framing, their fold as clients write it, and the message the helper accumulates. */
  async function streamed(c: ConformanceCase, r: ParseResult) {
    const stream = client.chat.completions.stream({ ...request(c, "chunked"), stream_options: { include_usage: true } });
    const chunks: ChatCompletionChunk[] = [];
    stream.on("chunk", (k) => void chunks.push(k));
    const final = await stream.finalChatCompletion();

    // role on the first chunk only, finish_reason on the last choice chunk only, then the usage chunk.
    const withChoice = chunks.filter((k) => k.choices.length > 0);
    expect(withChoice[0].choices[0].delta.role).toBe("assistant");
    expect(withChoice.slice(1).every((k) => k.choices[0].delta.role === undefined)).toBe(true);
    expect(withChoice.at(-1)!.choices[0].finish_reason).toBe(r.finish_reason);
    expect(withChoice.slice(0, -1).every((k) => k.choices[0].finish_reason === null)).toBe(true);
    expect(chunks.at(-1)!.choices).toEqual([]);
    expect(chunks.at(-1)!.usage?.completion_tokens).toBe(c.text.length);
    expect(new Set(chunks.map((k) => k.id)).size).toBe(1);

    // Fold the deltas by hand, as the LM Studio and vLLM examples do.
    const acc = { content: null as string | null, reasoning_content: null as string | null, tool_calls: [] as ToolCall[] };
    for (const k of withChoice) {
      const d = k.choices[0].delta as ChatCompletionChunk.Choice.Delta & { reasoning_content?: string };
      if (d.content) acc.content = (acc.content ?? "") + d.content;
      if (d.reasoning_content) acc.reasoning_content = (acc.reasoning_content ?? "") + d.reasoning_content;
      for (const t of d.tool_calls ?? []) {
        const call = (acc.tool_calls[t.index] ??= { id: "", type: "function", function: { name: "", arguments: "" } });
        if (t.id) call.id = t.id;
        if (t.function?.name) call.function.name += t.function.name;
        if (t.function?.arguments) call.function.arguments += t.function.arguments;
      }
    }
    expect(acc).toEqual(want(r));

    // The helper's accumulated message. It folds content and tool calls, but copies delta fields it
    // does not know (reasoning_content) by assignment, keeping only the last fragment: compare the
    // reasoning folded from its own chunk events instead.
    expect(final.choices[0].message.role).toBe("assistant");
    expect(final.choices[0].finish_reason).toBe(r.finish_reason);
    expect({ ...seen(final.choices[0].message), reasoning_content: acc.reasoning_content }).toEqual(want(r));
  }

  it.concurrent.each(cases.map((c) => [c.id, c.format, c] as const))("%s (%s): create() and stream() → finalChatCompletion()", async (_, __, c) => {
    const r = expected(c);
    await Promise.all([nonStreaming(c, r), streamed(c, r)]);
  });

  it("the stream helper keeps only the last reasoning_content fragment (why reasoning is folded from chunks above)", async () => {
    const c = cases.find((k) => k.format === "qwen" && (expected(k).reasoning_content ?? "").length > 6)!;
    const final = await client.chat.completions.stream(request(c, "chunked")).finalChatCompletion();
    const got = (final.choices[0].message as { reasoning_content?: string }).reasoning_content;
    // Whole when the SDK learns to fold it, else a suffix: never more than the parse.
    expect(expected(c).reasoning_content!.endsWith(got ?? "")).toBe(true);
  });
});
