/**
 * Bodies for formats that write a function name (or an id holding it) and then JSON arguments,
 * between special tokens: DeepSeek V3/R1 and V3.1, Kimi K2, Solar Open, Functionary v3.1/v3.2,
 * and gpt-oss harmony headers (`to=functions.name … <|message|>{…}`).
 *
 * ```text
 * <｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n```json\n{"city": "Paris"}\n```<｜tool▁call▁end｜>
 * <|tool_call_begin|>functions.get_weather:0<|tool_call_argument_begin|>{"city": "Paris"}<|tool_call_end|>
 * <function=get_weather>{"city": "Paris"}</function>
 * ```
 * One option set describes a call ({@link NameArgsOptions}): the bare words before the arguments
 * and the marker ending each, an optional ```json fence, the end marker. {@link nameArgsCall}
 * reads one call, {@link nameArgsSection} a section of them (`begin call…call end`). The call opens
 * once the markup before the arguments is complete; object arguments then stream as the model's
 * own text. Everything is a resumable generator over the engine's cursor, like `bodies.ts`.
 */
import { isNameChar, passArgs } from "./bodies.ts";
import { isHigh, lit, more, readWhile, skipWs, type Step } from "./cursor.ts";
import { escapeJson } from "./strings.ts";
import { partialSuffix, searchFor } from "./markers.ts";
import type { Body, CallContext } from "./format.ts";

const MAX_WORD = 256;

/** One bare word before the arguments (name characters: letters, digits, `_ - . :`). */
export interface HeadPart {
  /** What the word is: the function name, the model's call id, or a word to skip (DeepSeek's `function` type). */
  part: "name" | "id" | "type";
  /** The marker that ends the word; `""` when the first non-name character ends it (nothing consumed). */
  end: string;
}

export interface NameArgsOptions {
  /** The words before the arguments, in order. Whitespace may precede each word. */
  head: HeadPart[];
  /** Derives the function name from the id when no part is the name (Kimi `functions.get_weather:0`).
   *  Null means the id names no function: the block is not a call. */
  nameFromId?: (id: string) => string | null;
  /** The arguments may be wrapped in a Markdown fence (```` ```json … ``` ````), as DeepSeek V3/R1 write them. */
  fence?: boolean;
  /** The marker after each call (whitespace before it is allowed). Missing: `missing_end_marker`. */
  callEnd?: string;
  /** A name that introduces content instead of a call (Functionary v3.2 `>>>all\n`): its markup is dropped. */
  contentName?: string;
  /** A tool whose arguments may be raw text (Functionary `python` code): when they do not start with
   *  `{`, the text up to one of `until` (or the end) becomes `{"<key>": "<text>"}`. */
  raw?: { name: string; key: string; until: string[] };
  /** Text that does not match the head is not a call and stays content without a diagnostic
   *  (for marker-less calls at the start of content). */
  lenient?: boolean;
}

/** Options of a section of calls: `begin, (callBegin call)*, sectionEnd`. */
export interface SectionOptions extends NameArgsOptions {
  /** The marker before each call inside the section. */
  callBegin: string;
  /** The marker that ends the section. */
  sectionEnd: string;
}

/** One call (after its start marker): `word<end>…[```json] {args} [```] [callEnd]`. */
export function nameArgsCall(o: NameArgsOptions): Body {
  return (ctx) => readCall(ctx, o);
}

/** A section of calls after its start marker, e.g. Kimi's
 *  `<|tool_calls_section_begin|>` (`<|tool_call_begin|>` call)* `<|tool_calls_section_end|>`.
 *  Each call gets its own index; an empty section is markup. */
export function nameArgsSection(o: SectionOptions): Body {
  return function* (ctx) {
    const c = ctx.cur;
    let calls = 0;
    const noEnd = () => ctx.diag("missing_end_marker", `the tool-call section was not closed by ${o.sectionEnd}`);
    for (;;) {
      if (!(yield* skipWs(c))) return calls ? noEnd() : ctx.ended("a tool-call section");
      let r = yield* lit(c, o.sectionEnd);
      if (r === "yes") return;
      if (r === "eof") return calls ? noEnd() : ctx.ended("a tool-call section");
      r = yield* lit(c, o.callBegin);
      if (r === "eof") return calls ? noEnd() : ctx.ended("a tool-call section");
      if (r === "no") return calls ? noEnd() : ctx.fail("invalid_call", `expected ${o.callBegin} in the tool-call section`);
      // A call without its end marker ends the section (its diagnostic is reported once).
      if (!(yield* readCall(ctx, o)) || ctx.stopped) return;
      calls++;
      ctx.settle();
    }
  };
}

