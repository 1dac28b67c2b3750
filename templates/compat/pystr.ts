/**
 * Python `str()` and `repr()` of runtime values, as Jinja2 prints them.
 *
 * `{{ x }}` prints `str(x)`: `True`, `None`, `1.0`, `['a', 1]`, `{'k': None}`, `(1,)`;
 * an undefined value prints as nothing.
 *
 * ```ts
 * pyStr(toRuntime([true, null, "it's", 1e16])); // `[True, None, "it's", 1e+16]`
 * floatRepr(1e-7);                               // "1e-07"
 * ```
 *
 * Source: CPython `Objects/unicodeobject.c` (unicode_repr), `Python/pystrtod.c`
 * (float_repr_style 'short'), Jinja2 `utils.object_type_repr`.
 */
import {
  ArrayValue,
  BooleanValue,
  FloatValue,
  FunctionValue,
  IntegerValue,
  NamespaceValue,
  NullValue,
  ObjectValue,
  StringValue,
  TupleValue,
  UndefinedValue,
  type ArrV,
  type MapV,
  type RV,
} from "./runtime.ts";
import { DictView, GeneratorValue, MarkupValue, NativeObject } from "./values.ts";
import { strRepr } from "../../parsers/engine/pyrepr.ts";

export { strRepr };

/** Python `repr(float)`: shortest round-trip digits, exponent form outside [1e-4, 1e16). */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, expText] = x.toExponential().split("e");
  const exp = Number(expText);
  const neg = mant[0] === "-";
  const digits = (neg ? mant.slice(1) : mant).replace(".", "");
  const sign = neg ? "-" : "";
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  if (digits.length > exp + 1) return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return `${sign}${digits}${"0".repeat(exp + 1 - digits.length)}.0`;
}

/** Python `str(int)`. */
export function intStr(n: number): string {
  return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
}

/** Python type name of a value (`type(x).__name__`). */
export function typeName(v: RV): string {
  if (v instanceof MarkupValue) return "Markup";
  if (v instanceof StringValue) return "str";
  if (v instanceof BooleanValue) return "bool";
  if (v instanceof IntegerValue) return "int";
  if (v instanceof FloatValue) return "float";
  if (v instanceof NullValue) return "NoneType";
  if (v instanceof UndefinedValue) return "Undefined";
  if (v instanceof DictView) return v.pyType;
  if (v instanceof TupleValue) return "tuple";
  if (v instanceof ArrayValue) return "list";
  if (v instanceof NamespaceValue) return "Namespace";
  if (v instanceof ObjectValue) return "dict";
  if (v instanceof GeneratorValue) return v.pyType;
  if (v instanceof NativeObject) return v.pyType;
  if (v instanceof FunctionValue) return "function";
  return v.type;
}

/** Jinja2 `object_type_repr`: `None`, `dict object`, `jinja2.utils.Namespace object`, … */
export function objectTypeRepr(v: RV): string {
  if (v instanceof NullValue) return "None";
  const name = typeName(v);
  if (name === "Markup") return "markupsafe.Markup object";
  if (name === "Namespace") return "jinja2.utils.Namespace object";
  if (name === "Undefined") return "jinja2.runtime.Undefined object";
  if (name === "LoopContext") return "jinja2.runtime.LoopContext object";
  return `${name} object`;
}

/** Python `repr(dict key)` for a normalised key (string, number, boolean or null). */
function keyRepr(k: unknown): string {
  if (typeof k === "string") return strRepr(k);
  if (typeof k === "number") return Number.isInteger(k) ? intStr(k) : floatRepr(k);
  if (typeof k === "boolean") return k ? "True" : "False";
  if (k === null) return "None";
  return String(k);
}

function seqRepr(items: RV[], open: string, close: string, tuple: boolean): string {
  if (tuple && items.length === 1) return `(${pyRepr(items[0])},)`;
  let out = open;
  for (let i = 0; i < items.length; i++) out += (i ? ", " : "") + pyRepr(items[i]);
  return out + close;
}

function dictRepr(map: Map<unknown, RV>): string {
  let out = "{";
  let first = true;
  for (const [k, v] of map) {
    out += (first ? "" : ", ") + keyRepr(k) + ": " + pyRepr(v);
    first = false;
  }
  return out + "}";
}

/** Python `repr(x)`. */
export function pyRepr(v: RV): string {
  if (v instanceof MarkupValue) return `Markup(${strRepr(v.value as string)})`;
  if (v instanceof StringValue) return strRepr(v.value as string);
  if (v instanceof UndefinedValue) return "Undefined";
  return pyStr(v);
}

/** Python `str(x)` as Jinja2 prints `{{ x }}` (undefined prints as the empty string). */
export function pyStr(v: RV): string {
  if (v instanceof StringValue) return v.value as string;
  if (v instanceof IntegerValue) return intStr(v.value as number);
  if (v instanceof FloatValue) return floatRepr(v.value as number);
  if (v instanceof BooleanValue) return v.value ? "True" : "False";
  if (v instanceof NullValue) return "None";
  if (v instanceof UndefinedValue) return "";
  if (v instanceof DictView) return `${v.pyType}(${seqRepr((v as ArrV).value, "[", "]", false)})`;
  if (v instanceof TupleValue) return seqRepr((v as ArrV).value, "(", ")", true);
  if (v instanceof ArrayValue) return seqRepr((v as ArrV).value, "[", "]", false);
  if (v instanceof NamespaceValue) return `<Namespace ${dictRepr((v as MapV).value)}>`;
  if (v instanceof ObjectValue) return dictRepr((v as MapV).value);
  if (v instanceof GeneratorValue) return `<${v.pyType} object at 0x0>`;
  if (v instanceof NativeObject) return v.repr();
  if (v instanceof FunctionValue) return "<function>";
  return String(v.value);
}

/** Python `pprint.pformat` for values that fit on one line (dict keys sorted). */
export function pformat(v: RV): string {
  if (v instanceof ObjectValue && !(v instanceof NamespaceValue)) {
    const entries = [...(v as MapV).value].sort(([a], [b]) =>
      typeof a === typeof b ? (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0) : typeof a < typeof b ? -1 : 1,
    );
    return "{" + entries.map(([k, x]) => `${keyRepr(k)}: ${pformat(x)}`).join(", ") + "}";
  }
  if (v instanceof ArrayValue && !(v instanceof DictView)) {
    const items = (v as ArrV).value.map(pformat);
    if (v instanceof TupleValue) return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
    return `[${items.join(", ")}]`;
  }
  return pyRepr(v);
}

/** `markupsafe.escape` of a plain string. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>'"]/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === "'" ? "&#39;" : "&#34;",
  );
}
