/**
 * The body of XML-style tool calls, where arguments are not JSON on the wire but one element per
 * parameter, and the JSON arguments are built here as the text arrives:
 *
 * ```text
 * <tool_call>\n<function=get_weather>\n<parameter=city>\nParis\n</parameter>\n</function>\n</tool_call>   (qwen3_coder)
 * <tool_call>get_weather<arg_key>city</arg_key><arg_value>Paris</arg_value></tool_call>                  (glm47)
 * <minimax:tool_call><invoke name="get_weather"><parameter name="city">Paris</parameter></invoke>…       (minimax_m2)
 * ```
 * all become `{"city": "Paris"}`, streamed as `{"city": "`, `Par`, `is`, `"}`. Formats differ only
 * in markers, so one configurable reader ({@link xmlCalls}) serves them all:
 * - a call: optional text before the name (`<function=`, `<invoke name="`), the name, then one of
 *   several endings (`>`; `">` or a self-closing `"/>`; GLM's `<arg_key>` that is not consumed);
 *   then its parameters and its end tag. Several calls may share one block (`repeat`).
 * - a parameter ({@link FlatParam}): open tag with the key (`<parameter=`…`>`, `<arg_key>`…
 *   `</arg_key><arg_value>`), attributes (DeepSeek's `string="true"`), the raw value, the end tag;
 *   or ({@link ElementParam}) MiniMax-M3's recursive `<key>` elements whose children are nested
 *   objects and arrays.
 * - a value's text is trimmed as the template writes it ({@link Trim}) and typed by the tool's JSON
 *   Schema (`schema.ts`): a string value streams character by character as JSON-escaped text; any
 *   other value is emitted once complete (an object or array nested past `maxDepth`, counting the
 *   arguments object around it, stays a string, with `limit_exceeded`). The call opens as soon as
 *   its name is complete; `{"key": ` is emitted when a value begins and the closing `}` with the
 *   call's end.
 * Each reader is resumable over the engine's cursor (a generator, or a waiting object for the
 * readers of one stretch of text), deciding only from the text.
 */
import type { ToolCall } from "../types.ts";
import type { Body, CallContext } from "./format.ts";
import { FAR, isHigh, isWs, lit, more, moreNow, readN, readNow, readWhile, scanJson, skipWs, type Cursor, type Read, type Step } from "./cursor.ts";
import { partialSuffix, searchFor, type MarkerSearch } from "./markers.ts";
import { strRepr } from "./pyrepr.ts";
import { escapeJson } from "./strings.ts";
import { JsonScanner } from "./json.ts";
import { ANY, childSchema, itemSchema, kindsOf, onlyString, propertySchema, typeText, type Kind } from "./schema.ts";

const MAX_NAME = 256;
const MAX_KEY = 256;
const CDATA_OPEN = "<![CDATA[";
const CDATA_CLOSE = "]]>";
const CDATA_END = [CDATA_CLOSE];

/**
 * How a value's text is trimmed, as the format's template writes it: `none`; `newline`, one
 * leading and one trailing newline (Qwen3-Coder writes `>\nvalue\n</parameter>`); `newlines`, all
 * leading and trailing newlines; `ws`, all surrounding whitespace.
 */
export type Trim = "none" | "newline" | "newlines" | "ws";

/** One way a function name may end. */
export interface NameEnd {
  /** The marker after the name (whitespace before it is allowed). */
  lit: string;
  /** Whether the marker belongs to the call header (consumed). Default true; GLM's `<arg_key>` is not. */
  consume?: boolean;
  /** A self-closing call (`<invoke name="f"/>`): no parameters, no end tag. */
  selfClosing?: boolean;
}

/** A parameter written as one element with a raw text value. */
export interface FlatParam {
  kind?: "flat";
  /** Text before the key: `<parameter=`, `<parameter name="`, `<arg_key>`. */
  open: string;
  /** Text after the key (consumed): `>`, `">`, `</arg_key>`, or `"` followed by attributes. */
  keyEnd: string;
  /** Attributes follow the key until `>` (`string="true"`); `stringAttr` names the one that says
   *  whether the value is a string (`"true"`) or JSON (`"false"`). */
  stringAttr?: string;
  /** A second tag before the value, after optional whitespace: GLM's `<arg_value>`. A key without
   *  it is skipped with a diagnostic. */
  valueOpen?: string;
  /** The end of the value: `</parameter>`, `</arg_value>`. */
  close: string;
  /** Markers that also end a value when its end tag is missing (not consumed, reported):
   *  Qwen3-Coder's next `<parameter=` or `</function>`. */
  stops?: string[];
  trim: Trim;
  /** `<![CDATA[…]]>` sections hold raw text (MiniCPM). */
  cdata?: boolean;
}

