/**
 * Python-literal calls, `[get_weather(city="Paris", days=3), get_time()]`, read as a resumable
 * body and converted to JSON arguments text as they arrive. The literals are never evaluated:
 * strings (both quote styles, triple quotes, `r`/`u` prefixes, escapes, implicit concatenation),
 * numbers (`-3`, `1_000`, `0x1F`, `.5`), `True`/`False`/`None` (and JSON's `true`/`false`/`null`,
 * which LFM2 writes inside dicts), lists, tuples, dicts and sets become JSON values of the same
 * type: `city="Paris"` streams as `{"city": "Paris"`, string contents character by character,
 * numbers and literals once complete, and the closing `}` comes with the call's `)`.
 *
 * A call opens once its name, `(` and either `)` or a first `key=` have been read, so prose such as
 * `[link](url)` or `[1, 2]` never becomes a call. Nesting is bounded by `maxDepth`. Used by the
 * `pythonic` and `lfm2` formats.
 */
import { jsonCall, jsonCallArray } from "./bodies.ts";
import { holding, isWs, lit, more, readWhile, skipWs, type Cursor, type Step } from "./cursor.ts";
import type { Body, CallContext } from "./format.ts";
import { escapeJson, readUntil } from "./strings.ts";

const MAX_NAME = 256;

/** Where JSON text of a value goes: the call's arguments, or a buffer while a choice is pending. */
type Sink = (s: string) => void;

/** Python identifier characters (ASCII letters, digits, `_`, and any non-ASCII character). */
export const isIdentStart = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c >= 0x80;
export const isIdentChar = (c: number) => isIdentStart(c) || (c >= 0x30 && c <= 0x39);
/** Function names: dotted identifiers, plus `-` (tool names such as `get-weather`). */
const isCallNameChar = (c: number) => isIdentChar(c) || c === 0x2e || c === 0x2d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/**
 * Waits until `n` characters after `pos` have arrived and returns them, not consumed; fewer when
 * the input (or the undecided-text bound) ends first.
 */
export function* peek(c: Cursor, n: number): Step<string> {
  for (;;) {
    const stop = Math.min(c.arrived, c.limit);
    if (c.pos + n <= stop) return c.slice(c.pos, c.pos + n);
    if (c.eof || c.arrived >= c.limit) {
      if (c.pos + n > c.limit) c.limited = true;
      return c.slice(c.pos, stop);
    }
    yield;
  }
}

/**
 * A Python (or JSON-ish) number literal as JSON number text, or null if it is none:
 * `+5` → `5`, `1_000` → `1000`, `0x1F` → `31`, `.5` → `0.5`, `5.` → `5.0`, `007` → `7`
 * (a zero-padded integer is read as decimal, as SGLang's pythonic recovery does).
 * Valid JSON numbers come back exactly as written.
 */
export function pyNumber(text: string): string | null {
  let sign = "";
  let s = text;
  if (s[0] === "-" || s[0] === "+") {
    if (s[0] === "-") sign = "-";
    s = s.slice(1);
  }
  if (s.length === 0 || s[0] === "_" || s[s.length - 1] === "_" || s.includes("__")) return null;
  s = s.replace(/_/g, "");
  const radix = /^0[xX][0-9a-fA-F]+$/.test(s) ? 16 : /^0[oO][0-7]+$/.test(s) ? 8 : /^0[bB][01]+$/.test(s) ? 2 : 0;
  if (radix) {
    const v = BigInt((radix === 16 ? "0x" : radix === 8 ? "0o" : "0b") + s.slice(2)).toString();
    return v === "0" ? "0" : sign + v;
  }
  // digits [. digits] [e [sign] digits], with at least one digit before the exponent
  let i = 0;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  let int = s.slice(0, i);
  let frac: string | null = null;
  if (s[i] === ".") {
    const j = ++i;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    frac = s.slice(j, i);
  }
  if (int.length === 0 && !frac) return null;
  let exp = "";
  if (s[i] === "e" || s[i] === "E") {
    const j = i++;
    if (s[i] === "+" || s[i] === "-") i++;
    const k = i;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    if (i === k) return null;
    exp = s.slice(j, i);
  }
  if (i !== s.length) return null;
  int = int.replace(/^0+(?=\d)/, "") || "0";
  return sign + int + (frac === null ? "" : "." + (frac || "0")) + exp;
}

