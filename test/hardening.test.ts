/**
 * Hardening under hostile input and load (the fuzz logic is in `scripts/fuzz/`):
 * - a short fuzz run of every registered format: no throw, no retraction, stream = whole, no
 *   split surrogate pair, no lost character (`npm run fuzz` runs the long version);
 * - every regular expression of the project is ReDoS-safe according to `recheck`;
 * - each limit gives its documented diagnostic (or behaviour) and never an exception out of `push`;
 * - memory stays proportional to what is undecided;
 * - misuse fails with a message that says what to fix.
 */
import { spawnSync } from "node:child_process";
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import { checkSync } from "recheck";
import { describe, expect, it } from "vitest";
import { createStreamParser, getFormat, listFormats, parse } from "../parsers/index.ts";
import type { ChoiceDelta, ParseOptions, ToolCall } from "../parsers/types.ts";
import { Cursor } from "../parsers/engine/cursor.ts";
import { accumulate } from "../parsers/engine/accumulate.ts";
import { comparable, fixedChunks, randomChunks, rng, stream, testIds } from "../scripts/conformance/check.ts";
import { ROOT } from "../scripts/conformance/corpus.ts";
import { FAILURE_KINDS } from "../scripts/fuzz/checks.ts";
import { fuzzFormat, reproCommand, totalFailures } from "../scripts/fuzz/run.ts";
import { realOutputs } from "../scripts/fuzz/outputs.ts";
import { MinimalHermes } from "../scripts/bench-scale-standins.ts";
import { findRegexes, tsFiles } from "../scripts/fuzz/regexes.ts";

const formats = listFormats().map((f) => f.id);

// ---- fuzz ----

const RUNS = Number(process.env.TOOLWIRE_FUZZ_RUNS ?? 150);
const SEED = Number(process.env.TOOLWIRE_FUZZ_SEED ?? 20_260_101);
describe("fuzz (short run; `npm run fuzz` for 100,000 runs per format)", () => {
  it.each(formats)("%s: no throw, retraction, stream ≠ whole, split pair or lost character", (id) => {
    const settings = { runs: RUNS, seed: SEED, huge: false, shrinkMs: 3000 };
    const r = fuzzFormat(id, settings);
    const lines = r.failures.map((f) => {
      const input = f.shrunk?.input ?? f.input;
      return `${f.kind}: ${f.shrunk?.detail ?? f.detail}\n  text ${JSON.stringify(input.text).slice(0, 400)}\n  chunking ${JSON.stringify(input.chunking)} options ${JSON.stringify(input.options).slice(0, 300)}\n  repro: ${reproCommand(id, f.seed, f.shrunk?.path ?? f.path, settings)}`;
    });
    expect(r.runs).toBe(RUNS);
    expect(lines.join("\n")).toBe("");
    expect(totalFailures(r)).toBe(0);
    for (const k of FAILURE_KINDS) expect(r.counts[k]).toBe(0);
  });
});

describe("inputs the long fuzz found", () => {
  // seed 49, seed_oss: two lone high surrogates at the end of a truncated XML parameter value.
  // The value's trailing text (what the template may trim, a high surrogate whose pair may
  // follow) used to be held per chunk: with one character per chunk both halves stayed held,
  // whole-text parsing emitted the first. Every format, a string value cut after the surrogates.
  const CUT = "Q7CUTHEREQ7";
  it.each(formats)("%s: lone high surrogates at the end of a cut-off value stream as whole-text parsing reads them", (id) => {
    const f = getFormat(id);
    const full = f.serialize([{ id: "a1B2c3D4e", type: "function", function: { name: "write_file", arguments: JSON.stringify({ path: CUT }) } }], null);
    const at = full.indexOf(CUT);
    expect(at).toBeGreaterThan(0);
    const text = full.slice(0, at) + "北京/\ud83d\ud83d";
    const options: ParseOptions = { generateId: testIds };
    const whole = parse(id, text, options);
    for (const size of [1, 2, 3]) {
      const r = stream(id, fixedChunks(text, size), options, whole);
      expect(r.violation).toBeNull();
      expect(comparable(r)).toEqual(comparable(whole));
    }
  });
});

