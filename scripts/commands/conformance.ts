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
import { runTemplateConformance } from "./template-conformance.ts";
import { templateConformanceRows } from "../conformance/template-check.ts";
import { ROUND_TRIP_EXCEPTIONS } from "../conformance/template-exceptions.ts";

/** The corpus's template rows: a failed round trip that the exceptions table explains is documented. */
function templateRows(): { template: string; format: string; status: "ok" | "n/a" | "documented" | "failed"; detail: string }[] {
  return templateConformanceRows().map((r) => {
    const ex = ROUND_TRIP_EXCEPTIONS[r.template];
    const why = ex ? Object.values(ex).map((v) => (typeof v === "string" ? v : v.reason)).join("; ") : "";
    if (r.roundTrip !== "failed") return { template: r.template, format: r.format, status: r.roundTrip, detail: "" };
    return { template: r.template, format: r.format, status: ex ? "documented" : "failed", detail: ex ? why : (r.failure ?? "") };
  });
}

export function registerConformance(program: Command): void {
  program
    .command("conformance")
    .description("run the conformance suite: golden fixtures and the shared real model outputs, whole and streamed")
    .option("-f, --format <id>", "only this format (with --template: check the template with this format)")
    .option("-t, --template <file>", "check this chat template instead (.jinja, tokenizer_config.json, chat_template.json): capabilities, detected format, render→parse round trip")
    .option("-n, --name <name>", "with --template: named template in tokenizer_config.json")
    .option("--strict", "with --template: the content and random-arguments tiers count too")
    .option("--cases <n>", "with --template: random-argument cases", "30")
    .option("--json", "with --template: print the check as JSON")
    .option("--runs <n>", "random chunkings per case (besides the source's own and 1-character chunks)", "4")
    .option("--seed <n>", "seed of the random chunkings", "1")
    .option("-v, --verbose", "print every failure, not only the first few lines of each")
    .action((o: { format?: string; runs: string; seed: string; verbose?: boolean; template?: string; name?: string; strict?: boolean; cases: string; json?: boolean }) => {
      if (o.template) return runTemplateConformance({ ...o, template: o.template });
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
      const table = makeTable(["format", "suite", "cases", "whole", "stream ≡ whole", "disagreements", "failed", "pass rate"]);
      for (const r of report.rows) {
        const pct = (n: number) => `${n}/${r.total}`;
        const judged = r.total - r.disagreements;
        const rate = judged ? `${(((judged - r.failed.length) / judged) * 100).toFixed(1)}%` : "—";
        table.push([r.format, r.suite, r.total, pct(r.whole), pct(r.stream), r.disagreements || "", r.failed.length ? pc.red(String(r.failed.length)) : pc.green("0"), rate]);
      }
      console.log(table.toString());
      if (!report.sharedPresent) console.log(pc.yellow(`note: ${SHARED}/cases not found: the shared-corpus rows were skipped; the built-in fixtures ran.`));
      for (const row of report.rows)
        for (const f of row.failed) {
          console.log(pc.red(`✗ ${f.case.id}`) + pc.dim(`  ${f.case.source}`));
          for (const line of o.verbose ? f.failures : f.failures.slice(0, 3)) console.log(`    ${o.verbose ? line : line.slice(0, 300)}`);
        }
      const templates = o.format ? [] : templateRows();
      if (templates.length) {
        const tt = makeTable(["shared template", "detected format", "render → parse round trip"]);
        for (const t of templates) tt.push([t.template, t.format, t.status === "failed" ? pc.red(`failed: ${t.detail}`) : t.status === "documented" ? pc.yellow(`documented: ${t.detail}`) : t.status]);
        console.log(tt.toString());
      }
      const badTemplates = templates.filter((t) => t.status === "failed").length;
      const total = report.rows.reduce((n, r) => n + r.total, 0);
      console.log(report.failures ? pc.red(`${report.failures} of ${total} cases failed`) : pc.green(`all ${total} cases pass (documented disagreements apart)`));
      if (templates.length) console.log(badTemplates ? pc.red(`${badTemplates} of ${templates.length} templates fail the round trip`) : pc.green(`all ${templates.length} shared templates round-trip (documented exceptions apart)`));
      process.exitCode = report.failures || badTemplates ? 1 : 0;
    });
}