/** A call whose whole text up to one of `until` (or the end of output) is one string argument,
 *  e.g. Functionary v3.1 `<|python_tag|>print(1)` → `python({"code": "print(1)"})`. */
export function rawTextCall(name: string, key: string, until: string[]): Body {
  return function* (ctx) {
    ctx.open(name);
    if (!(yield* skipWs(ctx.cur))) {
      ctx.args(`{${JSON.stringify(key)}: ""}`);
      return ctx.close();
    }
    yield* rawText(ctx, key, until);
    ctx.close();
  };
}

/**
 * After `body`, one of `tail` is consumed if it follows (whitespace before it allowed), e.g. an
 * end-of-sequence token GigaChat writes after its call.
 */
export function withTail(body: Body, tail: string[]): Body {
  return function* (ctx) {
    yield* body(ctx);
    if (ctx.stopped) return;
    const c = ctx.cur;
    if (!(yield* skipWs(c))) return;
    for (const t of tail) if ((yield* lit(c, t)) === "yes") return;
  };
}

/**
 * `role` text then `body`: the start marker is followed by whitespace, `role` and `sep`
 * (GigaChat 3 `<|message_sep|>\n\nfunction call<|role_sep|>\n{…}`). When another role follows,
 * the marker is a message separator: it is dropped as markup and the text goes on as content.
 */
export function roleThen(role: string, sep: string, body: Body): Body {
  return function* (ctx) {
    const c = ctx.cur;
    if (!(yield* skipWs(c))) return; // a trailing separator
    const r = yield* lit(c, role);
    if (r === "no") return;
    if (r === "eof") return ctx.ended("a message header");
    if (!(yield* skipWs(c))) return ctx.ended("a message header");
    const s = yield* lit(c, sep);
    if (s === "eof") return ctx.ended("a message header");
    if (s === "no") return ctx.fail("invalid_call", `expected ${sep} after "${role}"`);
    yield* body(ctx);
  };
}

/** Reads one call; true when it ended with its end marker (or the format has none). */
function* readCall(ctx: CallContext, o: NameArgsOptions): Step<boolean> {
  const c = ctx.cur;
  const start = c.pos;
  // Before the call opens: text that is not a call goes back to content (lenient: silently).
  const notCall = (why: string) => {
    if (o.lenient) c.seek(start);
    else ctx.fail("invalid_call", why);
    return false;
  };
  const ended = (what: string) => {
    if (o.lenient) c.seek(start);
    else ctx.ended(what);
    return false;
  };
  let name: string | null = null;
  let id: string | null = null;
  for (const p of o.head) {
    if (!(yield* skipWs(c))) return ended(`a call's ${p.part}`);
    const w = yield* readWhile(c, isNameChar, MAX_WORD);
    if (!w.ok) return w.eof ? ended(`a call's ${p.part}`) : notCall(`bad ${p.part}: ${w.reason}`);
    if (w.value.length === 0 && p.part !== "id") return notCall(`expected a ${p.part === "name" ? "function name" : "call type"}`);
    if (p.end) {
      const r = yield* lit(c, p.end);
      if (r === "eof") return ended("a marker");
      if (r === "no") return notCall(`expected ${JSON.stringify(p.end)} after the ${p.part}`);
    }
    if (p.part === "name") name = w.value;
    else if (p.part === "id") id = w.value || null;
    if (p.part === "name" && name === o.contentName) return true; // content follows: the header is markup
  }
  let fenced = false;
  if (o.fence) {
    if (!(yield* skipWs(c))) return ended("the arguments");
    const r = yield* lit(c, "```");
    if (r === "eof") return ended("a code fence");
    if (r === "yes") {
      fenced = true;
      if ((yield* lit(c, "json")) === "eof") return ended("a code fence");
    }
  }
  if (name === null && id !== null && o.nameFromId) name = o.nameFromId(id);
  if (!name) return notCall(id === null ? "no function name" : `the call id "${id}" names no function`);
  const rawOk = o.raw !== undefined && name === o.raw.name;
  if (o.lenient) {
    // Marker-less: only `name\n{` (or a raw-text tool) is a call; `Sure\nHere…` is content.
    if (!(yield* skipWs(c))) return ended("the arguments");
    if (c.code() !== 0x7b && !rawOk) return notCall("no JSON arguments after the name");
  }
  ctx.open(name, id);
  if (!(yield* skipWs(c))) return ctx.ended("the arguments"), false;
  const first = c.code();
  if (rawOk && first !== 0x7b) {
    yield* rawText(ctx, o.raw!.key, o.raw!.until);
    ctx.close();
    return true;
  }
  if (isJsonStart(first)) {
    if (!(yield* readArgs(ctx))) return false;
  } else ctx.args("{}"); // no arguments written (`…<|tool_call_argument_begin|><|tool_call_end|>`)
  if (fenced) {
    if (!(yield* skipWs(c))) return endMissing(ctx, "```"), false;
    const r = yield* lit(c, "```");
    if (r !== "yes") return endMissing(ctx, "```"), false;
  }
  if (o.callEnd) {
    if (!(yield* skipWs(c))) return endMissing(ctx, o.callEnd), false;
    if ((yield* lit(c, o.callEnd)) !== "yes") return endMissing(ctx, o.callEnd), false;
  }
  ctx.close();
  return true;
}

