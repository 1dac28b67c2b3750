/**
 * Jinja2's built-in filters with Python semantics, plus transformers' `tojson`.
 *
 * Highlights over plain @huggingface/jinja: `|string` of dicts/None (`{'a': None}`, `None`),
 * `|trim` of None/undefined, `|default` keeping None, `|min`, `|max`, `|format`, `|items`
 * (raises on a non-mapping), `select`/`selectattr`/`map` as lazy generators that accept None,
 * `|join` with Python `str()` of items, `|tojson` as `json.dumps` (see json.ts), `|safe`
 * returning Markup.
 *
 * A filter is `(ctx, value, args, kwargs) => value`:
 * ```ts
 * FILTERS.get("trim")!(ctx, NONE, [], new Map()); // str "None"
 * ```
 *
 * Source: Jinja2 `jinja2/filters.py` (3.1), transformers `utils/chat_template_utils.py`.
 */
import { pyTypeError, pyValueError, TemplateRuntimeError } from "../errors.ts";
import { checkWidth } from "../limits.ts";
import { bindParams, type Kwargs } from "./args.ts";
import { getitem, pyAttribute } from "./attributes.ts";
import { sameKind } from "./str-methods.ts";
import { pyCapitalize, pySplit, pySplitlines, pyStrip } from "./strings.ts";
import { dumps } from "./json.ts";
import {
  binop,
  dictKey,
  failUndefined,
  isDict,
  isInt,
  isNum,
  isStr,
  keyValue,
  numOf,
  pyCmp,
  pyEq,
  pyIterate,
  pyLen,
  truthy,
} from "./ops.ts";
import { pyRound, toFloat, toInt, urlQuote } from "./numbers.ts";
import { pyFormatPercent } from "./pyformat.ts";
import { escapeHtml, objectTypeRepr, pformat, pyStr, typeName } from "./pystr.ts";
import {
  ArrayValue,
  FloatValue,
  NullValue,
  ObjectValue,
  TupleValue,
  UndefinedValue,
  type ArrV,
  type MapV,
  type RV,
} from "./runtime.ts";
import { FILTER_NAMES } from "./tests.ts";
import { GeneratorValue, MarkupValue, float, int, list, str, undef } from "./values.ts";

/** What a filter may ask of the interpreter. */
export interface FilterContext {
  callFilter(name: string, value: RV, args: RV[], kwargs: Kwargs): RV;
  callTest(name: string, value: RV, args: RV[], kwargs: Kwargs): boolean;
  /** Throws TemplateLimitError when a built list or string would exceed the limits. */
  checkSize(items: number): void;
  /** The longest string a filter may build. */
  readonly maxChars: number;
}

export type FilterFn = (ctx: FilterContext, value: RV, args: RV[], kwargs: Kwargs) => RV;

/** Jinja2 `soft_str`: strings (and Markup) unchanged, anything else through `str()`. */
const softStr = (v: RV): RV => (isStr(v) ? v : str(pyStr(v)));
const softText = (v: RV): string => (isStr(v) ? v.value : pyStr(v));

const opt = (v: RV | undefined): RV | undefined => (v === undefined || v instanceof NullValue ? undefined : v);
const flag = (v: RV | undefined, dflt = false) => (v === undefined ? dflt : truthy(v));
const intParam = (v: RV | undefined, dflt: number): number => {
  if (v === undefined) return dflt;
  if (!isInt(v)) throw pyTypeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
  return numOf(v);
};

