/**
 * The input side of the engine: a growing text buffer with a read position, and the small
 * resumable readers (generator functions) that format bodies are written with.
 *
 * A reader `yield`s when it needs text that has not arrived yet; the engine resumes it on the
 * next `push`. Readers consume what is available in tight loops, so a chunk costs one resume,
 * not one per character. Positions are absolute UTF-16 offsets in the model output.
 */
import { JsonScanner } from "./json.ts";

/** A resumable reader: yields while waiting for input, returns its result. */
export type Step<T = void> = Generator<void, T, void>;

export const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export class Cursor {
  /** Text not yet dropped; `buf[0]` is at absolute offset `base`. */
  buf = "";
  base = 0;
  /** Absolute offset of the next unread character. */
  pos = 0;
  eof = false;
  /** Readers may not look past this absolute offset (the undecided-text bound). */
  limit = Infinity;
  /** Set when a reader stopped at {@link limit} rather than at the end of input. */
  limited = false;
  /** Earliest absolute offset a reader still needs (e.g. the start of a string it is reading). */
  keep = Infinity;
  /** A JSON value a suspended reader is scanning (see {@link scanJson}). */
  waiting: { sc: JsonScanner; sink?: (from: number, to: number) => void } | null = null;

  append(s: string): void {
    this.buf += s;
  }

  /** Absolute end of the text that has arrived. */
  get end(): number {
    return this.base + this.buf.length;
  }

  /** The character code at `pos` (caller ensured it has arrived). */
  code(): number {
    return this.buf.charCodeAt(this.pos - this.base);
  }

  slice(from: number, to: number): string {
    return this.buf.slice(from - this.base, to - this.base);
  }

  /** Drops text before `from` once it is at least half the buffer (amortised O(1) per character;
   *  keeps the buffer flat and small, so appending a chunk never copies decided text). */
  compact(from: number): void {
    const cut = Math.min(from, this.keep) - this.base;
    if (cut > 0 && cut * 2 >= this.buf.length) {
      this.buf = this.buf.slice(cut);
      this.base += cut;
    }
  }
}

/** Waits until a character is available at `pos`. False at the end of input or at the limit. */
export function* more(c: Cursor): Step<boolean> {
  for (;;) {
    if (c.pos >= c.limit) {
      c.limited = true;
      return false;
    }
    if (c.pos < c.end) return true;
    if (c.eof) return false;
    yield;
  }
}

/** Skips JSON whitespace. False if the input ended first. */
export function* skipWs(c: Cursor): Step<boolean> {
  for (;;) {
    if (!(yield* more(c))) return false;
    const stop = Math.min(c.end, c.limit);
    let i = c.pos - c.base;
    const s = c.buf;
    const n = stop - c.base;
    while (i < n && isWs(s.charCodeAt(i))) i++;
    c.pos = c.base + i;
    if (i < n) return true;
  }
}

export type LitResult = "yes" | "no" | "eof";

/** Matches `lit` at `pos` and consumes it on success; consumes nothing otherwise. */
export function* lit(c: Cursor, lit: string): Step<LitResult> {
  let k = 0;
  for (;;) {
    while (k < lit.length && c.pos + k < Math.min(c.end, c.limit)) {
      if (c.buf.charCodeAt(c.pos + k - c.base) !== lit.charCodeAt(k)) return "no";
      k++;
    }
    if (k === lit.length) {
      c.pos += k;
      return "yes";
    }
    if (c.eof || c.pos + k >= c.limit) {
      if (c.pos + k >= c.limit) c.limited = true;
      return "eof";
    }
    yield;
  }
}

/** Result of a reader that can fail on the text: the value, or why it stopped. */
export type Read<T> = { ok: true; value: T } | { ok: false; eof: boolean; reason: string };

/**
 * Reads a JSON string starting at `pos` (which must be `"`) and returns it decoded.
 * Fails on invalid escapes or control characters, or past `maxLen` characters.
 */