const STRING_PREFIXES = new Set(["r", "R", "u", "U"]);
const LITERALS: Record<string, string> = { True: "true", False: "false", None: "null", true: "true", false: "false", null: "null" };

/** A Python escape after `\` (the letter), for the single-character ones. */
const SIMPLE_ESCAPES: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\x0b" };

/**
 * Reads one Python literal at `pos` (whitespace already skipped) and writes its JSON text to
 * `sink`. `depth` is the nesting depth of containers around it (the arguments object is 1).
 * Returns false after stopping the block.
 */
function* pyValue(ctx: CallContext, sink: Sink, depth: number): Step<boolean> {
  const c = ctx.cur;
  const ch = c.code();
  if (ch === 0x27 || ch === 0x22) return yield* pyString(ctx, sink, false);
  if (ch === 0x5b || ch === 0x28 || ch === 0x7b) {
    if (depth >= ctx.limits.maxDepth) return ctx.fail("limit_exceeded", `arguments nested deeper than ${ctx.limits.maxDepth}`), false;
    if (ch === 0x5b) return yield* pyList(ctx, sink, depth + 1);
    if (ch === 0x28) return yield* pyTuple(ctx, sink, depth + 1);
    return yield* pyBraces(ctx, sink, depth + 1);
  }
  if (isIdentStart(ch)) {
    const start = c.pos;
    const w = yield* readWhile(c, isIdentChar, MAX_NAME);
    if (!w.ok) return w.eof ? (ctx.ended("a value"), false) : (ctx.fail("invalid_arguments", `bad value: ${w.reason}`), false);
    if (c.eof && c.pos >= c.arrived) return ctx.ended("a value"), false; // it may have gone on
    if (STRING_PREFIXES.has(w.value) && (yield* more(c)) && (c.code() === 0x27 || c.code() === 0x22))
      return yield* pyString(ctx, sink, w.value === "r" || w.value === "R");
    const v = LITERALS[w.value];
    if (v === undefined) {
      c.seek(start);
      return ctx.fail("invalid_arguments", `"${w.value}" is not a literal (variables and expressions are not evaluated)`), false;
    }
    sink(v);
    return true;
  }
  if (isDigit(ch) || ch === 0x2e || ch === 0x2d || ch === 0x2b) {
    const start = c.pos;
    let hex = false;
    let prev = 0;
    let n = 0;
    const ok = (k: number) => {
      const first = n++ === 0;
      const r = (first && (k === 0x2d || k === 0x2b)) || isDigit(k) || k === 0x2e || k === 0x5f || (k >= 0x61 && k <= 0x7a) || (k >= 0x41 && k <= 0x5a) || ((k === 0x2b || k === 0x2d) && !hex && (prev === 0x65 || prev === 0x45));
      if (k === 0x78 || k === 0x58) hex = true;
      prev = k;
      return r;
    };
    const w = yield* readWhile(c, ok, MAX_NAME);
    if (!w.ok) return w.eof ? (ctx.ended("a number"), false) : (ctx.fail("invalid_arguments", `bad number: ${w.reason}`), false);
    if (c.eof && c.pos >= c.arrived) return ctx.ended("a number"), false; // it may have gone on
    const num = pyNumber(w.value);
    if (num === null) {
      c.seek(start);
      return ctx.fail("invalid_arguments", `"${w.value}" is not a number literal`), false;
    }
    sink(num);
    return true;
  }
  return ctx.fail("invalid_arguments", `unexpected ${JSON.stringify(String.fromCharCode(ch))} where a value was expected`), false;
}