// ---- regular expressions ----


describe("regular expressions", () => {
  // recheck's default backend: its native binary (shipped in the npm package recheck-linux-x64,
  // no download), else its pure-JS checker in a worker. RECHECK_SYNC_BACKEND=pure forces the pure
  // checker in this process (offline everywhere, about 3× slower).
  const found = findRegexes(ROOT, tsFiles(ROOT, ["parsers", "templates", "serve", "scripts"]));

  it("are all found (regex literals and RegExp constructions)", () => {
    expect(found.length).toBeGreaterThan(10);
    const opaque = found.filter((r) => r.source === null).map((r) => `${r.where}: ${r.code}`);
    expect(opaque, "a RegExp built from a value this test cannot resolve: build it from literals or consts so it can be checked").toEqual([]);
  });

  it("are ReDoS-safe according to recheck", () => {
    const verdicts = new Map<string, string>();
    const bad: string[] = [];
    for (const r of found) {
      if (r.source === null) continue;
      const key = `${r.source}\0${r.flags}`;
      let status = verdicts.get(key);
      if (status === undefined) {
        const d = checkSync(r.source, r.flags, { randomSeed: 1, timeout: 10_000 });
        status = d.status === "vulnerable" ? `vulnerable (${d.complexity.type}; attack ${d.attack.pattern})` : d.status === "unknown" ? `unknown (${d.error.kind})` : "safe";
        verdicts.set(key, status);
      }
      if (status === "safe") continue;
      bad.push(`${r.where} /${r.source}/${r.flags}${r.approximate ? " (dynamic parts approximated)" : ""}: ${status}`);
    }
    expect(bad).toEqual([]);
  });
});

// ---- limits ----

const HERMES = (args: string, name = "f") => `<tool_call>{"name": "${name}", "arguments": ${args}}</tool_call>`;

/** Streams `text` in `size`-character chunks; every push and the end must not throw. */
function pushAll(format: string, text: string, size: number, options: ParseOptions = {}) {
  const s = stream(format, chop(text, size), { generateId: testIds, ...options });
  return s;
}

const chop = (text: string, size: number) => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
const codes = (r: { diagnostics: { code: string }[] }) => r.diagnostics.map((d) => d.code);

/** `parse` of `text`, after checking that every chunking (fixed sizes, 1 character included, and
 *  seeded random cuts) streams to exactly that result with nothing retracted. */
function wholeAndStreams(format: string, text: string, options: ParseOptions) {
  const opts: ParseOptions = { generateId: testIds, ...options };
  const whole = parse(format, text, opts);
  const rand = rng(7);
  const chunkings = [...[1, 2, 3, 5, 7, 13, 64].map((n) => chop(text, n)), ...[2, 4, 9, 30].map((max) => randomChunks(text, rand, max)), [text]];
  for (const chunks of chunkings) {
    const s = stream(format, chunks, opts, whole);
    const label = `${format}, chunks ${JSON.stringify(chunks.slice(0, 3))}…`;
    expect(s.violation, label).toBeNull();
    expect(comparable(s), label).toEqual(comparable(whole));
  }
  return whole;
}

/** A tool `f` whose parameter `name` has this schema. */
const toolWith = (name: string, schema: Record<string, unknown>): ParseOptions["tools"] => [
  { type: "function", function: { name: "f", parameters: { type: "object", properties: { [name]: schema } } } },
];

