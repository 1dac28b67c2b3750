/**
 * Python semantics of Jinja2 operators on runtime values: truthiness, `==`, ordering, `in`,
 * `len()`, iteration, arithmetic (`+ - * / // % **`) and `~`.
 *
 * Differences from plain @huggingface/jinja that matter for chat templates:
 * `"a" + 1` raises (`can only concatenate str (not "int") to str`), `"ab" * 2` repeats,
 * `1 == 1.0 == True`, `x in None` raises, `x in undefined` is false, iterating a string yields
 * its characters, iterating `None` raises, iterating undefined yields nothing, a `Markup` on
 * either side of `+` HTML-escapes the other side.
 *
 * ```ts
 * binop("+", str("a"), int(1)); // throws TemplateRuntimeError (pythonType "TypeError")
 * pyEq(int(1), float(1));       // true
 * ```
 *
 * Source: CPython data model (`Objects/abstract.c`, `Objects/unicodeobject.c`), Jinja2
 * `runtime.Undefined`, markupsafe `Markup.__add__`.
 */
import { pyTypeError, pyUndefinedError, TemplateRuntimeError } from "../errors.ts";
import { TemplateLimitError } from "../limits.ts";
import { escapeHtml, pyStr, typeName } from "./pystr.ts";
import { pyFormatPercent } from "./pyformat.ts";
import {
  ArrayValue,
  BooleanValue,
  FloatValue,
  IntegerValue,
  NamespaceValue,
  NullValue,
  ObjectValue,
  StringValue,
  TupleValue,
  UndefinedValue,
  type ArrV,
  type MapV,
  type NumV,
  type RV,
  type StrV,
} from "./runtime.ts";
import { DictView, FALSE, GeneratorValue, MarkupValue, PyUndefined, TRUE, float, int, list, str } from "./values.ts";

/** Raises the error an undefined value raises when used (`'x' is undefined`, …). */
export function failUndefined(v: RV): never {
  if (v instanceof PyUndefined) {
    throw new TemplateRuntimeError(v.hint, v.kind);
  }
  throw pyUndefinedError("value is undefined");
}

export const isStr = (v: RV): v is StrV => v instanceof StringValue;
export const isUndef = (v: RV) => v instanceof UndefinedValue;
/** int, float or bool (Python numbers). */
export const isNum = (v: RV): v is NumV =>
  v instanceof IntegerValue || v instanceof FloatValue || v instanceof BooleanValue;
/** int or bool. */
export const isInt = (v: RV) => v instanceof IntegerValue || v instanceof BooleanValue;
export const numOf = (v: RV): number => (v instanceof BooleanValue ? (v.value ? 1 : 0) : (v.value as number));
/** A Python `dict` (not a `namespace`, which the library also stores as an object): `isDict(toRuntime({}))` is true. */
export const isDict = (v: RV): boolean => v instanceof ObjectValue && !(v instanceof NamespaceValue);

/** Python truthiness (without the library's per-call BooleanValue allocation). */
export function truthy(v: RV): boolean {
  if (v instanceof StringValue) return (v.value as string) !== "";
  if (v instanceof BooleanValue) return v.value as boolean;
  if (v instanceof IntegerValue || v instanceof FloatValue) return (v.value as number) !== 0;
  if (v instanceof NullValue || v instanceof UndefinedValue) return false;
  if (v instanceof ArrayValue) return (v as ArrV).value.length > 0;
  if (v instanceof ObjectValue && !(v instanceof NamespaceValue)) return (v as MapV).value.size > 0;
  return v.__bool__().value;
}

const SURROGATE = /[\uD800-\uDFFF]/;
/** Python string order (by code point, not UTF-16 unit). */
export function cmpStr(a: string, b: string): number {
  if (a === b) return 0;
  if (SURROGATE.test(a) || SURROGATE.test(b)) {
    const x = Array.from(a, (c) => c.codePointAt(0)!);
    const y = Array.from(b, (c) => c.codePointAt(0)!);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  }
  return a < b ? -1 : 1;
}