/** Skips whitespace inside a literal; false (after stopping the block) when the input ended. */
function* ws(ctx: CallContext, what: string): Step<boolean> {
  if (yield* skipWs(ctx.cur)) return true;
  ctx.ended(what);
  return false;
}

/** `[a, b]`, written as a JSON array. */
function* pyList(ctx: CallContext, sink: Sink, depth: number): Step<boolean> {
  const c = ctx.cur;
  const close = 0x5d;
  c.pos++;
  sink("[");
  let first = true;
  for (;;) {
    if (!(yield* ws(ctx, "a list"))) return false;
    if (c.code() === close) {
      c.pos++;
      sink("]");
      return true;
    }
    if (!first) sink(", ");
    first = false;
    if (!(yield* pyValue(ctx, sink, depth))) return false;
    if (!(yield* ws(ctx, "a list"))) return false;
    const d = c.code();
    if (d === 0x2c) c.pos++;
    else if (d !== close) return ctx.fail("invalid_arguments", `expected ',' or '${String.fromCharCode(close)}' in a list`), false;
  }
}

/** `(a, b)` is a tuple (a JSON array), `()` an empty one, `(a)` just `a`: the first element is
 *  held until the comma or the parenthesis decides. */
function* pyTuple(ctx: CallContext, sink: Sink, depth: number): Step<boolean> {
  const c = ctx.cur;
  const held = yield* firstHeld(ctx, sink, depth, 0x29, "[]", "a tuple");
  if (!held) return held === "";
  const d = c.code();
  if (d === 0x29) {
    c.pos++;
    sink(held);
    return true;
  }
  if (d !== 0x2c) return ctx.fail("invalid_arguments", "expected ',' or ')' in a tuple"), false;
  return yield* pySequenceAfterFirst(ctx, sink, depth, 0x29, "[" + held);
}

/**
 * The opening bracket at `pos` of a tuple, dict or set, and its first element, held (its JSON
 * text is returned) with the whitespace after it read. `""` when `close` follows at once: the
 * container is empty (`empty` is written); null after stopping the block.
 */
function* firstHeld(ctx: CallContext, sink: Sink, depth: number, close: number, empty: string, what: string): Step<string | null> {
  const c = ctx.cur;
  c.pos++;
  if (!(yield* skipWs(c))) return ctx.ended(what), null;
  if (c.code() === close) {
    c.pos++;
    sink(empty);
    return "";
  }
  let held = "";
  if (!(yield* holding(c, ctx.limits.maxUndecided, pyValue(ctx, (s) => void (held += s), depth)))) return null;
  if (!(yield* skipWs(c))) return ctx.ended(what), null;
  return held;
}

/**
 * One value of a dict or of the arguments (whitespace before and after it read), then `,` or
 * `close`: true after `close` (a trailing comma before it allowed), false after a comma and the
 * whitespace after it when another entry follows, null after stopping the block (`expected`
 * names what may follow the value).
 */
function* entryValue(ctx: CallContext, sink: Sink, depth: number, close: number, what: string, expected: string): Step<boolean | null> {
  const c = ctx.cur;
  if (!(yield* skipWs(c))) return ctx.ended(what), null;
  if (!(yield* pyValue(ctx, sink, depth))) return null;
  if (!(yield* skipWs(c))) return ctx.ended(what), null;
  let d = c.code();
  if (d === 0x2c) {
    c.pos++;
    if (!(yield* skipWs(c))) return ctx.ended(what), null;
    d = c.code();
  } else if (d !== close) return ctx.fail("invalid_arguments", expected), null;
  if (d !== close) return false;
  c.pos++;
  return true;
}

/** The rest of a sequence whose first element was read (`head` is `[` and its JSON text); `pos`
 *  is at the `,` or closing bracket that follows it. */
