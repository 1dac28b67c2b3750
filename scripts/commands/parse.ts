/**
 * `toolwire parse`: a raw model output (stdin or a file) → the OpenAI assistant message, or with
 * `--stream` the `chat.completion.chunk` objects a server would send for it.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { createStreamParser, parse } from "../../parsers/index.ts";
import type { ParseOptions, Tool } from "../../parsers/types.ts";

export interface ParseCliOptions {
  format: string;
  tools?: string;
  stream?: boolean;
  sse?: boolean;
  chunk: string;
  startInReasoning?: boolean;
  reasoning: boolean;
}

export function readInput(file?: string): string {
  return readFileSync(file ?? 0, "utf8");
}

/** Loads `--tools`: a JSON file holding OpenAI `tools` (an array) or a request with a `tools` field. */
export function readTools(file?: string): Tool[] | undefined {
  if (!file) return undefined;
  const v = JSON.parse(readFileSync(file, "utf8"));
  const tools = Array.isArray(v) ? v : v?.tools;
  if (!Array.isArray(tools)) throw new Error(`${file}: expected an array of tools or an object with a "tools" array`);
  return tools;
}

export function parseOptions(o: ParseCliOptions): ParseOptions {
  return { tools: readTools(o.tools), startInReasoning: o.startInReasoning, separateReasoning: o.reasoning };
}

export function registerParse(program: Command, stream: (o: ParseCliOptions, text: string, options: ParseOptions) => void): void {
  program
    .command("parse")
    .description("parse a raw model output (file or stdin) into the OpenAI assistant message")
    .argument("[file]", "model output; stdin when omitted")
    .requiredOption("-f, --format <id>", "tool-call format (see `toolwire formats`)")
    .option("--tools <file>", "the request's tools (JSON array, or a request with a tools field)")
    .option("--stream", "print the chat.completion.chunk objects as JSON lines instead")
    .option("--sse", "with --stream: print them as server-sent events ending with data: [DONE]")
    .option("--chunk <n>", "with --stream: characters per chunk fed to the parser", "4")
    .option("--start-in-reasoning", "the generation prompt opened a reasoning block (QwQ, Qwen3 thinking)")
    .option("--no-reasoning", "keep reasoning markers and text in content")
    .action((file: string | undefined, o: ParseCliOptions) => {
      const text = readInput(file);
      const options = parseOptions(o);
      if (o.stream || o.sse) return stream(o, text, options);
      const r = parse(o.format, text, options);
      const message: Record<string, unknown> = { role: "assistant", content: r.content };
      if (r.reasoning_content !== null) message.reasoning_content = r.reasoning_content;
      if (r.tool_calls.length) message.tool_calls = r.tool_calls;
      console.log(JSON.stringify({ message, finish_reason: r.finish_reason }, null, 2));
      for (const d of r.diagnostics) console.error(`diagnostic ${d.code} at ${d.offset}${d.index !== undefined ? ` (call ${d.index})` : ""}: ${d.message}`);
    });
}

export { createStreamParser };
