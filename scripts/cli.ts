/**
 * The `toolwire` command line. Each command lives in `scripts/commands/`.
 * Run `toolwire --help` or `toolwire <command> --help`.
 */
import { Command } from "commander";
import { registerConformance } from "./commands/conformance.ts";
import { registerDetect } from "./commands/detect.ts";
import { registerFormats } from "./commands/formats.ts";
import { registerNewFormat } from "./commands/new-format.ts";
import { registerParse } from "./commands/parse.ts";
import { registerRender } from "./commands/render.ts";
import { printStream } from "./commands/stream.ts";

// `toolwire parse --stream | head`: a closed pipe ends the command quietly.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

const program = new Command()
  .name("toolwire")
  .description("Tool-call wire formats of open-weight LLMs: parse, stream, render and check conformance")
  .showHelpAfterError();

registerParse(program, printStream);
registerFormats(program);
registerConformance(program);
registerNewFormat(program);
registerRender(program);
registerDetect(program);

try {
  await program.parseAsync();
} catch (e) {
  console.error((e as Error).message.replace(/^(toolwire: )?/, "toolwire: "));
  process.exitCode = 2;
}