export function* readJsonString(c: Cursor, maxLen: number): Step<Read<string>> {
  const start = c.pos;
  c.keep = Math.min(c.keep, start);
  try {
    const sc = new JsonScanner(1);
    for (;;) {
      if (!(yield* more(c))) return { ok: false, eof: true, reason: "input ended inside a string" };
      const stop = Math.min(c.end, c.limit, start + maxLen + 2);
      const at = sc.feed(c.buf, c.pos - c.base, stop - c.base) + c.base;
      c.pos = at;
      const st = sc.status;
      if (st === "done") return { ok: true, value: JSON.parse(c.slice(start, at)) as string };
      if (st === "error") return { ok: false, eof: false, reason: sc.reason };
      if (at >= start + maxLen + 2) return { ok: false, eof: false, reason: `string longer than ${maxLen} characters` };
    }
  } finally {
    c.keep = Infinity;
  }
}

/**
 * Feeds the JSON value at `pos` to `sc`, calling `sink(from, to)` for each consumed stretch
 * (absolute offsets) as it is validated. Returns the scanner's final status; at the end of input
 * a trailing number is completed. While it waits for input it registers itself in
 * `Cursor.waiting`, so the engine can feed a long value chunk by chunk without resuming the
 * generator chain (the hot path of streamed arguments).
 */
export function* scanJson(c: Cursor, sc: JsonScanner, sink?: (from: number, to: number) => void): Step<"done" | "error" | "eof"> {
  for (;;) {
    const st = feedJson(c, sc, sink);
    if (st !== "more") return st;
    if (c.pos >= c.limit) {
      c.limited = true;
      return "eof";
    }
    if (c.eof) return sc.finish() === "done" ? "done" : "eof";
    c.waiting = { sc, sink };
    yield;
    c.waiting = null;
  }
}

/** Feeds what has arrived to a scanner; "more" when it needs further input. */
export function feedJson(c: Cursor, sc: JsonScanner, sink?: (from: number, to: number) => void): "more" | "done" | "error" {
  const stop = Math.min(c.end, c.limit);
  const from = c.pos;
  if (from < stop) {
    const at = sc.feed(c.buf, from - c.base, stop - c.base) + c.base;
    c.pos = at;
    if (sink && at > from) sink(from, at);
  }
  return sc.status;
}

/**
 * Reads a run of characters accepted by `ok` (at most `maxLen`), stopping at the first other
 * character, which is not consumed. Returns the run.
 */
export function* readWhile(c: Cursor, ok: (code: number) => boolean, maxLen: number): Step<Read<string>> {
  const start = c.pos;
  c.keep = Math.min(c.keep, start);
  try {
    for (;;) {
      if (!(yield* more(c))) return c.eof && !c.limited ? { ok: true, value: c.slice(start, c.pos) } : { ok: false, eof: true, reason: "input ended" };
      // Never look past maxLen + 1 characters: where a too-long run fails must not depend on the chunking.
      const n = Math.min(c.end, c.limit, start + maxLen + 1) - c.base;
      let i = c.pos - c.base;
      while (i < n && ok(c.buf.charCodeAt(i))) i++;
      c.pos = c.base + i;
      if (c.pos - start > maxLen) return { ok: false, eof: false, reason: `longer than ${maxLen} characters` };
      if (i < n) return { ok: true, value: c.slice(start, c.pos) };
    }
  } finally {
    c.keep = Infinity;
  }
}

/** Waits until `n` characters are available at `pos` and returns them (not consumed); null if the
 *  input ends first. */
export function* readN(c: Cursor, n: number): Step<string | null> {
  for (;;) {
    if (c.pos + n <= Math.min(c.end, c.limit)) return c.slice(c.pos, c.pos + n);
    if (c.eof || c.pos + n > c.limit) {
      if (c.pos + n > c.limit) c.limited = true;
      return null;
    }
    yield;
  }
}