function* pySequenceAfterFirst(ctx: CallContext, sink: Sink, depth: number, close: number, head: string): Step<boolean> {
  const c = ctx.cur;
  sink(head);
  for (;;) {
    const d = c.code();
    if (d === close) {
      c.pos++;
      sink("]");
      return true;
    }
    if (d !== 0x2c) return ctx.fail("invalid_arguments", `expected ',' or '${String.fromCharCode(close)}'`), false;
    c.pos++;
    if (!(yield* ws(ctx, "a sequence"))) return false;
    if (c.code() === close) continue;
    sink(", ");
    if (!(yield* pyValue(ctx, sink, depth))) return false;
    if (!(yield* ws(ctx, "a sequence"))) return false;
  }
}

/** `{k: v}` is a dict (a JSON object), `{a, b}` a set (a JSON array), `{}` an empty dict: the
 *  first element is held until `:` or `,`/`}` decides. Dict keys are held until complete; scalar
 *  keys become strings as Python's `json.dumps` writes them (`1` → `"1"`, `True` → `"true"`). */
function* pyBraces(ctx: CallContext, sink: Sink, depth: number): Step<boolean> {
  const c = ctx.cur;
  let held = yield* firstHeld(ctx, sink, depth, 0x7d, "{}", "a dict");
  if (!held) return held === "";
  if (c.code() !== 0x3a) {
    if (c.code() !== 0x2c && c.code() !== 0x7d) return ctx.fail("invalid_arguments", "expected ':', ',' or '}' in a dict or set"), false;
    return yield* pySequenceAfterFirst(ctx, sink, depth, 0x7d, "[" + held);
  }
  const hold: Sink = (s) => void (held += s);
  let first = true;
  for (;;) {
    // pos is at the ':' after the key in `held`
    const key = dictKey(held);
    if (key === null) return ctx.fail("invalid_arguments", "a dict key that JSON cannot hold"), false;
    c.pos++;
    sink((first ? "{" : ", ") + key + ": ");
    first = false;
    const end = yield* entryValue(ctx, sink, depth, 0x7d, "a dict", "expected ',' or '}' in a dict");
    if (end === null) return false;
    if (end) {
      sink("}");
      return true;
    }
    held = "";
    if (!(yield* holding(c, ctx.limits.maxUndecided, pyValue(ctx, hold, depth)))) return false;
    if (!(yield* ws(ctx, "a dict"))) return false;
    if (c.code() !== 0x3a) return ctx.fail("invalid_arguments", "expected ':' after a dict key"), false;
  }
}

/** JSON text of a dict key: strings as they are, scalars as strings, containers refused. */
function dictKey(json: string): string | null {
  if (json.startsWith('"')) return json;
  if (json.startsWith("[") || json.startsWith("{")) return null;
  return JSON.stringify(json);
}

/**
 * A string literal at `pos` (its quote; any prefix already read), streamed as the inside of a JSON
 * string. Adjacent literals (`"a" 'b'`) are one string, so the closing `"` waits for the next
 * non-space character.
 */
function* pyString(ctx: CallContext, sink: Sink, raw: boolean): Step<boolean> {
  const c = ctx.cur;
  sink('"');
  for (;;) {
    if (!(yield* pyStringBody(ctx, sink, raw))) return false;
    // Implicit concatenation: another literal may follow.
    if (!(yield* skipWs(c))) break;
    const k = c.code();
    if (k === 0x27 || k === 0x22) {
      raw = false;
      continue;
    }
    if (!STRING_PREFIXES.has(String.fromCharCode(k))) break;
    const two = yield* peek(c, 2);
    if (two.length < 2 || (two[1] !== "'" && two[1] !== '"')) break;
    raw = two[0] === "r" || two[0] === "R";
    c.pos++;
  }
  sink('"');
  return true;
}

