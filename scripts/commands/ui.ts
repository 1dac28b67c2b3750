/** Terminal output helpers shared by the commands: tables coloured only on a terminal, and the
 *  check of `--format` ids. */
import Table from "cli-table3";
import type { Command } from "commander";
import { listFormats } from "../../parsers/index.ts";

export function makeTable(head: string[], extra: ConstructorParameters<typeof Table>[0] = {}): InstanceType<typeof Table> {
  const plain = !process.stdout.isTTY;
  return new Table({ head, ...(plain ? { style: { head: [], border: [] } } : {}), ...extra });
}

/** Exits through commander (`program.error`: message, usage exit code) at the first of `ids` that
 *  is not a registered format id, naming the known ones. Returns every known id. */
export function checkFormats(program: Command, ids: readonly string[]): string[] {
  const known = listFormats().map((f) => f.id);
  for (const id of ids) if (!known.includes(id)) program.error(`unknown format "${id}"; known formats: ${known.join(", ")}`);
  return known;
}
