/**
 * `tool_choice` and `parallel_tool_calls` (engine options, see `ParseOptions`): none / auto /
 * required / a named function / parallel false, whole and streamed (several chunkings, through the
 * chunk encoder), and from a request body through the replay server with the openai SDK.
 */
import OpenAI from "openai";
import type { ChatCompletionTool } from "openai/resources/chat/completions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStreamParser, parse } from "../../parsers/index.ts";
import type { ParseOptions, ParseResult, Tool } from "../../parsers/types.ts";
import { ChunkEncoder, type ChatCompletionChunkObject } from "../../serve/index.ts";
import { pieces, startReplayServer, type ReplayServer } from "./replay-server.ts";

const tools: Tool[] = ["get_weather", "get_time"].map((name) => ({ type: "function", function: { name, parameters: { type: "object" } } }));
const W = '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>';
const T = '<tool_call>\n{"name": "get_time", "arguments": {"tz": "Europe/Paris"}}\n</tool_call>';
const generateId = (i: number) => `call_${i}`;
const meta = { id: "chatcmpl-tc", model: "m", created: 0 };

/** Whole-text parse, checked equal to streaming the text in several chunkings through the encoder. */
function run(format: string, text: string, options: ParseOptions): ParseResult {
  const opts = { tools, generateId, ...options };
  const whole = parse(format, text, opts);
  for (const size of [1, 3, 8, text.length || 1]) {
    const s = createStreamParser(format, opts);
    const enc = new ChunkEncoder(meta);
    const chunks: ChatCompletionChunkObject[] = [];
    for (const p of pieces(text, size)) chunks.push(...enc.push(s.push(p)));
    const end = s.end();
    chunks.push(...enc.finish(end));
    let content: string | null = null;
    const calls: { id?: string; name: string; arguments: string }[] = [];
    for (const c of chunks) {
      const d = c.choices[0].delta;
      if (d.content) content = (content ?? "") + d.content;
      for (const t of d.tool_calls ?? []) {
        const call = (calls[t.index] ??= { name: "", arguments: "" });
        if (t.id) call.id = t.id;
        call.name += t.function.name ?? "";
        call.arguments += t.function.arguments ?? "";
      }
    }
    expect(content).toBe(whole.content);
    expect(calls).toEqual(whole.tool_calls.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments })));
    expect(chunks.at(-1)!.choices[0].finish_reason).toBe(whole.finish_reason);
    expect(end.finish_reason).toBe(whole.finish_reason);
    expect(end.diagnostics).toEqual(whole.diagnostics);
  }
  return whole;
}

const names = (r: ParseResult) => r.tool_calls.map((c) => c.function.name);
const codes = (r: ParseResult) => r.diagnostics.map((d) => d.code);

