/**
 * `toolwire parse --stream`: feeds the output to a stream parser in fixed-size chunks and prints
 * the `chat.completion.chunk` objects a server would send (JSON lines, or SSE with `--sse`).
 */
import { createStreamParser } from "../../parsers/index.ts";
import type { ParseOptions } from "../../parsers/types.ts";
import { ChunkEncoder, SSE_DONE, sseEvent } from "../../serve/index.ts";
import { fixedChunks } from "../conformance/check.ts";
import type { ParseCliOptions } from "./parse.ts";

export function printStream(o: ParseCliOptions, text: string, options: ParseOptions): void {
  const p = createStreamParser(o.format, options);
  const enc = new ChunkEncoder({ id: "chatcmpl-toolwire", model: o.format, created: Math.floor(Date.now() / 1000) });
  const print = (list: object[]) => list.forEach((c) => process.stdout.write(o.sse ? sseEvent(c) : JSON.stringify(c) + "\n"));
  for (const c of fixedChunks(text, Math.max(1, Number(o.chunk) || 4))) print(enc.push(p.push(c)));
  const end = p.end();
  print(enc.finish(end));
  if (o.sse) process.stdout.write(SSE_DONE);
  for (const d of end.diagnostics) console.error(`diagnostic ${d.code} at ${d.offset}: ${d.message}`);
}
