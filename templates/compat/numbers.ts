/**
 * Python number conversions used by filters: `int(x)` / `int(x, base)` and `float(x)` on
 * strings (underscores, `0x` prefixes, `inf`/`nan`, surrounding whitespace), `round(x, n)` on the
 * exact binary value with ties to even, and `urllib.parse.quote`.
 *
 * ```ts
 * toInt(str("0x1A"), 0); // 26
 * pyRound(2.675, 2);     // 2.67 (2.675 is stored as 2.67499999…)
 * ```
 *
 * Source: CPython `Objects/longobject.c`, `Objects/floatobject.c` (`float___round___impl`),
 * `Lib/urllib/parse.py`.
 */
import { isNum, isStr, numOf } from "./ops.ts";
import type { RV } from "./runtime.ts";

/** Python `int(x)` / `int(x, base)` as Jinja2's `|int` uses it; null on failure. */
export function toInt(v: RV, base: number): number | null {
  if (isStr(v)) {
    const t = v.value.trim().replace(/(?<=[0-9a-z])_(?=[0-9a-z])/gi, "");
    const prefixed = /^([+-]?)0([xob])([0-9a-f]+)$/i.exec(t);
    if (prefixed && (base === 0 || base === { x: 16, o: 8, b: 2 }[prefixed[2].toLowerCase() as "x" | "o" | "b"])) {
      const n = parseInt(prefixed[3], { x: 16, o: 8, b: 2 }[prefixed[2].toLowerCase() as "x" | "o" | "b"]);
      return prefixed[1] === "-" ? -n : n;
    }
    const digits = "0123456789abcdefghijklmnopqrstuvwxyz".slice(0, base || 10);
    if (new RegExp(`^[+-]?[${digits}]+$`, "i").test(t)) return parseInt(t, base || 10);
    const f = toFloat(v);
    return f !== null && Number.isFinite(f) ? Math.trunc(f) : null;
  }
  if (isNum(v)) return Number.isFinite(numOf(v)) ? Math.trunc(numOf(v)) : null;
  return null;
}

/** Python `float(x)`; null on failure. */
export function toFloat(v: RV): number | null {
  if (isStr(v)) {
    const t = v.value.trim().replace(/(?<=\d)_(?=\d)/g, "").toLowerCase();
    if (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/.test(t)) return Number(t);
    const m = /^([+-]?)(inf|infinity|nan)$/.exec(t);
    if (m) return m[2] === "nan" ? NaN : m[1] === "-" ? -Infinity : Infinity;
    return null;
  }
  if (isNum(v)) return numOf(v);
  return null;
}

/** Python `round(x, n)`: the exact binary value rounded half to even at `n` decimals. */
export function pyRound(x: number, n: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  if (n < 0) {
    const m = 10 ** -n;
    const q = x / m;
    const r = Math.round(q);
    return (Math.abs(q % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r) * m;
  }
  if (n > 80 || Math.abs(x) >= 1e21) return x;
  const neg = x < 0;
  const exact = Math.abs(x).toFixed(100); // the exact decimal expansion (100 digits suffice)
  const [intPart, frac] = exact.split(".");
  const kept = intPart + frac.slice(0, n);
  const rest = frac.slice(n);
  let up = rest[0] > "5" || (rest[0] === "5" && /[1-9]/.test(rest.slice(1)));
  if (rest[0] === "5" && !up) up = Number(kept[kept.length - 1]) % 2 === 1;
  let digits = kept;
  if (up) digits = (BigInt(kept) + 1n).toString().padStart(kept.length, "0");
  const text = n > 0 ? `${digits.slice(0, digits.length - n) || "0"}.${digits.slice(-n)}` : digits;
  return (neg ? -1 : 1) * Number(text);
}

export function urlQuote(s: string, forQs: boolean): string {
  const enc = encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
  return forQs ? enc.replace(/%20/g, "+") : enc.replace(/%2F/g, "/");
}