describe("limits give their documented diagnostic, never an exception out of push", () => {
  it("maxUndecided: a call still undecided past the bound falls back to content (limit_exceeded)", () => {
    const text = `x <tool_call>{"arguments": {"a": "${"y".repeat(500)}"}, "name": "f"}</tool_call>`;
    for (const size of [1, 7, text.length]) {
      const r = pushAll("hermes", text, size, { limits: { maxUndecided: 100 } });
      expect(r.tool_calls).toEqual([]);
      expect(r.content).toBe(text);
      expect(codes(r)).toEqual(["limit_exceeded"]);
      expect(r.violation).toBeNull();
    }
  });

  it("maxCalls: start markers past the bound stay content (limit_exceeded)", () => {
    const text = HERMES("{}").repeat(5);
    for (const size of [1, 5, text.length]) {
      const r = pushAll("hermes", text, size, { limits: { maxCalls: 2 } });
      expect(r.tool_calls).toHaveLength(2);
      expect(r.content).toBe(HERMES("{}").repeat(3));
      // Reported once: the diagnostics list stays bounded too.
      expect(codes(r)).toEqual(["limit_exceeded"]);
    }
  });

  it("maxCalls: calls past the bound inside one block are read but not emitted (limit_exceeded, once)", () => {
    const text = "<TOOLCALL>[" + Array.from({ length: 10 }, (_, i) => `{"name": "f", "arguments": {"i": ${i}}}`).join(", ") + "]</TOOLCALL>";
    for (const size of [1, 7, text.length]) {
      const r = pushAll("nemotron", text, size, { limits: { maxCalls: 3 } });
      expect(r.tool_calls.map((c) => JSON.parse(c.function.arguments).i)).toEqual([0, 1, 2]);
      expect(r.content).toBeNull();
      expect(codes(r)).toEqual(["limit_exceeded"]);
    }
  });

  it("maxArguments: the arguments are cut at the bound, the rest read but not emitted (limit_exceeded)", () => {
    const text = HERMES(`{"a": "${"z".repeat(1000)}"}`) + "after";
    const whole = parse("hermes", text, { limits: { maxArguments: 50 } });
    expect(whole.tool_calls[0].function.arguments).toHaveLength(50);
    expect(whole.content).toBe("after");
    expect(codes(whole)).toEqual(["limit_exceeded"]);
    for (const size of [1, 3, 64]) {
      const r = pushAll("hermes", text, size, { limits: { maxArguments: 50 } });
      expect(r.tool_calls[0].function.arguments).toBe(whole.tool_calls[0].function.arguments);
      expect(r.content).toBe("after");
      expect(r.violation).toBeNull();
    }
  });

  it("maxArguments holds in every format", () => {
    const call: ToolCall = { id: "a1B2c3D4e", type: "function", function: { name: "write_file", arguments: JSON.stringify({ text: "w".repeat(5000) }) } };
    for (const id of formats) {
      const text = getFormat(id).serialize([call], null);
      for (const size of [7, text.length]) {
        const r = pushAll(id, text, size, { limits: { maxArguments: 100 } });
        expect(r.tool_calls, id).toHaveLength(1);
        expect(r.tool_calls[0].function.arguments.length, id).toBeLessThanOrEqual(100);
        expect(codes(r), id).toContain("limit_exceeded");
      }
    }
  });

  it("maxDepth: nesting past the bound stops the call (limit_exceeded), in every format that nests JSON", () => {
    const deep = (n: number) => "[".repeat(n) + "1" + "]".repeat(n);
    const r = parse("hermes", HERMES(`{"a": ${deep(50)}}`), { limits: { maxDepth: 10 } });
    expect(codes(r)).toContain("limit_exceeded");
    // Default bound (512), every format: no exception however the text is cut, and the bound is
    // reported — by the JSON formats' scanner, by the nesting readers (pythonic, Gemma), and for a
    // value typed as an array from text (XML formats, FunctionGemma: `schema.ts` typeText).
    const tools = toolWith("a", { type: "array" });
    for (const id of formats) {
      const text = getFormat(id).serialize([{ id: "a1B2c3D4e", type: "function", function: { name: "f", arguments: `{"a": ${deep(600)}}` } }], null);
      for (const size of [5, text.length]) {
        const s = pushAll(id, text, size, { tools });
        expect(codes(s), id).toContain("limit_exceeded");
        expect(s.violation, id).toBeNull();
      }
    }
  });

  it("maxDepth: the same arguments are within the bound, or past it, in every format", () => {
    // {"a": [[1]]} nests 3 deep, {"a": [[[1]]]} 4: a value typed from text counts the arguments
    // object around it, as the JSON formats' scanner does.
    const tools = toolWith("a", { type: "array" });
    for (const id of formats) {
      for (const [value, over] of [["[[1]]", false], ["[[[1]]]", true]] as const) {
        const text = getFormat(id).serialize([{ id: "a1B2c3D4e", type: "function", function: { name: "f", arguments: `{"a": ${value}}` } }], null);
        const r = parse(id, text, { tools, limits: { maxDepth: 3 }, generateId: testIds });
        expect(codes(r).includes("limit_exceeded"), `${id} ${value}`).toBe(over);
      }
    }
  });

  it("maxDepth: a value typed as an object from text (qwen3_coder) is bounded: kept as a string (limit_exceeded)", () => {
    const nested = (n: number, q: string) => `{${q}x${q}: `.repeat(n) + "1" + "}".repeat(n);
    const tools = toolWith("o", { type: "object" });
    const limits = { maxDepth: 10 };
    // JSON and a Python literal (as templates print with `| string`), nested past the bound.
    for (const value of [nested(50, '"'), nested(50, "'")]) {
      const text = `<tool_call>\n<function=f>\n<parameter=o>\n${value}\n</parameter>\n</function>\n</tool_call>`;
      const r = wholeAndStreams("qwen3_coder", text, { tools, limits });
      expect(r.tool_calls).toHaveLength(1);
      // What a value that does not parse becomes: its text as a JSON string.
      expect(JSON.parse(r.tool_calls[0].function.arguments)).toEqual({ o: value });
      expect(codes(r)).toEqual(["limit_exceeded"]);
      expect(r.diagnostics[0].message).toMatch(/nested deeper than 10 in the value of "o"/);
    }
    // Within the bound (the arguments object is depth 1): typed as an object, no diagnostic.
    for (const value of [nested(9, '"'), nested(9, "'")]) {
      const text = `<tool_call>\n<function=f>\n<parameter=o>\n${value}\n</parameter>\n</function>\n</tool_call>`;
      const r = wholeAndStreams("qwen3_coder", text, { tools, limits });
      expect(JSON.parse(r.tool_calls[0].function.arguments)).toEqual({ o: JSON.parse(nested(9, '"')) });
      expect(codes(r)).toEqual([]);
    }
  });

  it("maxDepth: a value typed as JSON from text in other families (functiongemma, glm47, minimax_m2) is bounded", () => {
    const deep = (n: number) => "[".repeat(n) + "1" + "]".repeat(n);
    const limits = { maxDepth: 10 };
    const cases: [string, string, ParseOptions["tools"]][] = [
      // FunctionGemma: typed by the schema, and without one (JSON when it reads as JSON).
      ["functiongemma", `<start_function_call>call:f{a:<escape>${deep(50)}<escape>}<end_function_call>`, toolWith("a", { type: "array" })],
      ["functiongemma", `<start_function_call>call:f{a:<escape>${deep(50)}<escape>}<end_function_call>`, undefined],
      // GLM: without a schema a value is JSON when it reads as JSON.
      ["glm47", `<tool_call>f<arg_key>a</arg_key><arg_value>${deep(50)}</arg_value></tool_call>`, undefined],
      ["minimax_m2", `<minimax:tool_call>\n<invoke name="f">\n<parameter name="a">${deep(50)}</parameter>\n</invoke>\n</minimax:tool_call>`, toolWith("a", { type: ["array", "null"] })],
    ];
    for (const [id, text, tools] of cases) {
      const r = wholeAndStreams(id, text, { tools, limits });
      expect(r.tool_calls, id).toHaveLength(1);
      expect(JSON.parse(r.tool_calls[0].function.arguments), id).toEqual({ a: deep(50) });
      expect(codes(r), id).toEqual(["limit_exceeded"]);
      // Within the bound it is an array.
      const ok = wholeAndStreams(id, text.replace(deep(50), deep(9)), { tools, limits });
      expect(JSON.parse(ok.tool_calls[0].function.arguments), id).toEqual({ a: JSON.parse(deep(9)) });
      expect(codes(ok), id).toEqual([]);
    }
  });

  it("maxDepth: a deep value typed from text costs one pass (the scan stops at the bound)", () => {
    const n = 300_000; // 600,000 characters (within maxArguments)
    const text = `<tool_call>\n<function=f>\n<parameter=a>\n${"[".repeat(n)}${"]".repeat(n)}\n</parameter>\n</function>\n</tool_call>`;
    const t = performance.now();
    const r = parse("qwen3_coder", text, { tools: toolWith("a", { type: "array" }), generateId: testIds });
    expect(performance.now() - t).toBeLessThan(2000);
    expect(codes(r)).toEqual(["limit_exceeded"]);
  });

  it("maxUndecided: a FunctionGemma value held to be typed is given up by its length alone, whatever the chunking", () => {
    const list = (n: number) => `[${Array.from({ length: n }, (_, i) => i + 1).join(", ")}]`;
    const call = (value: string) => `<start_function_call>call:f{a:<escape>${value}<escape>}<end_function_call>`;
    // The fuzzer's finding: the piece that decides the type (all of it, in a whole-text parse) was
    // not held to the bound, so a whole parse kept the array and a streamed one gave it up.
    const value = list(17); // 61 characters
    const r = wholeAndStreams("functiongemma", call(value), { limits: { maxUndecided: 40 } });
    expect(JSON.parse(r.tool_calls[0].function.arguments)).toEqual({ a: value });
    expect(codes(r)).toEqual(["limit_exceeded"]);
    // At the bound exactly it is still typed; one character more, it is a string. With a schema type too.
    for (const tools of [undefined, toolWith("a", { type: "array" })]) {
      const at = wholeAndStreams("functiongemma", call(value), { tools, limits: { maxUndecided: value.length } });
      expect(JSON.parse(at.tool_calls[0].function.arguments)).toEqual({ a: JSON.parse(value) });
      expect(codes(at)).toEqual([]);
      const past = wholeAndStreams("functiongemma", call(value), { tools, limits: { maxUndecided: value.length - 1 } });
      expect(JSON.parse(past.tool_calls[0].function.arguments)).toEqual({ a: value });
      expect(codes(past)).toEqual(["limit_exceeded"]);
    }
    // Leading whitespace counts as held text too (before the first character decides the type).
    const spaced = " ".repeat(50) + "[1]";
    const w = wholeAndStreams("functiongemma", call(spaced), { limits: { maxUndecided: 40 } });
    expect(JSON.parse(w.tool_calls[0].function.arguments)).toEqual({ a: spaced });
    expect(codes(w)).toEqual(["limit_exceeded"]);
    // Also when the first character would make it a string: the diagnostic does not depend on
    // whether the whitespace arrived in pieces of its own.
    for (const first of ["abc", "[1]"]) {
      const long = " ".repeat(41) + first;
      const l = wholeAndStreams("functiongemma", call(long), { limits: { maxUndecided: 40 } });
      expect(JSON.parse(l.tool_calls[0].function.arguments)).toEqual({ a: long });
      expect(codes(l)).toEqual(["limit_exceeded"]);
      const short = " ".repeat(40) + "abc";
      expect(codes(wholeAndStreams("functiongemma", call(short), { limits: { maxUndecided: 40 } }))).toEqual([]);
    }
  });

  it("maxUndecided: a value held until a later character decides it (a Python tuple's first element, a dict key, a delimited Gemma key) is bounded, whatever the chunking", () => {
    const big = "[" + "1, ".repeat(30) + "2]"; // 92 characters, held until the comma after it
    for (const [format, text] of [
      ["pythonic", `[f(a=(${big}, 3))]`],
      ["pythonic", `[f(a={'${"k".repeat(92)}': 1})]`],
      ["pythonic", `[f(a={'a': 1, '${"k".repeat(92)}': 2})]`],
      ["functiongemma", `<start_function_call>call:f{<escape>${"k".repeat(92)}<escape>:1}<end_function_call>`],
    ] as const) {
      const within = wholeAndStreams(format, text, { limits: { maxUndecided: 1000 } });
      expect(codes(within), text).not.toContain("limit_exceeded");
      const past = wholeAndStreams(format, text, { limits: { maxUndecided: 40 } });
      expect(codes(past), text).toContain("limit_exceeded");
    }
  });

  it("maxHeldWhitespace: a long whitespace run is emitted past the bound, whatever the chunking", () => {
    const p = createStreamParser("hermes", { limits: { maxHeldWhitespace: 16 } });
    let out = "";
    const take = (ds: ChoiceDelta[]) => ds.forEach((d) => "content" in d && (out += d.content));
    take(p.push("a"));
    for (let i = 0; i < 100; i++) take(p.push(" ".repeat(100)));
    expect(out.length).toBe(1 + 10_000 - 16); // all but the held 16
    take(p.push("b"));
    take(p.end().deltas);
    expect(out).toBe("a" + " ".repeat(10_000) + "b");
    // Before markup the held run is dropped; the emitted part depends only on the run's length.
    const text = "a" + " ".repeat(1000) + HERMES("{}");
    const whole = parse("hermes", text, { limits: { maxHeldWhitespace: 16 }, generateId: testIds });
    expect(whole.content).toBe("a" + " ".repeat(1000 - 16));
    for (const size of [1, 3, 100]) expect(comparable(pushAll("hermes", text, size, { limits: { maxHeldWhitespace: 16 } }))).toEqual(comparable(whole));
  });

  it("tiny limits on every format's real outputs: no exception out of push or end", () => {
    const tiny = { maxUndecided: 3, maxHeldWhitespace: 0, maxCalls: 1, maxArguments: 2, maxDepth: 1 };
    for (const id of formats) {
      const text = getFormat(id).serialize(
        [
          { id: "a1B2c3D4e", type: "function", function: { name: "get_weather", arguments: '{"city": "Paris", "n": [1, {"b": null}]}' } },
          { id: "f5G6h7J8k", type: "function", function: { name: "get_time", arguments: "{}" } },
        ],
        "Checking.",
      );
      for (const size of [1, 4, text.length]) expect(() => pushAll(id, text, size, { limits: tiny }), id).not.toThrow();
    }
  });
});

