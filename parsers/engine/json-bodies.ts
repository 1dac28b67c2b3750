/**
 * JSON body shapes beyond `bodies.ts`, written in the same resumable style:
 * - {@link callSequence}: call objects one after another, `{…};{…}` (Llama 3), `{…}\n{…}`
 *   (MiniMax-M1) or `{…}{…}` (the Llama 4 JSON template);
 * - {@link nameKeyedCall}: the short form `{"get_weather": {"city": "Paris"}}` whose only key is
 *   the function name (Apertus).
 * Each decides from the text alone and streams the model's own argument text (via `passArgs`).
 */
import { passArgs } from "./bodies.ts";

/** Re-exported for the formats of this family. */
export { callArray } from "./bodies.ts";
import { readJsonString, skipWs } from "./cursor.ts";
import type { Body } from "./format.ts";

const MAX_NAME = 256;

export interface CallSequenceOptions {
  /** A character the model may write between calls, e.g. `;` (Llama 3). Whitespace alone (or
   *  nothing) between two call objects also continues the sequence. */
  separator?: string;
}

/**
 * Calls written one after another. After each call, a separator or a `{` continues the sequence;
 * anything else ends the body there (the text after it is the format's end marker or content).
 * A separator not followed by a call is not markup: it falls back to content (`invalid_call`).
 */
export function callSequence(element: Body, opts: CallSequenceOptions = {}): Body {
  const sep = opts.separator ? opts.separator.charCodeAt(0) : -1;
  return function* (ctx) {
    const c = ctx.cur;
    for (;;) {
      yield* element(ctx);
      if (ctx.stopped || ctx.isOpen) return;
      ctx.settle();
      if (!(yield* skipWs(c))) return;
      let d = c.code();
      if (d === sep) {
        c.pos++;
        if (!(yield* skipWs(c))) return ctx.ended(`a call after '${opts.separator}'`);
        d = c.code();
        if (d !== 0x7b) return ctx.fail("invalid_call", `expected a call object after '${opts.separator}'`);
      } else if (d !== 0x7b) return;
    }
  };
}

/**
 * `{"name": {arguments}}`: one key, the function name, whose value is the arguments object. The
 * call opens where that object begins, and the arguments stream; a second key is not part of the
 * form (the call is kept as far as it came, `invalid_call`).
 */
export function nameKeyedCall(): Body {
  return function* (ctx) {
    const c = ctx.cur;
    if (!(yield* skipWs(c))) return ctx.ended("a call object");
    if (c.code() !== 0x7b) return ctx.fail("invalid_call", "expected '{' to start a call object");
    c.pos++;
    if (!(yield* skipWs(c))) return ctx.ended("a call object");
    if (c.code() !== 0x22) return ctx.fail("invalid_call", "expected the function name as the key of the call object");
    const name = yield* readJsonString(c, MAX_NAME);
    if (!name.ok) return name.eof ? ctx.ended("the function name") : ctx.fail("invalid_call", `bad function name: ${name.reason}`);
    if (name.value.length === 0) return ctx.fail("invalid_call", "empty function name");
    if (!(yield* skipWs(c))) return ctx.ended("a call object");
    if (c.code() !== 0x3a) return ctx.fail("invalid_call", `expected ':' after "${name.value}"`);
    c.pos++;
    if (!(yield* skipWs(c))) return ctx.ended("the arguments");
    // Only an object makes the short form (`{"name": "f", …}` is the long form, not a call here).
    if (c.code() !== 0x7b) return ctx.fail("invalid_call", `the value of "${name.value}" is not an arguments object`);
    ctx.open(name.value);
    const held = yield* passArgs(ctx);
    if (held === false) return;
    if (held !== null) ctx.args(held);
    if (!(yield* skipWs(c))) return ctx.ended("a call object");
    if (c.code() !== 0x7d) return ctx.fail("invalid_call", "expected '}' after the arguments (one function per call object)");
    c.pos++;
    ctx.close();
  };
}
