/**
 * The input side of the engine: a growing text buffer with a read position, and the small
 * resumable readers that format bodies (generator functions) are written with.
 *
 * A reader `yield`s when it needs text that has not arrived yet; the engine resumes it on the
 * next `push`. Readers consume what is available in tight loops, so a chunk costs one resume,
 * not one per character. The readers here first decide from the text at hand ({@link Now});
 * only one that must wait becomes a waiting object ({@link later}), which the engine asks
 * directly on each push while the generators around it stay suspended ({@link Cursor.leaf}), or
 * registers the JSON value it waits in so the engine feeds it without resuming anything
 * ({@link Cursor.wait}). Positions are absolute UTF-16 offsets in the model output.
 */
import { JsonScanner } from "./json.ts";
import type { MarkerSearch } from "./markers.ts";

/** A resumable reader: yields while waiting for input, returns its result. */
export type Step<T = void> = Generator<void, T, void>;

export const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
/** The first half of a surrogate pair. */
export const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;

/** An absolute offset past any text: "no limit", "nothing kept". A small integer rather than
 *  `Infinity`, so the cursor's offset fields hold it unboxed (no number object per field to
 *  read on each push). It bounds a response at 2^30 - 1 UTF-16 code units (a billion characters,
 *  far past any model's output): past it, a call still open would stop as if at a limit. */
export const FAR = 0x3fffffff;

export class Cursor {
  /** Text not yet dropped; `buf[0]` is at absolute offset `base`. */
  buf = "";
  base = 0;
  /** Absolute offset of the next unread character. */
  pos = 0;
  eof = false;
  /** Readers may not look past this absolute offset (the undecided-text bound). */
  limit = FAR;
  /** Set when a reader stopped at {@link limit} rather than at the end of input. */
  limited = false;
  /** Earliest absolute offset a reader still needs (e.g. the start of a string it is reading). */
  keep = FAR;
  /** Absolute offset from which text stays retrievable after it leaves the buffer (the start of
   *  undecided markup, which falls back to content, and where readers may rewind to); -1: none. */
  hold = -1;
  /** The text from {@link hold} to {@link base}: kept apart so the buffer stays short. Only
   *  {@link slice} and {@link seek} read it, so appending to it never flattens it. */
  back = "";
  /** A JSON value a suspended reader is scanning (see {@link scanJson}), fed by the engine while
   *  it goes on: the scanner, whether its text is the open call's arguments ({@link argsText}),
   *  and where it must stop (absolute). Fields, not an object, so that a push touches as little
   *  memory as possible. */
  waitSc: JsonScanner | null = null;
  waitArgs = false;
  waitStop = FAR;
  /** The innermost reader of the running block while it waits (a {@link later} object): the
   *  engine asks it alone on each push and resumes the block's generators only once it decides. */
  leaf: Reader<unknown> | null = null;
  /** Marker searches of readers that are called once per value (see `markers.ts` searchFor). */
  memos: MarkerSearch[] | null = null;
  /** The last waiting object {@link later} made, reused once it is done (its result was taken
   *  by the `yield*` that drove it before any reader runs again). */
  spare: Later<unknown, unknown> | null = null;

  /** Registers the JSON value a reader is about to wait inside (see {@link waitSc}). */
  wait(sc: JsonScanner, args: boolean, stop: number): void {
    this.waitSc = sc;
    this.waitArgs = args;
    this.waitStop = stop;
  }

  /** The reader that registered a JSON value with {@link wait} is running again. */
  unwait(): void {
    this.waitSc = null;
    this.waitArgs = false;
  }

  /** Text of the input (absolute offsets) that is the open call's arguments, as a JSON reader
   *  validated it (see {@link feedJson}); the engine emits it. */
  argsText(_from: number, _to: number): void {}

  append(s: string): void {
    this.buf += s;
  }

  /** Absolute end of the text that has arrived. */
  get arrived(): number {
    return this.base + this.buf.length;
  }

