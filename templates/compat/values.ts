/**
 * Python value kinds the library lacks, plus conversion between JavaScript data and runtime
 * values.
 *
 * - {@link MarkupValue}: a `markupsafe.Markup` string (what `|safe` returns); `+` escapes the
 *   other operand.
 * - {@link PyUndefined}: Jinja2's `Undefined` carrying the message Python would raise when it is
 *   used (`'x' is undefined`, `'dict object' has no attribute 'y'`, or a sandbox violation).
 * - {@link GeneratorValue}: a lazy one-shot iterator (`map`, `select`, `selectattr`, `reverse`…
 *   return generators in Jinja2: always truthy, no `len()`, not JSON serialisable).
 * - {@link NativeObject}: an object with attributes computed by code (`loop`, `cycler`, `joiner`).
 * - {@link DictView}: the list-like result of `dict.items()/keys()/values()`.
 * - {@link PyFloat}: marks a JavaScript number as a Python float (`1.0` stays `1.0`).
 *
 * `toRuntime(js)` converts input data: integers to `int`, other numbers to `float`, `null` to
 * `None`, arrays to lists, plain objects and `Map`s to dicts (object properties that are
 * `undefined` are skipped, as JSON would).
 *
 * ```ts
 * toRuntime({ a: [1, 2.5, null] }); // dict {'a': [1, 2.5, None]}
 * toRuntime(new PyFloat(1));        // float 1.0
 * ```
 */
import {
  ArrayValue,
  BooleanValue,
  FloatValue,
  FunctionValue,
  IntegerValue,
  NullValue,
  ObjectValue,
  RuntimeValue,
  StringValue,
  UndefinedValue,
  type ArrV,
  type MapV,
  type RV,
  type StrV,
} from "./runtime.ts";

/** A number that Python sees as a float even when it is integral (JSON `1.0`). */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** `markupsafe.Markup`: a string marked safe. */
export class MarkupValue extends StringValue {}

export type UndefinedKind = "UndefinedError" | "SecurityError";

/** Jinja2 `Undefined` with the message raised when it is used. */
export class PyUndefined extends UndefinedValue {
  constructor(
    readonly hint: string,
    readonly kind: UndefinedKind = "UndefinedError",
  ) {
    super();
  }
}

/** A lazy, single-pass iterator (Python generator / reverse iterator). */
export class GeneratorValue extends RuntimeValue {
  override type = "GeneratorValue";
  private iter: Iterator<RV> | null;
  constructor(
    iter: Iterable<RV>,
    readonly pyType = "generator",
  ) {
    super(undefined);
    this.iter = iter[Symbol.iterator]();
  }
  override __bool__() {
    return TRUE;
  }
  /** Takes the remaining items (later calls yield nothing, like an exhausted generator). */
  *drain(): Generator<RV> {
    const it = this.iter;
    if (!it) return;
    this.iter = null;
    for (let r = it.next(); !r.done; r = it.next()) yield r.value;
  }
}

/** An object whose attributes are computed (`loop`, `cycler()`, `joiner()`). */
export abstract class NativeObject extends RuntimeValue {
  override type = "NativeObject";
  abstract readonly pyType: string;
  abstract getAttr(name: string): RV | undefined;
  /** Called by `obj(...)`; undefined when the object is not callable. */
  call?(args: RV[]): RV;
  abstract repr(): string;
  override __bool__() {
    return TRUE;
  }
}

/** `dict.items()`, `dict.keys()`, `dict.values()`: a list for every purpose but repr and JSON. */
export class DictView extends ArrayValue {
  constructor(
    items: RV[],
    readonly pyType: "dict_items" | "dict_keys" | "dict_values",
  ) {
    super(items);
  }
}

export const NONE: RV = new NullValue();
export const TRUE = new BooleanValue(true);
export const FALSE = new BooleanValue(false);
export const EMPTY_STR = new StringValue("");
export const bool = (b: boolean) => (b ? TRUE : FALSE);
export const str = (s: string): StrV => new StringValue(s);
export const int = (n: number): RV => new IntegerValue(n);
export const float = (n: number): RV => new FloatValue(n);
export const list = (items: RV[]): ArrV => new ArrayValue(items);
export const undef = (hint: string, kind?: UndefinedKind) => new PyUndefined(hint, kind);

/** Converts JavaScript data to runtime values (see the module doc). */
export function toRuntime(input: unknown): RV {
  switch (typeof input) {
    case "string":
      return new StringValue(input);
    case "number":
      return Number.isInteger(input) ? new IntegerValue(input) : new FloatValue(input);
    case "boolean":
      return input ? TRUE : FALSE;
    case "bigint":
      return new IntegerValue(Number(input));
    case "undefined":
      return new UndefinedValue();
    case "function":
      return new FunctionValue((args) => toRuntime((input as (...a: unknown[]) => unknown)(...args.map(toJs))));
    case "object": {
      if (input === null) return NONE;
      if (Array.isArray(input)) {
        const out = new Array<RV>(input.length);
        for (let i = 0; i < input.length; i++) out[i] = toRuntime(input[i]);
        return new ArrayValue(out);
      }
      if (input instanceof RuntimeValue) return input as RV;
      if (input instanceof PyFloat) return new FloatValue(input.value);
      const map = new Map<unknown, RV>();
      if (input instanceof Map) {
        for (const [k, v] of input) if (v !== undefined) map.set(k, toRuntime(v));
      } else {
        for (const k in input) {
          if (!Object.prototype.hasOwnProperty.call(input, k)) continue;
          const v = (input as Record<string, unknown>)[k];
          if (v !== undefined) map.set(k, toRuntime(v));
        }
      }
      return new ObjectValue(map);
    }
    default:
      throw new TypeError(`cannot pass a ${typeof input} to a template`);
  }
}

/** Converts a runtime value back to plain JavaScript data (dicts become objects). */
export function toJs(value: RV): unknown {
  if (value instanceof StringValue || value instanceof BooleanValue) return value.value;
  if (value instanceof IntegerValue || value instanceof FloatValue) return value.value;
  if (value instanceof NullValue) return null;
  if (value instanceof UndefinedValue) return undefined;
  if (value instanceof ArrayValue) return (value as ArrV).value.map(toJs);
  if (value instanceof ObjectValue) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of (value as MapV).value) out[String(k)] = toJs(v);
    return out;
  }
  if (value instanceof GeneratorValue) return [...value.drain()].map(toJs);
  return value;
}
