/**
 * Python string formatting: `"%s: %d" % (a, b)` / `|format(...)` (printf style) and
 * `"{} {name!r:>8}".format(...)` (PEP 3101 with the format-spec mini-language).
 *
 * ```ts
 * pyFormatPercent(str("%5.2f|%-3d|%r"), tuple([float(3.14159), int(7), str("q")])); // " 3.14|7  |'q'"
 * pyStrFormat("{}-{x!r}", [int(1)], new Map([["x", str("c")]]));                   // "1-'c'"
 * ```
 *
 * Throws `TemplateRuntimeError` with Python's TypeError / ValueError / KeyError / IndexError
 * messages for bad arguments.
 *
 * Source: CPython `Objects/unicodeobject.c` (PyUnicode_Format), `Python/formatter_unicode.c`,
 * `Objects/stringlib/unicode_format.h`.
 */
import { pyTypeError, pyValueError, TemplateRuntimeError } from "../errors.ts";
import { checkWidth } from "../limits.ts";
import { isNum, numOf } from "./ops.ts";
import { escapeHtml, floatRepr, intStr, pyRepr, pyStr, typeName } from "./pystr.ts";
import {
  ArrayValue,
  FloatValue,
  IntegerValue,
  NamespaceValue,
  ObjectValue,
  StringValue,
  TupleValue,
  UndefinedValue,
  type ArrV,
  type MapV,
  type RV,
} from "./runtime.ts";
import { MarkupValue, str } from "./values.ts";

/** Python's `%e` / `{:e}`: mantissa with `prec` digits, exponent with at least two digits. */
function expFormat(x: number, prec: number, upper: boolean): string {
  let s = x.toExponential(Math.min(100, prec));
  s = s.replace(/e([+-])(\d)$/, "e$10$2");
  return upper ? s.toUpperCase() : s;
}

function fixedFormat(x: number, prec: number): string {
  if (Math.abs(x) >= 1e21) {
    // toFixed switches to exponent form; expand the digits by hand.
    const big = BigInt(Math.trunc(x)).toString();
    return prec > 0 ? `${big}.${"0".repeat(prec)}` : big;
  }
  return x.toFixed(Math.min(100, prec));
}

/** Python's `%g` / `{:g}` (`alt` keeps trailing zeros). */
function generalFormat(x: number, prec: number, upper: boolean, alt = false): string {
  const p = prec === 0 ? 1 : prec;
  if (x === 0) return alt ? "0." + "0".repeat(p - 1) : Object.is(x, -0) ? "-0" : "0";
  const exp = Number(x.toExponential(p - 1).split("e")[1]);
  let s: string;
  if (exp < -4 || exp >= p) {
    s = expFormat(x, p - 1, upper);
    if (!alt) {
      const at = s.search(/e/i);
      s = dropFractionZeros(s.slice(0, at)) + s.slice(at);
    }
  } else {
    s = x.toFixed(Math.max(0, p - 1 - exp));
    if (!alt) s = dropFractionZeros(s);
  }
  return s;
}

/** "1.2300" → "1.23", "5.000" → "5" (only when there is a point). */
function dropFractionZeros(s: string): string {
  if (!s.includes(".")) return s;
  let end = s.length;
  while (s[end - 1] === "0") end--;
  if (s[end - 1] === ".") end--;
  return s.slice(0, end);
}

function special(x: number, upper: boolean): string | null {
  if (Number.isNaN(x)) return upper ? "NAN" : "nan";
  if (!Number.isFinite(x)) return (x > 0 ? "" : "-") + (upper ? "INF" : "inf");
  return null;
}

/** Format a finite number for a numeric conversion type (shared by `%` and `format()`). */
function formatNumber(x: number, type: string, prec: number | null, alt: boolean): string {
  const upper = type === type.toUpperCase();
  const sp = special(x, upper);
  if (sp !== null) return sp;
  switch (type) {
    case "d":
    case "i":
    case "u":
    case "n":
      return intStr(Math.trunc(x));
    case "x":
    case "X": {
      const s = Math.abs(Math.trunc(x)).toString(16);
      return (x < 0 ? "-" : "") + (alt ? (upper ? "0X" : "0x") : "") + (upper ? s.toUpperCase() : s);
    }
    case "o":
      return (x < 0 ? "-" : "") + (alt ? "0o" : "") + Math.abs(Math.trunc(x)).toString(8);
    case "b":
      return (x < 0 ? "-" : "") + (alt ? "0b" : "") + Math.abs(Math.trunc(x)).toString(2);
    case "e":
    case "E":
      return expFormat(x, prec ?? 6, upper);
    case "f":
    case "F":
      return fixedFormat(x, prec ?? 6);
    case "g":
    case "G":
      return generalFormat(x, prec ?? 6, upper, alt);
    case "%":
      return fixedFormat(x * 100, prec ?? 6) + "%";
  }
  throw pyValueError(`Unknown format code '${type}'`);
}