/** Number of code points (Python `len(str)`). */
export function strLen(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Python `==`. */
export function pyEq(a: RV, b: RV): boolean {
  if (a === b) return true;
  if (isStr(a)) return isStr(b) && a.value === b.value;
  if (isNum(a)) return isNum(b) && numOf(a) === numOf(b);
  if (a instanceof NullValue) return b instanceof NullValue;
  if (a instanceof UndefinedValue) return b instanceof UndefinedValue;
  if (a instanceof ArrayValue) {
    if (!(b instanceof ArrayValue) || a instanceof TupleValue !== b instanceof TupleValue) return false;
    const x = (a as ArrV).value;
    const y = (b as ArrV).value;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!pyEq(x[i], y[i])) return false;
    return true;
  }
  if (a instanceof ObjectValue && !(a instanceof NamespaceValue)) {
    if (!(b instanceof ObjectValue) || b instanceof NamespaceValue) return false;
    const x = (a as MapV).value;
    const y = (b as MapV).value;
    if (x.size !== y.size) return false;
    for (const [k, v] of x) {
      const w = y.get(k);
      if (w === undefined || !pyEq(v, w)) return false;
    }
    return true;
  }
  return false;
}

/** Python ordering (`<`): numbers, strings, lists and tuples; anything else raises. */
export function pyCmp(a: RV, b: RV, op = "<"): number {
  if (isNum(a) && isNum(b)) {
    const x = numOf(a);
    const y = numOf(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (isStr(a) && isStr(b)) return cmpStr(a.value, b.value);
  if (a instanceof ArrayValue && b instanceof ArrayValue && a instanceof TupleValue === b instanceof TupleValue) {
    const x = (a as ArrV).value;
    const y = (b as ArrV).value;
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (!pyEq(x[i], y[i])) return pyCmp(x[i], y[i], op);
    }
    return x.length - y.length;
  }
  if (a instanceof UndefinedValue) failUndefined(a);
  if (b instanceof UndefinedValue) failUndefined(b);
  throw pyTypeError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** Sort order of dict keys for `sort_keys` / `dictsort` (raises on mixed types, like Python). */
export function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === "string" && typeof b === "string") return cmpStr(a, b);
  if (typeof a === "number" && typeof b === "number") return a - b;
  throw pyTypeError(`'<' not supported between instances of '${typeof a}' and '${typeof b}'`);
}

/**
 * Normalised dict key of a value: strings, numbers, booleans, null. Lists and dicts are
 * unhashable; `undefined` is hashable but never present.
 */
export const MISSING_KEY = Symbol("missing");
export function dictKey(v: RV): unknown {
  if (isStr(v)) return v.value;
  if (v instanceof BooleanValue) return v.value;
  if (isNum(v)) return v.value;
  if (v instanceof NullValue) return null;
  if (v instanceof UndefinedValue) return MISSING_KEY;
  if (v instanceof TupleValue) {
    const parts = (v as ArrV).value.map((x) => {
      const k = dictKey(x);
      return typeof k === "string" ? JSON.stringify(k) : String(k);
    });
    return "\u0000tuple(" + parts.join(",") + ")";
  }
  throw pyTypeError(`unhashable type: '${typeName(v)}'`);
}

/** Runtime value of a normalised dict key. */
export function keyValue(k: unknown): RV {
  if (typeof k === "string") return str(k);
  if (typeof k === "number") return Number.isInteger(k) ? int(k) : float(k);
  if (typeof k === "boolean") return k ? TRUE : FALSE;
  return new NullValue();
}

/** Characters of a string (by code point) as runtime strings. */
export function strChars(s: string): RV[] {
  const out: RV[] = [];
  for (const c of s) out.push(str(c));
  return out;
}

/** Python `iter(x)` materialised: lists, tuples, dict keys, string characters, generators. */
export function pyIterate(v: RV): RV[] {
  if (v instanceof ArrayValue) return (v as ArrV).value;
  if (v instanceof ObjectValue && !(v instanceof NamespaceValue)) {
    const keys: RV[] = [];
    for (const k of (v as MapV).value.keys()) keys.push(keyValue(k));
    return keys;
  }
  if (isStr(v)) return strChars(v.value);
  if (v instanceof UndefinedValue) {
    // Undefined iterates as empty, except a sandbox-violation placeholder.
    if (v instanceof PyUndefined && v.kind === "SecurityError") failUndefined(v);
    return [];
  }
  if (v instanceof GeneratorValue) return [...v.drain()];
  throw pyTypeError(`'${typeName(v)}' object is not iterable`);
}

