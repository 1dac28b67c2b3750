/**
 * Typing a parameter value by the tool's JSON Schema. XML-style formats (Qwen3-Coder, GLM,
 * MiniMax, DeepSeek DSML, …) write argument values as raw text; the schema of the property says
 * whether `130` is the string "130" or the number 130.
 *
 * ```ts
 * kindsOf({ type: ["integer", "null"] });           // -> Set {"integer", "null"}
 * typeText("130", kindsOf({ type: "integer" }));     // -> { json: "130", fits: true }
 * typeText("02134", kindsOf({ type: "string" }));    // -> { json: "\"02134\"", fits: true }
 * typeText("{'a': True}", kindsOf({ type: "object" })); // -> { json: '{"a": true}', fits: true } (Python literal)
 * typeText("abc", kindsOf({ type: "integer" }));     // -> { json: "\"abc\"", fits: false }
 * ```
 * Everything here works on complete values (a typed value is emitted only once complete) and is
 * linear in the value's length. Object and array text is bounded by a nesting depth (`maxDepth`):
 * text nested deeper is not accepted as an object or array (`overDepth`; it stays a string).
 */
import type { Tool } from "../types.ts";
import { JsonScanner } from "./json.ts";

/** The JSON types a value can take. */
export type Kind = "string" | "integer" | "number" | "boolean" | "null" | "object" | "array";

/** Every kind, string last: what an untyped value may be when a format parses untyped values as JSON. */
export const ANY: ReadonlySet<Kind> = new Set<Kind>(["null", "boolean", "integer", "number", "object", "array", "string"]);

/** Type names models' schemas use besides JSON Schema's own (vLLM and SGLang accept these too). */
const ALIASES: Record<string, Kind> = {
  string: "string", str: "string", text: "string", char: "string", varchar: "string", enum: "string",
  integer: "integer", int: "integer", long: "integer", short: "integer", uint: "integer",
  number: "number", float: "number", double: "number", num: "number", decimal: "number",
  boolean: "boolean", bool: "boolean", binary: "boolean",
  null: "null", none: "null",
  object: "object", dict: "object", map: "object",
  array: "array", list: "array", arr: "array", tuple: "array",
};

type Schema = Record<string, unknown>;
const isSchema = (s: unknown): s is Schema => typeof s === "object" && s !== null && !Array.isArray(s);

/** The schema of property `key` in a tool's parameters, if any. */
export function propertySchema(tool: Tool | undefined, key: string): unknown {
  const params = tool?.function.parameters;
  return isSchema(params) ? childSchema(params, key) : undefined;
}

/** The schema of property `key` of an object schema: `properties[key]`, else a schema-valued
 *  `additionalProperties` (looking through anyOf/oneOf/allOf). */
export function childSchema(schema: unknown, key: string, depth = 0): unknown {
  if (!isSchema(schema) || depth > 16) return undefined;
  const props = schema.properties;
  if (isSchema(props) && Object.prototype.hasOwnProperty.call(props, key)) return props[key];
  const found = viaAlternatives(schema, (a) => childSchema(a, key, depth + 1));
  if (found !== undefined) return found;
  return isSchema(schema.additionalProperties) ? schema.additionalProperties : undefined;
}

/** The schema of item `index` of an array schema: `prefixItems[index]`, else `items` (or
 *  `additionalItems`), else the last of `prefixItems` (looking through anyOf/oneOf/allOf). */
export function itemSchema(schema: unknown, index = 0, depth = 0): unknown {
  if (!isSchema(schema) || depth > 16) return undefined;
  const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : null;
  if (prefix && index < prefix.length) return prefix[index];
  if (isSchema(schema.items)) return schema.items;
  if (isSchema(schema.additionalItems)) return schema.additionalItems;
  const found = viaAlternatives(schema, (a) => itemSchema(a, index, depth + 1));
  if (found !== undefined) return found;
  return prefix?.length ? prefix[prefix.length - 1] : undefined;
}

