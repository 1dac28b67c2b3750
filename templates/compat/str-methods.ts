/**
 * Python `str` methods callable from templates (`s.strip()`, `s.split(",", 1)`,
 * `s.startswith(("a", "b"))`, `"{} {}".format(a, b)`, …), with Python's argument rules,
 * code-point indices and error messages. Methods of a `Markup` string return Markup (and
 * escape their string arguments), like markupsafe.
 *
 * ```ts
 * STR_METHODS.get("rsplit")!(str("a b c"), [str(" "), int(1)], new Map()); // ['a b', 'c']
 * ```
 *
 * Source: CPython `Objects/unicodeobject.c`, markupsafe `Markup`.
 */
import { pyTypeError, pyValueError } from "../errors.ts";
import { checkWidth } from "../limits.ts";
import { bindParams, noKwargs, type Kwargs } from "./args.ts";
import { getattr, getitem } from "./attributes.ts";
import { isInt, isStr, numOf, pyIterate } from "./ops.ts";
import { pyStrFormat } from "./pyformat.ts";
import { escapeHtml, typeName } from "./pystr.ts";
import { NullValue, ObjectValue, TupleValue, type ArrV, type MapV, type RV, type StrV } from "./runtime.ts";
import { astral, isCased, PY_WS, pyCapitalize, pyRsplit, pySplit, pySplitlines, pyStrip, pyTitle } from "./strings.ts";
import { MarkupValue, bool, int, list, str } from "./values.ts";

/** The same string kind as `like` (Markup stays Markup). */
export const sameKind = (like: RV, s: string): RV => (like instanceof MarkupValue ? new MarkupValue(s) : str(s));

const strArg = (fn: string, v: RV | undefined, allowNone = false): string | null => {
  if (v === undefined) return null;
  if (allowNone && v instanceof NullValue) return null;
  if (!isStr(v)) throw pyTypeError(`${fn} arg must be None or str`);
  return v.value;
};
const intArg = (v: RV | undefined, dflt: number): number => {
  if (v === undefined || v instanceof NullValue) return dflt;
  if (!isInt(v)) throw pyTypeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
  return numOf(v);
};

function subRange(s: string, startV?: RV, endV?: RV): [string, number] {
  const cps = astral(s);
  const len = cps ? cps.length : s.length;
  let start = intArg(startV, 0);
  let end = intArg(endV, len);
  if (start < 0) start = Math.max(0, start + len);
  if (end < 0) end = Math.max(0, end + len);
  end = Math.min(end, len);
  if (start > len) return ["", -1];
  const sub = cps ? cps.slice(start, end).join("") : s.slice(start, end);
  return [sub, start];
}

const cpIndex = (s: string, utf16: number) => (utf16 < 0 ? -1 : astral(s.slice(0, utf16))?.length ?? utf16);

function tupleOfStrings(fn: string, v: RV): string[] {
  if (isStr(v)) return [v.value];
  if (v instanceof TupleValue && (v as ArrV).value.every(isStr)) return (v as ArrV).value.map((x) => x.value as string);
  throw pyTypeError(`${fn} first arg must be str or a tuple of str, not ${typeName(v)}`);
}

type StrMethod = (self: StrV, args: RV[], kwargs: Kwargs) => RV;

// --------------------------------------------------------------------- str methods