/** Python `len(x)`. */
export function pyLen(v: RV): number {
  if (isStr(v)) return strLen(v.value);
  if (v instanceof ArrayValue) return (v as ArrV).value.length;
  if (v instanceof ObjectValue && !(v instanceof NamespaceValue)) return (v as MapV).value.size;
  if (v instanceof UndefinedValue) return 0;
  throw pyTypeError(`object of type '${typeName(v)}' has no len()`);
}

/** Python `item in container`. */
export function pyContains(container: RV, item: RV): boolean {
  if (isStr(container)) {
    if (!isStr(item)) throw pyTypeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.value.includes(item.value);
  }
  if (container instanceof ArrayValue) {
    for (const x of (container as ArrV).value) if (pyEq(x, item)) return true;
    return false;
  }
  if (container instanceof ObjectValue && !(container instanceof NamespaceValue)) {
    return (container as MapV).value.has(dictKey(item));
  }
  if (container instanceof UndefinedValue) return false;
  if (container instanceof GeneratorValue) {
    for (const x of container.drain()) if (pyEq(x, item)) return true;
    return false;
  }
  throw pyTypeError(`argument of type '${typeName(container)}' is not iterable`);
}

/** A list or tuple (dict views are not sequences for `+` and `*`). */
const isSeq = (v: RV) => v instanceof ArrayValue && !(v instanceof DictView);

const numResult = (a: RV, b: RV, n: number): RV =>
  a instanceof FloatValue || b instanceof FloatValue ? float(n) : int(n);

function zeroDivision(a: RV, b: RV, intMessage: string, floatMessage: string): never {
  const isFloat = a instanceof FloatValue || b instanceof FloatValue;
  throw new TemplateRuntimeError(isFloat ? floatMessage : intMessage, "ZeroDivisionError");
}

