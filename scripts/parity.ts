/**
 * Prints the chat-template parity table: for each shared template, how many conversation pairs
 * transformers renders, how many we render to the same bytes, how many transformers rejects and
 * we reject too, and the mismatches; then the overall figure.
 *
 *   tsx scripts/parity.ts              # terminal table
 *   tsx scripts/parity.ts --markdown   # Markdown table (for the README)
 *   tsx scripts/parity.ts --verbose    # also every mismatch with its first difference
 *
 * Exit code 1 when a pair mismatches, 2 when `../shared/` is missing.
 */
import Table from "cli-table3";
import { hasGoldens, parityRows, paritySummary, SHARED_DIR, type ParityRow } from "./lib/parity.ts";

const args = new Set(process.argv.slice(2));
const markdown = args.has("--markdown");
const verbose = args.has("--verbose") || args.has("-v");

if (!hasGoldens()) {
  console.error(`parity: ${SHARED_DIR}/goldens/manifest.json not found (set TOOLWIRE_SHARED)`);
  process.exit(2);
}

const rows = parityRows();
const total = paritySummary(rows);
const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : "–");
const name = (r: ParityRow) => r.template.replace(/\.jinja$/, "");
const HEAD = ["template", "pairs", "rendered", "matched", "raised as expected", "mismatches"];
const cells = (r: ParityRow) => [
  r.pairs,
  r.rendered,
  `${r.matched}/${r.rendered}`,
  `${r.raisedAsExpected}/${r.raising}`,
  r.mismatches.length,
];
const overall =
  `${total.matched}/${total.rendered} renders byte-identical (${pct(total.matched, total.rendered)}), ` +
  `${total.raisedAsExpected}/${total.raising} expected errors raised (${pct(total.raisedAsExpected, total.raising)}); ` +
  `overall ${total.matched + total.raisedAsExpected}/${total.pairs} pairs (${total.percent.toFixed(1)}%) over ${total.templates} templates`;

if (markdown) {
  const line = (c: (string | number)[]) => `| ${c.join(" | ")} |`;
  console.log(line(HEAD));
  console.log(line(HEAD.map((_, i) => (i === 0 ? "---" : "---:"))));
  for (const r of rows) console.log(line([`\`${name(r)}\``, ...cells(r)]));
  console.log(
    line([
      "**all**",
      total.pairs,
      total.rendered,
      `**${total.matched}/${total.rendered}**`,
      `**${total.raisedAsExpected}/${total.raising}**`,
      total.pairs - total.matched - total.raisedAsExpected,
    ]),
  );
  console.log();
  console.log(`Parity with transformers \`apply_chat_template\`: ${overall}.`);
} else {
  const plain = !process.stdout.isTTY;
  const table = new Table({ head: HEAD, ...(plain ? { style: { head: [], border: [] } } : {}) });
  for (const r of rows) table.push([name(r), ...cells(r)]);
  console.log(table.toString());
  console.log(overall);
}

if (verbose || !markdown) {
  for (const r of rows) {
    for (const m of r.mismatches) console.log(`✗ ${r.template} × ${m.conversation}: ${m.detail}`);
  }
}
process.exitCode = total.matched + total.raisedAsExpected === total.pairs ? 0 : 1;