/** One literal's quotes and contents. */
function* pyStringBody(ctx: CallContext, sink: Sink, raw: boolean): Step<boolean> {
  const c = ctx.cur;
  const q = c.code();
  const three = yield* peek(c, 3);
  const triple = three.length === 3 && three.charCodeAt(1) === q && three.charCodeAt(2) === q;
  c.pos += triple ? 3 : 1;
  for (;;) {
    if (!(yield* readUntil(c, q, 0x5c, sink, true))) return ctx.ended("a string"), false;
    if (c.code() === q) {
      if (!triple) {
        c.pos++;
        return true;
      }
      const end = yield* peek(c, 3);
      if (end.length === 3 && end.charCodeAt(1) === q && end.charCodeAt(2) === q) {
        c.pos += 3;
        return true;
      }
      sink(escapeJson(String.fromCharCode(q)));
      c.pos++;
      continue;
    }
    // A backslash.
    const e = yield* peek(c, 2);
    if (e.length < 2) {
      c.pos += e.length;
      return ctx.ended("a string"), false;
    }
    const x = e[1];
    if (raw) {
      // Raw strings keep the backslash; it only stops a quote from ending the string.
      sink(escapeJson(e));
      c.pos += 2;
      continue;
    }
    if (x in SIMPLE_ESCAPES) {
      sink(escapeJson(SIMPLE_ESCAPES[x]));
      c.pos += 2;
      continue;
    }
    if (x === "\n") {
      c.pos += 2; // line continuation
      continue;
    }
    if (x === "\r") {
      const crlf = yield* peek(c, 3);
      c.pos += crlf === "\\\r\n" ? 3 : 2;
      continue;
    }
    const hexLen = x === "x" ? 2 : x === "u" ? 4 : x === "U" ? 8 : 0;
    if (hexLen) {
      const h = yield* peek(c, 2 + hexLen);
      if (h.length < 2 + hexLen) {
        if (/^\\[xuU][0-9a-fA-F]*$/.test(h)) return ctx.ended("a string escape"), false;
        return ctx.fail("invalid_arguments", `invalid \\${x} escape`), false;
      }
      const digits = h.slice(2);
      const cp = /^[0-9a-fA-F]+$/.test(digits) ? parseInt(digits, 16) : -1;
      if (cp < 0 || cp > 0x10ffff) return ctx.fail("invalid_arguments", `invalid \\${x} escape`), false;
      sink(escapeJson(String.fromCodePoint(cp)));
      c.pos += 2 + hexLen;
      continue;
    }
    if (x >= "0" && x <= "7") {
      const o = yield* peek(c, 4);
      let j = 1;
      while (j < o.length && j < 4 && o[j] >= "0" && o[j] <= "7") j++;
      sink(escapeJson(String.fromCharCode(parseInt(o.slice(1, j), 8))));
      c.pos += j;
      continue;
    }
    // Unknown escapes keep their backslash, as in Python.
    sink(escapeJson(e));
    c.pos += 2;
  }
}

/** Reads `key` `=` (not `==`) at `pos`; null after stopping the block or when it is not one. */
function* kwName(ctx: CallContext, open: boolean): Step<string | null> {
  const c = ctx.cur;
  const code = open ? "invalid_arguments" : "invalid_call";
  if (!isIdentStart(c.code())) return ctx.fail(code, "expected a keyword argument (positional arguments have no name)"), null;
  const key = yield* readWhile(c, isIdentChar, MAX_NAME);
  if (!key.ok) return key.eof ? ctx.ended("an argument name") : ctx.fail(code, `bad argument name: ${key.reason}`), null;
  if (!(yield* ws(ctx, "an argument"))) return null;
  const eq = yield* peek(c, 2);
  if (eq[0] !== "=" || eq[1] === "=") return ctx.fail(code, `expected '=' after the argument name "${key.value}"`), null;
  c.pos++;
  return key.value;
}

/**
 * One call, `name(k=v, …)`, at `pos`. Opens it once the name, `(` and `)` or a first `key=` are
 * read. Returns false after stopping the block.
 */
