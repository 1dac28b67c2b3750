/**
 * A resumable, validating JSON (RFC 8259) scanner for one value. It never builds the value: it
 * only decides, character by character, whether the text so far is a valid prefix, and where the
 * value ends. Feed it text in pieces; each character is examined once.
 *
 * ```ts
 * const s = new JsonScanner(64);
 * s.feed('{"a": [1, ', 0, 10);   // -> 10 (all consumed), s.status === "more"
 * s.feed('2]} tail', 0, 8);      // -> 3, s.status === "done" (ends before " tail")
 * ```
 * A number at the very end is complete only once a following character (or {@link finish})
 * proves it cannot grow.
 */

const enum S {
  Value,
  ObjKeyOrEnd,
  ObjKey,
  ObjColon,
  ObjCommaOrEnd,
  ArrValueOrEnd,
  ArrCommaOrEnd,
  Str,
  StrEsc,
  StrHex,
  NumMinus,
  NumZero,
  NumInt,
  NumDot,
  NumFrac,
  NumE,
  NumESign,
  NumExp,
  Lit,
  Done,
  Error,
}

export type JsonStatus = "more" | "done" | "error";

const WS = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const DIGIT = (c: number) => c >= 0x30 && c <= 0x39;
const HEX = (c: number) => DIGIT(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const LITERALS = ["true", "false", "null"];
/** A run of plain string characters (no quote, backslash or control character): one character
 *  class under `*`, so matching is linear. */
const PLAIN = /[^"\\\x00-\x1f]*/y;
const NO_STACK: boolean[] = [];

/** The index of the first quote, backslash or control character in `text[i, to)`, or `to`. */
function plainEnd(text: string, i: number, to: number): number {
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c < 0x20) return i;
    i++;
  }
  return i;
}
/** Below this many characters left, the string loop beats a regex call. */
const LONG_RUN = 24;

export class JsonScanner {
  private state: S = S.Value;
  /** Open containers: true for an object, false for an array (a shared empty list until the first
   *  container: most scanned values are strings and names). */
  private stack: boolean[] = NO_STACK;
  private hexLeft = 0;
  private lit = "";
  private litPos = 0;
  /** Why the scanner stopped with `error` (for diagnostics). */
  reason = "";
  /** Set when the nesting limit, not the text, caused the error. */
  overDepth = false;

  constructor(private readonly maxDepth = 512) {}

  get status(): JsonStatus {
    return this.state === S.Done ? "done" : this.state === S.Error ? "error" : "more";
  }

  /** True once the value ended or an error stopped the scan (`status` is not "more"). */
  get ended(): boolean {
    return this.state >= S.Done;
  }

  /** Nesting depth right now (0 outside any container). */
  get depth(): number {
    return this.stack.length;
  }

  /**
   * Where plain string text in `text[from, to)` ends, when the scanner is inside a string body:
   * the index of the first quote, backslash or control character, or `to`. Returns `from` outside
   * a string body. Consumes nothing: text up to the result may be passed over without
   * {@link feed}, which would not change state (a cheap test for streamed argument text).
   */
  plainUntil(text: string, from: number, to: number): number {
    return this.state === S.Str ? plainEnd(text, from, to) : from;
  }

  /** True while inside a string (so markers seen now are data). */
  get inString(): boolean {
    return this.state === S.Str || this.state === S.StrEsc || this.state === S.StrHex;
  }