function viaAlternatives(schema: Schema, get: (alt: unknown) => unknown): unknown {
  for (const k of ["anyOf", "oneOf", "allOf"]) {
    const alts = schema[k];
    if (!Array.isArray(alts)) continue;
    for (const a of alts) {
      const s = get(a);
      if (s !== undefined) return s;
    }
  }
  return undefined;
}

/**
 * The kinds a schema allows: its `type` (a name or a list, common aliases such as `float` or
 * `bool` included), the types of its `enum` / `const` values, the union over `anyOf` / `oneOf` /
 * `allOf`, and `object` / `array` from `properties` / `items`. Null when the schema says nothing.
 */
export function kindsOf(schema: unknown, depth = 0): Set<Kind> | null {
  if (!isSchema(schema) || depth > 16) return null;
  const out = new Set<Kind>();
  const add = (t: unknown) => {
    if (typeof t !== "string") return;
    const k = ALIASES[t.trim().toLowerCase()];
    if (k) out.add(k);
  };
  if (Array.isArray(schema.type)) schema.type.forEach(add);
  else add(schema.type);
  if (Array.isArray(schema.enum)) for (const v of schema.enum) out.add(kindOfValue(v));
  if ("const" in schema) out.add(kindOfValue(schema.const));
  for (const k of ["anyOf", "oneOf", "allOf"]) {
    const alts = schema[k];
    if (!Array.isArray(alts)) continue;
    for (const a of alts) for (const x of kindsOf(a, depth + 1) ?? []) out.add(x);
  }
  if (out.size === 0 && isSchema(schema.properties)) out.add("object");
  if (out.size === 0 && (schema.items !== undefined || Array.isArray(schema.prefixItems))) out.add("array");
  return out.size ? out : null;
}

function kindOfValue(v: unknown): Kind {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  switch (typeof v) {
    case "boolean":
      return "boolean";
    case "number":
      return Number.isInteger(v) ? "integer" : "number";
    case "object":
      return "object";
    default:
      return "string";
  }
}

/** True when the value can only be a string, so its text can stream as it arrives. */
export const onlyString = (kinds: ReadonlySet<Kind> | null): boolean => kinds !== null && kinds.size === 1 && kinds.has("string");

export interface Typed {
  /** The value as JSON text. */
  json: string;
  /** False when no allowed kind fitted and the value was kept as a string. */
  fits: boolean;
  /** True when the value was not accepted as an object or array only because it is nested deeper
   *  than the bound: it was kept as a string (`json` is the raw text as a JSON string, as for any
   *  value that does not parse), whether or not the schema allows one (`fits`). */
  overDepth?: boolean;
}

const ORDER: Kind[] = ["null", "boolean", "integer", "number", "object", "array", "string"];

/**
 * Types a complete raw value: tries the allowed kinds (null, boolean, integer, number, object,
 * array, then string) and returns the first that fits as JSON text. Object and array text that is
 * valid JSON passes through as written; Python literals (`{'a': True}`, `(1, 2)`, as templates
 * render them with `| string`) are converted; so are `True`, `False` and `None`. `strict` (for
 * values without a schema) accepts only JSON and Python literals as written (`7`, not `007`;
 * `true` or `True`, not `TRUE`). When nothing fits the value stays a string.
 *
 * `maxDepth` bounds the nesting of an object or array value (the value itself is depth 1; callers
 * pass what is left of `limits.maxDepth` below the containers the value sits in). Deeper text is
 * neither an object nor an array: the value stays a string and `overDepth` says why. The depth is
 * measured in one pass (the engine's JSON scanner, or the Python-literal reader's own bound),
 * never by `JSON.parse`, which has no bound.
 */
