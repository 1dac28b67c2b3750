/**
 * String contents as they arrive: the text of a quoted or delimited string up to the character
 * that may end it, passed on in pieces, for the bodies that turn strings of their own syntax
 * into JSON strings (Python literals in `pythonic.ts`, Gemma's delimited strings in `gemma.ts`).
 * A resumable reader over the cursor, like those of `cursor.ts`.
 */
import { isHigh, later, more, moreNow, type Cursor, type Step } from "./cursor.ts";

/** `s` as the inside of a JSON string (quotes, backslashes, control characters and lone surrogates escaped). */
export const escapeJson = (s: string) => JSON.stringify(s).slice(1, -1);

/**
 * Passes the text from `pos` up to the first `stop` or `esc` character to `piece` as it arrives
 * (raw, or with `json` as the inside of a JSON string), and returns true with `pos` at that
 * character, not consumed (`c.code()` tells which); false when the input, or the undecided-text
 * bound, ended first (all text before it passed on). `esc` starts an escape that the caller reads
 * (a backslash), -1 when the string has none; the caller also reads a `stop` that does not end
 * the string (the first character of a triple quote or of a delimiter) and passes it on. A high
 * surrogate at the end of what has arrived waits for the next chunk: no piece ends inside a pair,
 * so escaped pieces make the same JSON text however the input was cut. It looks only at text from
 * `pos` on and holds nothing, so it needs neither `c.keep` nor a length bound (a caller that holds
 * the pieces bounds what it holds).
 */
export function readUntil(c: Cursor, stop: number, esc: number, piece: (text: string) => void, json = false): Step<boolean> {
  // Once the text at hand decides, `more` answers at once: a character is at `pos`, or none is.
  const w: UntilWait = { stop, esc, piece, json, decided: false };
  return untilNow(c, w) ? more(c) : later(untilLater, c, w);
}

/** A string a reader is passing on: its stop and escape characters, where the pieces go, and
 *  whether a stop was found (then it waits for `more`). */
interface UntilWait {
  stop: number;
  esc: number;
  piece: (text: string) => void;
  json: boolean;
  decided: boolean;
}

function untilLater(c: Cursor, w: UntilWait): boolean | undefined {
  if (!w.decided && !(w.decided = untilNow(c, w))) return undefined;
  return moreNow(c);
}

/** Passes on what has arrived up to a stop character; true when that decided the read (a stop
 *  character, the end of input or the bound is at `pos`), false to wait for more text. */
function untilNow(c: Cursor, w: UntilWait): boolean {
  const { stop, esc } = w;
  const s = c.buf;
  const end = Math.min(c.arrived, c.limit);
  const n = end - c.base;
  const from = c.pos - c.base;
  let i = from;
  while (i < n) {
    const k = s.charCodeAt(i);
    if (k === stop || k === esc) break;
    i++;
  }
  const done = i < n || end >= c.limit || c.eof;
  if (!done && i > from && isHigh(s.charCodeAt(i - 1))) i--; // its pair has not arrived
  if (i > from) {
    w.piece(w.json ? escapeJson(s.slice(from, i)) : s.slice(from, i));
    c.pos = c.base + i;
  }
  return done;
}