const strMethods: Record<string, StrMethod> = {
  strip: (s, a, k) => sameKind(s, pyStrip(s.value, strArg("strip", bindParams("strip", a, k, ["chars"])[0], true), true, true)),
  lstrip: (s, a, k) => sameKind(s, pyStrip(s.value, strArg("lstrip", bindParams("lstrip", a, k, ["chars"])[0], true), true, false)),
  rstrip: (s, a, k) => sameKind(s, pyStrip(s.value, strArg("rstrip", bindParams("rstrip", a, k, ["chars"])[0], true), false, true)),
  upper: (s, a, k) => (bindParams("upper", a, k, []), sameKind(s, s.value.toUpperCase())),
  lower: (s, a, k) => (bindParams("lower", a, k, []), sameKind(s, s.value.toLowerCase())),
  casefold: (s, a, k) => (bindParams("casefold", a, k, []), sameKind(s, s.value.toLowerCase())),
  title: (s, a, k) => (bindParams("title", a, k, []), sameKind(s, pyTitle(s.value))),
  capitalize: (s, a, k) => (bindParams("capitalize", a, k, []), sameKind(s, pyCapitalize(s.value))),
  swapcase: (s, a, k) => {
    bindParams("swapcase", a, k, []);
    let out = "";
    for (const c of s.value as string) out += c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase();
    return sameKind(s, out);
  },
  split: (s, a, k) => {
    const [sep, max] = bindParams("split", a, k, ["sep", "maxsplit"]);
    return list(pySplit(s.value, strArg("split", sep, true), intArg(max, -1)).map((x) => sameKind(s, x)));
  },
  rsplit: (s, a, k) => {
    const [sep, max] = bindParams("rsplit", a, k, ["sep", "maxsplit"]);
    return list(pyRsplit(s.value, strArg("rsplit", sep, true), intArg(max, -1)).map((x) => sameKind(s, x)));
  },
  splitlines: (s, a, k) => {
    const [keep] = bindParams("splitlines", a, k, ["keepends"]);
    return list(pySplitlines(s.value, !!keep && keep.__bool__().value).map((x) => sameKind(s, x)));
  },
  startswith: (s, a, k) => {
    noKwargs("startswith", k);
    const [prefix, start, end] = bindParams("startswith", a, k, ["prefix", "start", "end"]);
    if (!prefix) throw pyTypeError("startswith() takes at least 1 argument (0 given)");
    const [sub] = subRange(s.value, start, end);
    return bool(tupleOfStrings("startswith", prefix).some((p) => sub.startsWith(p)));
  },
  endswith: (s, a, k) => {
    noKwargs("endswith", k);
    const [suffix, start, end] = bindParams("endswith", a, k, ["suffix", "start", "end"]);
    if (!suffix) throw pyTypeError("endswith() takes at least 1 argument (0 given)");
    const [sub] = subRange(s.value, start, end);
    return bool(tupleOfStrings("endswith", suffix).some((p) => sub.endsWith(p)));
  },
  replace: (s, a, k) => {
    const [oldV, newV, countV] = bindParams("replace", a, k, ["old", "new", "count"]);
    if (!oldV || !newV || !isStr(oldV) || !isStr(newV)) throw pyTypeError("replace() arguments must be str");
    let count = intArg(countV, -1);
    const esc = (v: RV & { value: string }) =>
      s instanceof MarkupValue && !(v instanceof MarkupValue) ? escapeHtml(v.value) : v.value;
    const oldS = esc(oldV);
    const newS = esc(newV);
    if (oldS === "") {
      const chars = Array.from(s.value as string);
      let out = "";
      for (let i = 0; i <= chars.length; i++) {
        if (count !== 0) {
          out += newS;
          count--;
        }
        if (i < chars.length) out += chars[i];
      }
      return sameKind(s, out);
    }
    const parts = (s.value as string).split(oldS);
    if (count < 0 || count >= parts.length - 1) return sameKind(s, parts.join(newS));
    return sameKind(s, parts.slice(0, count + 1).join(newS) + oldS + parts.slice(count + 1).join(oldS));
  },
  find: (s, a, k) => {
    noKwargs("find", k);
    const [sub, start, end] = a;
    if (!sub || !isStr(sub)) throw pyTypeError("must be str");
    const [hay, off] = subRange(s.value, start, end);
    const i = off < 0 ? -1 : hay.indexOf(sub.value);
    return int(i < 0 ? -1 : off + cpIndex(hay, i));
  },
  rfind: (s, a, k) => {
    noKwargs("rfind", k);
    const [sub, start, end] = a;
    if (!sub || !isStr(sub)) throw pyTypeError("must be str");
    const [hay, off] = subRange(s.value, start, end);
    const i = off < 0 ? -1 : hay.lastIndexOf(sub.value);
    return int(i < 0 ? -1 : off + cpIndex(hay, i));
  },
  index: (s, a, k) => {
    const r = strMethods.find(s, a, k);
    if (r.value === -1) throw pyValueError("substring not found");
    return r;
  },
  rindex: (s, a, k) => {
    const r = strMethods.rfind(s, a, k);
    if (r.value === -1) throw pyValueError("substring not found");
    return r;
  },
  count: (s, a, k) => {
    noKwargs("count", k);
    const [sub, start, end] = a;
    if (!sub || !isStr(sub)) throw pyTypeError("must be str");
    const [hay, off] = subRange(s.value, start, end);
    if (off < 0) return int(0);
    if (sub.value === "") return int(Array.from(hay).length + 1);
    return int(hay.split(sub.value).length - 1);
  },
  join: (s, a, k) => {
    noKwargs("join", k);
    if (a.length !== 1) throw pyTypeError(`join() takes exactly one argument (${a.length} given)`);
    const items = pyIterate(a[0]);
    const parts = items.map((x, i) => {
      if (!isStr(x)) throw pyTypeError(`sequence item ${i}: expected str instance, ${typeName(x)} found`);
      return s instanceof MarkupValue && !(x instanceof MarkupValue) ? escapeHtml(x.value) : x.value;
    });
    return sameKind(s, parts.join(s.value));
  },
  format: (s, a, k) => sameKind(s, pyStrFormat(s.value, a, k, getattr, getitem, s instanceof MarkupValue)),
  format_map: (s, a, k) => {
    noKwargs("format_map", k);
    const m = a[0];
    if (!(m instanceof ObjectValue)) throw pyTypeError("format_map() argument must be a mapping");
    const kw = new Map<string, RV>();
    for (const [key, v] of (m as MapV).value) kw.set(String(key), v);
    return sameKind(s, pyStrFormat(s.value, [], kw, getattr, getitem));
  },
  zfill: (s, a) => {
    const w = intArg(a[0], 0);
    checkWidth(w);
    const v = s.value as string;
    const n = w - Array.from(v).length;
    if (n <= 0) return sameKind(s, v);
    const sign = v[0] === "-" || v[0] === "+" ? v[0] : "";
    return sameKind(s, sign + "0".repeat(n) + v.slice(sign.length));
  },
  center: (s, a) => sameKind(s, justify(s.value, a, "^")),
  ljust: (s, a) => sameKind(s, justify(s.value, a, "<")),
  rjust: (s, a) => sameKind(s, justify(s.value, a, ">")),
  partition: (s, a) => partition(s, a, false),
  rpartition: (s, a) => partition(s, a, true),
  removeprefix: (s, a) => {
    const p = a[0];
    if (!p || !isStr(p)) throw pyTypeError("removeprefix() argument must be str");
    return sameKind(s, s.value.startsWith(p.value) ? s.value.slice(p.value.length) : s.value);
  },
  removesuffix: (s, a) => {
    const p = a[0];
    if (!p || !isStr(p)) throw pyTypeError("removesuffix() argument must be str");
    return sameKind(s, p.value && s.value.endsWith(p.value) ? s.value.slice(0, -p.value.length) : s.value);
  },
  expandtabs: (s, a, k) => {
    const size = intArg(bindParams("expandtabs", a, k, ["tabsize"])[0], 8);
    checkWidth(size);
    let col = 0;
    let out = "";
    for (const c of s.value as string) {
      if (c === "\t") {
        const n = size > 0 ? size - (col % size) : 0;
        out += " ".repeat(n);
        col += n;
      } else {
        out += c;
        col = c === "\n" || c === "\r" ? 0 : col + 1;
      }
    }
    return sameKind(s, out);
  },
  isdigit: (s) => bool(/^\p{Nd}+$/u.test(s.value)),
  isdecimal: (s) => bool(/^\p{Nd}+$/u.test(s.value)),
  isnumeric: (s) => bool(/^\p{N}+$/u.test(s.value)),
  isalpha: (s) => bool(/^\p{L}+$/u.test(s.value)),
  isalnum: (s) => bool(/^[\p{L}\p{N}]+$/u.test(s.value)),
  isspace: (s) => bool(new RegExp(`^[${PY_WS}]+$`).test(s.value)),
  isascii: (s) => bool(/^[\x00-\x7f]*$/.test(s.value)),
  isidentifier: (s) => bool(/^[\p{L}_][\p{L}\p{N}_]*$/u.test(s.value)),
  isupper: (s) => bool(s.value !== s.value.toLowerCase() && s.value === s.value.toUpperCase()),
  islower: (s) => bool(s.value !== s.value.toUpperCase() && s.value === s.value.toLowerCase()),
  istitle: (s) => bool([...(s.value as string)].some(isCased) && pyTitle(s.value) === s.value),
};

