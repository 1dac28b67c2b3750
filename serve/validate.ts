/**
 * Checks final tool calls against the request's `tools`: the function must exist, `arguments`
 * must be a JSON object, and it must satisfy the tool's `parameters` schema (JSON Schema 2020-12
 * or draft-07 by `$schema`; OpenAI `strict: true` semantics; see `schemas.ts`).
 *
 * ```ts
 * const tools = [{ type: "function", function: { name: "get_weather", strict: true,
 *   parameters: { type: "object", properties: { city: { type: "string" }, unit: { enum: ["c", "f"] } } } } }];
 * validateToolCalls([{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city": "Paris"}' } }], tools);
 * // -> { tool_calls: [the call], invalid: [0], diagnostics: [{ code: "arguments_schema_violation", index: 0,
 * //      tool: "get_weather", pointer: "/unit", keyword: "required", schemaPath: "#/required", message: … }] }
 * ```
 *
 * `onInvalid` says what happens to an invalid call (unknown tool, arguments not JSON / not an
 * object, schema violation): `"keep"` (default) returns it with its diagnostics; `"drop"` leaves it
 * out (ids and order of the others unchanged; if none is left, a response's `finish_reason` should
 * become `"stop"`); `"fail"` throws a {@link ToolCallValidationError} carrying the diagnostics.
 * A call whose tool has an unusable schema cannot be judged: it is kept in every mode, with an
 * `invalid_tool_schema` diagnostic naming the tool. With `tools` null or undefined there is
 * nothing to check names or schemas against: only the JSON is checked.
 * `repair: true` first runs {@link repairArguments} (explicit opt-in; each repair is a diagnostic).
 *
 * Streaming: calls are judged when complete, so validate the accumulated calls at the end of the
 * stream. Deltas already sent cannot be taken back: to drop or repair in a stream, hold the
 * `tool_calls` deltas until the end.
 *
 * Errors: `ToolCallValidationError` only with `onInvalid: "fail"`; a `TypeError` for misuse
 * (non-array `tool_calls` or `tools`). Never on arguments text or schema content.
 *
 * Sources: OpenAI API reference, Chat Completions `tools` (function `parameters`, `strict`);
 * RFC 6901 (JSON Pointer); ajv docs, "Error objects".
 */
import type { ErrorObject } from "ajv";
import type { Tool, ToolCall } from "../parsers/types.ts";
import { repairArguments, tryParseJson } from "./repair.ts";
import { compileTools } from "./schemas.ts";
import type { ValidationDiagnostic } from "./types.ts";

export interface ValidateOptions {
  /** What to do with an invalid call. Default `"keep"`. */
  onInvalid?: "keep" | "drop" | "fail";
  /** Repair non-JSON arguments first (see `repairArguments`). Default false. */
  repair?: boolean;
}

export interface ValidationResult {
  /** The calls (after repair, without the dropped ones when `onInvalid` is `"drop"`). */
  tool_calls: ToolCall[];
  /** Index (in the input) of every invalid call, whether kept or dropped. */
  invalid: number[];
  diagnostics: ValidationDiagnostic[];
}

/** Thrown by {@link validateToolCalls} with `onInvalid: "fail"` when a call is invalid. */
export class ToolCallValidationError extends Error {
  readonly diagnostics: ValidationDiagnostic[];
  readonly invalid: number[];
  constructor(diagnostics: ValidationDiagnostic[], invalid: number[]) {
    const shown = diagnostics.filter((d) => invalid.includes(d.index) && d.code !== "arguments_repaired");
    super(`toolwire: ${invalid.length} invalid tool call${invalid.length === 1 ? "" : "s"}: ${shown.slice(0, 5).map((d) => d.message).join("; ")}${shown.length > 5 ? `; … (${shown.length - 5} more)` : ""}`);
    this.name = "ToolCallValidationError";
    this.diagnostics = diagnostics;
    this.invalid = invalid;
  }
}