function endMissing(ctx: CallContext, marker: string): void {
  ctx.diag("missing_end_marker", `expected ${marker} after the call`);
  ctx.close();
}

const isJsonStart = (ch: number) =>
  ch === 0x7b || ch === 0x5b || ch === 0x22 || ch === 0x2d || (ch >= 0x30 && ch <= 0x39) || ch === 0x74 || ch === 0x66 || ch === 0x6e;

/** Reads the JSON arguments of the open call at `pos` (bodies.ts `passArgs`: objects and arrays
 *  stream, a JSON string holding JSON streams decoded). False after stopping the block. */
function* readArgs(ctx: CallContext): Step<boolean> {
  const held = yield* passArgs(ctx);
  if (held === false) return false;
  if (held !== null) ctx.args(held);
  return true;
}

/** Streams the text up to the first of `until` (not consumed) or the end of output as the JSON
 *  string value of `key`: `{"key": "` first, escaped pieces as they are decided, `"}` at the end. */
function* rawText(ctx: CallContext, key: string, until: string[]): Step {
  const c = ctx.cur;
  ctx.args(`{${JSON.stringify(key)}: "`);
  const emit = (s: string) => {
    if (s) ctx.args(escapeJson(s));
  };
  const search = searchFor(c, until);
  for (;;) {
    const s = c.buf;
    const from = c.pos - c.base;
    const hit = search.find(c);
    const at = hit >= 0 ? hit - c.base : -1;
    if (at >= 0) {
      emit(s.slice(from, at));
      c.pos = c.base + at;
      break;
    }
    // Hold back what may still become a marker, and a high surrogate whose pair has not arrived.
    let keep = c.eof ? 0 : partialSuffix(s, from, s.length, until);
    if (!c.eof && keep === 0 && s.length > from && isHigh(s.charCodeAt(s.length - 1))) keep = 1;
    emit(s.slice(from, s.length - keep));
    c.pos = c.base + s.length - keep;
    if (c.eof) break;
    yield;
  }
  ctx.args('"}');
}

// ---- gpt-oss harmony message headers ----

/** Where a harmony header starts: after `<|start|>assistant` (an optional ` to=` may follow), at
 *  the start of output (` to=…`, the generation prompt wrote `<|start|>assistant`), after
 *  `<|channel|>NAME`, or right after a ` to=` that follows the channel. */
export type HarmonyStart = { after: "role" } | { after: "bare" } | { after: "channel"; channel: string } | { after: "to"; channel: string };

