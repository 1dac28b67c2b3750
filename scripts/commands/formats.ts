/** `toolwire formats`: the registered formats with their sources. */
import type { Command } from "commander";
import { makeTable } from "./ui.ts";
import { listFormats } from "../../parsers/index.ts";

export function registerFormats(program: Command): void {
  program
    .command("formats")
    .description("list the tool-call formats")
    .option("--json", "as JSON")
    .action((o: { json?: boolean }) => {
      const formats = listFormats();
      if (o.json) return console.log(JSON.stringify(formats.map(({ serialize: _, ...f }) => f), null, 2));
      const table = makeTable(["id", "format", "reasoning"], { colWidths: [18, 70, 24], wordWrap: true });
      for (const f of formats) table.push([f.id, f.title, f.reasoning.map((r) => `${r.open}…${r.close}`).join(" ")]);
      console.log(table.toString());
    });
}
