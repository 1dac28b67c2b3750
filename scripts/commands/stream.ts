/**
 * `toolwire parse --stream`: feeds the output to a stream parser in fixed-size chunks and prints
 * the `chat.completion.chunk` objects (JSON lines, or SSE with `--sse`).
 */
import { createStreamParser } from "../../parsers/index.ts";
import type { ParseOptions } from "../../parsers/types.ts";
import { chunks, type ParseCliOptions } from "./parse.ts";

export function printStream(o: ParseCliOptions, text: string, options: ParseOptions): void {
  const p = createStreamParser(o.format, options);
  const out: unknown[] = [];
  for (const c of chunks(text, Math.max(1, Number(o.chunk) || 4))) out.push(...p.push(c));
  const end = p.end();
  out.push(...end.deltas);
  for (const d of out) console.log(JSON.stringify(d));
  console.log(JSON.stringify({ finish_reason: end.finish_reason }));
}
