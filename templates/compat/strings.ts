/**
 * Python `str` algorithms that differ from JavaScript's: Python's whitespace set (which includes
 * `\x1c`–`\x1f` and `\x85` but not U+FEFF), `split()` / `rsplit()` with `maxsplit`,
 * `splitlines()` line boundaries, `title()` / `capitalize()`, code-point indexing and slice
 * bounds.
 *
 * ```ts
 * pySplit(" a  b ", null, -1);      // ["a", "b"]
 * pyTitle("they're bill's");        // "They'Re Bill'S"
 * sliceIndices(5, null, null, -1);  // [4, 3, 2, 1, 0]
 * ```
 *
 * Source: CPython `Objects/unicodeobject.c`, `Objects/sliceobject.c`.
 */
import { pyValueError } from "../errors.ts";

/** Python whitespace (str.isspace / str.split() / str.strip()). */
export const PY_WS = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const WS_CHAR = new RegExp(`[${PY_WS}]`);
const WORD = new RegExp(`[^${PY_WS}]+`, "g");
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;

/** Whether a character is Python whitespace. */
export const isPySpace = (c: string): boolean => WS_CHAR.test(c);

/**
 * Python `str.strip/lstrip/rstrip(chars)` (`chars` null: whitespace). Scans from the ends (no
 * backtracking regex: linear on any input).
 */
export function pyStrip(s: string, chars: string | null, left: boolean, right: boolean): string {
  if (chars === "") return s;
  let strip: (c: string) => boolean = isPySpace;
  let units: string[] | string = s;
  if (chars !== null) {
    const set = new Set(Array.from(chars));
    strip = (c) => set.has(c);
    if (/[\uD800-\uDFFF]/.test(chars)) units = Array.from(s); // strip astral characters whole
  }
  let start = 0;
  let end = units.length;
  if (left) while (start < end && strip(units[start])) start++;
  if (right) while (end > start && strip(units[end - 1])) end--;
  if (start === 0 && end === units.length) return s;
  return typeof units === "string" ? s.slice(start, end) : units.slice(start, end).join("");
}

/** Python `str.split(sep, maxsplit)`. */
export function pySplit(s: string, sep: string | null, maxsplit: number): string[] {
  if (sep === null) {
    const out: string[] = [];
    WORD.lastIndex = 0;
    for (let m = WORD.exec(s); m; m = WORD.exec(s)) {
      if (maxsplit >= 0 && out.length >= maxsplit) {
        out.push(s.slice(m.index)); // the rest keeps its trailing whitespace, as in Python
        break;
      }
      out.push(m[0]);
    }
    return out;
  }
  if (sep === "") throw pyValueError("empty separator");
  const parts = s.split(sep);
  if (maxsplit >= 0 && parts.length > maxsplit + 1) {
    return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)];
  }
  return parts;
}

export function pyRsplit(s: string, sep: string | null, maxsplit: number): string[] {
  if (maxsplit < 0) return pySplit(s, sep, maxsplit);
  if (sep === null) {
    const rev = (x: string) => [...x].reverse().join("");
    return pySplit(rev(s), null, maxsplit).map(rev).reverse();
  }
  if (sep === "") throw pyValueError("empty separator");
  const parts = s.split(sep);
  if (parts.length > maxsplit + 1) {
    const cut = parts.length - maxsplit;
    return [parts.slice(0, cut).join(sep), ...parts.slice(cut)];
  }
  return parts;
}

/** Python `str.splitlines(keepends)`. */
export function pySplitlines(s: string, keepends = false): string[] {
  const out: string[] = [];
  let last = 0;
  LINE_BREAK.lastIndex = 0;
  for (let m = LINE_BREAK.exec(s); m; m = LINE_BREAK.exec(s)) {
    out.push(s.slice(last, keepends ? m.index + m[0].length : m.index));
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}

export const isCased = (c: string) => c.toLowerCase() !== c.toUpperCase();

/** Python `str.title()`. */
export function pyTitle(s: string): string {
  let out = "";
  let prevCased = false;
  for (const c of s) {
    out += prevCased ? c.toLowerCase() : c.toUpperCase();
    prevCased = isCased(c);
  }
  return out;
}

/** Python `str.capitalize()`. */
export function pyCapitalize(s: string): string {
  const first = s.codePointAt(0);
  if (first === undefined) return s;
  const head = String.fromCodePoint(first);
  return head.toUpperCase() + s.slice(head.length).toLowerCase();
}

/** Code points of `s` when it holds astral characters, else null (index = UTF-16 index). */
let lastString = "";
let lastPoints: string[] | null = null;
export function astral(s: string): string[] | null {
  // remembered for the last string: indexing one string in a loop stays linear
  if (s === lastString) return lastPoints;
  lastString = s;
  lastPoints = /[\uD800-\uDFFF]/.test(s) ? Array.from(s) : null;
  return lastPoints;
}

/** Python slice bounds over a length (`slice.indices`). */
export function sliceIndices(len: number, start: number | null, stop: number | null, step: number): number[] {
  if (step === 0) throw pyValueError("slice step cannot be zero");
  const lower = step > 0 ? 0 : -1;
  const upper = step > 0 ? len : len - 1;
  const adjust = (v: number | null, dflt: number) => {
    if (v === null) return dflt;
    if (v < 0) return Math.max(v + len, lower);
    return Math.min(v, upper);
  };
  const a = adjust(start, step > 0 ? lower : upper);
  const b = adjust(stop, step > 0 ? upper : lower);
  const out: number[] = [];
  if (step > 0) for (let i = a; i < b; i += step) out.push(i);
  else for (let i = a; i > b; i += step) out.push(i);
  return out;
}
