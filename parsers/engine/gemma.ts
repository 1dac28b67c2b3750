/**
 * Gemma's own call syntax, `call:name{key:<|"|>text<|"|>,n:3,flag:true,list:[…],obj:{k:…}}`, read
 * as a resumable body and converted to JSON arguments as it arrives: keys are bare (or delimited),
 * strings sit between a delimiter token (`<|"|>` for Gemma 4, `<escape>` for FunctionGemma) and
 * hold raw text (no escapes), other values are bare literals. `key:<|"|>Paris` streams as
 * `{"key": "Paris`; bare values are emitted once complete; the closing `}` comes with the call's `}`.
 *
 * Bare values follow vLLM's `gemma4` parser: `true`/`false`, `null`/`none`/`nil`, numbers, and
 * anything else is a string. With `strings: "schema"` (FunctionGemma, whose vLLM template wraps
 * every value in `<escape>`), a delimited value is typed by the tool's JSON Schema (`schema.ts`):
 * it streams as a string when the property is a string, and is typed once complete otherwise
 * (`3` → 3 for an integer); without a schema type it is JSON when it reads as JSON, as vLLM's
 * `functiongemma` parser (`json.loads`) has it, decided by its first character (text that cannot
 * start a JSON number, literal, object or array streams as a string). Nesting is bounded by
 * `maxDepth`, JSON typed from a delimited value's text included. Used by the `gemma4` and
 * `functiongemma` formats.
 */
import { isNameChar } from "./bodies.ts";
import { holding, isWs, lit, readWhile, skipWs, type Step } from "./cursor.ts";
import type { Body, CallContext } from "./format.ts";
import { pyNumber, writeTree, type JsonTree } from "./pythonic.ts";
import { ANY, childSchema, itemSchema, kindsOf, onlyString, typeText } from "./schema.ts";
import { escapeJson, readUntil } from "./strings.ts";

const MAX_NAME = 256;
const MAX_BARE = 4096;

type Sink = (s: string) => void;

export interface GemmaOptions {
  /** The string delimiter: `<|"|>` (Gemma 4) or `<escape>` (FunctionGemma). */
  quote: string;
  /** How delimited values are typed: as strings (`literal`), or by the tool's JSON Schema. */
  strings?: "literal" | "schema";
}

/**
 * A delimited string's text (after its opening delimiter) up to the closing one, passed on in
 * pieces as it arrives: raw, or with `json` as the inside of a JSON string (see `readUntil`).
 */
function* delimited(ctx: CallContext, q: string, piece: (text: string) => void, json = false): Step<boolean> {
  const c = ctx.cur;
  const q0 = q.charCodeAt(0);
  for (;;) {
    if (!(yield* readUntil(c, q0, -1, piece, json))) return ctx.ended("a string"), false;
    if ((yield* lit(c, q)) === "yes") return true;
    piece(json ? escapeJson(q[0]) : q[0]); // text that only starts like the delimiter
    c.pos++;
  }
}

/** JSON text of a bare value (`3`, `true`, `none`, `Paris`), as vLLM's `gemma4` parser reads it. */
function bareValue(token: string): string {
  if (token === "true" || token === "True") return "true";
  if (token === "false" || token === "False") return "false";
  const low = token.toLowerCase();
  if (low === "null" || low === "none" || low === "nil") return "null";
  return pyNumber(token) ?? JSON.stringify(token);
}

/** First characters of a value without a schema type that may be JSON other than a string. */
const JSON_LIKE = "{[-0123456789tfn";

/**
 * A delimited value (its opening delimiter read). Gemma 4 (`literal`): a string, streamed.
 * FunctionGemma (`schema`): streamed when the schema allows only a string; held until complete and
 * typed when it allows other types; without a schema type, typed as JSON when its first character
 * may start JSON other than a string, else streamed as a string. A held value longer than
 * `maxUndecided` characters is given up as a string (`limit_exceeded`), decided by its length
 * alone; one typed as an object or array is bounded by `maxDepth` like the rest of the arguments
 * (`depth` containers enclose it): deeper text stays a string (`limit_exceeded`).
 */