  /** The character code at `pos` (caller ensured it has arrived). */
  code(): number {
    return this.buf.charCodeAt(this.pos - this.base);
  }

  slice(from: number, to: number): string {
    if (from >= this.base) return this.buf.slice(from - this.base, to - this.base);
    return (this.back + this.buf).slice(from - this.hold, to - this.hold);
  }

  /** Keeps text from absolute offset `at` (≥ `base`) retrievable; -1 releases it. */
  holdFrom(at: number): void {
    this.hold = at;
    this.back = "";
  }

  /** Moves `pos` to `to`, which may be before the buffer (not before {@link hold}): a rewind. */
  seek(to: number): void {
    if (to < this.base) {
      const k = to - this.hold;
      this.buf = this.back.slice(k) + this.buf;
      this.back = this.back.slice(0, k);
      this.base = to;
    }
    this.pos = to;
  }

  /**
   * Drops text before `from` (and before {@link keep}) once it is at least half the buffer
   * (amortised O(1) per character). Held text moves to {@link back}. The buffer stays short: a
   * chunk appended to a short string is a flat string, where a longer one would be a rope that
   * the next read has to flatten (measured: that copy was most of a short push's cost).
   */
  compact(from: number): void {
    const cut = Math.min(from, this.keep) - this.base;
    if (cut > 0 && cut * 2 >= this.buf.length) {
      const h = this.hold - this.base;
      if (this.hold >= 0 && h < cut) this.back += this.buf.slice(h > 0 ? h : 0, cut);
      this.buf = this.buf.slice(cut);
      this.base += cut;
    }
  }
}

/**
 * A reader that is an object rather than a generator (see {@link Now} and {@link later}): the
 * generator protocol `yield*` needs around its `next()`. A reader that is done is its own result.
 */
export abstract class Reader<T> implements Generator<void, T, void> {
  abstract next(): IteratorResult<void, T>;
  return(value: T): IteratorResult<void, T> {
    return { value, done: true };
  }
  throw(e: unknown): IteratorResult<void, T> {
    throw e;
  }
  [Symbol.iterator](): Generator<void, T, void> {
    return this;
  }
}

/**
 * A reader that finished without waiting. Readers first try to decide from the text at hand and
 * return one of these; only when they must wait is a waiting object made ({@link later}).
 * `yield*` on it costs a fraction of a generator's set-up, and most reads in a whole text, and
 * many in a stream, decide at once.
 */
class Now<T> extends Reader<T> implements IteratorReturnResult<T> {
  // The reader and its result in one object: `next()` returns the reader itself, already done.
  readonly done = true;
  constructor(readonly value: T) {
    super();
  }
  next(): IteratorResult<void, T> {
    return this;
  }
}

const YES = new Now(true);
const NO = new Now(false);

/** What a waiting reader's `next()` returns until it decides (never changed). */
const WAITING: IteratorYieldResult<void> = Object.freeze({ done: false, value: undefined });

/**
 * The waiting half of a reader that first tried the text at hand: resumed on each push, it asks
 * `now` again until that decides (`undefined` means: wait for more text). An iterator object, not
 * a generator: `yield*` resumes it with a plain method call instead of one more suspended frame.
 */
class Later<T, A> extends Reader<T> {
  done = false;
  value: T | undefined = undefined;
  constructor(
    private now: (c: Cursor, a: A) => T | undefined,
    private readonly c: Cursor,
    private a: A,
  ) {
    super();
  }
  /** Makes a done object wait again, for another reader (see {@link Cursor.spare}). */
  reuse(now: (c: Cursor, a: A) => T | undefined, a: A): this {
    this.now = now;
    this.a = a;
    this.done = false;
    this.value = undefined;
    return this;
  }
  next(): IteratorResult<void, T> {
    // Asked by the engine directly (Cursor.leaf), then once more by the resumed `yield*`.
    if (this.done) return this as IteratorReturnResult<T>;
    const c = this.c;
    const r = this.now(c, this.a);
    if (r === undefined) {
      c.leaf = this;
      return WAITING;
    }
    if (c.leaf === this) c.leaf = null;
    this.value = r;
    this.done = true;
    return this as IteratorReturnResult<T>;
  }
}