describe("tool_choice, whole and streamed", () => {
  it('"auto" (and the default) extracts calls', () => {
    for (const tool_choice of ["auto", undefined, null] as const) {
      const r = run("hermes", "Let me check." + W, { tool_choice });
      expect(names(r)).toEqual(["get_weather"]);
      expect(r.content).toBe("Let me check.");
      expect(r.finish_reason).toBe("tool_calls");
      expect(codes(r)).toEqual([]);
    }
  });

  it('"none": no call is extracted, the text stays content, finish_reason stop', () => {
    const r = run("hermes", "Let me check." + W, { tool_choice: "none" });
    expect(r.tool_calls).toEqual([]);
    expect(r.content).toBe("Let me check." + W);
    expect(r.finish_reason).toBe("stop");
    expect(codes(r)).toEqual([]);
  });

  it('"required" without a call: tool_call_required, and finish_reason stays an honest stop', () => {
    const r = run("hermes", "I can answer that without tools.", { tool_choice: "required" });
    expect(r.tool_calls).toEqual([]);
    expect(r.finish_reason).toBe("stop");
    expect(codes(r)).toEqual(["tool_call_required"]);
    expect(r.diagnostics[0].offset).toBe("I can answer that without tools.".length);
  });

  it('"required" with a call: no diagnostic', () => {
    const r = run("hermes", W, { tool_choice: "required" });
    expect(names(r)).toEqual(["get_weather"]);
    expect(codes(r)).toEqual([]);
  });

  it("a named function: calls to other functions are not emitted (tool_choice_violation)", () => {
    const r = run("hermes", T + "\n" + W, { tool_choice: { type: "function", function: { name: "get_weather" } } });
    expect(names(r)).toEqual(["get_weather"]);
    expect(r.tool_calls[0].id).toBe("call_0"); // indices and ids count emitted calls only
    expect(r.finish_reason).toBe("tool_calls");
    expect(codes(r)).toEqual(["tool_choice_violation"]);
    expect(r.diagnostics[0].message).toMatch(/get_time/);
  });

  it("a named function the model never calls: nothing emitted, finish_reason stop", () => {
    const r = run("hermes", T, { tool_choice: { type: "function", function: { name: "get_weather" } } });
    expect(r.tool_calls).toEqual([]);
    expect(r.finish_reason).toBe("stop");
    expect(codes(r)).toEqual(["tool_choice_violation"]);
  });

  it("parallel_tool_calls false: calls after the first are not emitted (parallel_tool_calls_disabled)", () => {
    const r = run("hermes", W + "\n" + T + "\n" + W, { parallel_tool_calls: false });
    expect(names(r)).toEqual(["get_weather"]);
    expect(codes(r)).toEqual(["parallel_tool_calls_disabled", "parallel_tool_calls_disabled"]);
    expect(names(run("hermes", W + "\n" + T, { parallel_tool_calls: true }))).toEqual(["get_weather", "get_time"]);
  });

  it("applies to other formats too (mistral array form)", () => {
    const text = '[TOOL_CALLS] [{"name": "get_time", "arguments": {}}, {"name": "get_weather", "arguments": {"city": "Paris"}}]';
    expect(names(run("mistral", text, { parallel_tool_calls: false }))).toEqual(["get_time"]);
    expect(names(run("mistral", text, { tool_choice: { type: "function", function: { name: "get_weather" } } }))).toEqual(["get_weather"]);
    expect(run("mistral", text, { tool_choice: "none" }).content).toBe(text);
  });
});

describe("tool_choice and parallel_tool_calls from the request, through HTTP (openai SDK)", () => {
  let server: ReplayServer;
  let client: OpenAI;
  const text = "Sure." + W + "\n" + T;
  beforeAll(async () => {
    server = await startReplayServer((req) => ({ format: "hermes", text: req.model === "plain" ? "No tools needed." : text, chunks: pieces(req.model === "plain" ? "No tools needed." : text, 4) }));
    client = new OpenAI({ baseURL: server.baseURL, apiKey: "test", maxRetries: 0 });
  });
  afterAll(() => server.close());
  const reqTools = tools as ChatCompletionTool[];

  it.each([
    ["none", { tool_choice: "none" as const }, [], "stop"],
    ["auto", { tool_choice: "auto" as const }, ["get_weather", "get_time"], "tool_calls"],
    ["named", { tool_choice: { type: "function" as const, function: { name: "get_time" } } }, ["get_time"], "tool_calls"],
    ["parallel false", { parallel_tool_calls: false }, ["get_weather"], "tool_calls"],
  ] as const)("%s", async (_, extra, expectedNames, finish) => {
    const body = { model: "m", messages: [{ role: "user" as const, content: "hi" }], tools: reqTools, ...extra };
    const whole = await client.chat.completions.create(body);
    const streamed = await client.chat.completions.stream(body).finalChatCompletion();
    for (const c of [whole, streamed]) {
      expect((c.choices[0].message.tool_calls ?? []).map((t) => (t.type === "function" ? t.function.name : ""))).toEqual(expectedNames);
      expect(c.choices[0].finish_reason).toBe(finish);
    }
  });

  it('"required" with no call answers finish_reason stop', async () => {
    const body = { model: "plain", messages: [{ role: "user" as const, content: "hi" }], tools: reqTools, tool_choice: "required" as const };
    const whole = await client.chat.completions.create(body);
    const streamed = await client.chat.completions.stream(body).finalChatCompletion();
    for (const c of [whole, streamed]) {
      expect(c.choices[0].message.content).toBe("No tools needed.");
      expect(c.choices[0].finish_reason).toBe("stop");
    }
  });
});