function pad(body: string, width: number, align: string, fill: string, signLen = 0): string {
  checkWidth(width);
  const len = [...body].length;
  if (len >= width) return body;
  const n = width - len;
  switch (align) {
    case "<":
      return body + fill.repeat(n);
    case ">":
      return fill.repeat(n) + body;
    case "^":
      return fill.repeat(Math.floor(n / 2)) + body + fill.repeat(n - Math.floor(n / 2));
    case "=":
      return body.slice(0, signLen) + fill.repeat(n) + body.slice(signLen);
  }
  return body;
}

// ---------------------------------------------------------------- printf style (`%`)

const PERCENT_SPEC = /%(?:\(([^)]*)\))?([#0\- +]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])?/g;

/** Python `fmt % args`. `args` is a tuple (several values), a dict (named) or one value. */
export function pyFormatPercent(fmt: RV & { value: string }, args: RV): RV {
  const isTuple = args instanceof TupleValue;
  const positional: RV[] = isTuple ? (args as ArrV).value : [args];
  const mapping = args instanceof ObjectValue && !(args instanceof NamespaceValue) ? (args as MapV).value : null;
  const markup = fmt instanceof MarkupValue;
  let next = 0;
  let usedMapping = false;
  const take = (): RV => {
    if (next >= positional.length) throw pyTypeError("not enough arguments for format string");
    return positional[next++];
  };
  const out = fmt.value.replace(PERCENT_SPEC, (whole, key, flags, width, prec, type) => {
    if (type === undefined) throw pyValueError(`unsupported format character at index ${fmt.value.indexOf(whole)}`);
    if (type === "%" && whole === "%%") return "%";
    let value: RV;
    let w = width === "*" ? numOf(take()) : width ? Number(width) : 0;
    const p = prec === "*" ? numOf(take()) : prec !== undefined ? Number(prec) : null;
    checkWidth(Math.abs(w));
    if (p !== null) checkWidth(p);
    if (key !== undefined) {
      if (!mapping) throw pyTypeError("format requires a mapping");
      usedMapping = true;
      const v = mapping.get(key);
      if (v === undefined) throw new TemplateRuntimeError(`'${key}'`, "KeyError");
      value = v;
    } else value = type === "%" ? str("%") : take();
    const left = flags.includes("-") || w < 0;
    w = Math.abs(w);
    let body: string;
    if (type === "s" || type === "r" || type === "a" || type === "%") {
      body = type === "s" ? pyStr(value) : type === "%" ? "%" : pyRepr(value);
      if (markup && type !== "%" && !(value instanceof MarkupValue)) body = escapeHtml(body);
      if (p !== null) body = [...body].slice(0, p).join("");
      return pad(body, w, left ? "<" : ">", " ");
    }
    if (type === "c") {
      body = value instanceof StringValue ? (value.value as string) : String.fromCodePoint(numOf(value));
      return pad(body, w, left ? "<" : ">", " ");
    }
    if (!isNum(value)) {
      const what = "diouxX".includes(type) ? `%${type} format: a real number is required` : "must be real number";
      throw pyTypeError(`${what}, not ${typeName(value)}`);
    }
    const x = numOf(value);
    body = formatNumber(x < 0 ? -x : x, type, p, flags.includes("#"));
    if ("diouxX".includes(type) && p !== null) body = body.padStart(p, "0");
    const sign = x < 0 || Object.is(x, -0) ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "";
    if (flags.includes("0") && !left) return sign + body.padStart(w - sign.length, "0");
    return pad(sign + body, w, left ? "<" : ">", " ");
  });
  // CPython treats any non-tuple, non-str object with __getitem__ (dicts, lists) as a mapping
  // argument and then does not complain about unused arguments
  const mappingLike = mapping !== null || (args instanceof ArrayValue && !isTuple) || args instanceof UndefinedValue;
  if (!mappingLike && next < positional.length && !usedMapping) {
    throw pyTypeError("not all arguments converted during string formatting");
  }
  return markup ? new MarkupValue(out) : str(out);
}

// ---------------------------------------------------------------- str.format

const SPEC = /^(?:(.)?([<>=^]))?([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s;

function group(intPart: string, sep: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** Python `format(value, spec)` (`value.__format__(spec)`). */
export function pyFormatValue(value: RV, spec: string): string {
  if (spec === "") return pyStr(value);
  const m = SPEC.exec(spec);
  if (!m) throw pyValueError("Invalid format specifier");
  const [, fillCh, alignCh, signCh, , alt, zero, widthS, grouping, precS, typeS] = m;
  let fill = fillCh ?? " ";
  let align = alignCh;
  const width = widthS ? Number(widthS) : 0;
  const prec = precS !== undefined ? Number(precS) : null;
  checkWidth(width);
  if (prec !== null) checkWidth(prec);
  if (zero && !alignCh) {
    fill = "0";
    align = "=";
  }
  if (value instanceof StringValue) {
    if (typeS && typeS !== "s") throw pyValueError(`Unknown format code '${typeS}' for object of type 'str'`);
    let body = value.value as string;
    if (prec !== null) body = [...body].slice(0, prec).join("");
    return pad(body, width, align ?? "<", fill);
  }
  if (!isNum(value)) {
    throw pyTypeError(`unsupported format string passed to ${typeName(value)}.__format__`);
  }
  const x = numOf(value);
  const isFloat = value instanceof FloatValue;
  let type = typeS ?? "";
  if (type === "") {
    if (!isFloat) type = "d";
  } else if (!isFloat && "eEfFgG%".includes(type) === false && "bcdoxXn".includes(type) === false) {
    throw pyValueError(`Unknown format code '${type}' for object of type '${typeName(value)}'`);
  }
  if (isFloat && "bcdoxX".includes(type) && type !== "") {
    throw pyValueError(`Unknown format code '${type}' for object of type 'float'`);
  }
  let body: string;
  const ax = Math.abs(x);
  if (type === "") {
    // float with no type: repr, or 'g'-like with at least one fractional digit when precision set
    body = prec === null ? floatRepr(ax) : generalFormat(ax, prec, false, false);
    if (prec !== null && /^\d+$/.test(body)) body += ".0";
  } else if (type === "c") body = String.fromCodePoint(ax);
  else body = formatNumber(ax, type, prec, !!alt);
  if (grouping && /^\d/.test(body)) {
    const [i, ...rest] = body.split(".");
    body = [group(i, grouping), ...rest].join(".");
  }
  const neg = x < 0 || Object.is(x, -0);
  const sign = neg ? "-" : signCh === "+" ? "+" : signCh === " " ? " " : "";
  return pad(sign + body, width, align ?? ">", fill, sign.length);
}

export type AttrGetter = (obj: RV, name: string) => RV;
export type ItemGetter = (obj: RV, key: RV) => RV;

/**
 * Python `fmt.format(*args, **kwargs)`. `getattr`/`getitem` resolve `{0.name}` / `{0[key]}`
 * with the sandbox's rules.
 */
export function pyStrFormat(
  fmt: string,
  args: RV[],
  kwargs: Map<string, RV>,
  getattr: AttrGetter,
  getitem: ItemGetter,
  escape = false,
): string {
  let auto = 0;
  let mode: "auto" | "manual" | null = null;
  const resolve = (field: string): RV => {
    const m = /^([^.[]*)(.*)$/s.exec(field)!;
    const head = m[1];
    let value: RV;
    if (head === "" || /^\d+$/.test(head)) {
      const manual = head !== "";
      if (mode && mode !== (manual ? "manual" : "auto")) {
        throw pyValueError(
          manual
            ? "cannot switch from automatic field numbering to manual field specification"
            : "cannot switch from manual field specification to automatic field numbering",
        );
      }
      mode = manual ? "manual" : "auto";
      const index = manual ? Number(head) : auto++;
      if (index >= args.length) {
        throw new TemplateRuntimeError("tuple index out of range", "IndexError");
      }
      value = args[index];
    } else {
      const v = kwargs.get(head);
      if (v === undefined) throw new TemplateRuntimeError(`'${head}'`, "KeyError");
      value = v;
    }
    const rest = /\.([^.[]+)|\[([^\]]+)\]/gy;
    rest.lastIndex = 0;
    let tail = m[2];
    while (tail) {
      const r = rest.exec(tail);
      if (!r) throw pyValueError("Only '.' or '[' may follow ']' in format field specifier");
      if (r[1] !== undefined) value = getattr(value, r[1]);
      else {
        const k = r[2];
        value = getitem(value, /^\d+$/.test(k) ? new IntegerValue(Number(k)) : str(k));
      }
      if (rest.lastIndex >= tail.length) break;
    }
    return value;
  };
  const render = (text: string, depth: number): string => {
    let out = "";
    let i = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === "}") {
        if (text[i + 1] === "}") {
          out += "}";
          i += 2;
          continue;
        }
        throw pyValueError("Single '}' encountered in format string");
      }
      if (c !== "{") {
        out += c;
        i++;
        continue;
      }
      if (text[i + 1] === "{") {
        out += "{";
        i += 2;
        continue;
      }
      // replacement field: find the matching close brace
      let level = 1;
      let j = i + 1;
      while (j < text.length && level > 0) {
        if (text[j] === "{") level++;
        else if (text[j] === "}") level--;
        if (level > 0) j++;
      }
      if (level > 0) throw pyValueError("expected '}' before end of string");
      const inner = text.slice(i + 1, j);
      const fm = /^([^!:]*)(?:!([^:]*))?(?::(.*))?$/s.exec(inner)!;
      let value = resolve(fm[1]);
      const conv = fm[2];
      if (conv !== undefined) {
        if (conv === "r" || conv === "a") value = str(pyRepr(value));
        else if (conv === "s") value = str(pyStr(value));
        else throw pyValueError(`Unknown conversion specifier ${conv}`);
      }
      if (depth > 1) throw pyValueError("Max string recursion exceeded");
      const spec = fm[3] !== undefined ? render(fm[3], depth + 1) : "";
      let piece = pyFormatValue(value, spec);
      if (escape && !(value instanceof MarkupValue)) piece = escapeHtml(piece);
      out += piece;
      i = j + 1;
    }
    return out;
  };
  return render(fmt, 0);
}