/**
 * A gpt-oss (harmony) message header up to `<|message|>`, in any order of its items:
 * ` to=RECIPIENT`, `<|channel|>CHANNEL`, `<|constrain|>TYPE` or a bare content type (`json`).
 * With a `functions.NAME` recipient it is a call: the JSON message is the arguments, and
 * `<|call|>` may end it. Without a recipient (or to `assistant`) the header is markup and the
 * message text is content. A message to a built-in tool (`python`, `browser.search`,
 * `container.exec`) is not a function call: its text stays content, with `invalid_call`.
 * A second `<|channel|>` in a header without a function recipient ends it (the model restarted
 * the header); the scanner reads on from there.
 */
export function harmonyMessage(startAt: HarmonyStart): Body {
  return function* (ctx) {
    const c = ctx.cur;
    const start = c.pos;
    let channel: string | null = "channel" in startAt ? startAt.channel : null;
    let recipient: string | null = null;
    const isFn = () => recipient !== null && recipient.startsWith("functions.") && recipient.length > 10;
    if (startAt.after === "bare" || startAt.after === "role") {
      if (startAt.after === "role" && (yield* lit(c, " ")) !== "yes") return; // `<|start|>assistant<|channel|>…`
      const r = yield* lit(c, "to=");
      if (r !== "yes") {
        c.seek(start); // not a header: plain text (or `<|start|>assistant` alone, which is markup)
        return;
      }
    }
    let pending = startAt.after === "bare" || startAt.after === "role" || startAt.after === "to";
    for (;;) {
      if (pending) {
        const w = yield* readWhile(c, isNameChar, MAX_WORD);
        if (!w.ok) return w.eof ? ctx.ended("a message header") : ctx.fail("invalid_call", `bad recipient: ${w.reason}`);
        if (!w.value) return ctx.fail("invalid_call", "expected a recipient after to=");
        recipient = w.value;
        pending = false;
      }
      if (!(yield* skipWs(c))) return ctx.ended("a message header");
      let r = yield* lit(c, "<|message|>");
      if (r === "eof") return ctx.ended("a message header");
      if (r === "yes") break;
      r = yield* lit(c, "to=");
      if (r === "eof") return ctx.ended("a message header");
      if (r === "yes") {
        pending = true;
        continue;
      }
      r = yield* lit(c, "<|constrain|>");
      if (r === "eof") return ctx.ended("a message header");
      if (r === "yes") {
        const w = yield* readWhile(c, isNameChar, MAX_WORD);
        if (!w.ok) return w.eof ? ctx.ended("a message header") : ctx.fail("invalid_call", `bad content type: ${w.reason}`);
        continue;
      }
      const before = c.pos;
      r = yield* lit(c, "<|channel|>");
      if (r === "eof") return ctx.ended("a message header");
      if (r === "yes") {
        if (channel !== null && !isFn()) {
          c.seek(before); // a restarted header: this one was markup
          return;
        }
        const w = yield* readWhile(c, isNameChar, MAX_WORD);
        if (!w.ok) return w.eof ? ctx.ended("a message header") : ctx.fail("invalid_call", `bad channel: ${w.reason}`);
        channel = w.value;
        continue;
      }
      if (!(yield* more(c))) return ctx.ended("a message header");
      if (!isNameChar(c.code())) return ctx.fail("invalid_call", "unexpected text in a message header");
      const w = yield* readWhile(c, isNameChar, MAX_WORD); // a content type written as a word: `json`
      if (!w.ok) return w.eof ? ctx.ended("a message header") : ctx.fail("invalid_call", `bad content type: ${w.reason}`);
    }
    if (recipient === null || recipient === "assistant") return; // content follows
    if (!isFn()) return ctx.fail("invalid_call", `a message to the built-in tool "${recipient}" is not a function call`);
    ctx.open(recipient.slice("functions.".length));
    if (!(yield* skipWs(c))) return ctx.ended("the arguments");
    if (isJsonStart(c.code())) {
      if (!(yield* readArgs(ctx))) return;
    } else ctx.args("{}");
    ctx.close();
    if (!(yield* skipWs(c))) return;
    yield* lit(c, "<|call|>");
  };
}
