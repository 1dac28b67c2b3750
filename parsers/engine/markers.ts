/**
 * Finding markers in the text as it grows: the one search every reader that scans free text uses
 * (content and reasoning in the machine, parameter values in XML bodies, raw code in name-args).
 *
 * `indexOf` per marker is fast, but a marker that does not occur would be searched for to the end
 * of the buffer on every call; {@link MarkerSearch} remembers how far each marker was searched,
 * so every character is searched once per marker, however small the chunks.
 */
import { FAR, type Cursor } from "./cursor.ts";

export class MarkerSearch {
  /** Per marker k, at 3k, 3k+1, 3k+2 (absolute offsets): no occurrence starts in [from, at), or in
   *  [from, to - len] when at is -1. One flat array keeps a parser's memo in one place. */
  private readonly memo: number[];

  constructor(readonly marks: readonly string[]) {
    // Exactly as long as needed (pushing would reserve room for more): one per parser and set.
    const memo: number[] = new Array(3 * marks.length);
    for (let k = 0; k < marks.length; k++) {
      memo[3 * k] = FAR;
      memo[3 * k + 1] = -1;
      memo[3 * k + 2] = 0;
    }
    this.memo = memo;
  }

  /** Index in `marks` of the marker {@link find} found last. */
  k = -1;

  /**
   * The earliest occurrence of a marker starting at or after `pos` (absolute) and ending by `lim`:
   * its absolute offset (the marker's index in {@link k}), or -1.
   */
  find(c: Cursor, pos = c.pos, lim = c.arrived): number {
    const memo = this.memo;
    let best = -1;
    let bestK = -1;
    for (let k = 0; k < this.marks.length; k++) {
      const m = this.marks[k];
      const from = memo[3 * k];
      const at = memo[3 * k + 1];
      let i: number;
      if (from <= pos && at >= pos) i = at;
      else {
        const searched = from <= pos && at < 0;
        const start = searched ? Math.max(pos, memo[3 * k + 2] - m.length + 1) : pos;
        if (!searched) memo[3 * k] = pos;
        const j = c.buf.indexOf(m, start - c.base);
        i = j < 0 ? -1 : j + c.base;
        memo[3 * k + 1] = i;
        memo[3 * k + 2] = c.arrived;
      }
      if (i >= 0 && i + m.length <= lim && (best < 0 || i < best)) {
        best = i;
        bestK = k;
      }
    }
    this.k = bestK;
    return best;
  }
}

/** Length of the longest suffix of `s[from, to)` that is a proper prefix of one of `marks`
 *  (what must be held back because the next chunk may complete a marker). */
export function partialSuffix(s: string, from: number, to: number, marks: readonly string[]): number {
  let best = 0;
  for (const t of marks) {
    for (let k = Math.min(t.length - 1, to - from); k > best; k--) {
      let j = 0;
      while (j < k && s.charCodeAt(to - k + j) === t.charCodeAt(j)) j++;
      if (j === k) {
        best = k;
        break;
      }
    }
  }
  return best;
}

/** The {@link MarkerSearch} for `marks` on this cursor, kept for the cursor's life so that readers
 *  called once per value (XML parameters) share the memo instead of searching to the end each time.
 *  A cursor meets few marker lists (one or two per format), so they are found by comparison. */
export function searchFor(c: Cursor, marks: readonly string[]): MarkerSearch {
  const memos = (c.memos ??= []);
  for (let i = 0; i < memos.length; i++) if (sameList(memos[i].marks, marks)) return memos[i];
  const s = new MarkerSearch(marks);
  memos.push(s);
  return s;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