function* pyCall(ctx: CallContext): Step<boolean> {
  const c = ctx.cur;
  if (!isIdentStart(c.code())) return ctx.fail("invalid_call", "expected a function name"), false;
  const name = yield* readWhile(c, isCallNameChar, MAX_NAME);
  if (!name.ok) return name.eof ? ctx.ended("a function name") : ctx.fail("invalid_call", `bad function name: ${name.reason}`), false;
  if (!(yield* ws(ctx, "a call"))) return false;
  if (c.code() !== 0x28) return ctx.fail("invalid_call", `expected '(' after "${name.value}"`), false;
  c.pos++;
  if (!(yield* ws(ctx, "a call"))) return false;
  const args: Sink = (s) => ctx.args(s);
  if (c.code() === 0x29) {
    c.pos++;
    ctx.open(name.value);
    ctx.args("{}");
    ctx.close();
    return true;
  }
  let key = yield* kwName(ctx, false);
  if (key === null) return false;
  ctx.open(name.value);
  ctx.args("{" + JSON.stringify(key) + ": ");
  for (;;) {
    const end = yield* entryValue(ctx, args, 1, 0x29, "the arguments", "expected ',' or ')' after an argument");
    if (end === null) return false;
    if (end) {
      ctx.args("}");
      ctx.close();
      return true;
    }
    key = yield* kwName(ctx, true);
    if (key === null) return false;
    ctx.args(", " + JSON.stringify(key) + ": ");
  }
}

export interface PythonicOptions {
  /** Also accept one call without the list brackets, `f(a=1)` (LFM2, as SGLang reads it). */
  bareCall?: boolean;
  /** Also accept JSON calls, `[{"name": …, "arguments": …}]` or `{…}` (LFM2's JSON mode). */
  json?: boolean;
  /** The block's end marker: a block holding nothing but it is empty markup, not a failed call. */
  emptyBefore?: string;
}

/**
 * A list of calls, `[f(a=1), g()]`: each element is a call with its own index. Text that is not
 * a call before the first one opens goes back to content.
 */
export function pythonicCalls(o: PythonicOptions = {}): Body {
  const arrayOfJson = o.json ? jsonCallArray() : null;
  const oneJson = o.json ? jsonCall() : null;
  return function* (ctx) {
    const c = ctx.cur;
    if (!(yield* ws(ctx, "a call list"))) return;
    const k = c.code();
    if (o.emptyBefore && k === o.emptyBefore.charCodeAt(0)) {
      const r = yield* lit(c, o.emptyBefore);
      if (r === "eof") return ctx.ended("a call list");
      if (r === "yes") return void (c.pos -= o.emptyBefore.length); // the block's end marker is read by the engine
    }
    if (oneJson && k === 0x7b) return yield* oneJson(ctx);
    if (k !== 0x5b) {
      if (o.bareCall && isIdentStart(k)) return void (yield* pyCall(ctx));
      return ctx.fail("invalid_call", "expected '[' to start a list of calls");
    }
    const start = c.pos;
    c.pos++;
    if (!(yield* ws(ctx, "a call list"))) return;
    if (arrayOfJson && c.code() === 0x7b) {
      c.seek(start);
      return yield* arrayOfJson(ctx);
    }
    for (;;) {
      if (!(yield* pyCall(ctx))) return;
      ctx.settle();
      if (!(yield* ws(ctx, "a call list"))) return;
      let d = c.code();
      if (d === 0x2c) {
        c.pos++;
        if (!(yield* ws(ctx, "a call list"))) return;
        d = c.code();
        if (d !== 0x5d) continue;
      }
      if (d === 0x5d) return void c.pos++;
      return ctx.fail("invalid_call", "expected ',' or ']' after a call");
    }
  };
}

// ---- serialisation: JSON arguments → literals ----

/** A JSON value as a tree that keeps numbers as written (no precision lost on the way back). */
export type JsonTree =
  | { t: "string"; v: string }
  | { t: "number"; raw: string }
  | { t: "true" | "false" | "null" }
  | { t: "array"; items: JsonTree[] }
  | { t: "object"; entries: [string, JsonTree][] };