export function typeText(text: string, kinds: ReadonlySet<Kind>, strict = false, maxDepth = 512): Typed {
  const t = text.trim();
  const deep: Deep = { over: false };
  for (const k of ORDER) {
    if (!kinds.has(k)) continue;
    const json = k === "string" ? JSON.stringify(text) : asKind(t, k, strict, maxDepth, deep);
    if (json !== null) return deep.over ? { json, fits: true, overDepth: true } : { json, fits: true };
  }
  return deep.over ? { json: JSON.stringify(text), fits: false, overDepth: true } : { json: JSON.stringify(text), fits: false };
}

/** Set when an object or array was refused for its depth alone. */
interface Deep {
  over: boolean;
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
// Unambiguous (the fraction needs its dot), so it cannot backtrack quadratically on long digit runs.
const LOOSE_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const LOOSE_INT = /^[+-]?\d+$/;

function asKind(t: string, k: Kind, strict: boolean, maxDepth: number, deep: Deep): string | null {
  switch (k) {
    case "null":
      return t === "null" || t === "None" || (!strict && t.toLowerCase() === "null") ? "null" : null;
    case "boolean": {
      const l = strict ? (t === "True" || t === "False" ? t.toLowerCase() : t) : t.toLowerCase();
      return l === "true" || l === "false" ? l : null;
    }
    case "integer":
      if (JSON_NUMBER.test(t)) return Number.isInteger(Number(t)) ? t : null;
      if (strict || !LOOSE_INT.test(t)) return null;
      return normalInt(t);
    case "number":
      if (JSON_NUMBER.test(t)) return t;
      if (strict || !LOOSE_NUMBER.test(t)) return null;
      return finite(Number(t));
    case "object":
    case "array": {
      const open = t.charCodeAt(0);
      if (k === "object" ? open !== 0x7b : open !== 0x5b && open !== 0x28) return null;
      const json = containerJson(t, maxDepth, deep);
      if (json === null) return null;
      return (json.charCodeAt(0) === 0x7b) === (k === "object") ? json : null;
    }
    default:
      return null;
  }
}

/** `+007` -> `7`, `-0012` -> `-12` (as digits, so big integers keep their precision). */
function normalInt(t: string): string {
  let i = 0;
  let sign = "";
  if (t[0] === "+" || t[0] === "-") {
    sign = t[0] === "-" ? "-" : "";
    i = 1;
  }
  while (i < t.length - 1 && t[i] === "0") i++;
  const digits = t.slice(i);
  return digits === "0" ? "0" : sign + digits;
}

function finite(n: number): string | null {
  return Number.isFinite(n) ? JSON.stringify(n) : null;
}

/**
 * JSON text of an object/array (`t` trimmed, starting with `{`, `[` or `(`) written as JSON (passed
 * through) or as a Python literal; null when it is neither, or when it nests deeper than `maxDepth`
 * (then `deep.over` is set). JSON is recognised by the engine's scanner, which stops at the first
 * character past the bound, so a deep text costs one pass.
 */
function containerJson(t: string, maxDepth: number, deep: Deep): string | null {
  const sc = new JsonScanner(Math.max(0, maxDepth));
  const end = sc.feed(t, 0, t.length);
  if (sc.status === "done" && end === t.length) return t;
  if (sc.overDepth) {
    deep.over = true;
    return null;
  }
  // Not JSON: try a Python literal.
  const p = new PyLiteral(t, Math.max(0, maxDepth));
  const json = p.read();
  if (p.overDepth) deep.over = true;
  return json;
}

/**
 * Converts a Python literal (dict, list, tuple, str, int, float, True/False/None; JSON's
 * true/false/null too) to JSON text. Null if `t` is not one (sets, expressions, trailing junk), or
 * if its containers nest deeper than `maxDepth` (a top-level list is depth 1).
 */
export function pyLiteralJson(t: string, maxDepth = 512): string | null {
  return new PyLiteral(t, Math.max(0, maxDepth)).read();
}

class PyLiteral {
  i = 0;
  /** Set when the text failed because its containers nest deeper than the bound. */
  overDepth = false;
  constructor(private readonly s: string, private readonly maxDepth: number) {}

