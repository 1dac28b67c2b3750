/** Terminal output helpers shared by the commands: tables coloured only on a terminal. */
import Table from "cli-table3";

export function makeTable(head: string[], extra: ConstructorParameters<typeof Table>[0] = {}): InstanceType<typeof Table> {
  const plain = !process.stdout.isTTY;
  return new Table({ head, ...(plain ? { style: { head: [], border: [] } } : {}), ...extra });
}
