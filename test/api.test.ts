/**
 * The public API's contract beyond the corpus: clear errors for misuse, ids, limits, surrogate
 * pairs, and the delta shapes a server forwards.
 */
import { describe, expect, it } from "vitest";
import { createStreamParser, getFormat, listFormats, parse } from "../index.ts";

const call = '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>';

describe("misuse is an error that says what to fix", () => {
  it("unknown format ids name the known ones", () => {
    expect(() => parse("hermes2", "x")).toThrow(/unknown format "hermes2"; known formats: hermes, qwen/);
    expect(() => createStreamParser("nope")).toThrow(/known formats/);
    expect(() => getFormat("nope")).toThrow(/known formats/);
  });
  it("non-string input and push after end", () => {
    const s = createStreamParser("hermes");
    expect(() => s.push(42 as unknown as string)).toThrow(/push\(\) takes a string, got number/);
    s.end();
    expect(() => s.push("x")).toThrow(/push\(\) after end\(\)/);
    expect(() => s.end()).toThrow(/end\(\) called twice/);
    expect(() => parse("hermes", null as unknown as string)).toThrow(TypeError);
  });
});

describe("ids", () => {
  it("OpenAI style by default, 9 alphanumerics for mistral, the model's own when it wrote one first", () => {
    expect(parse("hermes", call).tool_calls[0].id).toMatch(/^call_[A-Za-z0-9]{24}$/);
    expect(parse("mistral", '[TOOL_CALLS]f[ARGS]{}').tool_calls[0].id).toMatch(/^[A-Za-z0-9]{9}$/);
    expect(parse("mistral", '[TOOL_CALLS]f[CALL_ID]Ab3dE6gH9[ARGS]{}').tool_calls[0].id).toBe("Ab3dE6gH9");
    expect(parse("hermes", call, { generateId: (i) => `id-${i}` }).tool_calls[0].id).toBe("id-0");
  });
});

describe("streaming shapes", () => {
  it("the first delta of a call carries index, id, type and name with empty arguments; arguments follow in fragments", () => {
    const s = createStreamParser("hermes", { generateId: () => "call_1" });
    const out = [...s.push('Hi <tool_call>{"name": "f", "arguments": {"a": '), ...s.push('"x"}}</tool_call>')];
    expect(out[0]).toEqual({ content: "Hi" });
    expect(out[1]).toEqual({ tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "f", arguments: "" } }] });
    expect(out[2]).toEqual({ tool_calls: [{ index: 0, function: { arguments: '{"a": ' } }] });
    expect(out[3]).toEqual({ tool_calls: [{ index: 0, function: { arguments: '"x"}' } }] });
    expect(s.end()).toEqual({ deltas: [], finish_reason: "tool_calls", diagnostics: [] });
  });
  it("a partial marker at a chunk's end is held back until decided, then released", () => {
    const s = createStreamParser("hermes");
    expect(s.push("a <tool_")).toEqual([{ content: "a" }]);
    expect(s.push("box> b")).toEqual([{ content: " <tool_box> b" }]);
  });
  it("never ends a delta with half a surrogate pair", () => {
    const s = createStreamParser("hermes");
    const smile = "😀";
    expect(s.push("x" + smile[0])).toEqual([{ content: "x" }]);
    expect(s.push(smile[1] + "y")).toEqual([{ content: smile + "y" }]);
  });
});

describe("limits", () => {
  it("a call body that stays undecided past maxUndecided falls back to content with a diagnostic", () => {
    const text = `<tool_call>{"arguments": {"a": "${"x".repeat(200)}"}, "name": "f"}</tool_call>`;
    const r = parse("hermes", text, { limits: { maxUndecided: 100 } });
    expect(r.tool_calls).toEqual([]);
    expect(r.content).toBe(text);
    expect(r.diagnostics.map((d) => d.code)).toContain("limit_exceeded");
  });
  it("calls past maxCalls stay content", () => {
    const r = parse("hermes", call + call + call, { limits: { maxCalls: 2 } });
    expect(r.tool_calls).toHaveLength(2);
    expect(r.content).toContain("<tool_call>");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["limit_exceeded"]);
  });
  it("arguments past maxArguments are read but not emitted", () => {
    const r = parse("hermes", `<tool_call>{"name": "f", "arguments": {"a": "${"x".repeat(100)}"}}</tool_call>after`, { limits: { maxArguments: 20 } });
    expect(r.tool_calls[0].function.arguments).toHaveLength(20);
    expect(r.content).toBe("after");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["limit_exceeded"]);
  });
  it("JSON nesting deeper than maxDepth stops the call", () => {
    const deep = "[".repeat(50) + "]".repeat(50);
    const r = parse("hermes", `<tool_call>{"name": "f", "arguments": {"a": ${deep}}}</tool_call>`, { limits: { maxDepth: 10 } });
    expect(r.diagnostics.map((d) => d.code)).toContain("limit_exceeded");
  });
});

describe("registry", () => {
  it("lists every format with a title and a source", () => {
    for (const f of listFormats()) {
      expect(f.title.length).toBeGreaterThan(5);
      expect(f.source.length).toBeGreaterThan(5);
    }
  });
});

describe("serialize writes Python literals as Python's repr", () => {
  // The Seed-OSS and MiniCPM templates print list and dict values with Python's str(), which
  // escapes non-printable characters (CPython unicode_repr): rendering ByteDance-Seed-OSS.jinja with
  // these arguments gives ['x\xa0y', 'z\u200b', "it's"].
  const args = { a: ["x\u00a0y", "z\u200b", "it's"] };
  const tools = [{ type: "function" as const, function: { name: "f", parameters: { type: "object", properties: { a: { type: "array" } } } } }];
  for (const id of ["seed_oss", "minicpm5"]) {
    it(`${id}: non-printable characters escaped, and parsed back`, () => {
      const text = getFormat(id).serialize([{ id: "call_1", type: "function", function: { name: "f", arguments: JSON.stringify(args) } }]);
      expect(text).toContain(String.raw`['x\xa0y', 'z\u200b', "it's"]`);
      expect(JSON.parse(parse(id, text, { tools }).tool_calls[0].function.arguments)).toEqual(args);
    });
  }
});