/** A reader that waits, asking `now` on each push until it decides (the caller has just found
 *  the text at hand undecided; `yield*` asks once more as it starts, which costs less than a flag). */
export function later<T, A>(now: (c: Cursor, a: A) => T | undefined, c: Cursor, a: A): Step<T> {
  const s = c.spare as Later<T, A> | null;
  if (s !== null && s.done) return s.reuse(now, a);
  const l = new Later(now, c, a);
  c.spare = l as Later<unknown, unknown>;
  return l;
}

/**
 * A reader made of its `now` step: decided from the text at hand (a done {@link Now}), else a
 * waiting object that asks `now` again on each push ({@link later}). A reader that slices its
 * text when it decides passes where that text starts (`keepFrom`): the cursor keeps it while the
 * reader waits, and `now` resets {@link Cursor.keep} when it decides.
 */
export function readNow<T, A>(now: (c: Cursor, a: A) => T | undefined, c: Cursor, a: A, keepFrom = FAR): Step<T> {
  const r = now(c, a);
  if (r !== undefined) return new Now(r);
  if (keepFrom < c.keep) c.keep = keepFrom;
  return later(now, c, a);
}

/** A character at `pos`: true, false at the limit or the end of input, undefined to wait. */
export function moreNow(c: Cursor): boolean | undefined {
  if (c.pos >= c.limit) {
    c.limited = true;
    return false;
  }
  if (c.pos < c.arrived) return true;
  return c.eof ? false : undefined;
}

/** Waits until a character is available at `pos`. False at the end of input or at the limit. */
export function more(c: Cursor): Step<boolean> {
  const r = moreNow(c);
  return r === undefined ? later(moreNow, c, undefined) : r ? YES : NO;
}

/** Skips JSON whitespace up to the end of the text at hand or the limit: true at a non-space
 *  character, false at the limit or the end of input, undefined to wait for more text. */
export function wsNow(c: Cursor): boolean | undefined {
  const n = Math.min(c.arrived, c.limit) - c.base;
  const s = c.buf;
  let i = c.pos - c.base;
  while (i < n && isWs(s.charCodeAt(i))) i++;
  c.pos = c.base + i;
  if (i < n) return true;
  if (c.pos >= c.limit) {
    c.limited = true;
    return false;
  }
  return c.eof ? false : undefined;
}

/** Skips JSON whitespace. False if the input ended first. */
export function skipWs(c: Cursor): Step<boolean> {
  const r = wsNow(c);
  return r === undefined ? later(wsNow, c, undefined) : r ? YES : NO;
}

export type LitResult = "yes" | "no" | "eof";
const LIT: Record<LitResult, Now<LitResult>> = { yes: new Now("yes"), no: new Now("no"), eof: new Now("eof") };

/** Matches `lit` at `pos` and consumes it on success; consumes nothing otherwise. */
export function lit(c: Cursor, lit: string): Step<LitResult> {
  const r = litNow(c, lit);
  return r === undefined ? later(litNow, c, lit) : LIT[r];
}

export function litNow(c: Cursor, lit: string): LitResult | undefined {
  const stop = Math.min(c.arrived, c.limit);
  let k = 0;
  while (k < lit.length && c.pos + k < stop) {
    if (c.buf.charCodeAt(c.pos + k - c.base) !== lit.charCodeAt(k)) return "no";
    k++;
  }
  if (k === lit.length) {
    c.pos += k;
    return "yes";
  }
  if (c.pos + k >= c.limit) {
    c.limited = true;
    return "eof";
  }
  return c.eof ? "eof" : undefined;
}

/**
 * Runs `read`, a reader of text that is held rather than emitted (a Python tuple's first element
 * until the comma decides, a dict key, a delimited Gemma key), reading no further than `max`
 * characters past `pos`: held text is bounded like any undecided text, and a too-long one stops
 * at a place that depends on the text alone (the cursor limit, which readers honour and which
 * sets `limited`). The limit is restored when `read` succeeds; a reader that stops ends the block,
 * which resets it.
 */
