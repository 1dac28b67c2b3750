/**
 * Compiles the request's tool schemas (`tools[].function.parameters`) into ajv validators, once.
 *
 * ```ts
 * const c = compileTools([{ type: "function", function: { name: "f", parameters: { type: "object" } } }]);
 * c.get("f")!.validate!({}) // -> true
 * checkToolSchemas([{ type: "function", function: { name: "g", parameters: { type: "objekt" } } }]);
 * // -> [{ code: "invalid_tool_schema", tool: "g", index: 0, message: 'tool "g": parameters is not a valid JSON Schema: …' }]
 * ```
 *
 * Dialect, chosen by the schema's `$schema` as OpenAI accepts them: none or 2020-12 → ajv's
 * `Ajv2020`; `draft-07` → ajv's draft-07 `Ajv`; 2019-09 → `Ajv2019`; anything else (draft-04,
 * draft-06) is reported unsupported. Unknown keywords (`x-…`, OpenAPI's `nullable`) are ignored
 * (ajv `strict: false`); `format` is not asserted (no format vocabulary is loaded); `$ref` resolves
 * only inside the schema (nothing is fetched). A missing `parameters` means a function without
 * parameters: any object.
 *
 * `strict: true` (OpenAI Structured Outputs) is applied as its rules state: every object in the
 * schema gets `additionalProperties: false` and all its `properties` required. (OpenAI rejects a
 * strict schema that does not already say so; here the semantics are enforced instead.)
 *
 * Caching: per `tools` array in a `WeakMap`, checked against a key of the tools' names, schemas and
 * `strict` flags (so a mutated array is recompiled), and per tool in a small LRU keyed the same
 * way, so a server that parses a fresh `tools` array from each request still compiles a schema
 * once. One ajv instance per tool: a bad or odd schema (duplicate `$id`) affects only its tool.
 *
 * Errors: none thrown. A schema that does not compile is an `invalid_tool_schema` diagnostic naming
 * the tool, with ajv's reason. Schemas come from requests: ajv generates code from them safely, but
 * a `pattern` can still be slow on purpose (ReDoS); see ajv's "Security considerations".
 *
 * Sources: OpenAI API reference, Chat Completions `tools[].function.parameters` and `strict`;
 * OpenAI guide "Structured Outputs" → "Supported schemas" (additionalProperties false, all fields
 * required); ajv docs, "JSON Schema drafts" and "Strict mode".
 */
import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { Tool } from "../parsers/types.ts";
import type { ValidationDiagnostic } from "./types.ts";

/** One tool, compiled: `validate` when its schema is usable, else `error` says why not. */
export interface CompiledTool {
  name: string;
  /** Index of the tool in `tools`. */
  index: number;
  validate?: ValidateFunction;
  error?: string;
}

/** A compiled `tools` list, by function name. */
export type CompiledTools = ReadonlyMap<string, CompiledTool>;

const AJV_OPTIONS = { strict: false, allErrors: true, validateFormats: false, logger: false } as const;
const LRU_SIZE = 256;

const byArray = new WeakMap<readonly Tool[], { key: string; compiled: CompiledTools }>();
const byTool = new Map<string, Omit<CompiledTool, "index">>();

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isFunctionTool = (t: unknown): t is Tool => isObject(t) && t.type === "function" && isObject(t.function);

/** Compiles (or returns the cached compilation of) a `tools` list. Never throws on schema content. */
export function compileTools(tools: readonly Tool[]): CompiledTools {
  if (!Array.isArray(tools)) throw new TypeError(`toolwire: tools must be an array, got ${tools === null ? "null" : typeof tools}`);
  const keys = tools.map(toolKey);
  const key = keys.join("\n");
  const hit = byArray.get(tools);
  if (hit && hit.key === key) return hit.compiled;
  const compiled = new Map<string, CompiledTool>();
  tools.forEach((t, index) => {
    if (!isFunctionTool(t)) return; // not a function tool: its name stays unknown
    const name = typeof t.function.name === "string" ? t.function.name : "";
    if (compiled.has(name)) {
      compiled.set(name, { name, index, error: `tool "${name}": the name is used by more than one tool (tools[${compiled.get(name)!.index}] and tools[${index}])` });
      return;
    }
    compiled.set(name, { ...compileOne(keys[index], t), index });
  });
  byArray.set(tools, { key, compiled });
  return compiled;
}

/** The `invalid_tool_schema` diagnostics of a `tools` list (empty when every schema compiles):
 *  a server can answer 400 with them before generating, as OpenAI does. */