/** MiniMax-M3: every tag is preceded by the delimiter `ns`; a parameter is `ns<key>value ns</key>`
 *  and a value may instead hold child elements: an object's keys, or an array's `<item>`s. */
export interface ElementParam {
  kind: "element";
  ns: string;
}

export interface XmlSpec {
  call: {
    /** Text between the block's start marker and the name (`<function=`, `<invoke name="`); "" when
     *  the name follows the marker. */
    open: string;
    /** How the name ends (the first listed is named in diagnostics). */
    nameEnd: NameEnd[];
    /** The call's end tag (`</function>`, `</invoke>`), consumed by the body. */
    close?: string;
    /** Several calls in one block, separated by whitespace (`<minimax:tool_call>`, DSML). */
    repeat?: boolean;
    /** The parameters may instead be a JSON object (DeepSeek DSML's `<invoke name="f">{…}</invoke>`). */
    jsonBody?: boolean;
  };
  param: FlatParam | ElementParam;
  /** How a value is typed when the tool's schema says nothing about it: `string` (default) keeps
   *  it a string and streams it; `json` types it when it is a JSON or Python literal (`3`,
   *  `{"a": 1}`, `True`, `None`) and otherwise keeps it a string, as GLM's and MiniCPM's reference
   *  parsers do (`json.loads`, then `ast.literal_eval`). */
  untyped?: "string" | "json";
}

/** Characters of a function name in XML-style formats (anything but whitespace and markup). */
const isNameCh = (c: number) =>
  c > 0x20 && c !== 0x3c && c !== 0x3e && c !== 0x22 && c !== 0x27 && c !== 0x3d && c !== 0x2f && c !== 0x7b && c !== 0x7d && c !== 0x5b && c !== 0x5d && c !== 0x28 && c !== 0x29 && c !== 0x2c;
const isAttrCh = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d || c === 0x3a;

/** The body of an XML-style call block. */
export function xmlCalls(spec: XmlSpec): Body {
  return function* (ctx) {
    const c = ctx.cur;
    for (let first = true; ; first = false) {
      if (!first) ctx.settle();
      if (!(yield* skipWs(c))) return first ? ended(ctx, "a call") : undefined;
      if (spec.call.open) {
        const r = yield* lit(c, spec.call.open);
        if (r === "eof") return ended(ctx, "a call");
        if (r === "no") return first ? ctx.fail("invalid_call", `expected ${spec.call.open}`) : undefined;
      } else if (!first && !isNameCh(c.code())) return;
      if (!(yield* readCall(ctx, spec))) return;
      if (!spec.call.repeat) return;
    }
  };
}

/** One call: name, parameters, end tag. False when the block stopped. */
function* readCall(ctx: CallContext, spec: XmlSpec): Step<boolean> {
  const c = ctx.cur;
  const name = yield* readWhile(c, isNameCh, MAX_NAME, true);
  if (!name.ok) return name.eof ? ended(ctx, "a function name") : ctx.fail("invalid_call", `bad function name: ${name.reason}`), false;
  if (name.value.length === 0) return ctx.fail("invalid_call", "expected a function name"), false;
  if (!(yield* skipWs(c))) return ended(ctx, "a call"), false;
  const ends = spec.call.nameEnd;
  const k = yield* which(c, ends.map((e) => e.lit));
  if (k === -2) return ended(ctx, "a call"), false;
  if (k === -1) return ctx.fail("invalid_call", `expected ${ends[0].lit} after the function name`), false;
  if (ends[k].consume !== false) c.pos += ends[k].lit.length;
  ctx.open(name.value);
  const args = new Args(ctx);
  if (!ends[k].selfClosing) {
    let done = false;
    if (spec.call.jsonBody) {
      if (!(yield* skipWs(c))) return ended(ctx, "a call"), false;
      if (c.code() === 0x7b) {
        const sc = new JsonScanner(ctx.limits.maxDepth);
        const st = yield* scanJson(c, sc, true);
        if (st === "eof") return ended(ctx, "the arguments"), false;
        if (st === "error") return ctx.fail(sc.overDepth ? "limit_exceeded" : "invalid_arguments", `invalid JSON in the arguments: ${sc.reason}`), false;
        done = true;
      }
    }
    if (!done) {
      const ok = spec.param.kind === "element" ? yield* elementParams(ctx, spec.param, name.value, args) : yield* flatParams(ctx, spec, spec.param, name.value, args);
      if (!ok) return false;
      args.finish();
    }
    if (spec.call.close) {
      if (!(yield* skipWs(c))) return ended(ctx, "a call"), false;
      const r = yield* lit(c, spec.call.close);
      if (r === "eof") return ended(ctx, "a call"), false;
      if (r === "no") return ctx.fail("missing_end_marker", `expected ${spec.call.close}`), false;
    }
  } else args.finish();
  ctx.close();
  return true;
}

