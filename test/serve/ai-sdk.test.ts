/**
 * Proof with the Vercel AI SDK (`ai` + `@ai-sdk/openai-compatible`) over HTTP (loopback replay
 * server): `generateText` and `streamText` with tools see the tool calls, arguments, text and
 * reasoning of `parse()`, for a representative subset of the corpus (fixtures and shared cases of
 * every registered format); and the AI SDK runs the weather agent loop itself.
 */
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText, jsonSchema, stepCountIs, streamText, tool, type ToolSet } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "../../parsers/index.ts";
import type { ParseResult } from "../../parsers/types.ts";
import { allCases } from "../../scripts/conformance/corpus.ts";
import type { ConformanceCase } from "../../scripts/conformance/types.ts";
import { pieces, startReplayServer, type ReplayServer } from "./replay-server.ts";

const generateId = (i: number) => `call_ai${i}`;
const PER_FORMAT = 8;

const isObjectJson = (s: string) => {
  try {
    const v = JSON.parse(s);
    return typeof v === "object" && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
};

/** Up to PER_FORMAT cases of every format (half fixtures, then shared cases, then more fixtures),
 *  among cases whose calls all have JSON-object arguments (the AI SDK turns other arguments into
 *  invalid tool calls by design). The openai SDK test runs the whole corpus. */
function subset(): ConformanceCase[] {
  const ok = allCases().filter((c) => parse(c.format, c.text, c.options).tool_calls.every((t) => isObjectJson(t.function.arguments)));
  const out: ConformanceCase[] = [];
  for (const format of new Set(ok.map((c) => c.format))) {
    const fixtures = ok.filter((c) => c.format === format && c.suite === "fixtures");
    const shared = ok.filter((c) => c.format === format && c.suite !== "fixtures");
    const half = fixtures.slice(0, PER_FORMAT / 2);
    const more = shared.slice(0, PER_FORMAT - half.length);
    out.push(...half, ...more, ...fixtures.slice(half.length, half.length + PER_FORMAT - half.length - more.length));
  }
  return out;
}

const cases = subset();
const expected = (c: ConformanceCase): ParseResult => parse(c.format, c.text, { ...c.options, generateId });

/** The AI SDK tool set for a case: the request's tools, plus any name the output calls. */
function toolsFor(c: ConformanceCase): ToolSet {
  const out: ToolSet = {};
  for (const t of c.options?.tools ?? [])
    out[t.function.name] = tool({ description: t.function.description, inputSchema: jsonSchema((t.function.parameters ?? { type: "object" }) as any) });
  for (const call of expected(c).tool_calls) out[call.function.name] ??= tool({ inputSchema: jsonSchema({ type: "object" }) });
  return out;
}

let server: ReplayServer;
let provider: ReturnType<typeof createOpenAICompatible>;

beforeAll(async () => {
  server = await startReplayServer((req) => {
    const c = cases[Number(req.model)];
    if (!c) throw new Error(`no case ${req.model}`);
    return { format: c.format, text: c.text, options: { ...c.options, generateId }, chunks: c.chunks?.join("") === c.text ? c.chunks : pieces(c.text, 4) };
  });
  provider = createOpenAICompatible({ name: "toolwire", baseURL: server.baseURL, apiKey: "test", includeUsage: true });
});
afterAll(() => server.close());

function want(r: ParseResult) {
  return {
    text: r.content ?? "",
    reasoningText: r.reasoning_content || undefined,
    toolCalls: r.tool_calls.map((t) => ({ toolCallId: t.id, toolName: t.function.name, input: JSON.parse(t.function.arguments) })),
    finishReason: r.tool_calls.length ? "tool-calls" : "stop",
  };
}

const calls = (toolCalls: { toolCallId: string; toolName: string; input: unknown }[]) => toolCalls.map(({ toolCallId, toolName, input }) => ({ toolCallId, toolName, input }));

describe(`Vercel AI SDK: ${cases.length} corpus cases`, () => {
  it("covers every registered format that has cases", () => {
    const formats = new Set(allCases().map((c) => c.format));
    expect(new Set(cases.map((c) => c.format))).toEqual(formats);
  });

  it.concurrent.each(cases.map((c) => [c.id, c.format, c] as const))("%s (%s): generateText and streamText", async (_, __, c) => {
    const model = provider(String(cases.indexOf(c)));
    const want_ = want(expected(c));
    const errors: unknown[] = [];
    const s = streamText({ model, prompt: "replay", tools: toolsFor(c), maxRetries: 0, onError: ({ error }) => void errors.push(error) });
    const [g, text, reasoningText, toolCalls, finishReason] = await Promise.all([
      generateText({ model, prompt: "replay", tools: toolsFor(c), maxRetries: 0 }),
      s.text,
      s.reasoningText,
      s.toolCalls,
      s.finishReason,
    ]);
    expect({ text: g.text, reasoningText: g.reasoningText, toolCalls: calls(g.toolCalls), finishReason: g.finishReason }).toEqual(want_);
    expect(errors).toEqual([]);
    expect({ text, reasoningText, toolCalls: calls(toolCalls), finishReason }).toEqual(want_);
  });
});

describe("AI SDK runs the weather agent loop (vLLM seed 000) against toolwire", () => {
  const parameters = {
    type: "object",
    properties: {
      city: { type: "string", description: "The city to find the weather for, e.g. 'San Francisco'" },
      state: { type: "string", description: "the two-letter abbreviation for the state that the city is in, e.g. 'CA' which would mean 'California'" },
      unit: { type: "string", description: "The unit to fetch the temperature in", enum: ["celsius", "fahrenheit"] },
    },
    required: ["city", "state", "unit"],
  } as const;

  it.each([
    ["hermes", '<tool_call>\n{"name": "get_current_weather", "arguments": {"city": "Dallas", "state": "TX", "unit": "fahrenheit"}}\n</tool_call>'],
    ["mistral", '[TOOL_CALLS] [{"name": "get_current_weather", "arguments": {"city": "Dallas", "state": "TX", "unit": "fahrenheit"}}]'],
  ])("%s: tool call → execute → tool message with tool_call_id → final answer (generateText and streamText)", async (format, callText) => {
    const answer = "The weather in Dallas, TX is 85 degrees fahrenheit. It is partly cloudly, with highs in the 90's.";
    const loop = await startReplayServer((req) => ({ format, text: req.messages.at(-1)!.role === "tool" ? answer : callText, chunks: undefined }));
    try {
      const p = createOpenAICompatible({ name: "toolwire", baseURL: loop.baseURL, apiKey: "test" });
      const executed: unknown[] = [];
      const tools = {
        get_current_weather: tool({
          description: "Get the current weather in a given location",
          inputSchema: jsonSchema<{ city: string; state: string; unit: string }>(parameters as any),
          execute: async (args) => {
            executed.push(args);
            return `The weather in ${args.city}, ${args.state} is 85 degrees ${args.unit}. It is partly cloudly, with highs in the 90's.`;
          },
        }),
      };
      const prompt = "Can you tell me what the temperate will be in Dallas, in fahrenheit?";
      const g = await generateText({ model: p(`${format}-model`), prompt, tools, stopWhen: stepCountIs(2), maxRetries: 0 });
      const s = streamText({ model: p(`${format}-model`), prompt, tools, stopWhen: stepCountIs(2), maxRetries: 0 });
      const [sText, sSteps] = await Promise.all([s.text, s.steps]);
      for (const [text, steps] of [[g.text, g.steps], [sText, sSteps]] as const) {
        expect(text).toBe(answer);
        expect(steps).toHaveLength(2);
        expect(steps[0].toolCalls.map((t) => [t.toolName, t.input])).toEqual([["get_current_weather", { city: "Dallas", state: "TX", unit: "fahrenheit" }]]);
      }
      expect(executed).toEqual([{ city: "Dallas", state: "TX", unit: "fahrenheit" }, { city: "Dallas", state: "TX", unit: "fahrenheit" }]);
      // The second request of each loop sends the call back with its id, and the result under that id.
      for (const turn of [1, 3]) {
        const msgs = loop.requests[turn].messages;
        const assistant = msgs.find((m) => m.role === "assistant")!;
        const result = msgs.find((m) => m.role === "tool")!;
        const id = assistant.tool_calls[0].id;
        expect(id).toMatch(format === "mistral" ? /^[A-Za-z0-9]{9}$/ : /^call_[A-Za-z0-9]{24}$/);
        expect(result.tool_call_id).toBe(id);
        expect(result.content).toContain("85 degrees fahrenheit");
      }
    } finally {
      await loop.close();
    }
  });
});
