/**
 * Generators of hostile model output for one format (fast-check arbitraries), used by
 * `scripts/fuzz.ts` and `test/hardening.test.ts`. A generated {@link FuzzInput} is plain data
 * (text, chunking, options without functions), so it prints as JSON and replays from its
 * fast-check seed and path.
 *
 * Four kinds of text:
 * - `binary`: arbitrary strings of code points (`fc.string({ unit: "binary" })`);
 * - `units`: arbitrary UTF-16 code units, weighted towards lone surrogates, NUL, control
 *   characters, U+2028, BOM and the whitespace the engine treats specially;
 * - `salted`: random pieces joined with the format's own markers and near misses — the markers are
 *   derived from `getFormat(id).serialize(...)` of sample calls (the text between the payload),
 *   its `reasoning` pairs and its `ignore` list, each also cut at every position;
 * - `mutated`: a real output of the format (`allCases()`: fixtures and the shared cases, plus
 *   serialised sample calls) with 1–4 mutations: truncation, insertion (markers, escapes, control
 *   characters, lone surrogates, random text), deletion, duplicated, swapped and near-missed
 *   markers, broken escapes, split surrogate pairs, very deep JSON nesting — and, rarely
 *   (1 run in {@link HUGE_EVERY}), a multi-MB string.
 * Options are the case's own (tools, reasoning flags) most of the time, else a random mix of
 * `tool_choice`, `parallel_tool_calls`, reasoning flags and small limits.
 */
import fc from "fast-check";
import { getFormat } from "../../parsers/index.ts";
import type { ParseOptions, ParserLimits, Tool, ToolCall } from "../../parsers/types.ts";
import { realOutputs, type Seed } from "./outputs.ts";

export { realOutputs, type Seed };

/** Model-text options of a run (everything of {@link ParseOptions} but the id generator). */
export type FuzzOptions = Omit<ParseOptions, "generateId">;

/** How the text is cut into `push` chunks. `ones`: 1 code unit each; `pairs`: a cut inside every
 *  surrogate pair plus random cuts; `random`: pieces of 1..max; `whole`: one chunk. */
export interface Chunking {
  mode: "ones" | "pairs" | "random" | "whole";
  seed: number;
  max: number;
}

export interface FuzzInput {
  /** Which generator made the text (`binary`, `units`, `salted`, `mutated <case id>`, `huge …`). */
  source: string;
  text: string;
  chunking: Chunking;
  options: FuzzOptions;
}

/** A multi-MB input is generated once in this many runs (on average), when enabled. */
export const HUGE_EVERY = 4000;

export interface GeneratorSettings {
  /** Allow the rare multi-MB inputs (off in the unit test, which must stay fast). Default true. */
  huge?: boolean;
  /** The limits the option variants may lower (default: all five). Narrow it to look past a
   *  known bug of one limit. */
  limits?: (keyof ParserLimits)[];
  /** Cap on the nesting depth of the `nest` mutation (default: none, up to 2000). */
  maxNest?: number;
}

export const LIMIT_NAMES: (keyof ParserLimits)[] = ["maxUndecided", "maxHeldWhitespace", "maxCalls", "maxArguments", "maxDepth"];

const SAMPLE_CALLS: ToolCall[] = [
  { id: "a1B2c3D4e", type: "function", function: { name: "get_weather", arguments: '{"city": "Paris"}' } },
  { id: "f5G6h7J8k", type: "function", function: { name: "get_time", arguments: '{"zone": "UTC"}' } },
];
/** Strings that stand for the payload in a serialised sample: what lies between them is markup. */
const PAYLOAD = ["a1B2c3D4e", "f5G6h7J8k", "get_weather", "get_time", '{"city": "Paris"}', '{"zone": "UTC"}', "city", "Paris", "zone", "UTC", "Hello there"];

const markerCache = new Map<string, { markers: string[]; salts: string[] }>();

/**
 * The markup of a format, derived from the format itself: the pieces of `serialize(...)` of one
 * and two sample calls (with and without content) between the payload strings, its reasoning
 * markers and its ignore list (`markers`), and those cut at every position plus near misses —
 * one character dropped, doubled, case-flipped — (`salts`).
 */