function* delimitedValue(ctx: CallContext, o: Required<GemmaOptions>, sink: Sink, schema: unknown, key: string, depth: number): Step<boolean> {
  const kinds = o.strings === "schema" ? kindsOf(schema) : null;
  if (o.strings === "literal" || onlyString(kinds)) {
    sink('"');
    if (!(yield* delimited(ctx, o.quote, sink, true))) return false;
    sink('"');
    return true;
  }
  const max = ctx.limits.maxUndecided;
  let text = "";
  let decided = kinds !== null;
  let streaming = false;
  let over = false;
  const piece = (p: string) => {
    if (streaming) return sink(escapeJson(p));
    text += p;
    if (!decided) {
      // What was held before is all whitespace: only the new piece needs looking at.
      let i = 0;
      while (i < p.length && isWs(p.charCodeAt(i))) i++;
      if (i < p.length) {
        decided = true;
        streaming = !JSON_LIKE.includes(p[i]);
        // More than the bound of whitespace before the first character: given up as a string,
        // as the check below gives it up when that whitespace arrives in pieces of its own.
        if (text.length - p.length + i > max) streaming = over = true;
      }
    }
    // Checked after every piece, the one that decides the type included (and while undecided):
    // a held value is given up as a string exactly when it is longer than the bound, which
    // depends on the text alone, never on where the chunks (and so the pieces) were cut.
    if (!streaming && text.length > max) streaming = over = true;
    if (streaming) {
      sink('"' + escapeJson(text));
      text = "";
    }
  };
  if (!(yield* delimited(ctx, o.quote, piece))) return false;
  if (streaming) {
    if (over) ctx.diag("limit_exceeded", `the value of "${key}" is longer than ${ctx.limits.maxUndecided} characters; kept as a string`);
    sink('"');
    return true;
  }
  // The value sits inside `depth` containers (the arguments object is the first).
  const t = typeText(text, kinds ?? ANY, kinds === null, ctx.limits.maxDepth - depth);
  if (t.overDepth) ctx.diag("limit_exceeded", `arguments nested deeper than ${ctx.limits.maxDepth} in the value of "${key}"; kept as a string`);
  else if (!t.fits) ctx.diag("invalid_arguments", `the value of "${key}" is not ${[...kinds!].join(" or ")}; kept as a string`);
  sink(t.json);
  return true;
}

/** Reads one value at `pos` (whitespace skipped) and writes its JSON text to `sink`. */
function* gValue(ctx: CallContext, o: Required<GemmaOptions>, sink: Sink, depth: number, schema: unknown, key: string): Step<boolean> {
  const c = ctx.cur;
  const ch = c.code();
  if (ch === o.quote.charCodeAt(0)) {
    const r = yield* lit(c, o.quote);
    if (r === "eof") return ctx.ended("a value"), false;
    if (r === "yes") return yield* delimitedValue(ctx, o, sink, schema, key, depth);
  }
  if (ch === 0x7b || ch === 0x5b) {
    if (depth >= ctx.limits.maxDepth) return ctx.fail("limit_exceeded", `arguments nested deeper than ${ctx.limits.maxDepth}`), false;
    c.pos++;
    if (ch === 0x7b) return yield* gObject(ctx, o, sink, depth + 1, schema);
    return yield* gArray(ctx, o, sink, depth + 1, itemSchema(schema), key);
  }
  const w = yield* readWhile(c, (k) => k !== 0x2c && k !== 0x7d && k !== 0x5d, MAX_BARE);
  if (!w.ok) return w.eof ? (ctx.ended("a value"), false) : (ctx.fail("invalid_arguments", `bad value: ${w.reason}`), false);
  if (c.eof && c.pos >= c.arrived) return ctx.ended("a value"), false; // it may have gone on
  const token = w.value.trim();
  if (token.length === 0) return ctx.fail("invalid_arguments", "expected a value"), false;
  sink(bareValue(token));
  return true;
}

function* ws(ctx: CallContext, what: string): Step<boolean> {
  if (yield* skipWs(ctx.cur)) return true;
  ctx.ended(what);
  return false;
}