function unsupported(op: string, a: RV, b: RV): never {
  throw pyTypeError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

/** Size bounds for values built by operators (see limits.ts). */
export interface SizeLimits {
  maxOutputChars: number;
  maxLoopIterations: number;
}
export const NO_LIMITS: SizeLimits = { maxOutputChars: Infinity, maxLoopIterations: Infinity };

function repeat(seq: RV, times: RV, limits: SizeLimits): RV {
  const n = Math.max(0, numOf(times));
  if (isStr(seq)) {
    if (seq.value.length * n > limits.maxOutputChars) {
      throw new TemplateLimitError("maxOutputChars", limits.maxOutputChars, "string repetition too long");
    }
    const out = seq.value.repeat(n);
    return seq instanceof MarkupValue ? new MarkupValue(out) : str(out);
  }
  const items = (seq as ArrV).value;
  if (items.length * n > limits.maxLoopIterations) {
    throw new TemplateLimitError("maxLoopIterations", limits.maxLoopIterations, "list repetition too long");
  }
  const out: RV[] = [];
  for (let i = 0; i < n; i++) out.push(...items);
  return seq instanceof TupleValue ? new TupleValue(out) : list(out);
}

/** Python floor modulo (a zero result takes the divisor's sign). */
function pyMod(a: number, b: number): number {
  const r = a % b;
  if (r === 0) return b < 0 ? -0 : 0;
  return r < 0 !== b < 0 ? r + b : r;
}

/**
 * A binary arithmetic operator with Python semantics. `limits` bound the result of
 * repetition (`*`): a TemplateLimitError is thrown past them.
 */
export function binop(op: string, a: RV, b: RV, limits: SizeLimits = NO_LIMITS): RV {
  if (op === "~") return str(pyStr(a) + pyStr(b));
  // `str % x` formats with x as it is (str.__mod__ runs first, even for an undefined x)
  if (op === "%" && isStr(a)) return pyFormatPercent(a, b);
  if (a instanceof UndefinedValue) failUndefined(a);
  if (b instanceof UndefinedValue) failUndefined(b);
  switch (op) {
    case "+": {
      if (isStr(a) && isStr(b)) {
        if (a instanceof MarkupValue || b instanceof MarkupValue) {
          const x = a instanceof MarkupValue ? a.value : escapeHtml(a.value);
          const y = b instanceof MarkupValue ? b.value : escapeHtml(b.value);
          return new MarkupValue(x + y);
        }
        return str(a.value + b.value);
      }
      if (isNum(a) && isNum(b)) return numResult(a, b, numOf(a) + numOf(b));
      if (isSeq(a) && isSeq(b) && a instanceof TupleValue === b instanceof TupleValue) {
        const out = (a as ArrV).value.concat((b as ArrV).value);
        return a instanceof TupleValue ? new TupleValue(out) : list(out);
      }
      if (isStr(a)) throw pyTypeError(`can only concatenate str (not "${typeName(b)}") to str`);
      if (isSeq(a)) {
        const t = a instanceof TupleValue ? "tuple" : "list";
        throw pyTypeError(`can only concatenate ${t} (not "${typeName(b)}") to ${t}`);
      }
      return unsupported("+", a, b);
    }
    case "-":
      if (isNum(a) && isNum(b)) return numResult(a, b, numOf(a) - numOf(b));
      return unsupported("-", a, b);
    case "*":
      if (isNum(a) && isNum(b)) return numResult(a, b, numOf(a) * numOf(b));
      if ((isStr(a) || isSeq(a)) && isInt(b)) return repeat(a, b, limits);
      if ((isStr(b) || isSeq(b)) && isInt(a)) return repeat(b, a, limits);
      if (isStr(a) || isSeq(a) || isStr(b) || isSeq(b)) {
        const other = isStr(a) || isSeq(a) ? b : a;
        throw pyTypeError(`can't multiply sequence by non-int of type '${typeName(other)}'`);
      }
      return unsupported("*", a, b);
    case "/":
      if (isNum(a) && isNum(b)) {
        if (numOf(b) === 0) zeroDivision(a, b, "division by zero", "float division by zero");
        return float(numOf(a) / numOf(b));
      }
      return unsupported("/", a, b);
    case "//":
      if (isNum(a) && isNum(b)) {
        if (numOf(b) === 0) zeroDivision(a, b, "integer division or modulo by zero", "float floor division by zero");
        return numResult(a, b, Math.floor(numOf(a) / numOf(b)));
      }
      return unsupported("//", a, b);
    case "%":
      if (isStr(a)) return pyFormatPercent(a, b);
      if (isNum(a) && isNum(b)) {
        if (numOf(b) === 0) zeroDivision(a, b, "integer modulo by zero", "float modulo");
        return numResult(a, b, pyMod(numOf(a), numOf(b)));
      }
      return unsupported("%", a, b);
    case "**":
      if (isNum(a) && isNum(b)) {
        const x = numOf(a);
        const y = numOf(b);
        if (x === 0 && y < 0) {
          throw new TemplateRuntimeError("0.0 cannot be raised to a negative power", "ZeroDivisionError");
        }
        const r = x ** y;
        const isFloat = a instanceof FloatValue || b instanceof FloatValue;
        // float overflow raises in Python; int ** int is exact there (not representable here)
        if (isFloat && (r === Infinity || r === -Infinity) && Number.isFinite(x) && Number.isFinite(y)) {
          throw new TemplateRuntimeError("(34, 'Numerical result out of range')", "OverflowError");
        }
        return isFloat || y < 0 ? float(r) : int(r);
      }
      return unsupported("** or pow()", a, b);
  }
  throw pyTypeError(`unknown operator ${op}`);
}

/** Python comparison operators (`==`, `!=`, `<`, `<=`, `>`, `>=`, `in`, `not in`). */
export function compare(op: string, a: RV, b: RV): boolean {
  switch (op) {
    case "==":
      return pyEq(a, b);
    case "!=":
      return !pyEq(a, b);
    case "<":
      return pyCmp(a, b, op) < 0;
    case "<=":
      return pyCmp(a, b, op) <= 0;
    case ">":
      return pyCmp(a, b, op) > 0;
    case ">=":
      return pyCmp(a, b, op) >= 0;
    case "in":
      return pyContains(b, a);
    case "not in":
      return !pyContains(b, a);
  }
  throw pyTypeError(`unknown comparison ${op}`);
}