export function markersOf(id: string): { markers: string[]; salts: string[] } {
  const hit = markerCache.get(id);
  if (hit) return hit;
  const f = getFormat(id);
  const samples: string[] = [];
  for (const [calls, content] of [[SAMPLE_CALLS.slice(0, 1), null], [SAMPLE_CALLS, "Hello there"], [[], "Hello there"]] as const) {
    try {
      samples.push(f.serialize([...calls], content));
    } catch {
      // a format may refuse some shapes; the others still give its markers
    }
  }
  const fragments = samples.flatMap((s) => splitBy(s, PAYLOAD));
  const markers = uniq([...fragments, ...fragments.map((x) => x.trim()), ...f.reasoning.flatMap((r) => [r.open, r.close]), ...f.ignore].filter((x) => x.length > 0));
  const salts = new Set<string>(markers);
  for (const m of markers.filter((x) => x.length <= 200)) {
    for (let i = 1; i < m.length; i++) {
      salts.add(m.slice(0, i));
      salts.add(m.slice(i));
    }
    salts.add(m.slice(1));
    salts.add(m.slice(0, -1));
    salts.add(m[0] + m);
    salts.add(m + m[m.length - 1]);
    const flipped = m.replace(/[a-z]/, (ch) => ch.toUpperCase());
    salts.add(flipped === m ? m.replace(/[A-Z]/, (ch) => ch.toLowerCase()) : flipped);
  }
  const out = { markers, salts: [...salts].filter((x) => x.length > 0) };
  markerCache.set(id, out);
  return out;
}

const uniq = <T>(a: T[]) => [...new Set(a)];

/** `s` split at every occurrence of any of `seps` (the earliest, then the longest, first). */
function splitBy(s: string, seps: string[]): string[] {
  const out: string[] = [];
  let from = 0;
  for (;;) {
    let at = -1;
    let len = 0;
    for (const p of seps) {
      const i = s.indexOf(p, from);
      if (i >= 0 && (at < 0 || i < at || (i === at && p.length > len))) (at = i), (len = p.length);
    }
    if (at < 0) break;
    out.push(s.slice(from, at));
    from = at + len;
  }
  out.push(s.slice(from));
  return out;
}

/** Seeds of one format: its real outputs, plus serialised sample calls with awkward payloads. */
export function seedsOf(id: string): Seed[] {
  const own = realOutputs().seeds.filter((s) => s.id.startsWith(`${id}:`));
  const f = getFormat(id);
  const awkward: [ToolCall[], string | null][] = [
    [SAMPLE_CALLS.slice(0, 1), null],
    [SAMPLE_CALLS, "Let me check both."],
    [[call("search", { q: 'a "quoted" \\ back\\slash </tool_call> ]} [TOOL_CALLS] <think>', n: -1.5e3, ok: true, none: null })], "Sure"],
    [[call("write_file", { path: "北京/😀.txt", text: "line1\nline2\ttab \u2028 \u0001" })], null],
    [[call("nested", { a: [[[{ b: [1, 2, { c: {} }] }]]], e: [] })], "x"],
    [[call("noargs", {})], null],
    [[], "Just text, no call."],
  ];
  const samples: Seed[] = [];
  awkward.forEach(([calls, content], i) => {
    try {
      samples.push({ id: `${id}:serialize#${i}`, text: f.serialize(calls, content), options: {} });
    } catch {
      // skip shapes the format cannot write
    }
  });
  return [...own, ...samples];
}

function call(name: string, args: unknown, i = 0): ToolCall {
  return { id: `a1B2c3D4${i}`, type: "function", function: { name, arguments: JSON.stringify(args) } };
}

// ---- text arbitraries ----

const SPECIAL = ["\0", "\ud800", "\udbff", "\udc00", "\udfff", "\ud83d", "\ude00", "😀", "\u2028", "\u2029", "\x7f", "\x1b", "\x01", "\x1f", "\t", "\r", "\n", "\r\n", " ", "\ufeff", "\ufffd", "\u00a0", "\v", "\f", "北京"];
const JSONISH = ["{", "}", "[", "]", '"', "'", ":", ",", "\\", "\\u", "\\u00", "\\ud83d", '\\"', "\\\\", "\\x", "null", "true", "1e", "-", "0", "=", "(", ")", "```", "```json"];

