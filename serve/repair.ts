/**
 * Opt-in repair of the malformed JSON models write in `function.arguments`: single quotes,
 * trailing commas, Python `True` / `False` / `None`, unquoted keys, a missing closing brace.
 * Nothing calls this unless you do (or pass `repair: true` to `validateToolCalls`): the parsers
 * never rewrite arguments. Useful on calls from any source (your parser, another server, a
 * client's history); see the caveat below for toolwire's own parse results.
 *
 * ```ts
 * repairArguments([{ id: "call_1", type: "function", function: { name: "f", arguments: "{'a': True,}" } }]);
 * // -> { tool_calls: [{ …, function: { name: "f", arguments: '{"a": true}' } }],
 * //      diagnostics: [{ code: "arguments_repaired", index: 0, tool: "f", original: "{'a': True,}", message: … }] }
 * ```
 *
 * Rules: text that `JSON.parse` accepts is never touched (jsonrepair 3.15 throws on some valid
 * JSON, e.g. a string value ending in `{`: `{"a": "x{"}`); blank arguments become `{}`; otherwise
 * `jsonrepair` runs, and its output is kept only if it parses to a JSON object. Every repair is an
 * `arguments_repaired` diagnostic, every failure an `arguments_unrepairable` one (the call is then
 * returned unchanged). The input calls are not mutated; unchanged calls are returned as they are,
 * repaired ones are new objects.
 *
 * Caveat with toolwire's own parsers: they stop a call's `arguments` at the first character that
 * breaks JSON (`invalid_arguments`; the rest of the call becomes content), and at the end of a cut
 * output (`truncated_call`). Repair then only closes that prefix: `{"city": "Paris",` →
 * `{"city": "Paris"}` is right, but `{"a": 1, "b": True}` arrives as `{"a": 1, "b": ` and becomes
 * `{"a": 1, "b": null}`, and `{"city": "Par` becomes `{"city": "Par"}`. Check the parse diagnostics
 * of a call (`index`) before trusting its repair.
 *
 * Errors: none for any arguments text; a `TypeError` if `tool_calls` is not an array (misuse).
 *
 * Source: jsonrepair (https://github.com/josdejong/jsonrepair), README "Features".
 */
import { jsonrepair } from "jsonrepair";
import type { ToolCall } from "../parsers/types.ts";
import type { ValidationDiagnostic } from "./types.ts";

export interface RepairResult {
  /** The calls, with repaired `arguments` where a repair was made. */
  tool_calls: ToolCall[];
  diagnostics: ValidationDiagnostic[];
}

/** Parses `text` as JSON, or returns `undefined` when it is not JSON. */
export function tryParseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

const isPlainObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);

/** Repairs the `arguments` of each call that is not JSON; see the module doc for the rules. */
export function repairArguments(tool_calls: readonly ToolCall[]): RepairResult {
  if (!Array.isArray(tool_calls)) throw new TypeError("toolwire: repairArguments() takes an array of tool calls");
  const diagnostics: ValidationDiagnostic[] = [];
  const out = tool_calls.map((call, index) => {
    const original = call.function.arguments;
    const tool = call.function.name;
    if (typeof original === "string" && tryParseJson(original)) return call;
    const fail = (why: string) => {
      diagnostics.push({ code: "arguments_unrepairable", message: `${tool}: arguments are not JSON and could not be repaired: ${why}`, index, tool, original: String(original) });
      return call;
    };
    if (typeof original !== "string") return fail(`arguments is ${original === null ? "null" : typeof original}, not a string`);
    let repaired: string;
    if (original.trim() === "") repaired = "{}";
    else {
      try {
        repaired = jsonrepair(original);
      } catch (e) {
        return fail((e as Error).message);
      }
    }
    const parsed = tryParseJson(repaired);
    if (!parsed) return fail("the repaired text is still not JSON");
    if (!isPlainObject(parsed.value)) return fail(`the repaired text is ${Array.isArray(parsed.value) ? "an array" : parsed.value === null ? "null" : typeof parsed.value}, not an object`);
    diagnostics.push({ code: "arguments_repaired", message: `${tool}: arguments were not JSON; repaired to ${repaired}`, index, tool, original });
    return { id: call.id, type: "function" as const, function: { name: tool, arguments: repaired } };
  });
  return { tool_calls: out, diagnostics };
}
