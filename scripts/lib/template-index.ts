/**
 * Reads `../shared/templates/INDEX.md`: one row per shared template with its measured columns
 * (tools / tool_calls / tool msgs / args) and the tool-call format family it names.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface TemplateIndexRow {
  file: string;
  model: string;
  family: string;
  tools: string;
  tool_calls: string;
  tool_msgs: string;
  args: string;
}

/** The rows of INDEX.md's table, in file order. `dir` is `../shared/templates`. */
export function readTemplateIndex(dir: string): TemplateIndexRow[] {
  const md = readFileSync(join(dir, "INDEX.md"), "utf8");
  const rows: TemplateIndexRow[] = [];
  for (const line of md.split("\n")) {
    if (!/^\| \S+\.jinja \|/.test(line)) continue;
    // cells are separated by " | "; "\|" inside a cell is an escaped pipe
    const cells = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replace(/\\\|/g, "|"));
    const [file, model, family, tools, tool_calls, tool_msgs, args] = cells;
    rows.push({ file, model, family, tools, tool_calls, tool_msgs, args });
  }
  return rows;
}