  /**
   * Consumes `text[from, to)` until the value ends or an error. Returns the index after the last
   * consumed character: on `done` the rest is not part of the value; on `error` the character at
   * the returned index is the offending one.
   */
  feed(text: string, from: number, to: number): number {
    let i = from;
    let st = this.state;
    while (i < to) {
      if (st === S.Str) {
        // Fast path through string bodies: stop only at a quote, a backslash or a control char.
        // Long stretches (whole text, big chunks) go through a native sticky regex, short ones
        // (streamed tokens) through a loop, which costs less than a regex call for a few chars.
        // Only where `to` is the end of the text, so the regex never reads past the bound.
        if (to - i > LONG_RUN && to === text.length) {
          PLAIN.lastIndex = i;
          PLAIN.test(text);
          i = PLAIN.lastIndex;
          if (i === to) break;
        }
        i = plainEnd(text, i, to);
        if (i === to) break;
        const c = text.charCodeAt(i);
        if (c === 0x22) {
          i++;
          st = this.afterValue();
        } else if (c === 0x5c) {
          i++;
          st = S.StrEsc;
        } else {
          return this.fail(i, "control character in a string");
        }
        if (st === S.Done) break;
        continue;
      }
      const c = text.charCodeAt(i);
      switch (st) {
        case S.Value:
        case S.ArrValueOrEnd:
          if (WS(c)) break;
          if (st === S.ArrValueOrEnd && c === 0x5d) {
            this.stack.pop();
            st = this.afterValue();
            break;
          }
          st = this.startValue(c);
          if (st === S.Error) return this.fail(i, `unexpected ${show(c)} where a value was expected`);
          // Depth grows only here, so it is checked only here.
          if (this.stack.length > this.maxDepth) {
            this.overDepth = true;
            return this.fail(i, `nesting deeper than ${this.maxDepth}`);
          }
          break;
        case S.ObjKeyOrEnd:
        case S.ObjKey:
          if (WS(c)) break;
          if (c === 0x22) st = S.Str;
          else if (c === 0x7d && st === S.ObjKeyOrEnd) {
            this.stack.pop();
            st = this.afterValue();
          } else return this.fail(i, `unexpected ${show(c)} where a key was expected`);
          // A key string is followed by a colon: remember it by the state after the string.
          if (st === S.Str) {
            this.keyPending = true;
          }
          break;
        case S.ObjColon:
          if (WS(c)) break;
          if (c !== 0x3a) return this.fail(i, `expected ':' but found ${show(c)}`);
          st = S.Value;
          break;
        case S.ObjCommaOrEnd:
        case S.ArrCommaOrEnd:
          if (WS(c)) break;
          if (c === 0x2c) st = st === S.ObjCommaOrEnd ? S.ObjKey : S.Value;
          else if (c === (st === S.ObjCommaOrEnd ? 0x7d : 0x5d)) {
            this.stack.pop();
            st = this.afterValue();
          } else return this.fail(i, `expected ',' or a closing bracket but found ${show(c)}`);
          break;
        case S.StrEsc:
          if (c === 0x75) {
            this.hexLeft = 4;
            st = S.StrHex;
          } else if ('"\\/bfnrt'.indexOf(String.fromCharCode(c)) >= 0) st = S.Str;
          else return this.fail(i, `invalid escape \\${String.fromCharCode(c)}`);
          break;
        case S.StrHex:
          if (!HEX(c)) return this.fail(i, "invalid \\u escape");
          if (--this.hexLeft === 0) st = S.Str;
          break;
        case S.NumMinus:
          if (c === 0x30) st = S.NumZero;
          else if (DIGIT(c)) st = S.NumInt;
          else return this.fail(i, "invalid number");
          break;
        case S.NumZero:
        case S.NumInt:
          if (DIGIT(c) && st === S.NumInt) break;
          if (c === 0x2e) st = S.NumDot;
          else if (c === 0x65 || c === 0x45) st = S.NumE;
          else {
            st = this.afterValue();
            this.state = st;
            if (st === S.Done) return i;
            continue; // re-examine c in the new state
          }
          break;
        case S.NumDot:
          if (!DIGIT(c)) return this.fail(i, "invalid number");
          st = S.NumFrac;
          break;
        case S.NumFrac:
          if (DIGIT(c)) break;
          if (c === 0x65 || c === 0x45) {
            st = S.NumE;
            break;
          }
          st = this.afterValue();
          this.state = st;
          if (st === S.Done) return i;
          continue;
        case S.NumE:
          if (c === 0x2b || c === 0x2d) st = S.NumESign;
          else if (DIGIT(c)) st = S.NumExp;
          else return this.fail(i, "invalid number");
          break;
        case S.NumESign:
          if (!DIGIT(c)) return this.fail(i, "invalid number");
          st = S.NumExp;
          break;
        case S.NumExp:
          if (DIGIT(c)) break;
          st = this.afterValue();
          this.state = st;
          if (st === S.Done) return i;
          continue;
        case S.Lit:
          if (c !== this.lit.charCodeAt(this.litPos)) return this.fail(i, `invalid literal (expected ${this.lit})`);
          if (++this.litPos === this.lit.length) st = this.afterValue();
          break;
        case S.Done:
          this.state = st;
          return i;
        default:
          return i;
      }
      i++;
      if (st === S.Done) break;
    }
    this.state = st;
    return i;
  }

  /** Declares the end of input: a pending number becomes complete. Returns the final status. */
  finish(): JsonStatus {
    const st = this.state;
    if ((st === S.NumZero || st === S.NumInt || st === S.NumFrac || st === S.NumExp) && this.stack.length === 0) {
      this.state = S.Done;
    }
    return this.status;
  }

  private keyPending = false;

  /** State after a complete value (or key string) at the current depth. */
  private afterValue(): S {
    if (this.keyPending) {
      this.keyPending = false;
      return S.ObjColon;
    }
    const n = this.stack.length;
    if (n === 0) return S.Done;
    return this.stack[n - 1] ? S.ObjCommaOrEnd : S.ArrCommaOrEnd;
  }

  private startValue(c: number): S {
    switch (c) {
      case 0x7b:
        if (this.stack === NO_STACK) this.stack = [];
        this.stack.push(true);
        return S.ObjKeyOrEnd;
      case 0x5b:
        if (this.stack === NO_STACK) this.stack = [];
        this.stack.push(false);
        return S.ArrValueOrEnd;
      case 0x22:
        return S.Str;
      case 0x2d:
        return S.NumMinus;
      case 0x30:
        return S.NumZero;
      case 0x74:
      case 0x66:
      case 0x6e:
        this.lit = LITERALS[c === 0x74 ? 0 : c === 0x66 ? 1 : 2];
        this.litPos = 1;
        return S.Lit;
      default:
        return DIGIT(c) ? S.NumInt : S.Error;
    }
  }

  private fail(i: number, reason: string): number {
    this.state = S.Error;
    this.reason = reason;
    return i;
  }
}

function show(c: number): string {
  return c < 0x20 ? `U+${c.toString(16).padStart(4, "0")}` : `'${String.fromCharCode(c)}'`;
}