/** Builds the JSON arguments object key by key. */
class Args {
  private n = 0;
  private readonly keys = new Set<string>();
  constructor(private readonly ctx: CallContext) {}

  key(k: string): void {
    if (this.keys.has(k)) this.ctx.diag("invalid_arguments", `parameter "${k}" is given twice; the last value wins`);
    this.keys.add(k);
    this.ctx.args(`${this.n++ ? ", " : "{"}${JSON.stringify(k)}: `);
  }

  finish(): void {
    this.ctx.args(this.n ? "}" : "{}");
  }
}

/** Parameters written as flat elements. True at their end (the next text is not a parameter). */
function* flatParams(ctx: CallContext, spec: XmlSpec, p: FlatParam, fn: string, args: Args): Step<boolean> {
  const c = ctx.cur;
  const ends = [p.close, ...(p.stops ?? [])];
  for (;;) {
    if (!(yield* skipWs(c))) return ended(ctx, "a call"), false;
    const r = yield* lit(c, p.open);
    if (r === "eof") return ended(ctx, "a call"), false;
    if (r === "no") return true;
    const key = yield* readTo(c, p.keyEnd, MAX_KEY);
    if (!key.ok) return key.eof ? ended(ctx, "a parameter name") : ctx.fail("invalid_arguments", `bad parameter name: ${key.reason}`), false;
    const k = key.value.trim();
    if (k.length === 0) return ctx.fail("invalid_arguments", "empty parameter name"), false;
    let asString: boolean | undefined;
    if (p.stringAttr) {
      const a = yield* readAttrs(c);
      if (!a.ok) return a.eof ? ended(ctx, "a parameter tag") : ctx.fail("invalid_arguments", `bad parameter tag: ${a.reason}`), false;
      const v = a.value[p.stringAttr];
      if (v === "true" || v === "false") asString = v === "true";
    }
    if (p.valueOpen) {
      if (!(yield* skipWs(c))) return ended(ctx, "a call"), false;
      const v = yield* lit(c, p.valueOpen);
      if (v === "eof") return ended(ctx, "a call"), false;
      if (v === "no") {
        ctx.diag("invalid_arguments", `parameter "${k}" has no ${p.valueOpen}; skipped`);
        continue;
      }
    }
    args.key(k);
    const sink = valueSink(ctx, spec, k, propertySchema(ctx.tool(fn), k), asString);
    const text = new Trimmer(p.trim, sink);
    const end = yield* readValue(ctx, ends, text, !!p.cdata);
    if (end < 0) return false;
    text.end();
    if (end === 0) c.pos += p.close.length;
    else ctx.diag("missing_end_marker", `expected ${p.close} after the value of "${k}"`);
  }
}

/** MiniMax-M3 parameters: `ns<key>…ns</key>` elements. True at their end. */
function* elementParams(ctx: CallContext, p: ElementParam, fn: string, args: Args): Step<boolean> {
  const c = ctx.cur;
  const open = p.ns + "<";
  for (;;) {
    if (!(yield* skipWs(c))) return ended(ctx, "a call"), false;
    const head = yield* readN(c, open.length + 1);
    if (head === null) return ended(ctx, "a call"), false;
    if (!head.startsWith(open) || head.charCodeAt(open.length) === 0x2f) return true;
    c.pos += open.length;
    const key = yield* readTo(c, ">", MAX_KEY);
    if (!key.ok) return key.eof ? ended(ctx, "a parameter name") : ctx.fail("invalid_arguments", `bad parameter name: ${key.reason}`), false;
    args.key(key.value);
    const params = ctx.tool(fn)?.function.parameters;
    if (!(yield* elementValue(ctx, p.ns, key.value, childSchema(params, key.value), 1))) return false;
  }
}

