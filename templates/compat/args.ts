/**
 * Calling conventions: the library passes keyword arguments as a trailing
 * `KeywordArgumentsValue`; Python functions bind positional and keyword arguments to named
 * parameters. These helpers do the binding and raise Python's TypeError messages.
 *
 * ```ts
 * const [pos, kw] = splitArgs([str("a"), new KeywordArgumentsValue(new Map([["b", int(1)]]))]);
 * bindParams("f", pos, kw, ["a", "b"]); // [str("a"), int(1)]
 * ```
 */
import { pyTypeError } from "../errors.ts";
import { FunctionValue, KeywordArgumentsValue, type MapV, type RV } from "./runtime.ts";

export type Kwargs = Map<string, RV>;
const NO_KWARGS: Kwargs = new Map();

/** Separates positional arguments from the trailing keyword-arguments value, if any. */
export function splitArgs(args: RV[]): [RV[], Kwargs] {
  const last = args[args.length - 1];
  if (last instanceof KeywordArgumentsValue) {
    return [args.slice(0, -1), (last as MapV).value as Kwargs];
  }
  return [args, NO_KWARGS];
}

/** Binds arguments to parameter names (Python rules); missing ones are `undefined`. */
export function bindParams(fn: string, args: RV[], kwargs: Kwargs, names: readonly string[]): (RV | undefined)[] {
  if (args.length > names.length) {
    throw pyTypeError(`${fn}() takes at most ${names.length} argument${names.length === 1 ? "" : "s"} (${args.length} given)`);
  }
  const out: (RV | undefined)[] = names.map((_, i) => args[i]);
  for (const [k, v] of kwargs) {
    const i = names.indexOf(k);
    if (i < 0) throw pyTypeError(`${fn}() got an unexpected keyword argument '${k}'`);
    if (out[i] !== undefined) throw pyTypeError(`${fn}() got multiple values for argument '${k}'`);
    out[i] = v;
  }
  return out;
}

/** Rejects keyword arguments for functions that take none (most Python builtins). */
export function noKwargs(fn: string, kwargs: Kwargs): void {
  if (kwargs.size > 0) throw pyTypeError(`${fn}() takes no keyword arguments`);
}

/** A runtime function taking Python-style (positional, keyword) arguments. */
export function pyFunction(impl: (args: RV[], kwargs: Kwargs) => RV): RV {
  return new FunctionValue((all) => {
    const [args, kwargs] = splitArgs(all);
    return impl(args, kwargs);
  });
}
