/**
 * `toolwire conformance --template FILE [--format F] [--strict] [--json]`: checks a chat template
 * (e.g. your own, in CI) against toolwire's parsers: its capabilities, the detected format (or
 * the one given), and the render→parse round trip of assistant tool-call turns
 * (scripts/conformance/template-check.ts). Exit code 1 when no format applies or a required tier
 * fails (with `--strict`, any tier), 2 for bad files or options.
 */
import pc from "picocolors";
import { getFormat } from "../../parsers/index.ts";
import { checkTemplate } from "../conformance/template-check.ts";
import { capabilityRows, readTemplateFile } from "./detect.ts";
import { makeTable } from "./ui.ts";

export interface TemplateConformanceOptions {
  template: string;
  format?: string;
  name?: string;
  strict?: boolean;
  json?: boolean;
  cases?: string;
  seed?: string;
  verbose?: boolean;
}

export function runTemplateConformance(o: TemplateConformanceOptions): void {
  const template = readTemplateFile(o.template, o.name);
  if (template === null) return;
  if (o.format) {
    try {
      getFormat(o.format);
    } catch (e) {
      process.stderr.write(`toolwire conformance: ${(e as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
  }
  const check = checkTemplate(template, {
    format: o.format,
    strict: o.strict,
    cases: o.cases ? Number(o.cases) : undefined,
    seed: o.seed ? Number(o.seed) : undefined,
  });
  const ok = o.strict ? check.ok && check.tiers.every((t) => t.ok !== false) : check.ok;
  if (o.json) {
    console.log(JSON.stringify({ template: o.template, ...check, ok }, null, 2));
    process.exitCode = ok ? 0 : 1;
    return;
  }
  console.log(pc.bold(`template ${o.template}`));
  const caps = makeTable(["capability", "value"]);
  for (const row of capabilityRows(check.capabilities)) caps.push(row);
  console.log(caps.toString());
  const d = check.detection;
  console.log(
    `format: ${check.format ? pc.bold(check.format) : pc.red("none")} ${pc.dim(`(${check.formatSource ?? "—"})`)}` +
      `\ndetected: ${d.format ?? "none"} ${pc.dim(`(${d.basis}) ${d.reason}`)}`,
  );
  if (check.tiers.length) {
    const table = makeTable(["round trip", "cases", "result", "counts"]);
    for (const t of check.tiers) {
      const result = t.ok === null ? pc.dim(`skipped: ${t.note}`) : t.ok ? pc.green("ok") : pc.red(`${t.failures.length} failed`);
      table.push([t.name, t.cases, result, t.required || o.strict ? "yes" : pc.dim("advisory")]);
    }
    console.log(table.toString());
    for (const t of check.tiers) {
      for (const f of t.failures.slice(0, o.verbose ? undefined : 2)) {
        console.log(pc.red(`✗ ${t.name}: `) + f.problems.join("; "));
        console.log(pc.dim(`    calls:     ${JSON.stringify(f.calls).slice(0, 300)}${f.content ? `  content: ${JSON.stringify(f.content)}` : ""}`));
        console.log(pc.dim(`    generated: ${JSON.stringify(f.text).slice(0, 300)}`));
      }
    }
  }
  for (const n of check.notes) console.log(pc.yellow(`note: ${n}`));
  console.log(ok ? pc.green("template conformance: ok") : pc.red("template conformance: FAILED"));
  process.exitCode = ok ? 0 : 1;
}
