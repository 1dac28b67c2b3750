/**
 * detectFormat over the 96 shared templates. Ground truth: the formats' own `templates` lists
 * (`listFormats()`); templates in no list are in UNLISTED with the answer INDEX.md's family
 * column calls for — a parser of that family, or null for families toolwire does not parse.
 * A wrong parser is never accepted. Skipped, with a note, when ../shared/ is absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listFormats } from "../parsers/index.ts";
import { SHARED } from "../scripts/conformance/corpus.ts";
import { readTemplateIndex } from "../scripts/lib/template-index.ts";
import { detectFormat } from "../templates/index.ts";

const DIR = join(SHARED, "templates");


/** Templates in no format's `templates` list: the accepted answers, and why. */
const UNLISTED: Record<string, { accept: (string | null)[]; why: string }> = {
  "CohereForAI-c4ai-command-r-plus-tool_use.jinja": { accept: [null], why: "command-r `Action:` json code fence: no parser" },
  "Kimi-K3.jinja": { accept: [null], why: "kimi-k3 XTML: no parser" },
  "muse-glimmer.jinja": { accept: [null], why: "harmony-like `<atem:invoke>` XML: no parser" },
  "vllm-tool_chat_template_internlm2_tool.jinja": { accept: [null], why: "internlm `<|action_start|><|plugin|>`: no parser" },
  "HuggingFaceTB-SmolLM3-3B.jinja": { accept: [null], why: "tools not rendered through `tools`" },
  "google-gemma-2-2b-it.jinja": { accept: [null], why: "no tool support" },
  "llama-cpp-rwkv-world.jinja": { accept: [null], why: "no tool support" },
  "microsoft-Phi-3.5-mini-instruct.jinja": { accept: [null], why: "no tool support" },
};

if (!existsSync(join(DIR, "INDEX.md"))) {
  describe.skip(`detectFormat: ${DIR} not found (shared corpus absent)`, () => {
    it("names the parser of every template", () => {});
  });
} else {
  const rows = readTemplateIndex(DIR);
  const truth: Record<string, string> = {};
  for (const f of listFormats()) for (const t of f.templates) truth[t] = f.id;
  const ids = new Set(listFormats().map((f) => f.id));

  it("every shared template is either in a format's list or in UNLISTED", () => {
    for (const r of rows) expect(r.file in truth !== r.file in UNLISTED, r.file).toBe(true);
    for (const file of Object.keys(UNLISTED)) expect(rows.some((r) => r.file === file), file).toBe(true);
  });

  const tally = { correct: 0, null: 0, wrong: 0 };
  describe("detectFormat names the parser of every shared template", () => {
    for (const row of rows) {
      const expected = truth[row.file];
      it(`${row.file} → ${expected ?? UNLISTED[row.file]?.accept.join(" | ")}`, () => {
        const d = detectFormat(readFileSync(join(DIR, row.file), "utf8"));
        expect(d.reason.length).toBeGreaterThan(10);
        if (d.format !== null) expect(ids.has(d.format)).toBe(true);
        const ok = expected !== undefined ? d.format === expected : UNLISTED[row.file].accept.includes(d.format);
        if (ok) tally.correct++;
        else if (d.format === null) tally.null++;
        else tally.wrong++;
        expect(d.format, d.reason).toBe(ok ? d.format : expected ?? UNLISTED[row.file].accept[0]);
      });
    }
  });

  it("summary: no wrong parser", () => {
    expect(tally.wrong).toBe(0);
    expect(tally.correct + tally.null + tally.wrong).toBe(rows.length);
  });

  it("detection is rendered, not guessed: the basis of most templates is the rendered call turn", () => {
    const bases = rows.map((r) => detectFormat(readFileSync(join(DIR, r.file), "utf8")).basis);
    expect(bases.filter((b) => b === "render").length).toBeGreaterThanOrEqual(80);
  });
}

describe("detectFormat on synthetic templates", () => {
  const chatml = (call: string) =>
    "{% for m in messages %}<|im_start|>{{ m.role }}\n{% if m.content %}{{ m.content }}{% endif %}" +
    `{% for c in m.tool_calls or [] %}${call}{% endfor %}<|im_end|>\n{% endfor %}` +
    "{% if tools %}<|im_start|>system\n{{ tools | tojson }}<|im_end|>\n{% endif %}" +
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";
  it("names hermes for <tool_call> JSON blocks", () => {
    const t = chatml('<tool_call>\n{"name": "{{ c.function.name }}", "arguments": {{ c.function.arguments | tojson }}}\n</tool_call>');
    expect(detectFormat(t)).toMatchObject({ format: "hermes", basis: "render" });
  });
  it("gives null with a reason for a call syntax no parser reads", () => {
    const t = chatml('<<CALL {{ c.function.name }} WITH {{ c.function.arguments | tojson }}>>');
    const d = detectFormat(t);
    expect(d.format).toBeNull();
    expect(d.reason).toMatch(/no registered format parses/);
  });
  it("gives null for a template without tool support", () => {
    const d = detectFormat("{% for m in messages %}{{ m.role }}: {{ m.content }}\n{% endfor %}");
    expect(d.format).toBeNull();
    expect(d.basis).toBe("none");
  });
});
