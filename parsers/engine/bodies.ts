/**
 * Body readers that format modules compose: a JSON call object, a JSON array of them, a name
 * followed by JSON arguments. Each is a resumable generator over the engine's {@link Cursor}; each
 * decides as early as the text allows and passes the model's own argument text through.
 */
import { JsonScanner } from "./json.ts";
import { FAR, isWs, lit, more, readJsonString, readN, readWhile, scanJson, skipWs, type Step } from "./cursor.ts";
import type { Body, CallContext } from "./format.ts";

const MAX_NAME = 256;

/** Characters of a bare function name or id (`get_weather`, `functions.get_weather`, `a-b:1`). */
export const isNameChar = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d || c === 0x2e || c === 0x3a;

export interface JsonCallKeys {
  /** Keys holding the function name. Default `["name"]`. */
  name?: string[];
  /** Keys holding the arguments; the first is canonical, others are reported as aliases.
   *  Default `["arguments", "parameters"]`. */
  arguments?: string[];
  /** Keys holding the model's call id. Default `["id"]`. */
  id?: string[];
}

/**
 * A JSON object `{"name": …, "arguments": {…}}` in any key order (pitfall 1: arguments seen
 * before the name wait for it). The call opens when the name string closes; object arguments
 * then stream as the model's raw text, string arguments (`"{\"a\":1}"`) stream decoded.
 */
export function jsonCall(keys: JsonCallKeys = {}): Body {
  const nameKeys = keys.name ?? ["name"];
  const argKeys = keys.arguments ?? ["arguments", "parameters"];
  const idKeys = keys.id ?? ["id"];
  return function* (ctx) {
    const c = ctx.cur;
    if (!(yield* skipWs(c))) return ctx.ended("a call object");
    if (c.code() !== 0x7b) return ctx.fail("invalid_call", "expected '{' to start a call object");
    c.pos++;
    let name: string | null = null;
    let id: string | null = null;
    let heldArgs: string | null = null;
    let sawArgs = false;
    if (!(yield* skipWs(c))) return ctx.ended("a call object");
    if (c.code() === 0x7d) return ctx.fail("invalid_call", "empty call object");
    for (;;) {
      if (c.code() !== 0x22) return ctx.fail("invalid_call", "expected a quoted key in the call object");
      const key = yield* readJsonString(c, MAX_NAME);
      if (!key.ok) return key.eof ? ctx.ended("a key") : ctx.fail("invalid_call", `bad key: ${key.reason}`);
      if (!(yield* skipWs(c))) return ctx.ended("a call object");
      if (c.code() !== 0x3a) return ctx.fail("invalid_call", `expected ':' after "${key.value}"`);
      c.pos++;
      if (!(yield* skipWs(c))) return ctx.ended("a call object");
      if (name === null && nameKeys.includes(key.value)) {
        if (c.code() !== 0x22) return ctx.fail("invalid_call", "the function name is not a string");
        const n = yield* readJsonString(c, MAX_NAME);
        if (!n.ok) return n.eof ? ctx.ended("the function name") : ctx.fail("invalid_call", `bad function name: ${n.reason}`);
        if (n.value.length === 0) return ctx.fail("invalid_call", "empty function name");
        name = n.value;
        ctx.open(name, id);
        if (heldArgs !== null) ctx.args(heldArgs);
      } else if (!sawArgs && argKeys.includes(key.value)) {
        sawArgs = true;
        if (key.value !== argKeys[0]) ctx.diag("arguments_alias", `"${key.value}" used for "${argKeys[0]}"`);
        const held = yield* passArgs(ctx);
        if (held === false) return;
        if (held !== null) {
          if (ctx.isOpen) ctx.args(held);
          else heldArgs = held;
        }
      } else if (id === null && idKeys.includes(key.value) && c.code() === 0x22) {
        const v = yield* readJsonString(c, MAX_NAME);
        if (!v.ok) return v.eof ? ctx.ended("the call id") : ctx.fail("invalid_call", `bad id: ${v.reason}`);
        id = v.value;
        if (ctx.isOpen) ctx.diag("id_ignored", `the model's id "${id}" came after the call was opened; a generated id was used`);
      } else {
        const st = yield* scanJson(c, new JsonScanner(ctx.limits.maxDepth));
        if (st === "eof") return ctx.ended("a call object");
        if (st === "error") return ctx.fail("invalid_call", `invalid value of "${key.value}"`);
      }
      if (!(yield* skipWs(c))) return ctx.ended("a call object");
      const d = c.code();
      if (d === 0x7d) {
        c.pos++;
        break;
      }
      if (d !== 0x2c) return ctx.fail("invalid_call", "expected ',' or '}' in the call object");
      c.pos++;
      if (!(yield* skipWs(c))) return ctx.ended("a call object");
    }
    if (name === null) return ctx.fail("invalid_call", `no ${nameKeys.map((k) => `"${k}"`).join(" or ")} in the call object`);
    if (!sawArgs) ctx.args("{}");
    ctx.close();
  };
}

