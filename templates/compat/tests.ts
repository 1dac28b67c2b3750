/**
 * Jinja2's built-in tests (`x is defined`, `x is mapping`, `n is divisibleby 3`, …) with
 * Python semantics: `{} is iterable` and `undefined is iterable` are true, `True is number`
 * is true, `True is integer` is false, `none is sameas none` is true.
 *
 * ```ts
 * TESTS.get("iterable")!(toRuntime({}), []); // true
 * ```
 *
 * Source: Jinja2 `jinja2/tests.py` (3.1).
 */
import { pyTypeError } from "../errors.ts";
import { binop, compare, isDict, isNum, isStr, pyEq } from "./ops.ts";
import { pyStr } from "./pystr.ts";
import {
  ArrayValue,
  BooleanValue,
  FloatValue,
  FunctionValue,
  IntegerValue,
  NullValue,
  UndefinedValue,
  type RV,
} from "./runtime.ts";
import { DictView, GeneratorValue, MarkupValue, NativeObject } from "./values.ts";

export type TestFn = (value: RV, args: RV[]) => boolean;

const arg = (name: string, args: RV[]): RV => {
  if (args.length < 1) throw pyTypeError(`test_${name}() missing 1 required positional argument`);
  return args[0];
};

/** Filled in by filters.ts to answer `x is filter`. */
export const FILTER_NAMES = new Set<string>();

export const TESTS: Map<string, TestFn> = new Map<string, TestFn>([
  ["odd", (v) => pyEq(binop("%", v, new IntegerValue(2)), new IntegerValue(1))],
  ["even", (v) => pyEq(binop("%", v, new IntegerValue(2)), new IntegerValue(0))],
  ["divisibleby", (v, a) => pyEq(binop("%", v, arg("divisibleby", a)), new IntegerValue(0))],
  ["defined", (v) => !(v instanceof UndefinedValue)],
  ["undefined", (v) => v instanceof UndefinedValue],
  ["none", (v) => v instanceof NullValue],
  ["boolean", (v) => v instanceof BooleanValue],
  ["false", (v) => v instanceof BooleanValue && v.value === false],
  ["true", (v) => v instanceof BooleanValue && v.value === true],
  ["integer", (v) => v instanceof IntegerValue],
  ["float", (v) => v instanceof FloatValue],
  ["number", (v) => isNum(v)],
  ["string", (v) => isStr(v)],
  ["mapping", (v) => isDict(v)],
  [
    "sequence",
    (v) => isStr(v) || isDict(v) || (v instanceof ArrayValue && !(v instanceof DictView)) || v instanceof UndefinedValue,
  ],
  [
    "iterable",
    (v) => isStr(v) || isDict(v) || v instanceof ArrayValue || v instanceof UndefinedValue || v instanceof GeneratorValue,
  ],
  [
    "callable",
    (v) => v instanceof FunctionValue || v instanceof UndefinedValue || (v instanceof NativeObject && !!v.call),
  ],
  [
    "sameas",
    (v, a) => {
      const o = arg("sameas", a);
      if (v === o) return true;
      if (v instanceof NullValue || v instanceof BooleanValue || v instanceof IntegerValue) {
        return v.constructor === o.constructor && v.value === o.value;
      }
      return isStr(v) && isStr(o) && v.value === o.value && !(v instanceof MarkupValue);
    },
  ],
  ["escaped", (v) => v instanceof MarkupValue],
  ["in", (v, a) => compare("in", v, arg("in", a))],
  ["lower", (v) => { const s = pyStr(v); return s !== s.toUpperCase() && s === s.toLowerCase(); }],
  ["upper", (v) => { const s = pyStr(v); return s !== s.toLowerCase() && s === s.toUpperCase(); }],
  ["filter", (v) => isStr(v) && FILTER_NAMES.has(v.value)],
  ["test", (v) => isStr(v) && TESTS.has(v.value)],
  ["eq", (v, a) => compare("==", v, arg("eq", a))],
  ["ne", (v, a) => compare("!=", v, arg("ne", a))],
  ["lt", (v, a) => compare("<", v, arg("lt", a))],
  ["le", (v, a) => compare("<=", v, arg("le", a))],
  ["gt", (v, a) => compare(">", v, arg("gt", a))],
  ["ge", (v, a) => compare(">=", v, arg("ge", a))],
]);
for (const [alias, name] of [
  ["==", "eq"], ["equalto", "eq"], ["!=", "ne"], ["<", "lt"], ["lessthan", "lt"],
  ["<=", "le"], [">", "gt"], ["greaterthan", "gt"], [">=", "ge"],
] as const) {
  TESTS.set(alias, TESTS.get(name)!);
}
