/**
 * Conformance of a chat template with toolwire's parsers: its capabilities (probeCapabilities),
 * the format detected for it (detectFormat, or one given), and the render→parse round trip of
 * assistant tool-call turns (templates/roundtrip.ts) in four tiers:
 *
 * | tier | what | counts for `ok` |
 * |---|---|---|
 * | `one call` | one call, typical arguments (strings with spaces, quotes and non-ASCII, numbers, booleans, nesting, none) | yes |
 * | `parallel calls` | 2 and 3 calls in one turn, where the template renders parallel calls | yes |
 * | `content + calls` | text next to a call (many templates drop it by design) | with `strict` |
 * | `varied arguments` | seeded random JSON arguments (null, floats, unicode, deep nesting) | with `strict` |
 *
 * A template without tool support is checked through prepareMessages' LM Studio polyfill
 * (format `lmstudio`). Used by `toolwire conformance --template` and by the corpus rows of
 * {@link templateConformanceRows}. Deterministic: the random tier uses a seeded generator.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getFormat, listFormats } from "../../parsers/index.ts";
import { detectFormat, type FormatDetection } from "../../templates/detect.ts";
import { probeCapabilities, type TemplateCapabilities } from "../../templates/capabilities.ts";
import { roundTrip, type RoundTripCall, type RoundTripInput } from "../../templates/roundtrip.ts";
import { readTemplateIndex } from "../lib/template-index.ts";
import { SHARED } from "./corpus.ts";
import { rng } from "./check.ts";

export interface TierFailure {
  calls: RoundTripCall[];
  content: string | null;
  problems: string[];
  /** The generated text that was parsed. */
  text: string;
}

export interface TierResult {
  name: "one call" | "parallel calls" | "content + calls" | "varied arguments";
  /** null: not run (see `note`). */
  ok: boolean | null;
  cases: number;
  failures: TierFailure[];
  /** Whether a failure here fails the check. */
  required: boolean;
  note?: string;
}

export interface TemplateCheck {
  capabilities: TemplateCapabilities;
  detection: FormatDetection;
  /** The format the round trip used: the given one, the detected one, or `lmstudio` (polyfill). */
  format: string | null;
  formatSource: "given" | "detected" | "polyfill" | null;
  tiers: TierResult[];
  ok: boolean;
  /** Why the check failed, or what to know (one line each). */
  notes: string[];
}

export interface TemplateCheckOptions {
  /** Check with this format instead of the detected one. */
  format?: string;
  /** Cases of the random tier. Default 30. */
  cases?: number;
  seed?: number;
  /** Content and random tiers count too. */
  strict?: boolean;
}

const TYPICAL: Record<string, unknown>[] = [
  { city: "Paris" },
  { city: "São Paulo", days: 3, metric: true },
  { query: 'a "quoted" phrase, with commas', limit: 10 },
  {},
  { filter: { tags: ["news", "sports"], min_score: 0.5 }, page: 2 },
];
const NAMES = ["get_weather", "search_web", "send_email"];

function randomValue(r: () => number, depth: number): unknown {
  const k = Math.floor(r() * (depth > 1 ? 6 : 8));
  const chars = "abc XYZ 012 _-.,:;'\"\\/{}[]<>|\n\té中😀";
  const str = () => Array.from({ length: Math.floor(r() * 12) }, () => [...chars][Math.floor(r() * [...chars].length)]).join("");
  switch (k) {
    case 0:
    case 1:
      return str();
    case 2:
      return Math.floor(r() * 2e6) - 1e6;
    case 3:
      return Math.round((r() - 0.5) * 1e6) / 1000;
    case 4:
      return r() < 0.5;
    case 5:
      return null;
    case 6:
      return Array.from({ length: Math.floor(r() * 3) }, () => randomValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 3); i > 0; i--) o[`k${Math.floor(r() * 100)}`] = randomValue(r, depth + 1);
      return o;
    }
  }
}

function randomArgs(r: () => number): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(r() * 4); i > 0; i--) o[`arg_${Math.floor(r() * 50)}`] = randomValue(r, 0);
  return o;
}

function runTier(
  name: TierResult["name"],
  required: boolean,
  inputs: RoundTripInput[],
  template: string,
  format: string,
  caps: TemplateCapabilities,
): TierResult {
  const failures: TierFailure[] = [];
  for (const input of inputs) {
    const r = roundTrip(template, format, input, caps);
    if (!r.ok) failures.push({ calls: input.calls, content: input.content ?? null, problems: r.problems, text: r.text });
  }
  return { name, ok: failures.length === 0, cases: inputs.length, failures, required };
}