/**
 * Reads an arguments value. With the call open, object/array text streams as it is validated and
 * string text streams decoded. Before the call is open (arguments before the name), returns the
 * arguments text to emit once the name is known. Returns false after stopping the block.
 */
export function* passArgs(ctx: CallContext): Step<string | null | false> {
  const c = ctx.cur;
  const first = c.code();
  const start = c.pos;
  const sc = new JsonScanner(ctx.limits.maxDepth);
  if (first === 0x22) {
    if (ctx.isOpen) return (yield* streamStringArgs(ctx)) ? null : false;
    c.keep = Math.min(c.keep, start);
    const st = yield* scanJson(c, sc);
    c.keep = FAR;
    if (st !== "done") return stopArgs(ctx, st, sc), false;
    ctx.diag("arguments_as_string", "arguments were a JSON string; its text was used");
    return JSON.parse(c.slice(start, c.pos)) as string;
  }
  // Objects and arrays stream once the call is open; scalars are short and wait until complete.
  const streams = ctx.isOpen && (first === 0x7b || first === 0x5b);
  if (!streams) c.keep = Math.min(c.keep, start);
  const st = yield* scanJson(c, sc, streams);
  c.keep = FAR;
  if (st !== "done") return stopArgs(ctx, st, sc), false;
  if (first !== 0x7b) ctx.diag("arguments_not_object", "arguments are not a JSON object");
  if (streams) return null;
  const text = c.slice(start, c.pos);
  return text === "null" ? "{}" : text;
}

function stopArgs(ctx: CallContext, st: "eof" | "error", sc: JsonScanner): void {
  if (st === "eof") ctx.ended("the arguments");
  else if (sc.overDepth) ctx.fail("limit_exceeded", `arguments nested deeper than ${ctx.limits.maxDepth}`);
  else ctx.fail(ctx.isOpen ? "invalid_arguments" : "invalid_call", `invalid JSON in the arguments: ${sc.reason}`);
}

/** Streams a JSON string value as its decoded text (the model wrote the arguments as a string). */
function* streamStringArgs(ctx: CallContext): Step<boolean> {
  const c = ctx.cur;
  ctx.diag("arguments_as_string", "arguments were a JSON string; its text was used");
  const inner = new JsonScanner(ctx.limits.maxDepth);
  const emit = (s: string) => {
    if (inner.status === "more") inner.feed(s, 0, s.length);
    ctx.args(s);
  };
  c.pos++; // opening quote
  for (;;) {
    if (!(yield* more(c))) return ctx.ended("the arguments"), false;
    const n = Math.min(c.arrived, c.limit) - c.base;
    let i = c.pos - c.base;
    const s = c.buf;
    const from = i;
    let ch = s.charCodeAt(i);
    while (i < n && ch !== 0x22 && ch !== 0x5c && ch >= 0x20) ch = s.charCodeAt(++i);
    if (i > from) emit(s.slice(from, i));
    c.pos = c.base + i;
    if (i === n) continue;
    if (ch === 0x22) {
      c.pos++;
      if (inner.finish() !== "done") ctx.diag("invalid_arguments", "the arguments string does not hold valid JSON");
      return true;
    }
    if (ch < 0x20) return ctx.fail("invalid_arguments", "control character in the arguments string"), false;
    // An escape: wait until it is complete, then decode it.
    const need = (yield* lit(c, "\\u")) === "yes" ? 4 : -1;
    if (need < 0) {
      const r = yield* lit(c, "\\");
      if (r !== "yes" || !(yield* more(c))) return ctx.ended("the arguments"), false;
      const e = c.code();
      const map: Record<number, string> = { 0x22: '"', 0x5c: "\\", 0x2f: "/", 0x62: "\b", 0x66: "\f", 0x6e: "\n", 0x72: "\r", 0x74: "\t" };
      if (!(e in map)) return ctx.fail("invalid_arguments", "invalid escape in the arguments string"), false;
      c.pos++;
      emit(map[e]);
      continue;
    }
    const hex = yield* readN(c, 4);
    if (hex === null) return ctx.ended("the arguments"), false;
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) return ctx.fail("invalid_arguments", "invalid \\u escape in the arguments string"), false;
    c.pos += 4;
    emit(String.fromCharCode(parseInt(hex, 16)));
  }
}

