/**
 * Render→parse round trip over the shared templates (../shared/templates) whose family toolwire
 * parses: arbitrary tool calls (names from the request's tools, arbitrary JSON arguments under
 * identifier-like keys, 1–3 parallel calls where the template renders parallel calls, optional
 * content) are rendered as the assistant's final turn through prepareMessages + renderChat; the
 * text the model would have generated (the turn after the generation prompt, cut at its
 * end-of-turn marker: templates/roundtrip.ts) is parsed with the format detectFormat names and
 * must give back the same calls and content (content compared without surrounding whitespace).
 *
 * Templates that cannot round-trip everything by design are listed in ROUND_TRIP_EXCEPTIONS with
 * the reason; each listed restriction is checked to be real (the unrestricted case fails), so the
 * table cannot go stale. Skipped, with a note, when ../shared/ is absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SHARED } from "../scripts/conformance/corpus.ts";
import { ROUND_TRIP_EXCEPTIONS, type RoundTripException } from "../scripts/conformance/template-exceptions.ts";
import { readTemplateIndex } from "../scripts/lib/template-index.ts";
import { detectFormat, probeCapabilities, roundTrip, type RoundTripCall } from "../templates/index.ts";

const DIR = join(SHARED, "templates");
/** Runs per template (override with TOOLWIRE_ROUNDTRIP_RUNS); the seed with TOOLWIRE_ROUNDTRIP_SEED. */
const RUNS = Number(process.env.TOOLWIRE_ROUNDTRIP_RUNS) || 20;
const SEED = Number(process.env.TOOLWIRE_ROUNDTRIP_SEED) || 20260817;


const NAMES = ["get_weather", "search_web", "send_email"];
const ident = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);

/** Arbitrary JSON values under the restrictions of `ex`. */
function values(ex: RoundTripException) {
  const str = ex.plainStrings ? fc.string({ maxLength: 20 }).filter((s) => !/["'\\]/.test(s)) : fc.string({ maxLength: 20 });
  const num = fc.oneof(
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }).filter((x) => !Object.is(x, -0)),
  );
  const leaves: fc.Arbitrary<unknown>[] = [str, num, fc.boolean()];
  if (!ex.noNull) leaves.push(fc.constant(null));
  const { value } = fc.letrec<{ value: unknown; array: unknown[]; object: Record<string, unknown> }>((tie) => ({
    value: fc.oneof({ depthSize: "small", withCrossShrink: true }, ...leaves, tie("array"), tie("object")),
    array: ex.uniformArrays
      ? fc.oneof(fc.array(str, { maxLength: 3 }), fc.array(num, { maxLength: 3 }), fc.array(fc.boolean(), { maxLength: 3 }))
      : fc.array(tie("value"), { maxLength: 3 }),
    object: fc.dictionary(ident, tie("value"), { maxKeys: 3 }),
  }));
  const top = ex.topLevel?.kind === "strings-only" ? str : ex.topLevel?.kind === "no-strings" ? value.filter((v) => typeof v !== "string") : value;
  return fc.dictionary(ident, top, { maxKeys: ex.oneArgument ? 1 : 4 });
}

function callsArb(ex: RoundTripException, parallel: boolean): fc.Arbitrary<RoundTripCall[]> {
  const call = fc.record({ name: fc.constantFrom(...NAMES), arguments: values(ex) });
  return fc.array(call, { minLength: 1, maxLength: parallel && !ex.single ? 3 : 1 });
}

function contentArb(ex: RoundTripException): fc.Arbitrary<string | null> {
  if (ex.noContent) return fc.constant(null);
  const end = ex.contentNotEndingWith?.text;
  const text = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !end || !s.trimEnd().endsWith(end));
  return fc.option(text, { nil: null });
}

const hasShared = existsSync(join(DIR, "INDEX.md"));

