/**
 * Test-only OpenAI-compatible server on loopback (node:http) that replays scripted model outputs
 * through toolwire: `createStreamParser` → `ChunkEncoder` → SSE for `stream: true`, and
 * `parse` → `toChatCompletion` otherwise. Real clients (the `openai` SDK, the Vercel AI SDK) talk
 * to it over HTTP, so what they accumulate is what a deployed server would give them.
 *
 * ```ts
 * const server = await startReplayServer((req, turn) => ({ format: "hermes", text: "Hello" }));
 * const client = new OpenAI({ baseURL: server.baseURL, apiKey: "test" });
 * // … server.requests holds every request body; await server.close();
 * ```
 * The request's `tools`, `tool_choice` and `parallel_tool_calls` become the parser's options
 * (over the script's own). Listens on 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createStreamParser, parse } from "../../parsers/index.ts";
import type { ParseOptions, Tool, ToolChoice } from "../../parsers/types.ts";
import { ChunkEncoder, sseEvent, SSE_DONE, toChatCompletion } from "../../serve/index.ts";

/** The parts of a Chat Completions request body the replay server reads. */
export interface ChatRequest {
  model: string;
  messages: Record<string, any>[];
  tools?: Tool[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  [k: string]: unknown;
}

/** One scripted model output: the raw text in `format`, and how to split it when streaming. */
export interface Reply {
  format: string;
  text: string;
  options?: ParseOptions;
  /** Pieces the stream parser is fed, in order (joined they must equal `text`). Default: `[text]`. */
  chunks?: string[];
}

/** Picks the model output for a request; `turn` counts requests from 0. */
export type Script = (req: ChatRequest, turn: number) => Reply;

export interface ReplayServer {
  /** `http://127.0.0.1:PORT/v1` */
  baseURL: string;
  /** Every chat request body, in order. */
  requests: ChatRequest[];
  close(): Promise<void>;
}

export const CREATED = 1730916196;

async function body(req: IncomingMessage): Promise<string> {
  let s = "";
  for await (const chunk of req) s += chunk;
  return s;
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

export async function startReplayServer(script: Script): Promise<ReplayServer> {
  const requests: ChatRequest[] = [];
  const server = createServer(async (req, res) => {
    try {
      if (req.method === "GET" && req.url === "/v1/models")
        return sendJson(res, 200, { object: "list", data: [{ id: "replay", object: "model", created: CREATED, owned_by: "toolwire" }] });
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") return sendJson(res, 404, { error: { message: `no route ${req.method} ${req.url}` } });
      const request = JSON.parse(await body(req)) as ChatRequest;
      const turn = requests.push(request) - 1;
      const reply = script(request, turn);
      const options: ParseOptions = {
        ...reply.options,
        ...(request.tools ? { tools: request.tools } : {}),
        ...(request.tool_choice !== undefined ? { tool_choice: request.tool_choice } : {}),
        ...(request.parallel_tool_calls !== undefined ? { parallel_tool_calls: request.parallel_tool_calls } : {}),
      };
      const meta = { id: `chatcmpl-replay-${turn}`, model: request.model, created: CREATED };
      const usage = { prompt_tokens: JSON.stringify(request.messages).length, completion_tokens: reply.text.length };
      if (!request.stream) return sendJson(res, 200, toChatCompletion(parse(reply.format, reply.text, options), { ...meta, usage }));

      const pieces = reply.chunks ?? [reply.text];
      if (pieces.join("") !== reply.text) throw new Error("script error: chunks do not join to text");
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
      const parser = createStreamParser(reply.format, options);
      const enc = new ChunkEncoder(meta);
      for (const piece of pieces) for (const chunk of enc.push(parser.push(piece))) res.write(sseEvent(chunk));
      const finals = enc.finish(parser.end(), request.stream_options?.include_usage ? { usage } : {});
      for (const chunk of finals) res.write(sseEvent(chunk));
      res.end(SSE_DONE);
    } catch (e) {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String((e as Error)?.stack ?? e), type: "replay_error" } });
      else res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** Splits `text` into pieces of `size` UTF-16 units (a fixed, adversarial-enough chunking). */
export function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [""];
}
