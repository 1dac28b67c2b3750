/**
 * The runtime value classes of `@huggingface/jinja`, recovered from the library itself.
 *
 * The package exports only `Template`, `Environment`, `Interpreter`, `tokenize` and `parse`;
 * its value classes (`StringValue`, `ArrayValue`, …) are not exported, but the interpreter checks
 * them with `instanceof`. To hand it values it understands, this module evaluates a few tiny
 * expressions once at start-up and keeps the constructors of what comes back. Nothing of the
 * library is copied or patched: the compat layer subclasses these classes (see `values.ts`).
 *
 * ```ts
 * new StringValue("hi").value; // "hi"
 * new ArrayValue([]).__bool__().value; // false
 * ```
 *
 * Throws at import time if the library's shape changed so much that a probe fails (a version
 * bump of `@huggingface/jinja` that needs this file revisited).
 *
 * Source: huggingface.js `packages/jinja/src/runtime.ts` (v0.5.11).
 */
import { Environment, Interpreter, parse, tokenize } from "@huggingface/jinja";

/** Any value the interpreter handles (the library's `AnyRuntimeValue`, structurally). */
export interface RV {
  type: string;
  value: unknown;
  __bool__(): { value: boolean };
  toString(): string;
}
// The `__x` members are type-level brands only (they do not exist at runtime): they keep the
// structurally identical library classes apart for `instanceof` narrowing.
export interface StrV extends RV { value: string; readonly __str: true }
export interface NumV extends RV { value: number }
export interface IntV extends NumV { readonly __int: true }
export interface FloatV extends NumV { readonly __float: true }
export interface BoolV extends RV { value: boolean; readonly __bool: true }
export interface NullV extends RV { value: null; readonly __null: true }
export interface UndefV extends RV { value: undefined; readonly __undef: true }
export interface ArrV extends RV { value: RV[]; readonly __list: true }
export interface TupV extends ArrV { readonly __tuple: true }
/** A Python dict or namespace. Dict keys are strings, numbers, booleans or null (`None`). */
export interface MapV extends RV { value: Map<unknown, RV> }
export interface DictV extends MapV { readonly __dict: true }
export interface KwV extends DictV { readonly __kwargs: true }
export interface NsV extends MapV { readonly __ns: true }
export interface FnV extends RV { value: (args: RV[], scope: Environment) => RV; readonly __fn: true }

type Ctor<T, A extends unknown[] = any[]> = { new (...args: A): T; prototype: T };

const env = new Environment();
const interp = new Interpreter(env);
function probe(expr: string): RV {
  const program = parse(tokenize(`{{ ${expr} }}`));
  return interp.evaluate(program.body[0], env) as unknown as RV;
}
function probeStatement(src: string): RV {
  return interp.evaluate(parse(tokenize(src)).body[0], env) as unknown as RV;
}
function ctorOf<T>(value: RV, expected: string): Ctor<T> {
  if (value.type !== expected) {
    throw new Error(`@huggingface/jinja changed: probe gave ${value.type}, expected ${expected}`);
  }
  return value.constructor as Ctor<T>;
}

export const StringValue = ctorOf<StrV>(probe('"a"'), "StringValue") as Ctor<StrV, [string]>;
export const IntegerValue = ctorOf<IntV>(probe("1"), "IntegerValue") as Ctor<IntV, [number]>;
export const FloatValue = ctorOf<FloatV>(probe("1.5"), "FloatValue") as Ctor<FloatV, [number]>;
export const BooleanValue = ctorOf<BoolV>(probe("1 == 1"), "BooleanValue") as Ctor<BoolV, [boolean]>;
export const NullValue = ctorOf<NullV>(probeStatement("{% set __toolwire_probe__ = 1 %}"), "NullValue") as Ctor<NullV, []>;
export const UndefinedValue = ctorOf<UndefV>(probe("__toolwire_probe_undefined__"), "UndefinedValue") as Ctor<UndefV, []>;
export const ArrayValue = ctorOf<ArrV>(probe("[1]"), "ArrayValue") as Ctor<ArrV, [RV[]]>;
export const TupleValue = ctorOf<TupV>(probe("(1, 2)"), "TupleValue") as Ctor<TupV, [RV[]]>;
export const ObjectValue = ctorOf<DictV>(probe("{}"), "ObjectValue") as Ctor<DictV, [Map<unknown, RV>]>;
export const NamespaceValue = ctorOf<NsV>(probe("namespace()"), "NamespaceValue") as Ctor<NsV, [Map<unknown, RV>]>;
export const FunctionValue = ctorOf<FnV>(env.lookupVariable("namespace") as unknown as RV, "FunctionValue") as Ctor<
  FnV,
  [(args: RV[], scope: Environment) => RV]
>;

function probeKwargs(): Ctor<KwV, [Map<unknown, RV>]> {
  let seen: RV | undefined;
  env.setVariable(
    "__toolwire_probe_fn__",
    new FunctionValue((args) => {
      seen = args[args.length - 1];
      return new NullValue();
    }) as never,
  );
  probe("__toolwire_probe_fn__(a=1)");
  return ctorOf<KwV>(seen as RV, "KeywordArgumentsValue") as Ctor<KwV, [Map<unknown, RV>]>;
}
export const KeywordArgumentsValue = probeKwargs();

/** The library's abstract base class of all values (for value kinds the library lacks). */
export const RuntimeValue = Object.getPrototypeOf(StringValue) as Ctor<RV, [unknown?]>;

if (!(new TupleValue([]) instanceof ArrayValue) || !(new KeywordArgumentsValue(new Map()) instanceof ObjectValue)) {
  throw new Error("@huggingface/jinja changed: unexpected value class hierarchy");
}