if (!hasShared) {
  describe.skip(`render→parse round trip: ${DIR} not found (shared corpus absent)`, () => {
    it("round-trips every parsed template", () => {});
  });
} else {
  const rows = readTemplateIndex(DIR);

  describe("render→parse round trip of the shared templates", () => {
    for (const row of rows) {
      const template = readFileSync(join(DIR, row.file), "utf8");
      const detected = detectFormat(template);
      if (!detected.format) continue;
      const format = detected.format;
      const ex = ROUND_TRIP_EXCEPTIONS[row.file] ?? {};
      if (ex.skip) {
        it.skip(`${row.file} (${format}): ${ex.skip}`, () => {});
        continue;
      }
      const caps = probeCapabilities(template);
      it(`${row.file} (${format})`, () => {
        const parallel = caps.supports_parallel_tool_calls;
        fc.assert(
          fc.property(callsArb(ex, parallel), contentArb(ex), (calls, content) => {
            const r = roundTrip(template, format, { calls, content, lenient: !!ex.lenient }, caps);
            if (!r.ok) throw new Error(`${r.problems.join("; ")}\ngenerated text: ${JSON.stringify(r.text).slice(0, 600)}`);
          }),
          { numRuns: RUNS, seed: SEED },
        );
      });
    }
  });

  describe("the documented exceptions are real", () => {
    const basic: RoundTripCall[] = [{ name: "get_weather", arguments: { city: "Paris", days: 3 } }];
    for (const [file, ex] of Object.entries(ROUND_TRIP_EXCEPTIONS)) {
      const template = readFileSync(join(DIR, file), "utf8");
      const format = detectFormat(template).format;
      it(`${file}`, () => {
        expect(format, "an exception for a template without a detected format").not.toBeNull();
        const caps = probeCapabilities(template);
        const lenient = !!ex.lenient;
        const fails = (input: Parameters<typeof roundTrip>[2]) => !roundTrip(template, format!, input, caps).ok;
        if (ex.skip) expect(fails({ calls: basic, lenient })).toBe(true);
        if (ex.lenient) expect(fails({ calls: basic })).toBe(true);
        if (ex.noContent) expect(fails({ calls: basic, content: "Checking the weather.", lenient })).toBe(true);
        if (ex.single) {
          const three = ["get_weather", "search_web", "send_email"].map((name) => ({ name, arguments: { q: name } }));
          expect(fails({ calls: three, lenient })).toBe(true);
        }
        if (ex.noNull) expect(fails({ calls: [{ name: "get_weather", arguments: { city: null } }], lenient })).toBe(true);
        if (ex.uniformArrays) expect(fails({ calls: [{ name: "get_weather", arguments: { mixed: ["a", 1] } }], lenient })).toBe(true);
        if (ex.plainStrings) expect(fails({ calls: [{ name: "get_weather", arguments: { text: "it's \"x\"" } }], lenient })).toBe(true);
        if (ex.topLevel) {
          const args = ex.topLevel.kind === "no-strings" ? { city: "New York" } : { days: 3 };
          expect(fails({ calls: [{ name: "get_weather", arguments: args }], lenient })).toBe(true);
        }
        if (ex.oneArgument) expect(fails({ calls: [{ name: "get_weather", arguments: { a: 1, b: 2 } }], lenient })).toBe(true);
        if (ex.contentNotEndingWith) {
          expect(fails({ calls: basic, content: `See ${ex.contentNotEndingWith.text}`, lenient })).toBe(true);
        }
      });
    }
  });

  describe("LM Studio default tool use (polyfill) round trip on templates without tool support", () => {
    for (const row of rows) {
      const template = readFileSync(join(DIR, row.file), "utf8");
      const caps = probeCapabilities(template);
      if (caps.supports_tools || caps.supports_tool_calls) continue;
      it(`${row.file} (lmstudio)`, () => {
        fc.assert(
          fc.property(callsArb({}, true), contentArb({}), (calls, content) => {
            const r = roundTrip(template, "lmstudio", { calls, content, polyfill: true }, caps);
            if (!r.ok) throw new Error(`${r.problems.join("; ")}\ngenerated text: ${JSON.stringify(r.text).slice(0, 600)}`);
          }),
          { numRuns: RUNS, seed: SEED },
        );
      });
    }
  });
}
