/**
 * Loads conformance cases: our golden fixtures (`fixtures/<format>.json`) and the real model outputs
 * of `../shared/cases/` (SGLang's and llama.cpp's unit tests), normalised to {@link ConformanceCase}.
 * Documented disagreements with a source live in `fixtures/disagreements.json`, keyed by case id.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { listFormats } from "../../parsers/index.ts";
import type { Tool } from "../../parsers/types.ts";
import { templateFormat } from "./templates.ts";
import type { ConformanceCase, ExpectedCall } from "./types.ts";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const FIXTURES = join(ROOT, "fixtures");
/** `../shared/` beside the repo (override with TOOLWIRE_SHARED). */
export const SHARED = resolve(process.env.TOOLWIRE_SHARED ?? join(ROOT, "../shared"));
export const hasShared = () => existsSync(join(SHARED, "cases"));

/** SGLang `--tool-call-parser` names → our format ids, from the formats' own `parserNames`. */
export function parserFormats(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of listFormats()) for (const n of f.parserNames) out[n] = f.id;
  return out;
}

/** A fixtures file: `fixtures/<format>.json`. */
export interface FixtureFile {
  format: string;
  /** Our golden cases; `name` is unique within the file. */
  fixtures: (Omit<ConformanceCase, "id" | "suite" | "format"> & { name: string })[];
  /** Shared cases (by id) whose expectation contradicts the format's own source, with the reason. */
  disagreements?: Record<string, string>;
}

function fixtureFiles(): FixtureFile[] {
  const known = new Set(listFormats().map((f) => f.id));
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => {
      const f = JSON.parse(readFileSync(join(FIXTURES, file), "utf8")) as FixtureFile;
      if (!known.has(f.format)) throw new Error(`fixtures/${file}: no format "${f.format}" is registered`);
      return f;
    });
}

/** Documented disagreements of every format: format id → shared case id → reason. Scoped by
 *  format because case ids repeat across sglang.json and sglang-2025-11.json. */
export function disagreements(): Record<string, Record<string, string>> {
  return Object.fromEntries(fixtureFiles().map((f) => [f.format, f.disagreements ?? {}]));
}

/** Our fixtures, one file per format. */
export function fixtureCases(): ConformanceCase[] {
  return fixtureFiles().flatMap((f) => f.fixtures.map((c) => ({ ...c, id: `${f.format}/${c.name}`, suite: "fixtures", format: f.format })));
}

type Raw = Record<string, any>;

function normTools(tools: unknown): Tool[] | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  return tools.map((t: Raw) => (t.function ? t : { type: "function", function: t })) as Tool[];
}

/** SGLang cases of the formats we have, with stream items merged into calls. */
export function sglangCases(): ConformanceCase[] {
  const notes = disagreements();
  const formats = parserFormats();
  const out: ConformanceCase[] = [];
  for (const file of ["sglang.json", "sglang-2025-11.json"]) {
    for (const r of JSON.parse(readFileSync(join(SHARED, "cases", file), "utf8")) as Raw[]) {
      const format = formats[r.parser];
      if (!format) continue;
      const calls: ExpectedCall[] = [];
      for (const x of (r.expected_tool_calls ?? []) as Raw[]) {
        const asserts = x.name != null || x.arguments != null;
        if (r.mode === "stream" && x.name == null && calls.length > 0) {
          if (x.arguments != null) Object.assign(calls[calls.length - 1], { arguments: x.arguments, arguments_subset: x.arguments_subset });
        } else if (asserts || r.mode !== "stream") calls.push({ name: x.name, arguments: x.arguments, arguments_subset: x.arguments_subset });
      }
      out.push({
        id: r.id,
        suite: "sglang",
        format,
        source: `sglang ${r.source}`,
        text: r.model_output,
        chunks: r.streaming_chunks,
        options: { tools: normTools(r.tools) },
        // Stream items that assert nothing say nothing about the number of calls.
        expect: { content: r.expected_content ?? undefined, tool_calls: r.expected_tool_calls == null || (r.mode === "stream" && calls.length === 0 && r.expected_tool_calls.length > 0) ? undefined : calls },
        disagreement: notes[format]?.[r.id],
      });
    }
  }
  return out;
}

/** llama.cpp cases whose template belongs to a format we have. */
export function llamacppCases(): ConformanceCase[] {
  const notes = disagreements();
  const out: ConformanceCase[] = [];
  for (const r of JSON.parse(readFileSync(join(SHARED, "cases", "llamacpp.json"), "utf8")) as Raw[]) {
    const file = String(r.template).split("/").pop()!;
    const p = r.params as Raw;
    const t = templateFormat(file, { enable_thinking: p.enable_thinking });
    if (!t) continue;
    const separate = p.reasoning_format === "COMMON_REASONING_FORMAT_AUTO" || p.reasoning_format === "COMMON_REASONING_FORMAT_DEEPSEEK";
    const last = p.continue_final_message ? (p.messages as Raw[])[p.messages.length - 1] : null;
    const startInReasoning = last ? p.continue_final_message === "COMMON_CHAT_CONTINUATION_REASONING" : t.opensReasoning;
    out.push({
      id: r.id,
      suite: "llamacpp",
      format: t.format,
      source: `llama.cpp ${r.source} ${r.function} (${file})`,
      text: r.model_output,
      options: { tools: normTools(p.tools), separateReasoning: separate, startInReasoning: separate && startInReasoning },
      expect: {
        content: r.expected_content,
        reasoning_content: r.expected_reasoning,
        tool_calls: ((r.expected_tool_calls ?? []) as Raw[]).map((x) => ({ name: x.name, arguments: x.arguments, ...(x.id ? { id: x.id } : {}) })),
        prefix: last ? { content: last.content ?? "", reasoning_content: separate && t.hasReasoning ? last.reasoning_content ?? "" : "" } : undefined,
      },
      disagreement: notes[t.format]?.[r.id],
    });
  }
  return out;
}

/** Every case: fixtures always, shared cases when `../shared/` is present. */
export function allCases(): ConformanceCase[] {
  return hasShared() ? [...fixtureCases(), ...sglangCases(), ...llamacppCases()] : fixtureCases();
}