/** JSON Pointer escaping of one reference token (RFC 6901 §3). */
const escapeToken = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

function describe(tool: string, index: number, e: ErrorObject): ValidationDiagnostic {
  let pointer = e.instancePath;
  let what: string;
  const p = e.params as Record<string, unknown>;
  if (e.keyword === "required" && typeof p.missingProperty === "string") {
    pointer += "/" + escapeToken(p.missingProperty);
    what = `missing required property "${p.missingProperty}"`;
  } else if (e.keyword === "additionalProperties" && typeof p.additionalProperty === "string") {
    pointer += "/" + escapeToken(p.additionalProperty);
    what = `property "${p.additionalProperty}" is not allowed`;
  } else if (e.keyword === "enum" && Array.isArray(p.allowedValues)) {
    what = `${pointer || "arguments"} must be one of ${p.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  } else what = `${pointer || "arguments"} ${e.message ?? `fails "${e.keyword}"`}`;
  return { code: "arguments_schema_violation", message: `${tool}: ${what} (${e.keyword} at ${e.schemaPath})`, index, tool, pointer, keyword: e.keyword, schemaPath: e.schemaPath };
}

/** Checks `tool_calls` against `tools`; see the module doc. */
export function validateToolCalls(tool_calls: readonly ToolCall[], tools: readonly Tool[] | null | undefined, options: ValidateOptions = {}): ValidationResult {
  if (!Array.isArray(tool_calls)) throw new TypeError("toolwire: validateToolCalls() takes an array of tool calls");
  const onInvalid = options.onInvalid ?? "keep";
  if (onInvalid !== "keep" && onInvalid !== "drop" && onInvalid !== "fail") throw new TypeError(`toolwire: onInvalid must be "keep", "drop" or "fail", got ${JSON.stringify(onInvalid)}`);
  const diagnostics: ValidationDiagnostic[] = [];
  let calls: readonly ToolCall[] = tool_calls;
  if (options.repair) {
    const r = repairArguments(calls);
    calls = r.tool_calls;
    diagnostics.push(...r.diagnostics);
  }
  const compiled = tools == null ? null : compileTools(tools);
  const invalid: number[] = [];
  calls.forEach((call, index) => {
    const tool = call.function.name;
    const found: ValidationDiagnostic[] = [];
    const entry = compiled?.get(tool);
    if (compiled && !entry) found.push({ code: "unknown_tool", message: `"${tool}" is not one of the request's tools`, index, tool });
    const args = call.function.arguments;
    const parsed = typeof args === "string" ? tryParseJson(args) : undefined;
    if (!parsed) {
      const text = typeof args === "string" ? (args.length > 80 ? JSON.stringify(args.slice(0, 80)) + "…" : JSON.stringify(args)) : String(args);
      found.push({ code: "arguments_not_json", message: `${tool}: arguments are not JSON: ${text}`, index, tool });
    } else if (typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value)) {
      found.push({ code: "arguments_not_object", message: `${tool}: arguments must be a JSON object, got ${Array.isArray(parsed.value) ? "an array" : parsed.value === null ? "null" : typeof parsed.value}`, index, tool, pointer: "" });
    } else if (entry?.error) {
      diagnostics.push({ code: "invalid_tool_schema", message: `${entry.error}; the call was not checked`, index, tool });
    } else if (entry?.validate && !entry.validate(parsed.value)) {
      for (const e of entry.validate.errors ?? []) found.push(describe(tool, index, e));
    }
    if (found.length) {
      invalid.push(index);
      diagnostics.push(...found);
    }
  });
  if (onInvalid === "fail" && invalid.length) throw new ToolCallValidationError(diagnostics, invalid);
  const kept = onInvalid === "drop" ? calls.filter((_, i) => !invalid.includes(i)) : [...calls];
  return { tool_calls: kept, invalid, diagnostics };
}
