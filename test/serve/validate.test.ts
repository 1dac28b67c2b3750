/**
 * `validateToolCalls`: unknown tools, non-JSON / non-object arguments, schema violations with JSON
 * pointer, keyword and tool; draft 2020-12 and draft-07 by `$schema`; OpenAI `strict: true`;
 * bad schemas as diagnostics; `onInvalid` keep / drop / fail; caching.
 */
import { describe, expect, it } from "vitest";
import { parse } from "../../parsers/index.ts";
import type { Tool, ToolCall } from "../../parsers/types.ts";
import { checkToolSchemas, compileTools, strictSchema, ToolCallValidationError, validateToolCalls } from "../../serve/index.ts";

const call = (name: string, args: string, id = "call_1"): ToolCall => ({ id, type: "function", function: { name, arguments: args } });
const fn = (name: string, parameters?: Record<string, unknown>, strict?: boolean): Tool => ({ type: "function", function: { name, parameters, ...(strict !== undefined ? { strict } : {}) } });

/** The vLLM weather tool (seeds/000). */
const weather = fn("get_current_weather", {
  type: "object",
  properties: {
    city: { type: "string" },
    state: { type: "string" },
    unit: { type: "string", enum: ["celsius", "fahrenheit"] },
  },
  required: ["city", "state", "unit"],
});

