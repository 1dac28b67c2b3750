/** `toolwire formats`: the registered formats with their sources. */
import type { Command } from "commander";
import { makeTable } from "./ui.ts";
import { listFormats } from "../../parsers/index.ts";

export function registerFormats(program: Command): void {
  program
    .command("formats")
    .description("list the tool-call formats")
    .option("--json", "as JSON")
    .option("--markdown", "as the README's Markdown table")
    .action((o: { json?: boolean; markdown?: boolean }) => {
      const formats = listFormats();
      if (o.json) return console.log(JSON.stringify(formats.map(({ serialize: _, ...f }) => f), null, 2));
      if (o.markdown) {
        const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
        console.log("| id | what the model writes | reasoning | source |\n|---|---|---|---|");
        for (const f of formats) console.log(`| \`${f.id}\` | ${cell(f.title)} | ${cell(f.reasoning.map((r) => `\`${r.open}…${r.close}\``).join(", ")) || "—"} | ${cell(f.source)} |`);
        return;
      }
      const table = makeTable(["id", "format", "reasoning"], { colWidths: [18, 70, 24], wordWrap: true });
      for (const f of formats) table.push([f.id, f.title, f.reasoning.map((r) => `${r.open}…${r.close}`).join(" ")]);
      console.log(table.toString());
    });
}
