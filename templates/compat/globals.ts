/**
 * Global functions a chat template can call, as transformers provides them: Jinja2's
 * `range` (sandbox-bounded), `dict`, `namespace` (the library's own), `cycler`, `joiner`,
 * plus transformers' `raise_exception(msg)` and `strftime_now(fmt)`.
 *
 * ```ts
 * const g = makeGlobals({ now: () => civil("2024-07-26T12:00:00"), maxItems: 100_000 });
 * // {{ strftime_now("%d %b %Y") }} -> "26 Jul 2024"; {{ raise_exception("x") }} throws TemplateError("x")
 * ```
 *
 * Source: Jinja2 `defaults.py` (DEFAULT_NAMESPACE), `sandbox.py` (`safe_range`, MAX_RANGE),
 * `utils.py` (Cycler, Joiner); transformers `utils/chat_template_utils.py`.
 */
import { pyTypeError, TemplateError, TemplateRuntimeError } from "../errors.ts";
import { bindParams, noKwargs, pyFunction } from "./args.ts";
import { compare, isInt, numOf } from "./ops.ts";
import { CHAIN_FN } from "./tokens.ts";
import { pyStr, typeName } from "./pystr.ts";
import { strftime, type CivilTime } from "./strftime.ts";
import { ObjectValue, type RV } from "./runtime.ts";
import { FALSE, NativeObject, NONE, TRUE, int, list, str } from "./values.ts";

/** Jinja2's sandbox refuses ranges longer than this (OverflowError). */
export const MAX_RANGE = 100_000;

class Cycler extends NativeObject {
  readonly pyType = "Cycler";
  private pos = 0;
  constructor(private readonly items: RV[]) {
    super(undefined);
  }
  getAttr(name: string): RV | undefined {
    switch (name) {
      case "current":
        return this.items[this.pos];
      case "next":
        return pyFunction(() => {
          const v = this.items[this.pos];
          this.pos = (this.pos + 1) % this.items.length;
          return v;
        });
      case "reset":
        return pyFunction(() => ((this.pos = 0), NONE));
      case "items":
        return list(this.items);
    }
    return undefined;
  }
  repr() {
    return "<jinja2.utils.Cycler object at 0x0>";
  }
}

class Joiner extends NativeObject {
  readonly pyType = "Joiner";
  private used = false;
  constructor(private readonly sep: string) {
    super(undefined);
  }
  getAttr(): RV | undefined {
    return undefined;
  }
  override call(): RV {
    if (!this.used) {
      this.used = true;
      return str("");
    }
    return str(this.sep);
  }
  repr() {
    return "<jinja2.utils.Joiner object at 0x0>";
  }
}

export interface GlobalsOptions {
  /** Current time for `strftime_now` (called once per call of the global). */
  now: () => CivilTime;
}

/** transformers' `strftime_now(format)`: the clock's time formatted with Python's strftime. */
export function makeStrftimeNow(now: () => CivilTime): RV {
  return pyFunction((args, kwargs) => {
    const [fmt] = bindParams("strftime_now", args, kwargs, ["format"]);
    if (!fmt) throw pyTypeError("strftime_now() missing 1 required positional argument: 'format'");
    return str(strftime(now(), pyStr(fmt)));
  });
}

/** The global variables of a render (before the caller's kwargs). */
export function makeGlobals(opts: GlobalsOptions): Map<string, RV> {
  const g = new Map<string, RV>();
  for (const [name, value] of [
    ["true", TRUE], ["false", FALSE], ["none", NONE], ["True", TRUE], ["False", FALSE], ["None", NONE],
  ] as const) {
    g.set(name, value);
  }
  g.set("raise_exception", pyFunction((args) => {
    throw new TemplateError(args.length ? pyStr(args[0]) : "");
  }));
  g.set("strftime_now", makeStrftimeNow(opts.now));
  g.set("range", pyFunction((args, kwargs) => {
    noKwargs("range", kwargs);
    if (args.length < 1 || args.length > 3) throw pyTypeError(`range expected at most 3 arguments, got ${args.length}`);
    for (const a of args) {
      if (!isInt(a)) throw pyTypeError(`'${typeName(a)}' object cannot be interpreted as an integer`);
    }
    const n = args.map(numOf);
    const [start, stop, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? 1];
    if (step === 0) throw new TemplateRuntimeError("range() arg 3 must not be zero", "ValueError");
    const len = Math.max(0, Math.ceil((stop - start) / step));
    if (len > MAX_RANGE) {
      throw new TemplateRuntimeError(
        `Range too big. The sandbox blocks ranges larger than MAX_RANGE (${MAX_RANGE}).`,
        "OverflowError",
      );
    }
    const out: RV[] = [];
    for (let i = 0; i < len; i++) out.push(int(start + i * step));
    return list(out);
  }));
  g.set("dict", pyFunction((args, kwargs) => {
    if (args.length > 1) throw pyTypeError(`dict expected at most 1 argument, got ${args.length}`);
    const map = new Map<unknown, RV>();
    if (args.length === 1) {
      const src = args[0];
      if (src instanceof ObjectValue) for (const [k, v] of src.value) map.set(k, v);
      else throw pyTypeError(`'${typeName(src)}' object is not iterable`);
    }
    for (const [k, v] of kwargs) map.set(k, v);
    return new ObjectValue(map);
  }));
  g.set(CHAIN_FN, pyFunction((args) => {
    // a op1 b op2 c …: Python's chained comparison (see tokens.ts chainComparisons)
    for (let i = 0; i + 2 < args.length; i += 2) {
      if (!compare(pyStr(args[i + 1]), args[i], args[i + 2])) return FALSE;
    }
    return TRUE;
  }));
  g.set("cycler", pyFunction((args) => new Cycler(args)));
  g.set("joiner", pyFunction((args, kwargs) => {
    const [sep] = bindParams("joiner", args, kwargs, ["sep"]);
    return new Joiner(sep ? pyStr(sep) : ", ");
  }));
  return g;
}
