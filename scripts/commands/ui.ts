/** Terminal output helpers shared by the commands and scripts: tables coloured only on a
 *  terminal, the check of `--format` ids, whole-number options. */
import Table from "cli-table3";
import { InvalidArgumentError, type Command } from "commander";
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

/** A commander argument parser for a whole number ≥ `min` (`_` separators allowed: `1_000_000`);
 *  anything else is a usage error naming the option. */
export function wholeNumber(name: string, min = 0): (v: string) => number {
  return (v) => {
    const n = Number(v.replace(/_/g, ""));
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${name} takes a whole number ≥ ${min}, got "${v}"`);
    return n;
  };
}
