/**
 * `serve/EXAMPLE.md`'s handler is `example-handler.ts` byte for byte (but for the import
 * specifier), and it works: called with web `Request`s, and served over node:http to the `openai` SDK.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "../../parsers/index.ts";
import { chatCompletions } from "./example-handler.ts";
import { pieces } from "./replay-server.ts";

const MODEL_TEXT = 'Let me check.\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>';
async function* generate(): AsyncIterable<string> {
  for (const p of pieces(MODEL_TEXT, 3)) yield p;
}
const tools = [{ type: "function" as const, function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } }];

describe("serve/EXAMPLE.md", () => {
  it("shows exactly the code that is tested", () => {
    const md = readFileSync(new URL("../../serve/EXAMPLE.md", import.meta.url), "utf8");
    const block = /```ts\n([\s\S]*?)```/.exec(md)![1];
    const file = readFileSync(new URL("./example-handler.ts", import.meta.url), "utf8");
    expect(block).toBe(file.replace('from "./toolwire.ts"', 'from "toolwire"'));
    expect(block.split("\n").length).toBeLessThan(40);
  });

  it("streams SSE chunks that fold to parse(), ending with [DONE]", async () => {
    const req = new Request("http://localhost/v1/chat/completions", { method: "POST", body: JSON.stringify({ model: "hermes-3", stream: true, tools, messages: [] }) });
    const res = await chatCompletions(req, generate);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const events = (await res.text()).split("\n\n").filter(Boolean);
    expect(events.at(-1)).toBe("data: [DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.replace(/^data: /, "")));
    expect(chunks[0].choices[0].delta.role).toBe("assistant");
    expect(chunks.map((c) => c.choices[0].delta.content ?? "").join("")).toBe("Let me check.");
    expect(chunks.at(-1).choices[0]).toMatchObject({ delta: {}, finish_reason: "tool_calls" });
    const args = chunks.flatMap((c) => c.choices[0].delta.tool_calls ?? []).map((t: any) => t.function.arguments ?? "").join("");
    expect(args).toBe(parse("hermes", MODEL_TEXT).tool_calls[0].function.arguments);
  });

  it("answers a chat.completion without stream", async () => {
    const req = new Request("http://localhost/v1/chat/completions", { method: "POST", body: JSON.stringify({ model: "hermes-3", tools, messages: [] }) });
    const body = await (await chatCompletions(req, generate)).json();
    expect(body).toMatchObject({ object: "chat.completion", model: "hermes-3", choices: [{ finish_reason: "tool_calls", message: { role: "assistant", content: "Let me check.", tool_calls: [{ type: "function", function: { name: "get_weather", arguments: '{"city": "Paris"}' } }] } }] });
    expect(body.id).toMatch(/^chatcmpl-/);
  });

  describe("served over node:http to the openai SDK", () => {
    const server = createServer(async (req, res) => {
      const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: Readable.toWeb(req) as ReadableStream, duplex: "half" } as RequestInit);
      const response = await chatCompletions(request, generate);
      res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "application/json" });
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
      res.end();
    });
    let client: OpenAI;
    beforeAll(async () => {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      client = new OpenAI({ baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, apiKey: "test", maxRetries: 0 });
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("the SDK's stream helper and create() see the same message as parse()", async () => {
      const expected = parse("hermes", MODEL_TEXT);
      const params = { model: "hermes-3", messages: [{ role: "user" as const, content: "Weather in Paris?" }], tools };
      const final = await client.chat.completions.stream(params).finalChatCompletion();
      const whole = await client.chat.completions.create(params);
      for (const c of [final, whole]) {
        expect(c.choices[0].message.content).toBe(expected.content);
        expect(c.choices[0].message.tool_calls!.map((t) => (t.type === "function" ? t.function : null))).toEqual(expected.tool_calls.map((t) => t.function));
        expect(c.choices[0].finish_reason).toBe("tool_calls");
      }
    });
  });
});