  /** The whole text as one literal's JSON text, or null. */
  read(): string | null {
    try {
      const out = this.value(0);
      this.ws();
      return this.i === this.s.length ? out : null;
    } catch {
      return null;
    }
  }

  ws(): void {
    const s = this.s;
    while (this.i < s.length && (s[this.i] === " " || s[this.i] === "\n" || s[this.i] === "\t" || s[this.i] === "\r")) this.i++;
  }

  fail(): never {
    throw new Error("not a Python literal");
  }

  /** A value inside `depth` containers. */
  value(depth: number): string {
    this.ws();
    const s = this.s;
    const c = s[this.i];
    if ((c === "{" || c === "[" || c === "(") && depth >= this.maxDepth) {
      // The container would be at depth + 1 (the same count as the JSON scanner's).
      this.overDepth = true;
      this.fail();
    }
    if (c === "{") return this.seq("}", depth, true);
    if (c === "[") return this.seq("]", depth, false);
    if (c === "(") return this.seq(")", depth, false);
    if (c === "'" || c === '"') return JSON.stringify(this.str());
    for (const [word, json] of [["True", "true"], ["False", "false"], ["None", "null"], ["true", "true"], ["false", "false"], ["null", "null"]]) {
      if (s.startsWith(word, this.i) && !/[\w]/.test(s[this.i + word.length] ?? "")) {
        this.i += word.length;
        return json;
      }
    }
    const m = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(s.slice(this.i, this.i + 400));
    if (!m) this.fail();
    this.i += m[0].length;
    const t = m[0];
    if (JSON_NUMBER.test(t)) return t;
    if (LOOSE_INT.test(t)) return normalInt(t);
    return finite(Number(t)) ?? this.fail();
  }

  /** `{k: v, …}`, `[v, …]` or `(v, …)`; trailing commas allowed. */
  seq(close: string, depth: number, dict: boolean): string {
    this.i++;
    const parts: string[] = [];
    for (;;) {
      this.ws();
      if (this.s[this.i] === close) {
        this.i++;
        break;
      }
      if (parts.length > 0) {
        if (this.s[this.i] !== ",") this.fail();
        this.i++;
        this.ws();
        if (this.s[this.i] === close) {
          this.i++;
          break;
        }
      }
      if (dict) {
        const key = this.value(depth + 1);
        this.ws();
        if (this.s[this.i] !== ":") this.fail();
        this.i++;
        const k = key.charCodeAt(0) === 0x22 ? key : JSON.stringify(key);
        parts.push(`${k}: ${this.value(depth + 1)}`);
      } else parts.push(this.value(depth + 1));
      if (this.i >= this.s.length) this.fail();
    }
    return dict ? `{${parts.join(", ")}}` : `[${parts.join(", ")}]`;
  }

  /** A Python string literal (single or double quotes, common escapes). */
  str(): string {
    const s = this.s;
    const q = s[this.i++];
    let out = "";
    let from = this.i;
    for (;;) {
      if (this.i >= s.length) this.fail();
      const c = s[this.i];
      if (c === q) {
        out += s.slice(from, this.i++);
        return out;
      }
      if (c === "\n") this.fail();
      if (c !== "\\") {
        this.i++;
        continue;
      }
      out += s.slice(from, this.i);
      const e = s[this.i + 1];
      this.i += 2;
      const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0", a: "\x07", b: "\b", f: "\f", v: "\v", "\n": "" };
      if (e in simple) out += simple[e];
      else if (e === "x" || e === "u" || e === "U") {
        const n = e === "x" ? 2 : e === "u" ? 4 : 8;
        const hex = s.slice(this.i, this.i + n);
        if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) this.fail();
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) this.fail();
        out += String.fromCodePoint(cp);
        this.i += n;
      } else out += "\\" + (e ?? "");
      from = this.i;
    }
  }
}