describe("validateToolCalls", () => {
  it("passes valid calls with no diagnostics", () => {
    const r = validateToolCalls([call("get_current_weather", '{"city": "Dallas", "state": "TX", "unit": "fahrenheit"}')], [weather]);
    expect(r).toEqual({ tool_calls: [call("get_current_weather", '{"city": "Dallas", "state": "TX", "unit": "fahrenheit"}')], invalid: [], diagnostics: [] });
  });

  it("reports each schema violation with pointer, keyword, schemaPath and tool", () => {
    const r = validateToolCalls([call("get_current_weather", '{"city": 3, "unit": "kelvin"}')], [weather]);
    expect(r.invalid).toEqual([0]);
    expect(r.tool_calls).toHaveLength(1); // keep is the default
    expect(r.diagnostics.map(({ code, index, tool, pointer, keyword, schemaPath }) => ({ code, index, tool, pointer, keyword, schemaPath }))).toEqual([
      { code: "arguments_schema_violation", index: 0, tool: "get_current_weather", pointer: "/state", keyword: "required", schemaPath: "#/required" },
      { code: "arguments_schema_violation", index: 0, tool: "get_current_weather", pointer: "/city", keyword: "type", schemaPath: "#/properties/city/type" },
      { code: "arguments_schema_violation", index: 0, tool: "get_current_weather", pointer: "/unit", keyword: "enum", schemaPath: "#/properties/unit/enum" },
    ]);
    expect(r.diagnostics[0].message).toBe('get_current_weather: missing required property "state" (required at #/required)');
    expect(r.diagnostics[2].message).toBe('get_current_weather: /unit must be one of "celsius", "fahrenheit" (enum at #/properties/unit/enum)');
  });

  it("points into nested arrays and escapes pointer tokens (RFC 6901)", () => {
    const t = fn("f", { type: "object", properties: { "a/b": { type: "array", items: { type: "object", properties: { "x~y": { type: "integer" } } } } } });
    const r = validateToolCalls([call("f", '{"a/b": [{"x~y": 1}, {"x~y": "no"}]}')], [t]);
    expect(r.diagnostics.map((d) => [d.pointer, d.keyword])).toEqual([["/a~1b/1/x~0y", "type"]]);
  });

  it("reports unknown tools, non-JSON and non-object arguments", () => {
    const r = validateToolCalls([call("nope", "{}"), call("get_current_weather", '{"city": "Par'), call("get_current_weather", "[1]"), call("get_current_weather", "")], [weather]);
    expect(r.invalid).toEqual([0, 1, 2, 3]);
    expect(r.diagnostics.map((d) => [d.index, d.code])).toEqual([
      [0, "unknown_tool"],
      [1, "arguments_not_json"],
      [2, "arguments_not_object"],
      [3, "arguments_not_json"],
    ]);
    expect(r.diagnostics[0]).toMatchObject({ tool: "nope", message: '"nope" is not one of the request\'s tools' });
  });

  it("checks only the JSON when no tools are given", () => {
    expect(validateToolCalls([call("anything", '{"a": 1}')], undefined).diagnostics).toEqual([]);
    expect(validateToolCalls([call("anything", "{'a': 1}")], null).diagnostics.map((d) => d.code)).toEqual(["arguments_not_json"]);
  });

  it("treats a missing parameters as a function taking any object", () => {
    expect(validateToolCalls([call("ping", "{}")], [fn("ping")]).diagnostics).toEqual([]);
    expect(validateToolCalls([call("ping", "1")], [fn("ping")]).diagnostics.map((d) => d.code)).toEqual(["arguments_not_object"]);
  });

  it("drops invalid calls with onInvalid: drop, keeping order and ids of the others", () => {
    const calls = [call("get_current_weather", '{"city": "Dallas", "state": "TX", "unit": "fahrenheit"}', "a"), call("nope", "{}", "b"), call("get_current_weather", '{"city": "Austin", "state": "TX", "unit": "celsius"}', "c")];
    const r = validateToolCalls(calls, [weather], { onInvalid: "drop" });
    expect(r.tool_calls.map((c) => c.id)).toEqual(["a", "c"]);
    expect(r.invalid).toEqual([1]);
  });

  it("throws ToolCallValidationError with the diagnostics on onInvalid: fail", () => {
    let err: unknown;
    try {
      validateToolCalls([call("get_current_weather", '{"city": "Dallas"}')], [weather], { onInvalid: "fail" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ToolCallValidationError);
    const e = err as ToolCallValidationError;
    expect(e.invalid).toEqual([0]);
    expect(e.diagnostics.map((d) => d.pointer)).toEqual(["/state", "/unit"]);
    expect(e.message).toMatch(/1 invalid tool call: get_current_weather: missing required property "state"/);
    expect(() => validateToolCalls([call("get_current_weather", '{"city": "Dallas", "state": "TX", "unit": "celsius"}')], [weather], { onInvalid: "fail" })).not.toThrow();
  });

  it("rejects misuse with TypeError", () => {
    expect(() => validateToolCalls("x" as never, [])).toThrow(TypeError);
    expect(() => validateToolCalls([], "x" as never)).toThrow(TypeError);
    expect(() => validateToolCalls([], [], { onInvalid: "ignore" as never })).toThrow(TypeError);
  });

  it("validates parse() output end to end (the weather seed, with a model mistake)", () => {
    const r = parse("hermes", '<tool_call>\n{"name": "get_current_weather", "arguments": {"city": "Dallas", "state": "TX", "unit": "F"}}\n</tool_call>', { tools: [weather] });
    const v = validateToolCalls(r.tool_calls, [weather]);
    expect(v.diagnostics.map((d) => [d.tool, d.pointer, d.keyword])).toEqual([["get_current_weather", "/unit", "enum"]]);
  });
});

describe("dialects: 2020-12 by default, draft-07 by $schema", () => {
  const tuple = { type: "object", properties: { p: { type: "array", items: [{ type: "number" }, { type: "string" }] } } };

  it("draft-07 reads array-form items as a tuple", () => {
    const t = fn("f", { $schema: "http://json-schema.org/draft-07/schema#", ...tuple });
    expect(validateToolCalls([call("f", '{"p": [1, "a"]}')], [t]).diagnostics).toEqual([]);
    expect(validateToolCalls([call("f", '{"p": ["a", 1]}')], [t]).diagnostics.map((d) => [d.pointer, d.keyword])).toEqual([["/p/0", "type"], ["/p/1", "type"]]);
  });

  it("2020-12 uses prefixItems; array-form items is a schema error there", () => {
    const t = fn("f", { type: "object", properties: { p: { type: "array", prefixItems: [{ type: "number" }, { type: "string" }] } } });
    expect(validateToolCalls([call("f", '{"p": ["a"]}')], [t]).diagnostics.map((d) => [d.pointer, d.keyword])).toEqual([["/p/0", "type"]]);
    expect(validateToolCalls([call("f", '{"p": [1]}')], [fn("f", tuple)]).diagnostics.map((d) => d.code)).toEqual(["invalid_tool_schema"]);
  });

  it("accepts 2019-09 and $defs / definitions refs; reports other $schema values", () => {
    const refs = { type: "object", properties: { a: { $ref: "#/$defs/n" }, b: { $ref: "#/definitions/s" } }, $defs: { n: { type: "number" } }, definitions: { s: { type: "string" } } };
    expect(validateToolCalls([call("f", '{"a": "x", "b": 1}')], [fn("f", refs)]).diagnostics.map((d) => d.pointer)).toEqual(["/a", "/b"]);
    expect(validateToolCalls([call("f", '{"a": 1}')], [fn("f", { $schema: "https://json-schema.org/draft/2019-09/schema", ...refs })]).diagnostics).toEqual([]);
    const d = validateToolCalls([call("f", "{}")], [fn("f", { $schema: "http://json-schema.org/draft-04/schema#", type: "object" })]).diagnostics;
    expect(d).toEqual([{ code: "invalid_tool_schema", index: 0, tool: "f", message: expect.stringMatching(/tool "f": unsupported \$schema .*draft-04/) }]);
  });

  it("ignores unknown keywords and does not assert format", () => {
    const t = fn("f", { type: "object", "x-foo": 1, properties: { when: { type: "string", format: "date-time", nullable: true } } });
    expect(validateToolCalls([call("f", '{"when": "not a date"}')], [t]).diagnostics).toEqual([]);
  });
});

describe("OpenAI strict: true", () => {
  const loose = { type: "object", properties: { city: { type: "string" }, opts: { type: "object", properties: { detailed: { type: "boolean" } } } } };

  it("makes every property required and additionalProperties false, at every level", () => {
    const t = fn("f", loose, true);
    const r = validateToolCalls([call("f", '{"city": "Paris", "opts": {"extra": 1}, "x": 2}')], [t]);
    expect(r.diagnostics.map((d) => [d.pointer, d.keyword])).toEqual([
      ["/x", "additionalProperties"],
      ["/opts/detailed", "required"],
      ["/opts/extra", "additionalProperties"],
    ]);
    expect(validateToolCalls([call("f", '{"city": "Paris", "opts": {"detailed": true}}')], [t]).diagnostics).toEqual([]);
    // without strict the same schema accepts both
    expect(validateToolCalls([call("f", '{"x": 2}')], [fn("f", loose, false)]).diagnostics).toEqual([]);
  });

  it("keeps nullable optional fields expressible as OpenAI documents (type: [T, null])", () => {
    const t = fn("f", { type: "object", properties: { unit: { type: ["string", "null"] } } }, true);
    expect(validateToolCalls([call("f", '{"unit": null}')], [t]).diagnostics).toEqual([]);
    expect(validateToolCalls([call("f", "{}")], [t]).diagnostics.map((d) => d.keyword)).toEqual(["required"]);
  });

  it("strictSchema reaches $defs, items, anyOf and does not mutate the input", () => {
    const s = { type: "object", properties: { l: { type: "array", items: { $ref: "#/$defs/i" } }, u: { anyOf: [{ type: "object", properties: { k: { type: "string" } } }, { type: "null" }] } }, $defs: { i: { type: "object", properties: { n: { type: "number" } } } } };
    const before = JSON.stringify(s);
    const out = strictSchema(s) as any;
    expect(JSON.stringify(s)).toBe(before);
    expect(out.required).toEqual(["l", "u"]);
    expect(out.$defs.i).toMatchObject({ required: ["n"], additionalProperties: false });
    expect(out.properties.u.anyOf[0]).toMatchObject({ required: ["k"], additionalProperties: false });
    expect(out.properties.u.anyOf[1]).toEqual({ type: "null" });
  });
});

describe("bad schemas are diagnostics naming the tool, never crashes", () => {
  const bad: Tool[] = [
    fn("typo", { type: "objekt" }),
    fn("dangling", { type: "object", properties: { a: { $ref: "#/$defs/missing" } } }),
    { type: "function", function: { name: "not_object", parameters: "string" as never } },
    fn("fine", { type: "object" }),
    fn("fine", { type: "object", properties: { a: { type: "string" } } }),
    { type: "custom", custom: {} } as never,
    null as never,
  ];

  it("checkToolSchemas lists them all, by tools index", () => {
    expect(checkToolSchemas(bad).map((d) => [d.index, d.tool, d.code])).toEqual([
      [0, "typo", "invalid_tool_schema"],
      [1, "dangling", "invalid_tool_schema"],
      [2, "not_object", "invalid_tool_schema"],
      [4, "fine", "invalid_tool_schema"],
      [5, "", "invalid_tool_schema"],
      [6, "", "invalid_tool_schema"],
    ]);
    expect(checkToolSchemas(bad)[0].message).toMatch(/^tool "typo": parameters is not a valid JSON Schema: schema is invalid/);
    expect(checkToolSchemas(bad)[1].message).toMatch(/tool "dangling".*can't resolve reference #\/\$defs\/missing/);
    expect(checkToolSchemas(bad)[3].message).toMatch(/used by more than one tool/);
    expect(checkToolSchemas([weather])).toEqual([]);
  });

  it("calls to such tools are kept (cannot be judged) and reported; others are still checked", () => {
    const r = validateToolCalls([call("typo", "{}"), call("dangling", '{"a": 1}'), call("custom", "{}")], bad, { onInvalid: "drop" });
    expect(r.tool_calls.map((c) => c.function.name)).toEqual(["typo", "dangling"]);
    expect(r.diagnostics.map((d) => [d.index, d.code])).toEqual([
      [0, "invalid_tool_schema"],
      [1, "invalid_tool_schema"],
      [2, "unknown_tool"],
    ]);
    expect(r.diagnostics[0].message).toMatch(/the call was not checked$/);
    expect(validateToolCalls([call("typo", "{}")], bad, { onInvalid: "fail" }).tool_calls).toHaveLength(1);
  });
});

describe("caching", () => {
  it("compiles once per tools array and recompiles when the array changes", () => {
    const tools = [fn("a", { type: "object", properties: { x: { type: "string" } } })];
    const first = compileTools(tools);
    expect(compileTools(tools)).toBe(first);
    expect(validateToolCalls([call("a", '{"x": 1}')], tools).invalid).toEqual([0]);
    tools[0].function.parameters = { type: "object", properties: { x: { type: "number" } } };
    expect(compileTools(tools)).not.toBe(first);
    expect(validateToolCalls([call("a", '{"x": 1}')], tools).invalid).toEqual([]);
  });

  it("reuses a tool's validator across fresh arrays with the same schema (a server parses tools per request)", () => {
    const schema = { type: "object", properties: { q: { type: "string" } } };
    const a = compileTools([fn("search", schema)]).get("search")!;
    const b = compileTools(JSON.parse(JSON.stringify([fn("search", schema)]))).get("search")!;
    expect(b.validate).toBe(a.validate);
  });

  it("is fast once compiled (1000 validations of a cached list)", () => {
    const tools = [weather];
    const calls = [call("get_current_weather", '{"city": "Dallas", "state": "TX", "unit": "fahrenheit"}')];
    validateToolCalls(calls, tools);
    const t = performance.now();
    for (let i = 0; i < 1000; i++) validateToolCalls(calls, tools);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});