function justify(v: string, a: RV[], align: "<" | ">" | "^"): string {
  const width = intArg(a[0], 0);
  checkWidth(width);
  const fill = a[1] && isStr(a[1]) ? a[1].value : " ";
  if ([...fill].length !== 1) throw pyTypeError("The fill character must be exactly one character long");
  const len = Array.from(v).length;
  if (len >= width) return v;
  const n = width - len;
  if (align === "<") return v + fill.repeat(n);
  if (align === ">") return fill.repeat(n) + v;
  // CPython centers with the extra space on the right when the padding is odd and len is even
  const left = Math.floor(n / 2) + (n & width & 1);
  return fill.repeat(left) + v + fill.repeat(n - left);
}

function partition(s: StrV, a: RV[], fromRight: boolean): RV {
  const sep = a[0];
  if (!sep || !isStr(sep)) throw pyTypeError("must be str");
  if (sep.value === "") throw pyValueError("empty separator");
  const v = s.value as string;
  const i = fromRight ? v.lastIndexOf(sep.value) : v.indexOf(sep.value);
  if (i < 0) return new TupleValue(fromRight ? [str(""), str(""), s] : [s, str(""), str("")]);
  return new TupleValue([sameKind(s, v.slice(0, i)), sep, sameKind(s, v.slice(i + sep.value.length))]);
}

/** The methods of `str`, by name. */
export const STR_METHODS: ReadonlyMap<string, StrMethod> = new Map(Object.entries(strMethods));