/** Members `key:value,…` up to `}` (the `{` already read), written as a JSON object. */
function* gObject(ctx: CallContext, o: Required<GemmaOptions>, sink: Sink, depth: number, schema: unknown): Step<boolean> {
  const c = ctx.cur;
  sink("{");
  let first = true;
  for (;;) {
    if (!(yield* ws(ctx, "an object"))) return false;
    if (c.code() === 0x7d) {
      c.pos++;
      sink("}");
      return true;
    }
    let key: string;
    const r = c.code() === o.quote.charCodeAt(0) ? yield* lit(c, o.quote) : "no";
    if (r === "eof") return ctx.ended("a key"), false;
    if (r === "yes") {
      let k = "";
      if (!(yield* holding(c, ctx.limits.maxUndecided, delimited(ctx, o.quote, (p) => void (k += p))))) return false;
      key = k;
    } else {
      const w = yield* readWhile(c, (k) => k !== 0x3a && k !== 0x2c && k !== 0x7b && k !== 0x7d && k !== 0x5b && k !== 0x5d, MAX_NAME);
      if (!w.ok) return w.eof ? (ctx.ended("a key"), false) : (ctx.fail("invalid_arguments", `bad key: ${w.reason}`), false);
      key = w.value.trim();
      if (key.length === 0) return ctx.fail("invalid_arguments", "expected a key"), false;
    }
    if (!(yield* ws(ctx, "an object"))) return false;
    if (c.code() !== 0x3a) return ctx.fail("invalid_arguments", `expected ':' after the key "${key}"`), false;
    c.pos++;
    sink((first ? "" : ", ") + JSON.stringify(key) + ": ");
    first = false;
    if (!(yield* ws(ctx, "an object"))) return false;
    if (!(yield* gValue(ctx, o, sink, depth, childSchema(schema, key), key))) return false;
    if (!(yield* ws(ctx, "an object"))) return false;
    const d = c.code();
    if (d === 0x2c) c.pos++;
    else if (d !== 0x7d) return ctx.fail("invalid_arguments", "expected ',' or '}' after a value"), false;
  }
}

/** Elements up to `]` (the `[` already read), written as a JSON array. */
function* gArray(ctx: CallContext, o: Required<GemmaOptions>, sink: Sink, depth: number, items: unknown, key: string): Step<boolean> {
  const c = ctx.cur;
  sink("[");
  let first = true;
  for (;;) {
    if (!(yield* ws(ctx, "a list"))) return false;
    if (c.code() === 0x5d) {
      c.pos++;
      sink("]");
      return true;
    }
    if (!first) sink(", ");
    first = false;
    if (!(yield* gValue(ctx, o, sink, depth, items, key))) return false;
    if (!(yield* ws(ctx, "a list"))) return false;
    const d = c.code();
    if (d === 0x2c) c.pos++;
    else if (d !== 0x5d) return ctx.fail("invalid_arguments", "expected ',' or ']' in a list"), false;
  }
}

/** `call:name{…}`: the call opens at `{` (its name complete) and closes with the matching `}`. */
export function gemmaCall(opts: GemmaOptions): Body {
  const o: Required<GemmaOptions> = { strings: "literal", ...opts };
  return function* (ctx) {
    const c = ctx.cur;
    if (!(yield* ws(ctx, "a call"))) return;
    const r = yield* lit(c, "call:");
    if (r === "eof") return ctx.ended("a call");
    if (r === "no") return ctx.fail("invalid_call", "expected 'call:' and a function name");
    const name = yield* readWhile(c, isNameChar, MAX_NAME);
    if (!name.ok) return name.eof ? ctx.ended("a function name") : ctx.fail("invalid_call", `bad function name: ${name.reason}`);
    if (name.value.length === 0) return ctx.fail("invalid_call", "expected a function name");
    if (!(yield* ws(ctx, "a call"))) return;
    if (c.code() !== 0x7b) return ctx.fail("invalid_call", `expected '{' after "${name.value}"`);
    c.pos++;
    ctx.open(name.value);
    const schema = o.strings === "schema" ? ctx.tool(name.value)?.function.parameters : undefined;
    if (yield* gObject(ctx, o, (s) => ctx.args(s), 1, schema)) ctx.close();
  };
}

// ---- serialisation ----

/** Gemma's `format_argument`: strings delimited, booleans and numbers bare, mappings with bare
 *  keys in `dictsort` order (case-insensitive), lists in order. */
export function gemmaLiteral(v: JsonTree, quote: string): string {
  return writeTree(v, { string: (s) => quote + s + quote, literal: { true: "true", false: "false", null: "null" }, sep: ",", entry: (k, x) => `${k}:${x}`, order: dictsort });
}

/** Jinja's `dictsort` (case-insensitive by key). */
export function dictsort<T>(entries: [string, T][]): [string, T][] {
  return [...entries].sort(([a], [b]) => {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

export { argsTree, jsonTree } from "./pythonic.ts";