/** markupsafe `striptags`: drops `<!-- … -->` comments, then `<tag …>` / `</tag>` (linear scan). */
function stripTags(s: string): string {
  let out = "";
  let i = 0;
  for (;;) {
    const open = s.indexOf("<!--", i);
    if (open < 0) break;
    const close = s.indexOf("-->", open + 4);
    if (close < 0) break;
    out += s.slice(i, open);
    i = close + 3;
  }
  s = out + s.slice(i);
  out = "";
  i = 0;
  for (;;) {
    const lt = s.indexOf("<", i);
    if (lt < 0) break;
    const c = s[lt + 1] === "/" ? s[lt + 2] : s[lt + 1];
    if (c === undefined || !/[a-zA-Z]/.test(c)) {
      out += s.slice(i, lt + 1);
      i = lt + 1;
      continue;
    }
    const gt = s.indexOf(">", lt);
    if (gt < 0) break;
    out += s.slice(i, lt);
    i = gt + 1;
  }
  return out + s.slice(i);
}

/** Python `s += "\n"` (what `|indent` does first): only strings take it. */
function requireStrConcat(v: RV): void {
  if (isStr(v)) return;
  if (v instanceof UndefinedValue) failUndefined(v);
  if (v instanceof TupleValue) throw pyTypeError('can only concatenate tuple (not "str") to tuple');
  if (v instanceof ArrayValue) {
    throw new TemplateRuntimeError(`'${typeName(v)}' object has no attribute 'splitlines'`, "AttributeError");
  }
  throw pyTypeError(`unsupported operand type(s) for +=: '${typeName(v)}' and 'str'`);
}

/** Jinja2 `_prepare_attribute_parts` + `make_attrgetter`. */
function attrGetter(attribute: RV | undefined, opts: { ignoreCase?: boolean; dflt?: RV } = {}): (item: RV) => RV {
  let parts: RV[] = [];
  if (attribute !== undefined && !(attribute instanceof NullValue)) {
    parts = isStr(attribute)
      ? attribute.value.split(".").map((p) => (/^\d+$/.test(p) ? int(Number(p)) : str(p)))
      : [attribute];
  }
  return (item) => {
    for (const part of parts) {
      item = getitem(item, part);
      if (opts.dflt !== undefined && item instanceof UndefinedValue) item = opts.dflt;
    }
    if (opts.ignoreCase && isStr(item)) return str(item.value.toLowerCase());
    return item;
  };
}

function sortBy(items: RV[], key: (item: RV) => RV, reverse: boolean): RV[] {
  const keyed = items.map((item) => [key(item), item] as const);
  keyed.sort((a, b) => (reverse ? -pyCmp(a[0], b[0]) : pyCmp(a[0], b[0])));
  return keyed.map((k) => k[1]);
}

function minOrMax(ctx: FilterContext, value: RV, args: RV[], kwargs: Kwargs, sign: 1 | -1, fn: string): RV {
  const [cs, attribute] = bindParams(fn, args, kwargs, ["case_sensitive", "attribute"]);
  const items = pyIterate(value);
  if (items.length === 0) return undef("No aggregated item, sequence was empty.");
  const key = attrGetter(attribute, { ignoreCase: !flag(cs) });
  let best = items[0];
  let bestKey = key(best);
  for (let i = 1; i < items.length; i++) {
    const k = key(items[i]);
    if (sign * pyCmp(k, bestKey, sign > 0 ? "<" : ">") < 0) {
      best = items[i];
      bestKey = k;
    }
  }
  return best;
}

/** Jinja2 `select_or_reject`: a lazy generator; None/undefined/empty input yields nothing. */
function selectOrReject(ctx: FilterContext, value: RV, args: RV[], kwargs: Kwargs, keep: boolean, lookupAttr: boolean): RV {
  function* run(): Generator<RV> {
    if (!truthy(value)) return;
    let off = 0;
    let trans = (x: RV) => x;
    if (lookupAttr) {
      if (args.length < 1) throw new TemplateRuntimeError("Missing parameter for attribute name", "FilterArgumentError");
      trans = attrGetter(args[0]);
      off = 1;
    }
    const testName = args[off];
    const testArgs = args.slice(off + 1);
    const check = (x: RV): boolean => {
      if (testName === undefined) return truthy(x);
      return ctx.callTest(softText(testName), x, testArgs, kwargs);
    };
    for (const item of pyIterate(value)) if (check(trans(item)) === keep) yield item;
  }
  return new GeneratorValue(run());
}