const codeUnit = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 3, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((n) => String.fromCharCode(n)) },
);

const binaryText = fc.string({ unit: "binary", maxLength: 300 });
const shortBinary = fc.string({ unit: "binary", maxLength: 12 });
/** Strings of `codeUnit`s (an array joined: `fc.string` with a custom unit re-tokenizes every value). */
const units = (maxLength: number) => fc.array(codeUnit, { maxLength }).map((a) => a.join(""));
const unitText = units(200);

function saltedText(id: string): fc.Arbitrary<string> {
  const { salts, markers } = markersOf(id);
  return fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: fc.string({ maxLength: 10 }) },
        { weight: 3, arbitrary: fc.constantFrom(...markers) },
        { weight: 3, arbitrary: fc.constantFrom(...salts) },
        { weight: 2, arbitrary: fc.constantFrom(...SPECIAL, ...JSONISH) },
        { weight: 1, arbitrary: units(6) },
      ),
      { maxLength: 40 },
    )
    .map((a) => a.join(""));
}

// ---- mutations ----

type Mutation =
  | { op: "truncate" | "cutHead" | "surrogateCut"; at: number }
  | { op: "insert"; at: number; what: string }
  | { op: "delete"; at: number; len: number }
  | { op: "dupMarker" | "dropMarker"; k: number }
  | { op: "swapMarkers"; k: number; j: number }
  | { op: "nearMiss"; k: number; what: string }
  | { op: "breakEscape"; k: number; what: string }
  | { op: "nest"; at: number; depth: number; style: number };

function mutationArb(id: string): fc.Arbitrary<Mutation> {
  const { salts, markers } = markersOf(id);
  const at = fc.nat();
  const payload = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...markers) },
    { weight: 2, arbitrary: fc.constantFrom(...salts) },
    { weight: 3, arbitrary: fc.constantFrom(...SPECIAL, ...JSONISH) },
    { weight: 2, arbitrary: units(12) },
    { weight: 1, arbitrary: shortBinary },
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ op: fc.constant("truncate" as const), at }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("cutHead" as const), at }) },
    { weight: 6, arbitrary: fc.record({ op: fc.constant("insert" as const), at, what: payload }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("delete" as const), at, len: fc.integer({ min: 1, max: 12 }) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constantFrom("dupMarker" as const, "dropMarker" as const), k: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("swapMarkers" as const), k: fc.nat(), j: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("nearMiss" as const), k: fc.nat(), what: fc.constantFrom(...salts) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("breakEscape" as const), k: fc.nat(), what: fc.constantFrom("", "\\", "u", "u12", "x", "q", "0", '"', "\n", "\ud800", "uD83D", "\\u", "U0001F600") }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("surrogateCut" as const), at }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("nest" as const), at, depth: fc.constantFrom(8, 100, 511, 512, 513, 514, 2000), style: fc.nat(3) }) },
  );
}

