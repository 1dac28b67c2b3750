/**
 * `toolwire detect` and `toolwire conformance --template` (scripts/commands/detect.ts,
 * template-conformance.ts), and the checks behind them (scripts/conformance/template-check.ts).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SHARED } from "../scripts/conformance/corpus.ts";
import { checkTemplate, templateConformanceRows } from "../scripts/conformance/template-check.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const BIN = join(ROOT, "scripts/toolwire.js");

const HERMES =
  "{% for m in messages %}<|im_start|>{{ m.role }}\n{% if m.content %}{{ m.content }}{% endif %}" +
  '{% for c in m.tool_calls or [] %}<tool_call>\n{"name": "{{ c.function.name }}", "arguments": {{ c.function.arguments | tojson }}}\n</tool_call>{% endfor %}' +
  "<|im_end|>\n{% endfor %}{% if tools %}<|im_start|>system\n{{ tools | tojson }}<|im_end|>\n{% endif %}" +
  "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tmpFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "toolwire-cli-"));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("checkTemplate", () => {
  it("passes a template that round-trips", () => {
    const c = checkTemplate(HERMES, { cases: 10 });
    expect(c.format).toBe("hermes");
    expect(c.ok).toBe(true);
    expect(c.tiers.map((t) => [t.name, t.ok])).toEqual([
      ["one call", true],
      ["parallel calls", true],
      ["content + calls", true],
      ["varied arguments", true],
    ]);
  });
  it("fails with a format that does not read the template's calls", () => {
    const c = checkTemplate(HERMES, { format: "mistral", cases: 5 });
    expect(c.ok).toBe(false);
    expect(c.notes.join("\n")).toMatch(/detectFormat names hermes, not mistral/);
  });
  it("fails without a format, and checks templates without tools through the polyfill", () => {
    const none = checkTemplate("{% for m in messages %}{{ m.content }}{% endfor %}", { cases: 5 });
    expect(none.formatSource).toBe("polyfill");
    const weird = checkTemplate(HERMES.replace(/<tool_call>\n/, "<<CALL ").replace(/\n<\/tool_call>/, ">>"), { cases: 5 });
    expect(weird.format).toBeNull();
    expect(weird.ok).toBe(false);
  });
});

describe("CLI", () => {
  it("toolwire detect prints the format and capabilities (--json too)", () => {
    const file = tmpFile("chat_template.jinja", HERMES);
    const text = run(["detect", "--template", file]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^hermes/);
    expect(text.out).toMatch(/supports_parallel_tool_calls/);
    const json = run(["detect", "--template", tmpFile("tokenizer_config.json", JSON.stringify({ chat_template: HERMES })), "--json"]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out);
    expect(parsed.format).toBe("hermes");
    expect(parsed.capabilities.supports_tools).toBe(true);
  });
  it("toolwire detect exits 1 without a format and 2 on a missing file", () => {
    expect(run(["detect", "--template", tmpFile("t.jinja", "{{ messages[0].content }}")]).code).toBe(1);
    expect(run(["detect", "--template", "/nonexistent/x.jinja"]).code).toBe(2);
  });
  it("toolwire conformance --template checks a template and exits 1 on failure", () => {
    const file = tmpFile("chat_template.json", JSON.stringify({ chat_template: HERMES }));
    const ok = run(["conformance", "--template", file]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/template conformance: ok/);
    const bad = run(["conformance", "--template", file, "--format", "mistral"]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/template conformance: FAILED/);
    expect(run(["conformance", "--template", file, "--format", "nope"]).code).toBe(2);
  });
});

describe.skipIf(!existsSync(join(SHARED, "templates", "INDEX.md")))("corpus rows (templateConformanceRows)", () => {
  it("gives one row per shared template of a parsed family", () => {
    const rows = templateConformanceRows({ cases: 3 });
    expect(rows.length).toBeGreaterThan(80);
    for (const r of rows) if (r.listed) expect(r.format, r.template).toBe(r.listed);
    const qwen = rows.find((r) => r.template === "Qwen-Qwen3-0.6B.jinja")!;
    expect(qwen).toMatchObject({ format: "qwen", roundTrip: "ok" });
    expect(readFileSync(join(SHARED, "templates", qwen.template), "utf8").length).toBeGreaterThan(0);
  });
});
