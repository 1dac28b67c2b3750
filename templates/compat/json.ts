/**
 * `tojson` as transformers defines it: Python `json.dumps(value, ensure_ascii=False, indent=None,
 * separators=None, sort_keys=False)`, no HTML escaping.
 *
 * Python specifics reproduced: floats keep their point (`1.0`) and use `repr` (`1e-07`,
 * `1e+16`), `NaN`/`Infinity`, separators `", "`/`": "` (`","` when indenting), `indent=0`
 * still breaks lines, `sort_keys` orders by code point, non-string keys become strings
 * (`1` → `"1"`, `True` → `"true"`, `None` → `"null"`), lone surrogates pass through unescaped
 * unless `ensure_ascii`, and values that are not JSON (undefined, generators, namespaces)
 * raise `TypeError: Object of type X is not JSON serializable`.
 *
 * ```ts
 * dumps(toRuntime({ b: 1, a: new PyFloat(2) }), { sortKeys: true }); // '{"a": 2.0, "b": 1}'
 * ```
 *
 * Source: CPython `Lib/json/encoder.py`; transformers `utils/chat_template_utils.py` (`tojson`).
 */
import { pyTypeError } from "../errors.ts";
import { TemplateLimitError } from "../limits.ts";
import { floatRepr, intStr, typeName } from "./pystr.ts";
import {
  ArrayValue,
  BooleanValue,
  FloatValue,
  IntegerValue,
  NullValue,
  ObjectValue,
  StringValue,
  type ArrV,
  type MapV,
  type RV,
} from "./runtime.ts";
import { DictView } from "./values.ts";
import { compareKeys } from "./ops.ts";

export interface DumpsOptions {
  ensureAscii?: boolean;
  /** Number of spaces, or the indent string itself; null for one line. */
  indent?: number | string | null;
  separators?: [string, string] | null;
  sortKeys?: boolean;
  /** Throw TemplateLimitError once the output grows past this many characters. */
  maxChars?: number;
}

const ESCAPE = /[\x00-\x1f"\\]/g;
const ESCAPE_ASCII = /[^ !#-[\]-~]/g;
const ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};
const hex4 = (c: number) => "\\u" + c.toString(16).padStart(4, "0");

/** Python `json.encoder.py_encode_basestring(_ascii)`. */
export function jsonString(s: string, ensureAscii = false): string {
  if (ensureAscii) return '"' + s.replace(ESCAPE_ASCII, (c) => ESCAPES[c] ?? hex4(c.charCodeAt(0))) + '"';
  ESCAPE.lastIndex = 0;
  if (!ESCAPE.test(s)) return '"' + s + '"';
  return '"' + s.replace(ESCAPE, (c) => ESCAPES[c] ?? hex4(c.charCodeAt(0))) + '"';
}

function floatJson(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  return floatRepr(x);
}

function keyJson(k: unknown, ensureAscii: boolean): string {
  if (typeof k === "string") return jsonString(k, ensureAscii);
  if (typeof k === "number") return '"' + (Number.isInteger(k) ? intStr(k) : floatJson(k)) + '"';
  if (typeof k === "boolean") return k ? '"true"' : '"false"';
  if (k === null) return '"null"';
  throw pyTypeError(`keys must be str, int, float, bool or None, not ${typeof k}`);
}

/** Python `json.dumps` of a runtime value. */
export function dumps(value: RV, opts: DumpsOptions = {}): string {
  const ensureAscii = !!opts.ensureAscii;
  const sortKeys = !!opts.sortKeys;
  let indent: string | null = null;
  if (opts.indent !== null && opts.indent !== undefined) {
    indent = typeof opts.indent === "string" ? opts.indent : " ".repeat(Math.max(0, opts.indent));
  }
  const [itemSep, keySep] = opts.separators ?? (indent !== null ? [",", ": "] : [", ", ": "]);
  const maxChars = opts.maxChars ?? Infinity;
  const check = (s: string) => {
    if (s.length > maxChars) throw new TemplateLimitError("maxOutputChars", maxChars, "tojson output too long");
  };

  const enc = (v: RV, level: number): string => {
    if (v instanceof StringValue) return jsonString(v.value as string, ensureAscii);
    if (v instanceof BooleanValue) return v.value ? "true" : "false";
    if (v instanceof IntegerValue) return intStr(v.value as number);
    if (v instanceof FloatValue) return floatJson(v.value as number);
    if (v instanceof NullValue) return "null";
    if (v instanceof ArrayValue && !(v instanceof DictView)) {
      const items = (v as ArrV).value;
      if (items.length === 0) return "[]";
      if (indent === null) {
        let out = "[";
        for (let i = 0; i < items.length; i++) {
          out += (i ? itemSep : "") + enc(items[i], level);
          check(out);
        }
        return out + "]";
      }
      const inner = "\n" + indent.repeat(level + 1);
      let out = "[";
      for (let i = 0; i < items.length; i++) {
        out += (i ? itemSep : "") + inner + enc(items[i], level + 1);
        check(out);
      }
      return out + "\n" + indent.repeat(level) + "]";
    }
    if (v instanceof ObjectValue) {
      const map = (v as MapV).value;
      if (map.size === 0) return "{}";
      let entries = [...map];
      if (sortKeys) entries = entries.sort((a, b) => compareKeys(a[0], b[0]));
      const inner = indent === null ? "" : "\n" + indent.repeat(level + 1);
      let out = "{";
      let first = true;
      for (const [k, item] of entries) {
        out += (first ? "" : itemSep) + inner + keyJson(k, ensureAscii) + keySep + enc(item, level + 1);
        check(out);
        first = false;
      }
      return out + (indent === null ? "" : "\n" + indent.repeat(level)) + "}";
    }
    throw pyTypeError(`Object of type ${typeName(v)} is not JSON serializable`);
  };
  return enc(value, 0);
}