export interface CallArrayOptions {
  /** The start marker already consumed the `[` (e.g. `functools[`). */
  opened?: boolean;
}

/** A JSON array of calls, `[{…}, {…}]`, each element read by `element` with its own index. */
export function callArray(element: Body, opts: CallArrayOptions = {}): Body {
  return function* (ctx) {
    const c = ctx.cur;
    if (!opts.opened) {
      if (!(yield* skipWs(c))) return ctx.ended("a call array");
      if (c.code() !== 0x5b) return ctx.fail("invalid_call", "expected '[' to start the call array");
      c.pos++;
    }
    if (!(yield* skipWs(c))) return ctx.ended("a call array");
    if (c.code() === 0x5d) return ctx.fail("invalid_call", "empty call array");
    for (;;) {
      yield* element(ctx);
      if (ctx.stopped || ctx.isOpen) return;
      ctx.settle();
      if (!(yield* skipWs(c))) return ctx.ended("a call array");
      const d = c.code();
      if (d === 0x5d) return void c.pos++;
      if (d !== 0x2c) return ctx.fail("invalid_call", "expected ',' or ']' after a call");
      c.pos++;
    }
  };
}

/** A JSON array of call objects, `[{…}, {…}]`: each element is a call with its own index. */
export function jsonCallArray(keys: JsonCallKeys = {}): Body {
  return callArray(jsonCall(keys));
}

export interface NameArgsMarkers {
  /** Marker between the name and a call id, e.g. `[CALL_ID]` (optional in the text). */
  id?: string;
  /** Marker before the JSON arguments, e.g. `[ARGS]`. */
  args: string;
}

/** `name[CALL_ID]id[ARGS]{…}`: a bare name, an optional id, then a JSON arguments value. */
export function nameArgs(m: NameArgsMarkers): Body {
  return function* (ctx) {
    const c = ctx.cur;
    if (!(yield* skipWs(c))) return ctx.ended("a function name");
    const name = yield* readWhile(c, isNameChar, MAX_NAME);
    if (!name.ok) return name.eof ? ctx.ended("a function name") : ctx.fail("invalid_call", `bad function name: ${name.reason}`);
    if (name.value.length === 0) return ctx.fail("invalid_call", "expected a function name");
    let id: string | null = null;
    if (m.id) {
      const r = yield* lit(c, m.id);
      if (r === "eof") return ctx.ended("a marker");
      if (r === "yes") {
        const v = yield* readWhile(c, isNameChar, MAX_NAME);
        if (!v.ok) return v.eof ? ctx.ended("a call id") : ctx.fail("invalid_call", `bad call id: ${v.reason}`);
        id = v.value;
      }
    }
    const r = yield* lit(c, m.args);
    if (r === "eof") return ctx.ended("a marker");
    if (r === "no") return ctx.fail("invalid_call", `expected ${m.args} after the function name`);
    ctx.open(name.value, id);
    if (!(yield* skipWs(c))) return ctx.ended("the arguments");
    const held = yield* passArgs(ctx);
    if (held === false) return;
    if (held !== null) ctx.args(held);
    ctx.close();
  };
}

/** Chooses a body by the first non-space character after the start marker. */
export function byFirstChar(cases: Record<string, Body>, otherwise: Body): Body {
  return function* (ctx) {
    const c = ctx.cur;
    if (!(yield* skipWs(c))) return ctx.ended("a call");
    const body = cases[String.fromCharCode(c.code())] ?? otherwise;
    yield* body(ctx);
  };
}

export { isWs };
