/**
 * Developer view of the conformance run for one format: prints every failing case with its
 * failures. `npx tsx scripts/conformance/dev.ts FORMAT [--runs N]`.
 */
import { allCases } from "./corpus.ts";
import { runCase } from "./check.ts";

const format = process.argv[2];
const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 8;
const cases = allCases().filter((c) => !format || c.format === format);
let ok = 0;
for (const c of cases) {
  const r = runCase(c, runs);
  if (r.failures.length === 0) {
    ok++;
    continue;
  }
  console.log(`${c.id}${c.disagreement ? " (documented disagreement)" : ""}  ${c.source}`);
  console.log(`  text: ${JSON.stringify(c.text).slice(0, 300)}`);
  for (const f of r.failures.slice(0, 4)) console.log(`  - ${f.slice(0, 400)}`);
}
console.log(`${ok}/${cases.length} cases pass${format ? ` for ${format}` : ""}`);