/** The value of element `tag` (after its start tag) and its end tag. False when the block stopped. */
function* elementValue(ctx: CallContext, ns: string, tag: string, schema: unknown, depth: number): Step<boolean> {
  const c = ctx.cur;
  if (depth > ctx.limits.maxDepth) return ctx.fail("limit_exceeded", `arguments nested deeper than ${ctx.limits.maxDepth}`), false;
  const open = ns + "<";
  const head = yield* readN(c, open.length + 1);
  if (head === null) return ended(ctx, "a parameter value"), false;
  const kinds = kindsOf(schema);
  if (head.startsWith(open) && head.charCodeAt(open.length) === 0x2f) {
    // Empty: null where the schema allows it (SGLang's minimax-m3 reads it so), else an empty
    // object or array or string as the schema says.
    if (kinds?.has("null")) ctx.args("null");
    else if (kinds && !kinds.has("string") && kinds.has("object")) ctx.args("{}");
    else if (kinds && !kinds.has("string") && kinds.has("array")) ctx.args("[]");
    else if (kinds && !kinds.has("string")) finishTyped(ctx, tag, "", kinds, false, depth);
    else ctx.args('""');
  } else if (head.startsWith(open)) {
    // Child elements: an object's keys, or an array's items.
    let first = true;
    let array = false;
    for (let n = 0; ; n++) {
      c.pos += open.length;
      const child = yield* readTo(c, ">", MAX_KEY);
      if (!child.ok) return child.eof ? ended(ctx, "a parameter name") : ctx.fail("invalid_arguments", `bad element name: ${child.reason}`), false;
      if (first) {
        const obj = kinds?.has("object") ?? false;
        const arr = kinds?.has("array") ?? false;
        array = obj === arr ? child.value === "item" : arr;
        ctx.args(array ? "[" : "{");
      }
      if (array) ctx.args(first ? "" : ", ");
      else ctx.args(`${first ? "" : ", "}${JSON.stringify(child.value)}: `);
      first = false;
      const sub = array ? itemSchema(schema, n) : childSchema(schema, child.value);
      if (!(yield* elementValue(ctx, ns, child.value, sub, depth + 1))) return false;
      if (!(yield* skipWs(c))) return ended(ctx, "a parameter value"), false;
      const next = yield* readN(c, open.length + 1);
      if (next === null) return ended(ctx, "a parameter value"), false;
      if (!next.startsWith(open)) return ctx.fail("invalid_arguments", `expected ${open} in "${tag}"`), false;
      if (next.charCodeAt(open.length) === 0x2f) break;
    }
    ctx.args(array ? "]" : "}");
  } else {
    const sink = schemaSink(ctx, tag, kinds, "string", depth);
    const text = new Trimmer("none", sink);
    if ((yield* readValue(ctx, [ns], text, false)) < 0) return false;
    text.end();
  }
  const close = `${ns}</${tag}>`;
  const r = yield* lit(c, close);
  if (r === "eof") return ended(ctx, "a parameter value"), false;
  if (r === "no") return ctx.fail("invalid_arguments", `expected ${close}`), false;
  return true;
}

// ---- values ----

/** Receives a value's decided text. */
interface Sink {
  push(s: string): void;
  end(): void;
}

/** The sink of a flat parameter's value (inside the arguments object: depth 1): by the `string`
 *  attribute, else by the schema. */
function valueSink(ctx: CallContext, spec: XmlSpec, key: string, schema: unknown, asString: boolean | undefined): Sink {
  if (asString === true) return new StringSink(ctx);
  const kinds = kindsOf(schema);
  if (asString === false) {
    // Declared non-string: JSON (or what the schema allows besides a string).
    const typed = new Set<Kind>(kinds ?? ANY);
    typed.delete("string");
    return new TypedSink(ctx, key, typed.size ? typed : new Set<Kind>(["null", "boolean", "integer", "number", "object", "array"]), false, 1);
  }
  return schemaSink(ctx, key, kinds, spec.untyped ?? "string", 1);
}