function doMap(ctx: FilterContext, value: RV, args: RV[], kwargs: Kwargs): RV {
  function* run(): Generator<RV> {
    if (!truthy(value)) return;
    let fn: (x: RV) => RV;
    if (args.length === 0 && kwargs.has("attribute")) {
      const rest = new Map(kwargs);
      const attribute = rest.get("attribute");
      rest.delete("attribute");
      const dflt = opt(rest.get("default"));
      rest.delete("default");
      if (rest.size) {
        throw new TemplateRuntimeError(`Unexpected keyword argument '${rest.keys().next().value}'`, "FilterArgumentError");
      }
      fn = attrGetter(attribute, { dflt });
    } else {
      if (args.length === 0) throw new TemplateRuntimeError("map requires a filter argument", "FilterArgumentError");
      const name = softText(args[0]);
      const rest = args.slice(1);
      fn = (x) => ctx.callFilter(name, x, rest, kwargs);
    }
    for (const item of pyIterate(value)) yield fn(item);
  }
  return new GeneratorValue(run());
}

function tojson(ctx: FilterContext, value: RV, args: RV[], kwargs: Kwargs): RV {
  const [ensureAscii, indent, separators, sortKeys] = bindParams("tojson", args, kwargs, [
    "ensure_ascii",
    "indent",
    "separators",
    "sort_keys",
  ]);
  let ind: number | string | null = null;
  if (indent !== undefined && !(indent instanceof NullValue)) {
    if (isStr(indent)) ind = indent.value;
    else if (isInt(indent)) ind = numOf(indent);
    else throw pyTypeError(`can't multiply sequence by non-int of type '${typeName(indent)}'`);
  }
  let seps: [string, string] | null = null;
  if (separators !== undefined && !(separators instanceof NullValue)) {
    const parts = pyIterate(separators);
    if (parts.length !== 2) throw pyValueError(`too many values to unpack (expected 2)`);
    seps = [softText(parts[0]), softText(parts[1])];
  }
  if (typeof ind === "number") checkWidth(ind);
  const out = dumps(value, {
    ensureAscii: flag(ensureAscii),
    indent: ind,
    separators: seps,
    sortKeys: flag(sortKeys),
    maxChars: ctx.maxChars,
  });
  ctx.checkSize(out.length);
  return str(out);
}