/** Parses JSON text (for `serialize`); throws a `TypeError` naming `what` if it is not JSON. */
export function jsonTree(text: string, what = "arguments"): JsonTree {
  let i = 0;
  const fail = (): never => {
    throw new TypeError(`toolwire: ${what} is not JSON text: ${text.slice(0, 80)}`);
  };
  const sp = () => {
    while (isWs(text.charCodeAt(i))) i++;
  };
  const value = (): JsonTree => {
    sp();
    const ch = text[i];
    if (ch === "{") {
      i++;
      const entries: [string, JsonTree][] = [];
      sp();
      if (text[i] === "}") return i++, { t: "object", entries };
      for (;;) {
        const k = value();
        if (k.t !== "string") fail();
        sp();
        if (text[i++] !== ":") fail();
        entries.push([(k as { v: string }).v, value()]);
        sp();
        const d = text[i++];
        if (d === "}") return { t: "object", entries };
        if (d !== ",") fail();
      }
    }
    if (ch === "[") {
      i++;
      const items: JsonTree[] = [];
      sp();
      if (text[i] === "]") return i++, { t: "array", items };
      for (;;) {
        items.push(value());
        sp();
        const d = text[i++];
        if (d === "]") return { t: "array", items };
        if (d !== ",") fail();
      }
    }
    if (ch === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      if (i >= text.length) fail();
      i++;
      try {
        return { t: "string", v: JSON.parse(text.slice(start, i)) as string };
      } catch {
        return fail();
      }
    }
    for (const t of ["true", "false", "null"] as const) if (text.startsWith(t, i)) return (i += t.length), { t };
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0].length === 0) fail();
    i += m![0].length;
    return { t: "number", raw: m![0] };
  };
  const v = value();
  sp();
  if (i !== text.length) fail();
  return v;
}

/** The arguments of a call as a tree: an object (empty text means no arguments). */
export function argsTree(args: string, name: string): [string, JsonTree][] {
  const t = jsonTree(args.trim() || "{}", `the arguments of "${name}"`);
  if (t.t !== "object") throw new TypeError(`toolwire: the arguments of "${name}" are not a JSON object`);
  return t.entries;
}

/** How {@link writeTree} spells a tree's values. */
export interface Spelling {
  string(s: string): string;
  literal: Record<"true" | "false" | "null", string>;
  /** Between the items of an array, and between the entries of an object. */
  sep: string;
  entry(key: string, value: string): string;
  /** The order of an object's entries; as they stand without it. */
  order?(entries: [string, JsonTree][]): [string, JsonTree][];
}

/** A tree as text, numbers as written and the rest as `w` spells it. */
export function writeTree(v: JsonTree, w: Spelling): string {
  switch (v.t) {
    case "string":
      return w.string(v.v);
    case "number":
      return v.raw;
    case "array":
      return `[${v.items.map((x) => writeTree(x, w)).join(w.sep)}]`;
    case "object":
      return `{${(w.order ? w.order(v.entries) : v.entries).map(([k, x]) => w.entry(k, writeTree(x, w))).join(w.sep)}}`;
    default:
      return w.literal[v.t];
  }
}

const jsonEntry = (k: string, x: string) => `${JSON.stringify(k)}: ${x}`;
const PYTHON: Spelling = { string: (s) => JSON.stringify(s), literal: { true: "True", false: "False", null: "None" }, sep: ", ", entry: jsonEntry };
const JSON_TEXT: Spelling = { string: (s) => JSON.stringify(s), literal: { true: "true", false: "false", null: "null" }, sep: ", ", entry: jsonEntry };

/** A JSON value as a Python literal (strings double-quoted with JSON's escapes, which Python reads alike). */
export function pyLiteral(v: JsonTree): string {
  return writeTree(v, PYTHON);
}

/** Compact JSON text of a tree (numbers as written). */
export function jsonText(v: JsonTree): string {
  return writeTree(v, JSON_TEXT);
}

/** A call as Python: `name(k=v, …)`, from its JSON arguments. */
export function pyCallText(name: string, args: string): string {
  return `${name}(${argsTree(args, name).map(([k, v]) => `${k}=${pyLiteral(v)}`).join(", ")})`;
}
