import { ChunkEncoder, createStreamParser, parse, sseEvent, SSE_DONE, toChatCompletion } from "./toolwire.ts";

/** POST /v1/chat/completions. `generate` is your inference engine: it yields raw model text. */
export async function chatCompletions(request: Request, generate: (body: any) => AsyncIterable<string>, format = "hermes"): Promise<Response> {
  const body = await request.json();
  // The request's tool settings are parser options: tool_choice "none" / "required" / a named
  // function and parallel_tool_calls: false are enforced while parsing.
  const options = { tools: body.tools, tool_choice: body.tool_choice, parallel_tool_calls: body.parallel_tool_calls };
  const meta = { id: `chatcmpl-${crypto.randomUUID()}`, model: body.model, created: Math.floor(Date.now() / 1000) };

  if (!body.stream) {
    let text = "";
    for await (const piece of generate(body)) text += piece;
    return Response.json(toChatCompletion(parse(format, text, options), meta));
  }

  const parser = createStreamParser(format, options);
  const encoder = new ChunkEncoder(meta);
  const utf8 = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (chunks: object[]) => chunks.forEach((c) => controller.enqueue(utf8.encode(sseEvent(c))));
      for await (const piece of generate(body)) send(encoder.push(parser.push(piece)));
      const end = parser.end(); // end.diagnostics: problems in the model's text, for your logs
      send(encoder.finish(end)); // pass { usage } too when body.stream_options?.include_usage
      controller.enqueue(utf8.encode(SSE_DONE));
      controller.close();
    },
  });
  return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
}
