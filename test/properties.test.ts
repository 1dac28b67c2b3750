/**
 * Properties of every registered format (fast-check):
 * - chunk invariance: any split of a text (1-char pieces, splits inside surrogate pairs) streams
 *   to exactly the whole-text result, diagnostics included, and never retracts a delta;
 * - round trip: parse(serialize(calls, content)) gives back the calls and the content;
 * - model text never makes the parser throw, and with tool_choice "none" and reasoning kept
 *   inline, the content is the text itself (nothing lost, nothing invented).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { comparable, stream, testIds } from "../scripts/conformance/check.ts";
import { fixtureCases } from "../scripts/conformance/corpus.ts";
import { getFormat, listFormats, parse } from "../parsers/index.ts";
import type { ParseOptions, Tool, ToolCall } from "../parsers/types.ts";

const RUNS = Number(process.env.TOOLWIRE_PROPERTY_RUNS ?? 60);
const formats = listFormats();
const fixtures = fixtureCases();

/** The markup of a format, and near misses, to salt random text with. */
function markers(id: string): string[] {
  const f = getFormat(id);
  const sample = f.serialize([{ id: "a1B2c3D4e", type: "function", function: { name: "get_weather", arguments: '{"city": "Paris"}' } }]);
  const pieces = [sample, ...f.reasoning.flatMap((r) => [r.open, r.close])];
  const cut = pieces.flatMap((p) => [p.slice(0, Math.ceil(p.length / 2)), p.slice(Math.ceil(p.length / 2))]);
  return [...pieces, ...cut, "{", "}", "[", "]", '"', "\\", "\n", " ", "😀", "\ud83d", "北京"];
}

const salted = (id: string) =>
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...markers(id))), { maxLength: 24 }).map((a) => a.join(""));

/** Splits at arbitrary UTF-16 offsets. */
const splitsOf = (text: string) =>
  fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, text.length - 1) }), { maxLength: 12 }).map((cuts) => {
    const sorted = cuts.filter((c) => c < text.length).sort((a, b) => a - b);
    const out: string[] = [];
    let last = 0;
    for (const c of sorted) (out.push(text.slice(last, c)), (last = c));
    out.push(text.slice(last));
    return out;
  });

function expectInvariant(format: string, text: string, chunks: string[], options: ParseOptions = {}) {
  const opts = { generateId: testIds, ...options };
  const whole = parse(format, text, opts);
  const s = stream(format, chunks, opts, whole);
  expect(s.violation).toBeNull();
  const { violation: _, ...rest } = s;
  expect(comparable(rest)).toEqual(comparable(whole));
}

const ident = fc.stringMatching(/^[a-z_][a-z0-9_]{0,12}$/);
const jsonString = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.constantFrom("</tool_call>", "[END_TOOL_REQUEST]", "[TOOL_CALLS]", '"}', "\\", "\n", "北京 😀", "<think>", "]}"),
);
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", maxDepth: 4 }, jsonString, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 3 }),
  object: fc.dictionary(ident, tie("value"), { maxKeys: 3 }),
})).value;
const argsArb = fc.dictionary(ident, jsonValue, { maxKeys: 4 });
const contentArb = fc.option(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ,.!?'-]{0,30}[A-Za-z0-9.!?]$/), { nil: undefined });

/** A JSON Schema that admits `v` (so formats that type values by schema round-trip too). */
function schemaOf(v: unknown): Record<string, unknown> {
  if (v === null) return { type: "null" };
  if (Array.isArray(v)) return { type: "array", prefixItems: v.map(schemaOf) };
  if (typeof v === "object") return { type: "object", properties: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, schemaOf(x)])) };
  if (typeof v === "number") return { type: Number.isInteger(v) ? "integer" : "number" };
  return { type: typeof v };
}

describe.each(formats.map((f) => [f.id]))("%s", (id) => {
  it("streams every fixture identically in any chunking", () => {
    const texts = fixtures.filter((c) => c.format === id);
    expect(texts.length).toBeGreaterThan(0);
    for (const c of texts) fc.assert(fc.property(splitsOf(c.text), (chunks) => expectInvariant(id, c.text, chunks, c.options)), { numRuns: RUNS });
  });

  it("streams marker-salted random text identically in any chunking", () => {
    fc.assert(fc.property(salted(id).chain((t) => fc.tuple(fc.constant(t), splitsOf(t))), ([text, chunks]) => expectInvariant(id, text, chunks)), { numRuns: RUNS * 4 });
  });

  it("parse(serialize(calls, content)) returns the calls and the content", () => {
    const mistral = id === "mistral";
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(ident, argsArb), { minLength: 1, maxLength: 3, selector: ([n]) => n }), contentArb, (list, content) => {
        const calls: ToolCall[] = list.map(([name, args], i) => ({
          id: mistral ? `id${String(i).padStart(7, "0")}` : testIds(i),
          type: "function",
          function: { name, arguments: JSON.stringify(args) },
        }));
        const tools: Tool[] = list.map(([name, args]) => ({ type: "function", function: { name, parameters: schemaOf(args) } }));
        const text = getFormat(id).serialize(calls, content);
        const r = parse(id, text, { generateId: testIds, tools });
        expect(r.tool_calls.map((c) => c.function.name)).toEqual(calls.map((c) => c.function.name));
        r.tool_calls.forEach((c, i) => expect(JSON.parse(c.function.arguments)).toEqual(JSON.parse(calls[i].function.arguments)));
        expect((r.content ?? "").trim()).toBe(content ?? "");
        expect(r.finish_reason).toBe("tool_calls");
      }),
      { numRuns: RUNS },
    );
  });

  it("never throws on arbitrary text, and keeps it all as content when calls are off", () => {
    const inline = getFormat(id);
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), salted(id)), (text) => {
        expect(() => parse(id, text)).not.toThrow();
        const r = parse(id, text, { tool_choice: "none", separateReasoning: false });
        if (inline.ignore.length === 0) expect(r.content ?? "").toBe(text);
        expect(r.tool_calls).toEqual([]);
      }),
      { numRuns: RUNS * 4 },
    );
  });
});
