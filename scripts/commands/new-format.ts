/**
 * `toolwire new-format NAME`: scaffolds a format — the module (`parsers/formats/NAME.ts`), a
 * fixtures file with the three cases every format needs (one call, parallel calls, text around a
 * call) and the registry line. The scaffold assumes a JSON call object between two markers (the
 * most common shape); edit the body and the fixtures to the format's own source.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { ROOT } from "../conformance/corpus.ts";

export interface NewFormatOptions {
  open: string;
  close: string;
  title?: string;
  source?: string;
}

/** Writes the three files; returns their paths. Throws if NAME is not an identifier or exists. */
export function scaffoldFormat(name: string, o: NewFormatOptions, root = ROOT): string[] {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`format name "${name}" must match [a-z][a-z0-9_]* (vLLM's --tool-call-parser name where it has one)`);
  const mod = join(root, "parsers/formats", `${name}.ts`);
  const fix = join(root, "fixtures", `${name}.json`);
  const reg = join(root, "parsers/registry.ts");
  if (existsSync(mod) || existsSync(fix)) throw new Error(`format "${name}" already exists (${mod})`);
  const ident = name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const q = JSON.stringify;
  writeFileSync(
    mod,
    `/**
 * \`${name}\`: ${o.title ?? "TODO: one line on the model family"}.
 *
 * \`\`\`text
 * ${o.open}{"name": "get_weather", "arguments": {"city": "Paris"}}${o.close}
 * \`\`\`
 * Source: ${o.source ?? "TODO: model card and/or template file in ../shared/templates/"}.
 */
import { jsonCall } from "../engine/bodies.ts";
import type { FormatSpec } from "../engine/format.ts";
import { jsonCallText, withContent } from "./common.ts";

export const ${ident}: FormatSpec = {
  id: ${q(name)},
  title: ${q(o.title ?? `${o.open}{json}${o.close}`)},
  source: ${q(o.source ?? "TODO")},
  calls: [{ open: ${q(o.open)}, body: jsonCall(), close: ${q(o.close)} }],
  parserNames: [],
  templates: [],
  serialize: (calls, content) => withContent(content, calls.map((c) => ${q(o.open)} + jsonCallText(c) + ${q(o.close)}), "\\n"),
};
`,
  );
  const one = (city: string, name = "get_weather") => `${o.open}{"name": "${name}", "arguments": {"city": "${city}"}}${o.close}`;
  const fixtures = {
    format: name,
    fixtures: [
      { name: "one-call", source: "TODO: where this example comes from", text: one("Paris"), expect: { content: null, tool_calls: [{ name: "get_weather", arguments: { city: "Paris" } }], finish_reason: "tool_calls", diagnostics: [] } },
      {
        name: "parallel-calls",
        source: "TODO",
        text: `${one("Paris")}\n${one("Tokyo", "get_time")}`,
        expect: { content: null, tool_calls: [{ name: "get_weather", arguments: { city: "Paris" } }, { name: "get_time", arguments: { city: "Tokyo" } }], diagnostics: [] },
      },
      { name: "text-around", source: "TODO", text: `Let me check.\n${one("Paris")}\nDone.`, expect: { content: "Let me check.\nDone.", tool_calls: [{ name: "get_weather", arguments: { city: "Paris" } }], diagnostics: [] } },
    ],
    disagreements: {},
  };
  writeFileSync(fix, JSON.stringify(fixtures, null, 2) + "\n");
  const src = readFileSync(reg, "utf8");
  const lastImport = src.lastIndexOf("\nimport ");
  const eol = src.indexOf("\n", lastImport + 1);
  const withImport = `${src.slice(0, eol + 1)}import { ${ident} } from "./formats/${name}.ts";\n${src.slice(eol + 1)}`;
  const close = withImport.lastIndexOf("];");
  if (close < 0) throw new Error(`${reg}: cannot find the end of FORMATS`);
  writeFileSync(reg, `${withImport.slice(0, close)}  ${ident},\n${withImport.slice(close)}`);
  return [mod, fix, reg];
}

export function registerNewFormat(program: Command): void {
  program
    .command("new-format")
    .description("scaffold a new format: module, fixtures (one call, parallel calls, text around) and registry line")
    .argument("<name>", "format id (vLLM's --tool-call-parser name where vLLM has the format)")
    .option("--open <marker>", "start marker of a call", "<tool_call>")
    .option("--close <marker>", "end marker of a call", "</tool_call>")
    .option("--title <text>", "one line for tables and --help")
    .option("--source <text>", "where the wire format is documented (model card, template file)")
    .action((name: string, o: NewFormatOptions) => {
      for (const f of scaffoldFormat(name, o)) console.log(`wrote ${f}`);
      console.log(`next: edit the body and the fixtures to the format's source, then \`npx toolwire conformance --format ${name}\``);
    });
}