/** Occurrences of the format's markers in `text`, as [start, marker] in text order. */
function occurrences(text: string, markers: string[]): [number, string][] {
  const out: [number, string][] = [];
  for (const m of markers) {
    if (m.trim().length < 2) continue;
    for (let i = text.indexOf(m); i >= 0 && out.length < 4096; i = text.indexOf(m, i + 1)) out.push([i, m]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

const NESTS: [string, string][] = [["[", "]"], ['{"a": ', "}"], ["[{\"k\": [", "]}]"], ["(", ")"]];

export function mutate(text: string, m: Mutation, markers: string[]): string {
  const pos = (n: number) => n % (text.length + 1);
  switch (m.op) {
    case "truncate":
      return text.slice(0, pos(m.at));
    case "cutHead":
      return text.slice(pos(m.at));
    case "insert": {
      const p = pos(m.at);
      return text.slice(0, p) + m.what + text.slice(p);
    }
    case "delete": {
      const p = pos(m.at);
      return text.slice(0, p) + text.slice(p + m.len);
    }
    case "surrogateCut": {
      // Cut a surrogate pair in half (drop its low half), else insert a lone high surrogate.
      const s = text.search(/[\ud800-\udbff][\udc00-\udfff]/);
      if (s >= 0) return text.slice(0, s + 1) + text.slice(s + 2);
      const p = pos(m.at);
      return text.slice(0, p) + "\ud83d" + text.slice(p);
    }
    case "nest": {
      const p = pos(m.at);
      const [open, close] = NESTS[m.style % NESTS.length];
      const closed = m.depth % 2 === 0 ? close.repeat(m.depth) : "";
      return text.slice(0, p) + open.repeat(m.depth) + "1" + closed + text.slice(p);
    }
    case "breakEscape": {
      const slashes: number[] = [];
      for (let i = text.indexOf("\\"); i >= 0 && slashes.length < 512; i = text.indexOf("\\", i + 1)) slashes.push(i);
      if (slashes.length === 0) {
        const p = pos(m.k);
        return text.slice(0, p) + "\\" + m.what + text.slice(p);
      }
      const i = slashes[m.k % slashes.length];
      return text.slice(0, i + 1) + m.what + text.slice(i + 2);
    }
    default: {
      const occ = occurrences(text, markers);
      if (occ.length === 0) return text;
      const [i, mk] = occ[m.k % occ.length];
      if (m.op === "dupMarker") return text.slice(0, i) + mk + text.slice(i);
      if (m.op === "dropMarker") return text.slice(0, i) + text.slice(i + mk.length);
      if (m.op === "nearMiss") return text.slice(0, i) + m.what + text.slice(i + mk.length);
      if (m.op !== "swapMarkers") return text;
      // swap: the marker at k with the one at j (if they do not overlap)
      const [j, mj] = occ[m.j % occ.length];
      if (j === i) return text;
      const [a, ma, b, mb] = i < j ? [i, mk, j, mj] : [j, mj, i, mk];
      if (a + ma.length > b) return text;
      return text.slice(0, a) + mb + text.slice(a + ma.length, b) + ma + text.slice(b + mb.length);
    }
  }
}

// ---- options and chunking ----

const LIMIT_ARBS: Record<keyof ParserLimits, fc.Arbitrary<number>> = {
  maxUndecided: fc.integer({ min: 0, max: 300 }),
  maxHeldWhitespace: fc.integer({ min: 0, max: 8 }),
  maxCalls: fc.integer({ min: 0, max: 3 }),
  maxArguments: fc.integer({ min: 0, max: 64 }),
  maxDepth: fc.integer({ min: 0, max: 8 }),
};

const limitsArb = (names: (keyof ParserLimits)[]): fc.Arbitrary<Partial<ParserLimits>> =>
  fc.record(Object.fromEntries(names.map((n) => [n, LIMIT_ARBS[n]])) as Record<keyof ParserLimits, fc.Arbitrary<number>>, { requiredKeys: [] });

const toolsArb: fc.Arbitrary<Tool[]> = fc.constantFrom(
  [
    { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" } } } } },
    { type: "function", function: { name: "get_time", parameters: { type: "object", properties: { zone: { type: "string" }, hours: { type: "number" }, flags: { type: "array" }, opts: { type: "object" }, on: { type: "boolean" } } } } },
  ] satisfies Tool[],
  [{ type: "function", function: { name: "python" } }] satisfies Tool[],
);

/** A random variation of the options, laid over a seed's own. */
const optionsVariant = (limits: (keyof ParserLimits)[]): fc.Arbitrary<FuzzOptions> =>
  fc.record(
    {
      tools: toolsArb,
      tool_choice: fc.constantFrom("none" as const, "auto" as const, "required" as const, { type: "function" as const, function: { name: "get_weather" } }),
      parallel_tool_calls: fc.boolean(),
      startInReasoning: fc.boolean(),
      separateReasoning: fc.boolean(),
      limits: limitsArb(limits),
    },
    { requiredKeys: [] },
  );

export const chunkingArb: fc.Arbitrary<Chunking> = fc.record({
  mode: fc.constantFrom("ones", "pairs", "random", "random", "random", "whole") as fc.Arbitrary<Chunking["mode"]>,
  seed: fc.noBias(fc.nat()),
  max: fc.constantFrom(2, 3, 5, 8, 16, 64, 1024),
});

/** Huge inputs: a multi-MB argument string, a whole output repeated, a long whitespace run, or
 *  deep nesting; from 1 to 4 MB. */
function hugeOf(seed: Seed, kind: number, mb: number, at: number): FuzzInput["text"] {
  const n = mb * 1_000_000;
  const t = seed.text;
  const p = at % (t.length + 1);
  switch (kind) {
    case 0: {
      // inside the first string value after the name if there is one, else anywhere
      const q = t.indexOf('": "', t.indexOf("{")) + 4;
      const i = q >= 4 ? q : p;
      return t.slice(0, i) + "lorem ipsum ".repeat(n / 12) + t.slice(i);
    }
    case 1:
      return (t + "\n").repeat(Math.ceil(n / Math.max(1, t.length + 1)));
    case 2:
      return t.slice(0, p) + " \n".repeat(n / 2) + t.slice(p);
    default:
      return t.slice(0, p) + "[".repeat(n / 4) + t.slice(p);
  }
}

/**
 * Every fuzz input of a format. `settings.huge` (default true) allows the rare multi-MB input.
 */
export function fuzzInputs(id: string, settings: GeneratorSettings = {}): fc.Arbitrary<FuzzInput> {
  const key = `${id}\0${settings.huge !== false}\0${settings.limits ?? ""}\0${settings.maxNest ?? ""}`;
  let arb = arbCache.get(key);
  if (!arb) arbCache.set(key, (arb = makeFuzzInputs(id, settings)));
  return arb;
}

const arbCache = new Map<string, fc.Arbitrary<FuzzInput>>();

function makeFuzzInputs(id: string, settings: GeneratorSettings): fc.Arbitrary<FuzzInput> {
  const seeds = seedsOf(id);
  const { markers } = markersOf(id);
  const variant = optionsVariant(settings.limits ?? LIMIT_NAMES);
  const options = fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: variant });
  const plain = (source: string, text: fc.Arbitrary<string>) => fc.record({ source: fc.constant(source), text, chunking: chunkingArb, options });
  const mutated = fc
    .record({
      k: fc.nat(seeds.length - 1),
      mutations: fc.array(mutationArb(id), { minLength: 1, maxLength: 4 }),
      variant: fc.option(variant, { freq: 3 }),
      chunking: chunkingArb,
      // Multi-MB inputs are rare; noBias keeps fast-check from favouring the top value, and
      // shrinking moves towards 0, away from it.
      huge: fc.noBias(fc.nat(HUGE_EVERY - 1)),
      hugeKind: fc.nat(3),
      hugeMb: fc.integer({ min: 1, max: 4 }),
    })
    .map(({ k, mutations, variant, chunking, huge, hugeKind, hugeMb }): FuzzInput => {
      const seed = seeds[k];
      const options = variant ? { ...seed.options, ...variant } : seed.options;
      if (settings.huge !== false && huge === HUGE_EVERY - 1) {
        return { source: `huge#${hugeKind} ${hugeMb}MB ${seed.id}`, text: hugeOf(seed, hugeKind, hugeMb, mutations.length), chunking, options };
      }
      const cap = settings.maxNest;
      const text = mutations.reduce((t, m) => mutate(t, cap !== undefined && m.op === "nest" && m.depth > cap ? { ...m, depth: cap } : m, markers), seed.text);
      return { source: `mutated ${seed.id}`, text, chunking, options };
    });
  return fc.oneof(
    { weight: 2, arbitrary: plain("binary", binaryText) },
    { weight: 2, arbitrary: plain("units", unitText) },
    { weight: 4, arbitrary: plain("salted", saltedText(id)) },
    { weight: 8, arbitrary: mutated },
  );
}