/** The sink of a value by its schema's kinds; `depth`: the containers it sits in (the arguments
 *  object is the first), which count towards `maxDepth` when it is typed as an object or array. */
function schemaSink(ctx: CallContext, key: string, kinds: Set<Kind> | null, untyped: "string" | "json", depth: number): Sink {
  if (kinds === null) return untyped === "json" ? new AutoSink(ctx, key, depth) : new StringSink(ctx);
  return onlyString(kinds) ? new StringSink(ctx) : new TypedSink(ctx, key, kinds, false, depth);
}

/** A string value: its text streams as JSON string text. */
class StringSink implements Sink {
  constructor(private readonly ctx: CallContext) {
    ctx.args('"');
  }

  push(s: string): void {
    this.ctx.args(escapeJson(s));
  }

  end(): void {
    this.ctx.args('"');
  }
}

/** A typed value: held until complete (its text is kept as it arrives, linear in its length),
 *  then typed. */
class TypedSink implements Sink {
  private text = "";
  constructor(
    private readonly ctx: CallContext,
    private readonly key: string,
    private readonly kinds: ReadonlySet<Kind>,
    private readonly strict: boolean,
    private readonly depth: number,
  ) {}

  push(s: string): void {
    this.text += s;
  }

  end(): void {
    finishTyped(this.ctx, this.key, this.text, this.kinds, this.strict, this.depth);
  }
}

/** Types a complete value inside `depth` containers and emits it. An object or array nested past
 *  `maxDepth` (counting those containers, as the JSON formats count the arguments object) is kept
 *  as a string with `limit_exceeded`; another value that fits no allowed kind, with
 *  `invalid_arguments`. */
function finishTyped(ctx: CallContext, key: string, text: string, kinds: ReadonlySet<Kind>, strict: boolean, depth: number): void {
  const t = typeText(text, kinds, strict, ctx.limits.maxDepth - depth);
  if (t.overDepth) ctx.diag("limit_exceeded", `arguments nested deeper than ${ctx.limits.maxDepth} in the value of "${key}"; kept as a string`);
  else if (!t.fits) ctx.diag("invalid_arguments", `the value of "${key}" is not ${[...kinds].join(" or ")}; kept as a string`);
  ctx.args(t.json);
}

/** A value without a schema in a format whose reference parser types such values as JSON (or a
 *  Python literal): by its first non-space character, either such a literal (held, then typed
 *  strictly) or a string (streamed). */
class AutoSink implements Sink {
  private inner: Sink | null = null;
  private lead = "";
  constructor(
    private readonly ctx: CallContext,
    private readonly key: string,
    private readonly depth: number,
  ) {}

  push(s: string): void {
    if (this.inner) return this.inner.push(s);
    let i = 0;
    while (i < s.length && isWs(s.charCodeAt(i))) i++;
    if (i === s.length) {
      this.lead += s;
      return;
    }
    this.inner = "{[(-0123456789tfnTFN".includes(s[i]) ? new TypedSink(this.ctx, this.key, ANY, true, this.depth) : new StringSink(this.ctx);
    this.inner.push(this.lead + s);
    this.lead = "";
  }

  end(): void {
    if (!this.inner) {
      this.inner = new StringSink(this.ctx);
      if (this.lead) this.inner.push(this.lead);
    }
    this.inner.end();
  }
}

/** Trims a value's text as it passes (leading part dropped, trailing part held until more text
 *  shows it is inside the value), and never passes on half a surrogate pair. Each character is
 *  examined a bounded number of times, however long a held run of whitespace grows. */
class Trimmer {
  private start = true;
  private held = "";
  constructor(
    private readonly mode: Trim,
    private readonly sink: Sink,
  ) {}

  push(s: string): void {
    if (s.length === 0) return;
    if (this.start) {
      let i = 0;
      if (this.mode === "newline") i = s.charCodeAt(0) === 0x0a ? 1 : 0;
      else if (this.mode !== "none") while (i < s.length && this.trims(s.charCodeAt(i))) i++;
      if (i === s.length && (this.mode === "newlines" || this.mode === "ws")) return;
      this.start = false;
      s = s.slice(i);
    }
    // What is held (trailing characters the template may trim, a high surrogate whose pair may
    // follow) is decided together with what follows it, so the pieces do not depend on the chunking.
    s = this.held + s;
    let k = s.length;
    if (this.mode === "newline") {
      if (k > 0 && s.charCodeAt(k - 1) === 0x0a) k--;
    } else if (this.mode !== "none") while (k > 0 && this.trims(s.charCodeAt(k - 1))) k--;
    if (k === s.length && k > 0 && isHigh(s.charCodeAt(k - 1))) k--;
    this.held = s.slice(k);
    if (k > 0) this.sink.push(s.slice(0, k));
  }