/** Checks one template (its text). Never throws on a template that raises. */
export function checkTemplate(template: string, options: TemplateCheckOptions = {}): TemplateCheck {
  const caps = probeCapabilities(template);
  const detection = detectFormat(template, caps);
  const notes: string[] = [];
  const tiers: TierResult[] = [];
  let format: string | null = null;
  let formatSource: TemplateCheck["formatSource"] = null;
  const polyfill = !caps.supports_tools && !caps.supports_tool_calls;
  if (options.format) {
    getFormat(options.format); // throws on an unknown id
    format = options.format;
    formatSource = "given";
    if (detection.format && detection.format !== format) notes.push(`detectFormat names ${detection.format}, not ${format}`);
  } else if (detection.format) {
    format = detection.format;
    formatSource = "detected";
  } else if (polyfill) {
    format = "lmstudio";
    formatSource = "polyfill";
    notes.push("no tool support: checked through prepareMessages' LM Studio polyfill (format lmstudio)");
  }
  if (!format) {
    notes.push(`no format: ${detection.reason}`);
    return { capabilities: caps, detection, format, formatSource, tiers, ok: false, notes };
  }
  const lenient = !!caps.lenient.tool_calls;
  if (lenient) notes.push(`transformers raises on tool calls (${caps.lenient.tool_calls}); rendered the way minja/llama.cpp do`);
  const base: Partial<RoundTripInput> = { lenient, polyfill: formatSource === "polyfill" };
  if (!caps.supports_tool_calls && formatSource !== "polyfill") {
    const skipped = (name: TierResult["name"], required: boolean): TierResult => ({
      name, ok: null, cases: 0, failures: [], required, note: "the template renders no tool calls",
    });
    tiers.push(skipped("one call", true), skipped("parallel calls", true), skipped("content + calls", false), skipped("varied arguments", false));
    notes.push("the template renders no tool calls: there is no turn to round-trip (the model's calls cannot be shown back to it)");
    return { capabilities: caps, detection, format, formatSource, tiers, ok: true, notes };
  }
  const strict = !!options.strict;
  tiers.push(runTier("one call", true, TYPICAL.map((a, i) => ({ ...base, calls: [{ name: NAMES[i % 3], arguments: a }] })), template, format, caps));
  const parallel = caps.supports_parallel_tool_calls || formatSource === "polyfill";
  tiers.push(
    parallel
      ? runTier("parallel calls", true, [2, 3].map((n) => ({ ...base, calls: TYPICAL.slice(0, n).map((a, i) => ({ name: NAMES[i], arguments: a })) })), template, format, caps)
      : { name: "parallel calls", ok: null, cases: 0, failures: [], required: true, note: "the template renders one call per turn" },
  );
  tiers.push(runTier("content + calls", strict, [
    { ...base, content: "Let me check that for you.", calls: [{ name: "get_weather", arguments: { city: "Paris" } }] },
    { ...base, content: "Two lookups:\n- weather\n- news", calls: [{ name: "get_weather", arguments: { city: "Oslo" } }] },
  ], template, format, caps));
  const r = rng(options.seed ?? 1);
  const random: RoundTripInput[] = Array.from({ length: options.cases ?? 30 }, () => ({
    ...base,
    calls: Array.from({ length: parallel ? 1 + Math.floor(r() * 3) : 1 }, () => ({ name: NAMES[Math.floor(r() * 3)], arguments: randomArgs(r) })),
  }));
  tiers.push(runTier("varied arguments", strict, random, template, format, caps));
  const failed = tiers.filter((t) => t.ok === false && t.required);
  for (const t of failed) notes.push(`${t.name}: ${t.failures.length} of ${t.cases} cases fail`);
  for (const t of tiers.filter((t) => t.ok === false && !t.required)) notes.push(`${t.name} (advisory): ${t.failures.length} of ${t.cases} cases fail`);
  return { capabilities: caps, detection, format, formatSource, tiers, ok: failed.length === 0, notes };
}

/** One row of the corpus table: a shared template whose family toolwire parses. */
export interface TemplateConformanceRow {
  template: string;
  /** detectFormat's answer. */
  format: string;
  /** The formats' own `templates` lists' answer (null: the template is in no list). */
  listed: string | null;
  basis: FormatDetection["basis"];
  /** "ok", "failed", or "n/a" (the template renders no tool calls). */
  roundTrip: "ok" | "failed" | "n/a";
  /** Tier by tier: `one call`, `parallel calls`, … → "ok" | "failed" | "n/a". */
  tiers: Record<string, "ok" | "failed" | "n/a">;
  /** The first failure of a required tier, for the report. */
  failure?: string;
}

/**
 * One row per shared template (`../shared/templates`) of a parsed family: the detected format
 * and whether the round trip of its required tiers holds. Empty when `../shared/` is absent.
 */
export function templateConformanceRows(options: { cases?: number; seed?: number } = {}): TemplateConformanceRow[] {
  const dir = join(SHARED, "templates");
  let index;
  try {
    index = readTemplateIndex(dir);
  } catch {
    return [];
  }
  const listed: Record<string, string> = {};
  for (const f of listFormats()) for (const t of f.templates) listed[t] = f.id;
  const rows: TemplateConformanceRow[] = [];
  for (const { file } of index) {
    const text = readFileSync(join(dir, file), "utf8");
    const d = detectFormat(text);
    if (!d.format) continue;
    const c = checkTemplate(text, { cases: options.cases ?? 10, seed: options.seed });
    const tiers = Object.fromEntries(c.tiers.map((t) => [t.name, t.ok === null ? "n/a" : t.ok ? "ok" : "failed"])) as TemplateConformanceRow["tiers"];
    const first = c.tiers.find((t) => t.required && t.ok === false)?.failures[0];
    rows.push({
      template: file,
      format: d.format,
      listed: listed[file] ?? null,
      basis: d.basis,
      roundTrip: c.tiers.every((t) => t.ok === null) ? "n/a" : c.ok ? "ok" : "failed",
      tiers,
      ...(first ? { failure: `${first.problems.join("; ")} — generated ${JSON.stringify(first.text).slice(0, 200)}` } : {}),
    });
  }
  return rows;
}
