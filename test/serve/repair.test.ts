/**
 * `repairArguments` (opt-in, jsonrepair): the malformed JSON models write is repaired and reported;
 * text that already parses is never touched — including the valid JSON jsonrepair 3.15 throws on.
 */
import { jsonrepair } from "jsonrepair";
import { describe, expect, it } from "vitest";
import { parse } from "../../parsers/index.ts";
import type { Tool, ToolCall } from "../../parsers/types.ts";
import { repairArguments, validateToolCalls } from "../../serve/index.ts";

const call = (args: string, name = "f"): ToolCall => ({ id: "call_1", type: "function", function: { name, arguments: args } });

describe("repairArguments", () => {
  it.each([
    ["single quotes", "{'city': 'Paris'}", { city: "Paris" }],
    ["trailing commas", '{"a": [1, 2,], "b": 3,}', { a: [1, 2], b: 3 }],
    ["Python True / False / None", '{"a": True, "b": False, "c": None}', { a: true, b: false, c: null }],
    ["unquoted keys", "{city: \"Paris\", days: 3}", { city: "Paris", days: 3 }],
    ["all at once", "{city: 'Paris', 'metric': True, extra: None,}", { city: "Paris", metric: true, extra: null }],
    ["a missing closing brace", '{"city": "Paris"', { city: "Paris" }],
    ["blank arguments", "  ", {}],
  ])("repairs %s, with a diagnostic", (_, text, value) => {
    const r = repairArguments([call(text)]);
    expect(JSON.parse(r.tool_calls[0].function.arguments)).toEqual(value);
    expect(r.diagnostics).toEqual([{ code: "arguments_repaired", index: 0, tool: "f", original: text, message: `f: arguments were not JSON; repaired to ${r.tool_calls[0].function.arguments}` }]);
  });

  it("never touches text that already parses — jsonrepair 3.15 throws on a string value ending in {", () => {
    const valid = ['{"code": "function f() {"}', '{"a": "x{"}', '{"text": "[TOOL_CALLS] {"}', '{"n": 1e5, "u": "\\u00e9"}', ' {"spaced": true} '];
    // The library bug this guards against (if it is ever fixed, this line can go; the guard stays).
    expect(() => jsonrepair('{"a": "x{"}')).toThrow();
    for (const text of valid) {
      const input = [call(text)];
      const r = repairArguments(input);
      expect(r.tool_calls[0]).toBe(input[0]);
      expect(r.diagnostics).toEqual([]);
    }
  });

  it("reports what cannot be repaired into an object, and returns the call unchanged", () => {
    const r = repairArguments([call('{"x": "ok"} trailing text'), call("just words"), call("[1, 2"), call(null as never)]);
    expect(r.diagnostics.map((d) => [d.index, d.code])).toEqual([
      [0, "arguments_unrepairable"],
      [1, "arguments_unrepairable"],
      [2, "arguments_unrepairable"],
      [3, "arguments_unrepairable"],
    ]);
    expect(r.diagnostics[1].message).toMatch(/not an object/);
    expect(r.tool_calls.map((c) => c.function.arguments)).toEqual(['{"x": "ok"} trailing text', "just words", "[1, 2", null]);
  });

  it("does not mutate its input and keeps ids and names", () => {
    const input = [call("{'a': 1}", "g")];
    const r = repairArguments(input);
    expect(input[0].function.arguments).toBe("{'a': 1}");
    expect(r.tool_calls[0]).toEqual({ id: "call_1", type: "function", function: { name: "g", arguments: '{"a": 1}' } });
  });
});

describe("validateToolCalls({ repair: true })", () => {
  const tools: Tool[] = [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" }, metric: { type: "boolean" } }, required: ["city"] } } }];

  it("repairs first, then validates the repaired arguments", () => {
    const r = validateToolCalls([call("{'city': 'Paris', 'metric': True}", "get_weather"), call("{'metric': 'yes'}", "get_weather")], tools, { repair: true });
    expect(r.tool_calls[0].function.arguments).toBe('{"city": "Paris", "metric": true}');
    expect(r.invalid).toEqual([1]);
    expect(r.diagnostics.map((d) => [d.index, d.code, d.pointer])).toEqual([
      [0, "arguments_repaired", undefined],
      [1, "arguments_repaired", undefined],
      [1, "arguments_schema_violation", "/city"],
      [1, "arguments_schema_violation", "/metric"],
    ]);
  });

  it("without repair the same calls are arguments_not_json (repair is opt-in)", () => {
    const r = validateToolCalls([call("{'city': 'Paris'}", "get_weather")], tools);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["arguments_not_json"]);
    expect(r.tool_calls[0].function.arguments).toBe("{'city': 'Paris'}");
  });

  it("repairs the arguments prefix the parser kept (a Hermes call with a trailing comma)", () => {
    // The engine stops a call's arguments at the first character that breaks JSON (invalid_arguments).
    const out = parse("hermes", '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris",}}\n</tool_call>');
    expect(out.tool_calls[0].function.arguments).toBe('{"city": "Paris",');
    expect(out.diagnostics.map((d) => d.code)).toEqual(["invalid_arguments"]);
    const r = validateToolCalls(out.tool_calls, tools, { repair: true, onInvalid: "fail" });
    expect(r.tool_calls[0].function.arguments).toBe('{"city": "Paris"}');
    expect(r.diagnostics.map((d) => [d.code, d.original])).toEqual([["arguments_repaired", '{"city": "Paris",']]);
  });
});