  end(): void {
    const s = this.held;
    let k = s.length;
    if (this.mode === "newline") {
      if (k > 0 && s.charCodeAt(k - 1) === 0x0a) k--;
    } else if (this.mode !== "none") while (k > 0 && this.trims(s.charCodeAt(k - 1))) k--;
    if (k > 0) this.sink.push(s.slice(0, k));
    this.held = "";
    this.sink.end();
  }

  private trims(c: number): boolean {
    return this.mode === "ws" ? isWs(c) : c === 0x0a;
  }
}

// ---- readers ----

/** The input ended (or a bound was hit) inside the block. At the end of input the partial markup
 *  read so far belongs to the block: nothing of it is rescanned as content. */
function ended(ctx: CallContext, what: string): void {
  const c = ctx.cur;
  if (c.eof && !c.limited) c.pos = c.arrived;
  ctx.ended(what);
}

/**
 * Streams raw text to `out` until one of `ends` begins (not consumed) and returns its index;
 * `<![CDATA[…]]>` sections (when `cdata`) pass through as text. -1 after the block stopped.
 */
function readValue(ctx: CallContext, ends: string[], out: Trimmer, cdata: boolean): Step<number> {
  const c = ctx.cur;
  const w: ValueWait = { ctx, ends, out, marks: searchFor(c, cdata ? [...ends, CDATA_OPEN] : ends), inside: searchFor(c, CDATA_END), inCdata: false };
  return readNow(valueNow, c, w);
}

/** A parameter value being streamed: its end tags, where its text goes, the searches for them
 *  and for the end of a CDATA section, and whether it is inside one. */
interface ValueWait {
  ctx: CallContext;
  ends: string[];
  out: Trimmer;
  marks: MarkerSearch;
  inside: MarkerSearch;
  inCdata: boolean;
}

/** Passes on the value's text that has arrived: the index of the end tag that begins, -1 after
 *  the block stopped, undefined to wait (all text that cannot start a marker passed on). */
function valueNow(c: Cursor, w: ValueWait): number | undefined {
  const { ends, out } = w;
  for (;;) {
    const m = moreNow(c);
    if (m === undefined) return undefined;
    if (!m) return ended(w.ctx, "a parameter value"), -1;
    const s = c.buf;
    const from = c.pos - c.base;
    const lim = Math.min(c.arrived, c.limit) - c.base;
    const ms = w.inCdata ? w.inside : w.marks;
    const hit = ms.find(c, c.pos, lim + c.base);
    const at = hit >= 0 ? hit - c.base : -1;
    const k = ms.k;
    if (at < 0) {
      const hold = c.eof ? 0 : partialSuffix(s, from, lim, ms.marks);
      if (lim - hold > from) out.push(s.slice(from, lim - hold));
      c.pos = c.base + lim - hold;
      if (c.pos + hold >= c.limit) {
        c.limited = true;
        return ended(w.ctx, "a parameter value"), -1;
      }
      if (!c.eof) return undefined;
      continue;
    }
    if (at > from) out.push(s.slice(from, at));
    c.pos = c.base + at + (w.inCdata || k === ends.length ? ms.marks[k].length : 0);
    if (w.inCdata || k === ends.length) {
      w.inCdata = !w.inCdata;
      continue;
    }
    return k;
  }
}

/** Reads text up to `end` (consumed) and returns it; at most `max` characters. It never looks
 *  past that window, so a failure is decided (and placed, at the start) by the text alone. */
function readTo(c: Cursor, end: string, max: number): Step<Read<string>> {
  return readNow(toNow, c, { start: c.pos, end, max }, c.pos);
}

/** Text a reader waits in up to `end`: where it started and how long it may be. */
interface ToWait {
  start: number;
  end: string;
  max: number;
}

