/**
 * `toolwire conformance`: the built-in conformance suite (our fixtures and, when `../shared/` is
 * beside the repo, the real model outputs of other servers' test suites), one row per format and
 * suite. Exit code 1 on any failure that is not a documented disagreement.
 */
import type { Command } from "commander";
import { makeTable } from "./ui.ts";
import pc from "picocolors";
import { runConformance } from "../conformance/report.ts";
import { SHARED } from "../conformance/corpus.ts";

export function registerConformance(program: Command): void {
  program
    .command("conformance")
    .description("run the conformance suite: golden fixtures and the shared real model outputs, whole and streamed")
    .option("-f, --format <id>", "only this format")
    .option("--runs <n>", "random chunkings per case (besides the source's own and 1-character chunks)", "4")
    .option("--seed <n>", "seed of the random chunkings", "1")
    .option("-v, --verbose", "print every failure, not only the first few lines of each")
    .action((o: { format?: string; runs: string; seed: string; verbose?: boolean }) => {
      const tty = process.stderr.isTTY;
      const report = runConformance({
        format: o.format,
        runs: Number(o.runs),
        seed: Number(o.seed),
        onProgress: (done, total) => {
          if (tty && (done % 25 === 0 || done === total)) process.stderr.write(`\r${done}/${total} cases`);
        },
      });
      if (tty) process.stderr.write("\r\x1b[K");
      const table = makeTable(["format", "suite", "cases", "whole", "stream ≡ whole", "disagreements", "failed"]);
      for (const r of report.rows) {
        const pct = (n: number) => `${n}/${r.total}`;
        table.push([r.format, r.suite, r.total, pct(r.whole), pct(r.stream), r.disagreements || "", r.failed.length ? pc.red(String(r.failed.length)) : pc.green("0")]);
      }
      console.log(table.toString());
      if (!report.sharedPresent) console.log(pc.yellow(`note: ${SHARED}/cases not found: the shared-corpus rows were skipped; the built-in fixtures ran.`));
      for (const row of report.rows)
        for (const f of row.failed) {
          console.log(pc.red(`✗ ${f.case.id}`) + pc.dim(`  ${f.case.source}`));
          for (const line of o.verbose ? f.failures : f.failures.slice(0, 3)) console.log(`    ${o.verbose ? line : line.slice(0, 300)}`);
        }
      const total = report.rows.reduce((n, r) => n + r.total, 0);
      console.log(report.failures ? pc.red(`${report.failures} of ${total} cases failed`) : pc.green(`all ${total} cases pass (documented disagreements apart)`));
      process.exitCode = report.failures ? 1 : 0;
    });
}