export function* holding<T>(c: Cursor, max: number, read: Step<T>): Step<T> {
  const saved = c.limit;
  c.limit = Math.min(saved, c.pos + max);
  const r = yield* read;
  if (!c.limited) c.limit = saved;
  return r;
}

/** Result of a reader that can fail on the text: the value, or why it stopped. */
export type Read<T> = { ok: true; value: T } | { ok: false; eof: boolean; reason: string };

/**
 * Reads a JSON string starting at `pos` (which must be `"`) and returns it decoded.
 * Fails on invalid escapes or control characters, or past `maxLen` characters.
 */
export function readJsonString(c: Cursor, maxLen: number): Step<Read<string>> {
  // Most strings (keys, names, ids) are plain and already complete: read them without a scanner.
  const s = c.buf;
  const from = c.pos - c.base + 1;
  const n = Math.min(c.arrived, c.limit, c.pos + maxLen + 2) - c.base;
  for (let i = from; i < n; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 0x22) {
      c.pos = c.base + i + 1;
      return new Now({ ok: true, value: s.slice(from, i) });
    }
    if (ch === 0x5c || ch < 0x20) break;
  }
  return readJsonStringLater(c, maxLen);
}

/** A JSON string a reader waits in: where it starts, where it must end, and its scanner. */
interface StringWait {
  start: number;
  stop: number;
  maxLen: number;
  sc: JsonScanner;
}

function readJsonStringLater(c: Cursor, maxLen: number): Step<Read<string>> {
  const start = c.pos;
  c.keep = Math.min(c.keep, start);
  return later(stringNow, c, { start, stop: start + maxLen + 2, maxLen, sc: new JsonScanner(1) });
}

/** Feeds the string's scanner what has arrived; the string decoded once it ends, undefined to
 *  wait with the scanner registered, so the engine feeds it directly (see `Cursor.waitSc`). */
function stringNow(c: Cursor, w: StringWait): Read<string> | undefined {
  c.unwait();
  const st = feedJson(c, w.sc, false, w.stop);
  let r: Read<string>;
  if (st === "done") {
    const raw = c.slice(w.start, c.pos);
    r = { ok: true, value: raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1) };
  } else if (st === "error") r = { ok: false, eof: false, reason: w.sc.reason };
  else if (c.pos >= w.stop) r = { ok: false, eof: false, reason: `string longer than ${w.maxLen} characters` };
  else {
    if (c.pos >= c.limit) c.limited = true;
    if (!c.limited && !c.eof) {
      c.wait(w.sc, false, w.stop);
      return undefined;
    }
    r = { ok: false, eof: true, reason: "input ended inside a string" };
  }
  c.keep = FAR;
  return r;
}

/**
 * Feeds the JSON value at `pos` to `sc`; with `args`, each consumed stretch goes to
 * `Cursor.argsText` (the open call's arguments) as it is validated. Returns the scanner's final
 * status; at the end of input a trailing number is completed. While it waits for input it
 * registers itself in `Cursor.waitSc`, so the engine can feed a long value chunk by chunk without
 * resuming the body that reads it (the hot path of streamed arguments).
 */
export function scanJson(c: Cursor, sc: JsonScanner, args = false): Step<ScanResult> {
  const r = scanNow(c, sc, args);
  return r === undefined ? scanJsonLater(c, sc, args) : SCAN[r];
}

type ScanResult = "done" | "error" | "eof";
const SCAN: Record<ScanResult, Now<ScanResult>> = { done: new Now("done"), error: new Now("error"), eof: new Now("eof") };

function scanNow(c: Cursor, sc: JsonScanner, args: boolean): ScanResult | undefined {
  const st = feedJson(c, sc, args);
  if (st !== "more") return st;
  if (c.pos >= c.limit) {
    c.limited = true;
    return "eof";
  }
  if (c.eof) return sc.finish() === "done" ? "done" : "eof";
  return undefined;
}

