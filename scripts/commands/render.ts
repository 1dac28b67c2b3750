/**
 * `toolwire render --template FILE --conversation conv.json [--json]`: renders a chat template
 * exactly as transformers' `apply_chat_template(..., tokenize=False)` and prints the prompt to
 * stdout as is (no newline added).
 *
 * - `--template`: a `.jinja` file, a `tokenizer_config.json` (`--name tool_use` picks a named
 *   template; its special tokens `bos_token`, `eos_token`, … become template variables, as in
 *   transformers, unless the conversation sets them) or a `chat_template.json`;
 * - `--conversation`: an OpenAI chat request (`messages`, `tools`, `add_generation_prompt`, and
 *   template kwargs such as `enable_thinking`, `bos_token`, `eos_token`, or inside
 *   `chat_template_kwargs`); sampling parameters (`model`, `temperature`, …) are ignored;
 * - `--parse-arguments`: turn `function.arguments` JSON strings into objects first;
 * - `--now ISO`: the clock of `strftime_now`;
 * - `--json`: print `{"prompt": …}` (or `{"error": {…}}`) as one JSON line instead.
 *
 * Exit codes: 0 rendered, 1 the template raised (message on stderr), 2 bad files or options.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { loadChatTemplate, loadSpecialTokens } from "../../templates/load.ts";
import { parseJsonInput } from "../../templates/json-input.ts";
import { chatInputFromRequest } from "../../templates/request.ts";
import { renderChat } from "../../templates/render.ts";
import { ChatTemplateError } from "../../templates/errors.ts";

interface RenderCommandOptions {
  template: string;
  conversation: string;
  name?: string;
  json?: boolean;
  parseArguments?: boolean;
  now?: string;
}

/** A problem with the command's inputs (exit code 2). */
class InputProblem extends Error {}

function readFile(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (e as Error).message;
    throw new InputProblem(`cannot read the ${what} ${path}: ${why}`);
  }
}

/** Reads the files and renders; returns the prompt. */
export function renderFromFiles(o: RenderCommandOptions): string {
  const templateText = readFile(o.template, "template file");
  let template: string;
  try {
    template = loadChatTemplate(templateText, o.name);
  } catch (e) {
    throw new InputProblem(`${o.template}: ${(e as Error).message}`);
  }
  let request: unknown;
  try {
    request = parseJsonInput(readFile(o.conversation, "conversation file"));
  } catch (e) {
    if (e instanceof InputProblem) throw e;
    throw new InputProblem(`${o.conversation} is not valid JSON: ${(e as Error).message}`);
  }
  if (!request || typeof request !== "object" || Array.isArray(request) || request instanceof Map) {
    throw new InputProblem(`${o.conversation} must hold a JSON object (an OpenAI chat request with \`messages\`)`);
  }
  let input;
  try {
    // like transformers, the tokenizer's special tokens are template variables (the request's win)
    const withTokens = { ...loadSpecialTokens(templateText), ...(request as Record<string, unknown>) };
    input = chatInputFromRequest(template, withTokens, { parseArguments: o.parseArguments });
  } catch (e) {
    throw new InputProblem(`${o.conversation}: ${(e as Error).message}`);
  }
  try {
    return renderChat(input, o.now ? { now: o.now } : {});
  } catch (e) {
    if (e instanceof RangeError && /ISO/.test(e.message)) throw new InputProblem(`--now: ${e.message}`);
    throw e;
  }
}

export function registerRender(program: Command): void {
  program
    .command("render")
    .description("render a chat template like transformers apply_chat_template(tokenize=False)")
    .requiredOption("-t, --template <file>", "template: .jinja, tokenizer_config.json or chat_template.json")
    .requiredOption("-c, --conversation <file>", "OpenAI chat request JSON: messages, tools, add_generation_prompt, kwargs")
    .option("-n, --name <name>", "named template in tokenizer_config.json (e.g. tool_use)")
    .option("--parse-arguments", "convert tool_calls[].function.arguments JSON strings to objects")
    .option("--now <iso>", "clock of strftime_now, e.g. 2024-07-26T12:00:00")
    .option("--json", 'print {"prompt": …} or {"error": …} as JSON')
    .action((o: RenderCommandOptions) => {
      try {
        const prompt = renderFromFiles(o);
        process.stdout.write(o.json ? JSON.stringify({ prompt }) + "\n" : prompt);
      } catch (e) {
        const err = e as Error;
        const kind = err instanceof InputProblem ? "InputError" : err instanceof ChatTemplateError ? err.pythonType : err.name;
        if (o.json) {
          process.stdout.write(JSON.stringify({ error: { type: kind, message: err.message } }) + "\n");
        } else {
          const what = err instanceof InputProblem ? err.message : `${o.template}: ${kind}: ${err.message}`;
          process.stderr.write(`toolwire render: ${what}\n`);
        }
        process.exitCode = err instanceof InputProblem ? 2 : 1;
      }
    });
}
