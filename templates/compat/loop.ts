/**
 * Jinja2's `loop` object inside `{% for %}`: `index`, `index0`, `revindex`, `revindex0`,
 * `first`, `last`, `length`, `depth`, `depth0`, `previtem`, `nextitem` (undefined at the ends),
 * `cycle(*values)` and `changed(*values)`.
 *
 * ```ts
 * // {% for x in [1, 2, 3] %}{{ loop.previtem }}-{{ loop.cycle('a', 'b') }};{% endfor %}
 * // -> "-a;1-b;2-a;"
 * ```
 *
 * Source: Jinja2 `runtime.py` (`LoopContext`).
 */
import { pyTypeError } from "../errors.ts";
import { pyFunction } from "./args.ts";
import { pyEq } from "./ops.ts";
import { list as mkList, NativeObject, bool, int, undef } from "./values.ts";
import type { ArrV, RV } from "./runtime.ts";

export class LoopContext extends NativeObject {
  readonly pyType = "LoopContext";
  index0 = 0;
  private lastChanged: RV[] | null = null;
  constructor(
    private readonly items: RV[],
    private readonly depth0: number,
  ) {
    super(undefined);
  }
  getAttr(name: string): RV | undefined {
    const n = this.items.length;
    const i = this.index0;
    switch (name) {
      case "index":
        return int(i + 1);
      case "index0":
        return int(i);
      case "revindex":
        return int(n - i);
      case "revindex0":
        return int(n - i - 1);
      case "first":
        return bool(i === 0);
      case "last":
        return bool(i === n - 1);
      case "length":
        return int(n);
      case "depth":
        return int(this.depth0 + 1);
      case "depth0":
        return int(this.depth0);
      case "previtem":
        return i > 0 ? this.items[i - 1] : undef("there is no previous item");
      case "nextitem":
        return i < n - 1 ? this.items[i + 1] : undef("there is no next item");
      case "cycle":
        return pyFunction((args) => {
          if (args.length === 0) throw pyTypeError("no items for cycling given");
          return args[this.index0 % args.length];
        });
      case "changed":
        return pyFunction((args) => {
          const prev = this.lastChanged;
          this.lastChanged = args;
          const same = prev !== null && pyEq(mkList(prev) as ArrV, mkList(args) as ArrV);
          return bool(!same);
        });
    }
    return undefined;
  }
  repr() {
    return `<LoopContext ${this.index0 + 1}/${this.items.length}>`;
  }
}