/** A JSON value a reader waits in, and whether its text is the open call's arguments. */
interface ScanWait {
  sc: JsonScanner;
  args: boolean;
}

function scanJsonLater(c: Cursor, sc: JsonScanner, args: boolean): Step<ScanResult> {
  return later(scanWaitNow, c, { sc, args });
}

/** {@link scanNow}, waiting with the scanner registered (see `Cursor.waitSc`). */
function scanWaitNow(c: Cursor, w: ScanWait): ScanResult | undefined {
  c.unwait();
  const r = scanNow(c, w.sc, w.args);
  if (r === undefined) c.wait(w.sc, w.args, FAR);
  return r;
}

/** Feeds what has arrived (up to `bound`, absolute) to a scanner, the stretch it consumed to
 *  `Cursor.argsText` with `args`; "more" when it needs further input. */
export function feedJson(c: Cursor, sc: JsonScanner, args: boolean, bound = FAR): "more" | "done" | "error" {
  const stop = Math.min(c.arrived, c.limit, bound);
  const from = c.pos;
  if (from < stop) {
    const at = sc.feed(c.buf, from - c.base, stop - c.base) + c.base;
    c.pos = at;
    if (args && at > from) c.argsText(from, at);
  }
  return sc.status;
}

/**
 * Reads a run of characters accepted by `ok` (at most `maxLen`), stopping at the first other
 * character, which is not consumed. Returns the run. A run longer than `maxLen` fails after
 * `maxLen + 1` characters (never further, so where it fails does not depend on the chunking),
 * with `pos` there, or back at the run's start with `rewind`.
 */
export function readWhile(c: Cursor, ok: (code: number) => boolean, maxLen: number, rewind = false): Step<Read<string>> {
  return readNow(whileNow, c, { start: c.pos, ok, maxLen, rewind }, c.pos);
}

/** A run a reader waits in: where it started, which characters it takes, how many at most, and
 *  whether a too-long run rewinds to its start. */
interface WhileWait {
  start: number;
  ok: (code: number) => boolean;
  maxLen: number;
  rewind: boolean;
}

/** Reads on in the run: its result once a character ends it (or the input, the limit or the
 *  length bound does), undefined to wait (keeping the run's text in the buffer). */
function whileNow(c: Cursor, w: WhileWait): Read<string> | undefined {
  const { start, maxLen } = w;
  let r: Read<string>;
  const m = moreNow(c);
  if (m === undefined) return undefined;
  if (!m) r = c.eof && !c.limited ? { ok: true, value: c.slice(start, c.pos) } : { ok: false, eof: true, reason: "input ended" };
  else {
    const n = Math.min(c.arrived, c.limit, start + maxLen + 1) - c.base;
    const s = c.buf;
    const ok = w.ok;
    let i = c.pos - c.base;
    while (i < n && ok(s.charCodeAt(i))) i++;
    c.pos = c.base + i;
    if (c.pos - start > maxLen) {
      if (w.rewind) c.pos = start;
      r = { ok: false, eof: false, reason: `longer than ${maxLen} characters` };
    } else if (i < n) r = { ok: true, value: c.slice(start, c.pos) };
    else if (c.pos >= c.limit) {
      c.limited = true;
      r = { ok: false, eof: true, reason: "input ended" };
    } else if (c.eof) r = { ok: true, value: c.slice(start, c.pos) };
    else return undefined;
  }
  c.keep = FAR;
  return r;
}

/** Waits until `n` characters are available at `pos` and returns them (not consumed); null if the
 *  input ends first. */
export function readN(c: Cursor, n: number): Step<string | null> {
  return readNow(nNow, c, n);
}

function nNow(c: Cursor, n: number): string | null | undefined {
  if (c.pos + n <= Math.min(c.arrived, c.limit)) return c.slice(c.pos, c.pos + n);
  if (c.eof || c.pos + n > c.limit) {
    if (c.pos + n > c.limit) c.limited = true;
    return null;
  }
  return undefined;
}