const FILTER_LIST: [string, FilterFn][] = [
  ["tojson", tojson],
  ["abs", (ctx, v) => {
    if (!isNum(v)) throw pyTypeError(`bad operand type for abs(): '${typeName(v)}'`);
    return v instanceof FloatValue ? float(Math.abs(numOf(v))) : int(Math.abs(numOf(v)));
  }],
  ["attr", (ctx, v, a, k) => {
    const [name] = bindParams("attr", a, k, ["name"]);
    if (!name || !isStr(name)) throw pyTypeError("attribute name must be string");
    if (v instanceof UndefinedValue) failUndefined(v);
    return pyAttribute(v, name.value) ?? undef(`'${objectTypeRepr(v)}' has no attribute '${name.value}'`);
  }],
  ["batch", (ctx, v, a, k) => {
    const [countV, fill] = bindParams("batch", a, k, ["linecount", "fill_with"]);
    const n = intParam(countV, 1);
    const items = pyIterate(v);
    function* run(): Generator<RV> {
      for (let i = 0; i < items.length; i += n) {
        const chunk = items.slice(i, i + n);
        if (chunk.length < n && fill && !(fill instanceof NullValue)) while (chunk.length < n) chunk.push(fill);
        yield list(chunk);
      }
    }
    return new GeneratorValue(run());
  }],
  ["capitalize", (ctx, v) => sameKind(softStr(v), pyCapitalize(softText(v)))],
  ["center", (ctx, v, a, k) => {
    const width = intParam(bindParams("center", a, k, ["width"])[0], 80);
    checkWidth(width);
    const s = softText(v);
    const len = [...s].length;
    if (len >= width) return softStr(v);
    const n = width - len;
    const left = Math.floor(n / 2) + (n & width & 1);
    return sameKind(softStr(v), " ".repeat(left) + s + " ".repeat(n - left));
  }],
  ["count", (ctx, v) => int(pyLen(v))],
  ["default", (ctx, v, a, k) => {
    const [dflt, boolean] = bindParams("default", a, k, ["default_value", "boolean"]);
    if (v instanceof UndefinedValue || (flag(boolean) && !truthy(v))) return dflt ?? str("");
    return v;
  }],
  ["dictsort", (ctx, v, a, k) => {
    const [cs, by, reverse] = bindParams("dictsort", a, k, ["case_sensitive", "by", "reverse"]);
    if (v instanceof UndefinedValue) failUndefined(v);
    if (!isDict(v)) throw new TemplateRuntimeError(`'${typeName(v)}' object has no attribute 'items'`, "AttributeError");
    const pos = by === undefined ? 0 : softText(by) === "key" ? 0 : softText(by) === "value" ? 1 : -1;
    if (pos < 0) throw new TemplateRuntimeError('You can only sort by either "key" or "value"', "FilterArgumentError");
    const pairs: RV[] = [...(v as MapV).value].map(([key, val]) => new TupleValue([keyValue(key), val]));
    const ignoreCase = !flag(cs);
    return list(
      sortBy(pairs, (p) => {
        const x = (p as ArrV).value[pos];
        return ignoreCase && isStr(x) ? str(x.value.toLowerCase()) : x;
      }, flag(reverse)),
    );
  }],
  ["escape", (ctx, v) => (v instanceof MarkupValue ? v : new MarkupValue(escapeHtml(pyStr(v))))],
  ["first", (ctx, v) => {
    const items = pyIterate(v);
    return items.length ? items[0] : undef("No first item, sequence was empty.");
  }],
  ["float", (ctx, v, a, k) => {
    const [dflt] = bindParams("float", a, k, ["default"]);
    if (v instanceof UndefinedValue) failUndefined(v);
    const f = toFloat(v);
    return f === null ? (dflt ?? float(0)) : float(f);
  }],
  ["forceescape", (ctx, v) => new MarkupValue(escapeHtml(pyStr(v)))],
  ["format", (ctx, v, a, k) => {
    if (a.length && k.size) {
      throw new TemplateRuntimeError("can't handle positional and keyword arguments at the same time", "FilterArgumentError");
    }
    const arg = k.size ? new ObjectValue(new Map(k)) : new TupleValue(a);
    return pyFormatPercent(softStr(v) as RV & { value: string }, arg);
  }],
  ["groupby", (ctx, v, a, k) => {
    const [attribute, dflt, cs] = bindParams("groupby", a, k, ["attribute", "default", "case_sensitive"]);
    const key = attrGetter(attribute, { ignoreCase: !flag(cs), dflt: opt(dflt) });
    const sorted = sortBy(pyIterate(v), key, false);
    const groups: RV[] = [];
    let current: RV | undefined;
    let bucket: RV[] = [];
    for (const item of sorted) {
      const g = key(item);
      if (current === undefined || !pyEq(g, current)) {
        if (current !== undefined) groups.push(new TupleValue([current, list(bucket)]));
        current = g;
        bucket = [];
      }
      bucket.push(item);
    }
    if (current !== undefined) groups.push(new TupleValue([current, list(bucket)]));
    return list(groups);
  }],
  ["indent", (ctx, v, a, k) => {
    const [width, first, blank] = bindParams("indent", a, k, ["width", "first", "blank"]);
    if (!(width !== undefined && isStr(width))) checkWidth(intParam(width, 4));
    const indention = width !== undefined && isStr(width) ? width.value : " ".repeat(intParam(width, 4));
    requireStrConcat(v);
    const s = softText(v) + "\n";
    ctx.checkSize(s.length + indention.length * pySplitlines(s).length);
    let rv: string;
    if (flag(blank)) rv = pySplitlines(s).join("\n" + indention);
    else {
      const lines = pySplitlines(s);
      rv = lines.shift() ?? "";
      if (lines.length) rv += "\n" + lines.map((l) => (l ? indention + l : l)).join("\n");
    }
    if (flag(first)) rv = indention + rv;
    ctx.checkSize(rv.length);
    return sameKind(softStr(v), rv);
  }],
  ["int", (ctx, v, a, k) => {
    const [dflt, base] = bindParams("int", a, k, ["default", "base"]);
    if (v instanceof UndefinedValue) failUndefined(v);
    const n = toInt(v, intParam(base, 10));
    return n === null ? (dflt ?? int(0)) : int(n);
  }],
  ["items", (ctx, v) => {
    function* run(): Generator<RV> {
      if (v instanceof UndefinedValue) return;
      if (!isDict(v)) throw pyTypeError("Can only get item pairs from a mapping.");
      for (const [key, val] of (v as MapV).value) yield new TupleValue([keyValue(key), val]);
    }
    return new GeneratorValue(run(), "generator");
  }],
  ["join", (ctx, v, a, k) => {
    const [d, attribute] = bindParams("join", a, k, ["d", "attribute"]);
    let items = pyIterate(v);
    if (attribute !== undefined && !(attribute instanceof NullValue)) items = items.map(attrGetter(attribute));
    const out = items.map(pyStr).join(d === undefined ? "" : pyStr(d));
    ctx.checkSize(out.length);
    return str(out);
  }],
  ["last", (ctx, v) => {
    if (!(isStr(v) || v instanceof ArrayValue || isDict(v) || v instanceof UndefinedValue)) {
      throw pyTypeError(`'${typeName(v)}' object is not reversible`);
    }
    const items = pyIterate(v);
    return items.length ? items[items.length - 1] : undef("No last item, sequence was empty.");
  }],
  ["length", (ctx, v) => int(pyLen(v))],
  ["list", (ctx, v) => list([...pyIterate(v)])],
  ["lower", (ctx, v) => sameKind(softStr(v), softText(v).toLowerCase())],
  ["map", doMap],
  ["max", (ctx, v, a, k) => minOrMax(ctx, v, a, k, -1, "max")],
  ["min", (ctx, v, a, k) => minOrMax(ctx, v, a, k, 1, "min")],
  ["pprint", (ctx, v) => str(pformat(v))],
  ["reject", (ctx, v, a, k) => selectOrReject(ctx, v, a, k, false, false)],
  ["rejectattr", (ctx, v, a, k) => selectOrReject(ctx, v, a, k, false, true)],
  ["replace", (ctx, v, a, k) => {
    const [oldV, newV, countV] = bindParams("replace", a, k, ["old", "new", "count"]);
    if (!oldV || !newV) throw pyTypeError("do_replace() missing required arguments 'old' and 'new'");
    const s = pyStr(v);
    const o = pyStr(oldV);
    const n = pyStr(newV);
    let count = countV === undefined || countV instanceof NullValue ? -1 : intParam(countV, -1);
    let out: string;
    if (o === "") {
      const chars = Array.from(s);
      out = "";
      for (let i = 0; i <= chars.length; i++) {
        if (count !== 0) {
          out += n;
          count--;
        }
        if (i < chars.length) out += chars[i];
      }
    } else {
      const parts = s.split(o);
      out = count < 0 || count >= parts.length - 1
        ? parts.join(n)
        : parts.slice(0, count + 1).join(n) + o + parts.slice(count + 1).join(o);
    }
    ctx.checkSize(out.length);
    return str(out);
  }],
  ["reverse", (ctx, v) => {
    if (isStr(v)) return sameKind(v, Array.from(v.value).reverse().join(""));
    if (!(v instanceof ArrayValue || isDict(v) || v instanceof UndefinedValue || v instanceof GeneratorValue)) {
      throw new TemplateRuntimeError("argument must be iterable", "FilterArgumentError");
    }
    if (v instanceof GeneratorValue) return list(pyIterate(v).reverse());
    const items = [...pyIterate(v)].reverse();
    const kind = v instanceof TupleValue ? "reversed" : isDict(v) ? "dict_reversekeyiterator" : "list_reverseiterator";
    return new GeneratorValue(items, kind);
  }],
  ["round", (ctx, v, a, k) => {
    const [precision, method] = bindParams("round", a, k, ["precision", "method"]);
    const p = intParam(precision, 0);
    const m = method === undefined ? "common" : softText(method);
    if (!isNum(v)) throw pyTypeError(`type ${typeName(v)} doesn't define __round__ method`);
    const x = numOf(v);
    if (m === "common") return v instanceof FloatValue ? float(pyRound(x, p)) : int(pyRound(x, p));
    if (m !== "ceil" && m !== "floor") throw new TemplateRuntimeError("method must be common, ceil or floor", "FilterArgumentError");
    return float((m === "ceil" ? Math.ceil : Math.floor)(x * 10 ** p) / 10 ** p);
  }],
  ["safe", (ctx, v) => (v instanceof MarkupValue ? v : new MarkupValue(pyStr(v)))],
  ["select", (ctx, v, a, k) => selectOrReject(ctx, v, a, k, true, false)],
  ["selectattr", (ctx, v, a, k) => selectOrReject(ctx, v, a, k, true, true)],
  ["slice", (ctx, v, a, k) => {
    const [slicesV, fill] = bindParams("slice", a, k, ["slices", "fill_with"]);
    const slices = intParam(slicesV, 1);
    const seq = pyIterate(v);
    const per = Math.floor(seq.length / slices);
    const extra = seq.length % slices;
    const out: RV[] = [];
    let offset = 0;
    for (let n = 0; n < slices; n++) {
      const start = offset + n * per;
      if (n < extra) offset++;
      const end = offset + (n + 1) * per;
      const tmp = seq.slice(start, end);
      if (fill && !(fill instanceof NullValue) && n >= extra) tmp.push(fill);
      out.push(list(tmp));
    }
    return new GeneratorValue(out);
  }],
  ["sort", (ctx, v, a, k) => {
    const [reverse, cs, attribute] = bindParams("sort", a, k, ["reverse", "case_sensitive", "attribute"]);
    const ignoreCase = !flag(cs);
    const attrs = attribute !== undefined && isStr(attribute) ? attribute.value.split(",") : [attribute];
    const getters = attrs.map((x) => attrGetter(typeof x === "string" ? str(x) : x, { ignoreCase }));
    const key = (item: RV): RV => (getters.length === 1 ? getters[0](item) : list(getters.map((g) => g(item))));
    return list(sortBy(pyIterate(v), key, flag(reverse)));
  }],
  ["string", (ctx, v) => softStr(v)],
  ["striptags", (ctx, v) => {
    const s = stripTags(pyStr(v));
    const collapsed = pySplit(s, null, -1).join(" ");
    return str(collapsed.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&"));
  }],
  ["sum", (ctx, v, a, k) => {
    const [attribute, start] = bindParams("sum", a, k, ["attribute", "start"]);
    let items = pyIterate(v);
    if (attribute !== undefined && !(attribute instanceof NullValue)) items = items.map(attrGetter(attribute));
    let acc: RV = start ?? int(0);
    if (isStr(acc)) throw pyTypeError("sum() can't sum strings [use ''.join(seq) instead]");
    for (const item of items) acc = binop("+", acc, item);
    return acc;
  }],
  ["title", (ctx, v) => {
    const parts = softText(v).split(/([-\s({[<]+)/u);
    return str(parts.filter((p) => p).map((p) => p.charAt(0).toUpperCase() + p.slice(1).toLowerCase()).join(""));
  }],
  ["trim", (ctx, v, a, k) => {
    const [chars] = bindParams("trim", a, k, ["chars"]);
    const c = chars === undefined || chars instanceof NullValue ? null : softText(chars);
    return sameKind(softStr(v), pyStrip(softText(v), c, true, true));
  }],
  ["truncate", (ctx, v, a, k) => {
    const [lengthV, killwords, endV, leewayV] = bindParams("truncate", a, k, ["length", "killwords", "end", "leeway"]);
    const length = intParam(lengthV, 255);
    const end = endV === undefined ? "..." : softText(endV);
    const leeway = intParam(opt(leewayV), 5);
    // Jinja2 measures the value as given (no str() first)
    if (pyLen(v) <= length + leeway) return v;
    if (!isStr(v)) {
      if (flag(killwords)) throw pyTypeError(`can only concatenate ${typeName(v)} (not "str") to ${typeName(v)}`);
      throw new TemplateRuntimeError(`'${typeName(v)}' object has no attribute 'rsplit'`, "AttributeError");
    }
    const chars = Array.from(v.value);
    const head = chars.slice(0, Math.max(0, length - end.length)).join("");
    if (flag(killwords)) return str(head + end);
    const cut = head.lastIndexOf(" ");
    return str((cut >= 0 ? head.slice(0, cut) : head) + end);
  }],
  ["unique", (ctx, v, a, k) => {
    const [cs, attribute] = bindParams("unique", a, k, ["case_sensitive", "attribute"]);
    const key = attrGetter(attribute, { ignoreCase: !flag(cs) });
    const items = pyIterate(v);
    function* run(): Generator<RV> {
      const seen: RV[] = [];
      const seenKeys = new Set<unknown>();
      for (const item of items) {
        const kv = key(item);
        const hk = dictKey(kv);
        if (seenKeys.has(hk)) continue;
        seenKeys.add(hk);
        seen.push(kv);
        yield item;
      }
    }
    return new GeneratorValue(run());
  }],
  ["upper", (ctx, v) => sameKind(softStr(v), softText(v).toUpperCase())],
  ["urlencode", (ctx, v) => {
    if (isStr(v) || !(v instanceof ArrayValue || isDict(v))) return str(urlQuote(pyStr(v), false));
    const pairs = isDict(v) ? [...(v as MapV).value].map(([key, val]) => [keyValue(key), val]) : pyIterate(v).map((p) => pyIterate(p));
    return str(pairs.map(([key, val]) => `${urlQuote(pyStr(key), true)}=${urlQuote(pyStr(val), true)}`).join("&"));
  }],
  ["wordcount", (ctx, v) => int((softText(v).match(/[\p{L}\p{N}_]+/gu) ?? []).length)],
  ["xmlattr", (ctx, v, a, k) => {
    const [autospace] = bindParams("xmlattr", a, k, ["autospace"]);
    if (!isDict(v)) throw pyTypeError("xmlattr requires a mapping");
    const items: string[] = [];
    for (const [key, val] of (v as MapV).value) {
      if (val instanceof NullValue || val instanceof UndefinedValue) continue;
      if (/[\s/>=]/.test(String(key))) throw pyValueError(`Invalid character in attribute name: ${String(key)}`);
      items.push(`${escapeHtml(String(key))}="${escapeHtml(pyStr(val))}"`);
    }
    const out = items.join(" ");
    return new MarkupValue(out && flag(autospace, true) ? " " + out : out);
  }],
];

export const FILTERS: Map<string, FilterFn> = new Map(FILTER_LIST);
FILTERS.set("d", FILTERS.get("default")!);
FILTERS.set("e", FILTERS.get("escape")!);
for (const name of FILTERS.keys()) FILTER_NAMES.add(name);