/** Looks for `end` in the window: the text before it once found (or the failure once the window,
 *  the input or the limit is passed), undefined to wait (keeping the text from `start`). */
function toNow(c: Cursor, w: ToWait): Read<string> | undefined {
  const { start, end, max } = w;
  const window = start + max + end.length;
  let r: Read<string>;
  for (;;) {
    const lim = Math.min(c.arrived, c.limit, window);
    const i = c.buf.indexOf(end, Math.max(start, c.pos - end.length + 1) - c.base);
    const at = i < 0 ? -1 : c.base + i;
    if (at >= 0 && at + end.length <= lim) {
      c.pos = at + end.length;
      r = { ok: true, value: c.slice(start, at) };
      break;
    }
    if (lim === window) {
      c.pos = start;
      r = { ok: false, eof: false, reason: `longer than ${max} characters` };
      break;
    }
    c.pos = lim;
    const m = moreNow(c);
    if (m === undefined) return undefined;
    if (!m) {
      r = { ok: false, eof: true, reason: "input ended" };
      break;
    }
  }
  c.keep = FAR;
  return r;
}

/** Attributes `name="value"` up to `>` (consumed). */
function* readAttrs(c: Cursor): Step<Read<Record<string, string>>> {
  const out: Record<string, string> = {};
  for (let n = 0; n < 16; n++) {
    if (!(yield* skipWs(c))) return { ok: false, eof: true, reason: "input ended" };
    if (c.code() === 0x3e) {
      c.pos++;
      return { ok: true, value: out };
    }
    const name = yield* readWhile(c, isAttrCh, 64, true);
    if (!name.ok) return name;
    if (name.value.length === 0) return { ok: false, eof: false, reason: "expected an attribute or '>'" };
    const eq = yield* lit(c, '="');
    if (eq !== "yes") return { ok: false, eof: eq === "eof", reason: `expected ="…" after ${name.value}` };
    const v = yield* readTo(c, '"', 1024);
    if (!v.ok) return v;
    out[name.value] = v.value;
  }
  return { ok: false, eof: false, reason: "too many attributes" };
}

/**
 * Which of `alts` the text at `pos` starts with (the longest when several do), consuming nothing:
 * its index, -1 when none, -2 when the input ended before it could be told.
 */
function which(c: Cursor, alts: string[]): Step<number> {
  return readNow(whichNow, c, alts);
}

function whichNow(c: Cursor, alts: string[]): number | undefined {
  const avail = Math.min(c.arrived, c.limit) - c.pos;
  const at = c.pos - c.base;
  let best = -1;
  let pending = false;
  for (let k = 0; k < alts.length; k++) {
    const a = alts[k];
    const n = Math.min(a.length, avail);
    if (!c.buf.startsWith(a.slice(0, n), at)) continue;
    if (n < a.length) pending = true;
    else if (best < 0 || a.length > alts[best].length) best = k;
  }
  if (!pending) return best;
  if (c.eof || c.pos + avail >= c.limit) {
    if (c.pos + avail >= c.limit) c.limited = true;
    return best >= 0 ? best : -2;
  }
  return undefined;
}

// ---- serialisation helpers (what templates print for argument values) ----

/** A call's arguments as `[key, value]` pairs; none when its arguments are not a JSON object. */
export function argEntries(call: ToolCall): [string, unknown][] {
  try {
    const v: unknown = JSON.parse(call.function.arguments || "{}");
    return typeof v === "object" && v !== null && !Array.isArray(v) ? Object.entries(v) : [];
  } catch {
    return [];
  }
}

/** Jinja `tojson` in transformers: `json.dumps(v, ensure_ascii=False)`, with `", "` and `": "`. */
export function pyJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pyJson).join(", ")}]`;
  if (typeof v === "object" && v !== null) return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${pyJson(x)}`).join(", ")}}`;
  return JSON.stringify(v) ?? "null";
}

/** Python `str(v)` of a JSON value, as Jinja's `| string` (or `{{ v }}`) prints it: `True`,
 *  `None`, `{'a': 1}`. */
export function pyStr(v: unknown): string {
  return typeof v === "string" ? v : pyRepr(v);
}

function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "number") return Number.isFinite(v) ? String(v).replace(/e([+-])(\d)$/, "e$10$2") : "None";
  if (typeof v === "string") return strRepr(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(", ")}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(", ")}}`;
}