// ---- memory ----

/** Node's `gc()`, exposed at run time (the flag can be set after start-up; `vm` hands out the function). */
function exposeGc(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

/** The parser's retained input: the cursor's buffer (an internal field, read through a cast). */
/** The text a parser keeps: its cursor's buffer and the undecided text held apart from it. */
const retained = (p: unknown) => {
  const c = (p as { cur: { buf: string; back: string } }).cur;
  return c.buf.length + c.back.length;
};

describe("memory stays proportional to what is undecided", () => {
  const MB10 = 10_000_000;
  const CHUNK = 4096;
  const filler = "lorem ipsum ".repeat(CHUNK / 12 + 1).slice(0, CHUNK);

  // Measured two ways: the parser's retained buffer (deterministic, via a cast to the engine's
  // cursor) after every push, and the heap held by the live parser after a forced GC.
  it.each([
    ["plain content", "Sure. ", ""],
    ["one call's arguments", '<tool_call>{"name": "write_file", "arguments": {"text": "', '"}}</tool_call>'],
  ])("10 MB of %s: the retained buffer and heap stay small", (_, head, tail) => {
    const gc = exposeGc();
    gc();
    const before = process.memoryUsage().heapUsed;
    const p = createStreamParser("hermes");
    let most = 0;
    let emitted = 0;
    const count = (ds: ChoiceDelta[]) => ds.forEach((d) => (emitted += "content" in d ? d.content.length : "tool_calls" in d ? (d.tool_calls[0].function.arguments ?? "").length : 0));
    count(p.push(head));
    for (let i = 0; i < MB10 / CHUNK; i++) {
      count(p.push(filler));
      most = Math.max(most, retained(p));
    }
    gc();
    const held = process.memoryUsage().heapUsed - before;
    count(p.push(tail));
    const e = p.end();
    count(e.deltas);
    expect(most).toBeLessThan(2 * CHUNK);
    expect(held).toBeLessThan(4_000_000); // the 10 MB (20 MB as UTF-16) are not kept
    expect(emitted).toBeGreaterThan(1_000_000);
  });

  it("an undecided call is kept only while undecided: arguments before the name, then the name", () => {
    const p = createStreamParser("hermes");
    p.push('<tool_call>{"arguments": {"text": "');
    let most = 0;
    for (let i = 0; i < 40_000 / CHUNK; i++) {
      p.push(filler);
      most = Math.max(most, retained(p));
    }
    expect(most).toBeGreaterThan(40_000 - CHUNK); // held: the call may still fall back to content
    expect(most).toBeLessThan(40_000 + 2 * CHUNK);
    const out = p.push('"}, "name": "f"}</tool_call>');
    expect(out[0]).toMatchObject({ tool_calls: [{ index: 0, function: { name: "f" } }] });
    p.push(filler);
    expect(retained(p)).toBeLessThan(2 * CHUNK); // decided: dropped
  });

  it("every format: 0.5 MB of content or of one call's arguments leaves the buffer small", () => {
    for (const f of listFormats()) {
      const PH = "QQPLACEHOLDERQQ";
      const [pre, post = ""] = f.serialize([{ id: "a1B2c3D4e", type: "function", function: { name: "write_file", arguments: JSON.stringify({ text: PH }) } }], null).split(PH);
      for (const [head, tail] of [["Sure. ", ""], [pre, post]]) {
        const p = createStreamParser(f.id);
        let most = 0;
        p.push(head);
        for (let i = 0; i < 500_000 / CHUNK; i++) {
          p.push(filler);
          most = Math.max(most, retained(p));
        }
        p.push(tail);
        p.end();
        expect(most, `${f.id} (${head === pre ? "arguments" : "content"})`).toBeLessThan(2 * CHUNK);
      }
    }
  });
});

describe("the cursor keeps undecided text apart from its buffer", () => {
  it("text from the hold point stays retrievable after it leaves the buffer, and a rewind brings it back", () => {
    const c = new Cursor();
    c.append("Sure.<tool");
    c.holdFrom(5); // a marker may start here
    c.pos = 10;
    c.compact(10);
    expect(c.buf).toBe(""); // the buffer keeps only what readers still need
    expect(c.back).toBe("<tool");
    c.append("_call>");
    expect(c.slice(5, 16)).toBe("<tool_call>");
    c.seek(6);
    expect(c.buf).toBe("tool_call>");
    expect(String.fromCharCode(c.code())).toBe("t");
    expect(c.slice(5, 16)).toBe("<tool_call>");
    c.holdFrom(-1);
    c.pos = 16;
    c.compact(16);
    expect(c.buf + c.back).toBe("");
  });

  it("a rewind across pushes reads the same text as whole-text parsing", () => {
    // functionary_v32 reads a recipient line and, when no JSON follows, rewinds to its start (the
    // text is content); lfm2 sees `[` of a pythonic list, then `{`, and rewinds to re-read the
    // list as JSON calls. Both rewind to text that left the buffer pushes earlier.
    for (const [format, text, content] of [
      ["functionary_v32", "Sure\nHere you go.", "Sure\nHere you go."],
      ["lfm2", '<|tool_call_start|>[{"name": "get_weather", "arguments": {"city": "Berlin"}}]<|tool_call_end|>', null],
      ["pythonic", "[get_weather(city=Paris)] and more", "Paris)] and more"],
    ] as const) {
      const whole = comparable(parse(format, text, { generateId: testIds }));
      expect(whole.content, `${format}: content`).toBe(content);
      for (const size of [1, 2, 3]) expect(comparable(stream(format, fixedChunks(text, size), { generateId: testIds })), `${format} in ${size}-char chunks`).toEqual(whole);
    }
  });
});

describe("the scale benchmark's minimal Hermes parser (a reference row of `bench --scale --format hermes`)", () => {
  it("reads every well-formed Hermes output as the engine does: the same calls, names and arguments", () => {
    // Its README claim is that it does the engine's work on well-formed output, only less of the
    // rest; "well-formed" is an output the engine parses without a diagnostic.
    const outputs = realOutputs().seeds.filter((s) => s.id.startsWith("hermes:") && parse("hermes", s.text, s.options).diagnostics.length === 0);
    expect(outputs.length).toBeGreaterThan(20);
    const noWs = (s: string) => s.replace(/\s/g, ""); // the engine passes the model's own whitespace
    const calls = (ts: ToolCall[]) => ts.map((t) => [t.function.name, noWs(t.function.arguments)]);
    for (const s of outputs) {
      const want = calls(parse("hermes", s.text, s.options).tool_calls);
      for (const size of [1, 4, 7]) {
        const p = new MinimalHermes();
        const deltas = fixedChunks(s.text, size).flatMap((c) => p.push(c));
        const got = calls(accumulate([...deltas, ...p.end().deltas]).tool_calls);
        expect(got, `${s.id} in ${size}-character chunks`).toEqual(want);
      }
    }
  });
});

// ---- misuse ----

describe("bad requests fail clearly", () => {
  it("unknown format ids name the id and the known ones", () => {
    for (const call of [() => parse("nope", "x"), () => createStreamParser("nope"), () => getFormat("nope")])
      expect(call).toThrow(new RegExp(`unknown format "nope"; known formats: ${formats.join(", ")}$`));
    expect(() => createStreamParser(42 as unknown as string)).toThrow(/format id must be a string, got number/);
  });

  it("the scripts' --format takes only known ids: a usage error naming them, before any work", () => {
    for (const args of [["scripts/bench.ts", "--format", "nope"], ["scripts/bench.ts", "--scale", "--format", "nope"], ["scripts/bench-scale.ts", "--format", "nope"], ["scripts/fuzz.ts", "--format", "hermes,nope"]]) {
      const r = spawnSync(process.execPath, ["--import", "tsx", ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
      expect(r.status, args.join(" ")).toBe(1);
      expect(r.stderr, args.join(" ")).toContain(`unknown format "nope"; known formats: ${formats.join(", ")}`);
      expect(r.stderr, args.join(" ")).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it("non-string chunks say what was pushed", () => {
    for (const [v, got] of [
      [42, "number"],
      [null, "null"],
      [undefined, "undefined"],
      [{}, "object"],
      [Buffer.from("x"), "object"],
    ] as const) {
      const s = createStreamParser("hermes");
      expect(() => s.push(v as unknown as string)).toThrow(new RegExp(`push\\(\\) takes a string, got ${got}`));
      expect(s.push("still usable")).toEqual([{ content: "still usable" }]);
    }
    expect(() => parse("hermes", 42 as unknown as string)).toThrow(/parse\(\) takes the model output as a string, got number/);
  });

  it("push after end and end twice say to create a new parser", () => {
    const s = createStreamParser("hermes");
    s.push("hi");
    s.end();
    expect(() => s.push("x")).toThrow(/push\(\) after end\(\); create a new parser for each response/);
    expect(() => s.end()).toThrow(/end\(\) called twice/);
  });
});