export function checkToolSchemas(tools: readonly Tool[]): ValidationDiagnostic[] {
  const out: ValidationDiagnostic[] = [];
  for (const c of compileTools(tools).values())
    if (c.error) out.push({ code: "invalid_tool_schema", message: c.error, index: c.index, tool: c.name });
  tools.forEach((t, index) => {
    if (!isFunctionTool(t) || typeof t.function.name !== "string" || t.function.name === "")
      out.push({ code: "invalid_tool_schema", message: `tools[${index}] is not a function tool with a name`, index, tool: "" });
  });
  return out.sort((a, b) => a.index - b.index);
}

function toolKey(t: Tool): string {
  if (!isObject(t) || !isObject(t.function)) return "null";
  try {
    return JSON.stringify([t.type, t.function.name, t.function.parameters ?? null, t.function.strict === true]);
  } catch {
    return `unserialisable:${Math.random()}`; // cyclic schema: never cached, reported by ajv below
  }
}

function compileOne(key: string, t: Tool): Omit<CompiledTool, "index"> {
  const cached = byTool.get(key);
  if (cached) {
    byTool.delete(key);
    byTool.set(key, cached); // most recently used last
    return cached;
  }
  const c = compile(t);
  byTool.set(key, c);
  if (byTool.size > LRU_SIZE) byTool.delete(byTool.keys().next().value!);
  return c;
}

function compile(t: Tool): Omit<CompiledTool, "index"> {
  const name = t.function.name;
  const params: unknown = t.function.parameters ?? { type: "object" };
  if (!isObject(params)) return { name, error: `tool "${name}": parameters must be a JSON Schema object, got ${Array.isArray(params) ? "an array" : typeof params}` };
  let schema: Json = params;
  if (t.function.strict === true) {
    try {
      schema = strictSchema(params) as Json;
    } catch (e) {
      return { name, error: `tool "${name}": parameters is not a valid JSON Schema: ${(e as Error).message}` };
    }
  }
  const dialect = schema.$schema;
  let ajv: Ajv | Ajv2019 | Ajv2020;
  if (dialect === undefined || (typeof dialect === "string" && /json-schema\.org\/draft\/2020-12\/schema/.test(dialect))) ajv = new Ajv2020(AJV_OPTIONS);
  else if (typeof dialect === "string" && /json-schema\.org\/draft-07\/schema/.test(dialect)) ajv = new Ajv(AJV_OPTIONS);
  else if (typeof dialect === "string" && /json-schema\.org\/draft\/2019-09\/schema/.test(dialect)) ajv = new Ajv2019(AJV_OPTIONS);
  else return { name, error: `tool "${name}": unsupported $schema ${JSON.stringify(dialect)} (supported: 2020-12, 2019-09, draft-07)` };
  try {
    return { name, validate: ajv.compile(schema) };
  } catch (e) {
    return { name, error: `tool "${name}": parameters is not a valid JSON Schema: ${(e as Error).message}` };
  }
}

/** Keywords whose value is a schema, a list of schemas, or a map of schemas. */
const ONE = ["items", "additionalItems", "contains", "not", "if", "then", "else", "additionalProperties", "propertyNames", "unevaluatedItems", "unevaluatedProperties"];
const MANY = ["allOf", "anyOf", "oneOf", "prefixItems", "items"];
const MAP = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];

/** A copy of `schema` with OpenAI strict-mode rules applied to every object schema in it. */
export function strictSchema(schema: unknown, depth = 0): unknown {
  if (depth > 256) throw new Error("schema nested deeper than 256 levels");
  if (!isObject(schema)) return schema;
  const out: Json = { ...schema };
  for (const k of ONE) if (isObject(out[k])) out[k] = strictSchema(out[k], depth + 1);
  for (const k of MANY) if (Array.isArray(out[k])) out[k] = (out[k] as unknown[]).map((s) => strictSchema(s, depth + 1));
  for (const k of MAP)
    if (isObject(out[k])) out[k] = Object.fromEntries(Object.entries(out[k] as Json).map(([p, s]) => [p, strictSchema(s, depth + 1)]));
  const type = out.type;
  const isObjectSchema = isObject(out.properties) || type === "object" || (Array.isArray(type) && type.includes("object"));
  if (isObjectSchema) {
    out.additionalProperties = false;
    if (isObject(out.properties)) out.required = Object.keys(out.properties);
  }
  return out;
}
