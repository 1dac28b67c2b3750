/**
 * `toolwire detect --template FILE [--name N] [--json]`: the tool-call format a chat template's
 * model writes (detectFormat) and the template's capabilities (probeCapabilities), found by
 * rendering probe conversations.
 *
 * - `--template`: a `.jinja` file, a `tokenizer_config.json` (`--name tool_use` picks a named
 *   template) or a `chat_template.json`;
 * - `--json`: print `{"template", "format", "basis", "reason", "candidates", "capabilities"}`.
 *
 * Exit codes: 0 a format was named, 1 none (the reason says why), 2 bad files or options.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import pc from "picocolors";
import { probeCapabilities, type TemplateCapabilities } from "../../templates/capabilities.ts";
import { detectFormat } from "../../templates/detect.ts";
import { loadChatTemplate } from "../../templates/load.ts";
import { makeTable } from "./ui.ts";

/** Reads a template file of any supported kind; exits with code 2 on a bad file. */
export function readTemplateFile(path: string, name?: string): string | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(`toolwire: cannot read the template file ${path}: ${code === "ENOENT" ? "no such file" : (e as Error).message}\n`);
    process.exitCode = 2;
    return null;
  }
  try {
    return loadChatTemplate(text, name);
  } catch (e) {
    process.stderr.write(`toolwire: ${path}: ${(e as Error).message}\n`);
    process.exitCode = 2;
    return null;
  }
}

/** The capability rows of a table: name, value. */
export function capabilityRows(c: TemplateCapabilities): [string, string][] {
  const yn = (b: boolean) => (b ? pc.green("yes") : pc.dim("no"));
  const route = c.tools_route
    ? c.tools_route.kind === "kwarg"
      ? `template variable \`${c.tools_route.name}\``
      : c.tools_route.kind === "system_message"
        ? "system message `tools` field"
        : "`tools`"
    : "—";
  return [
    ["supports_tools", `${yn(c.supports_tools)}${c.tools_route ? pc.dim(` (via ${route})`) : ""}`],
    ["supports_tool_calls", yn(c.supports_tool_calls)],
    ["supports_tool_responses", yn(c.supports_tool_responses)],
    ["supports_system_role", yn(c.supports_system_role)],
    ["supports_parallel_tool_calls", yn(c.supports_parallel_tool_calls)],
    ["supports_tool_call_id", yn(c.supports_tool_call_id)],
    ["requires_object_arguments", `${yn(c.requires_object_arguments)}${pc.dim(` (arguments: ${c.arguments})`)}`],
    ["requires_non_null_content", yn(c.requires_non_null_content)],
    ["requires_typed_content", yn(c.requires_typed_content)],
    ["reasoning", c.reasoning ? `${c.reasoning.open} … ${c.reasoning.close}${c.reasoning.opens_in_generation_prompt ? pc.dim(" (opened by the generation prompt)") : ""}` : "—"],
    ...(Object.keys(c.required_kwargs).length ? [["required variables", Object.keys(c.required_kwargs).join(", ")] as [string, string]] : []),
    ...Object.entries(c.lenient).map(([k, v]) => [`${k} (minja only)`, pc.yellow(`transformers raises: ${v}`)] as [string, string]),
  ];
}

export function registerDetect(program: Command): void {
  program
    .command("detect")
    .description("name the tool-call format of a chat template and list its capabilities, by rendering probes")
    .requiredOption("-t, --template <file>", "template: .jinja, tokenizer_config.json or chat_template.json")
    .option("-n, --name <name>", "named template in tokenizer_config.json (e.g. tool_use)")
    .option("--json", "print the result as JSON")
    .action((o: { template: string; name?: string; json?: boolean }) => {
      const template = readTemplateFile(o.template, o.name);
      if (template === null) return;
      const capabilities = probeCapabilities(template);
      const d = detectFormat(template, capabilities);
      if (o.json) {
        console.log(JSON.stringify({ template: o.template, ...d, capabilities }, null, 2));
      } else {
        console.log(d.format ? `${pc.bold(d.format)}  ${pc.dim(`(${d.basis})`)}` : pc.yellow("no registered format"));
        console.log(pc.dim(d.reason));
        const table = makeTable(["capability", "value"]);
        for (const row of capabilityRows(capabilities)) table.push(row);
        console.log(table.toString());
      }
      process.exitCode = d.format ? 0 : 1;
    });
}
