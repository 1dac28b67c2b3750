/**
 * Python `datetime.strftime` in the C locale (what transformers' `strftime_now(fmt)` returns),
 * including the glibc extensions Python passes through on Linux (`%-d`, `%e`, `%k`, `%s`, …).
 *
 * ```ts
 * strftime(civil("2024-07-26T12:00:00"), "%d %B %Y, %A %-I:%M %p"); // "26 July 2024, Friday 12:00 PM"
 * ```
 *
 * Source: CPython `Modules/_datetimemodule.c` (wrap_strftime), glibc `strftime(3)`.
 */

/** A naive date-time (no time zone), as Python's `datetime.now()` returns. */
export interface CivilTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
}

/** Local wall-clock time of a JS Date, or the fields of a naive ISO text `YYYY-MM-DDTHH:MM[:SS[.ffffff]]`. */
export function civil(at: Date | string): CivilTime {
  if (typeof at === "string") {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/.exec(at.trim());
    if (!m) throw new RangeError(`not an ISO date-time: ${at}`);
    return {
      year: +m[1],
      month: +m[2],
      day: +m[3],
      hour: +(m[4] ?? 0),
      minute: +(m[5] ?? 0),
      second: +(m[6] ?? 0),
      microsecond: m[7] ? +m[7].padEnd(6, "0") : 0,
    };
  }
  return {
    year: at.getFullYear(),
    month: at.getMonth() + 1,
    day: at.getDate(),
    hour: at.getHours(),
    minute: at.getMinutes(),
    second: at.getSeconds(),
    microsecond: at.getMilliseconds() * 1000,
  };
}

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

const epochDays = (y: number, m: number, d: number) => Math.floor(Date.UTC(y, m - 1, d) / 86400000);

/** ISO 8601 year and week number. */
function isoWeek(t: CivilTime): [number, number] {
  const days = epochDays(t.year, t.month, t.day);
  const wd = (((days + 4) % 7) + 7) % 7 || 7; // Monday=1..Sunday=7
  const thursday = days - wd + 4;
  const year = new Date(thursday * 86400000).getUTCFullYear();
  const week = Math.floor((thursday - epochDays(year, 1, 1)) / 7) + 1;
  return [year, week];
}

/** Formats `t` with a Python/glibc strftime format. */
export function strftime(t: CivilTime, format: string): string {
  const days = epochDays(t.year, t.month, t.day);
  const wday = (((days + 4) % 7) + 7) % 7; // Sunday=0
  const yday = days - epochDays(t.year, 1, 1) + 1;
  const h12 = t.hour % 12 || 12;
  const field = (n: number, width: number, flag: string, padChar = "0"): string => {
    const s = String(n);
    if (flag === "-") return s;
    const p = flag === "_" ? " " : flag === "0" ? "0" : padChar;
    return s.padStart(width, p);
  };
  const one = (c: string, flag: string): string => {
    switch (c) {
      case "a": return DAYS[wday].slice(0, 3);
      case "A": return DAYS[wday];
      case "w": return String(wday);
      case "u": return String(wday || 7);
      case "d": return field(t.day, 2, flag);
      case "e": return field(t.day, 2, flag, " ");
      case "b":
      case "h": return MONTHS[t.month - 1].slice(0, 3);
      case "B": return MONTHS[t.month - 1];
      case "m": return field(t.month, 2, flag);
      case "y": return field(t.year % 100, 2, flag);
      case "Y": return String(t.year);
      case "C": return field(Math.floor(t.year / 100), 2, flag);
      case "H": return field(t.hour, 2, flag);
      case "k": return field(t.hour, 2, flag, " ");
      case "I": return field(h12, 2, flag);
      case "l": return field(h12, 2, flag, " ");
      case "p": return t.hour < 12 ? "AM" : "PM";
      case "P": return t.hour < 12 ? "am" : "pm";
      case "M": return field(t.minute, 2, flag);
      case "S": return field(t.second, 2, flag);
      case "f": return String(t.microsecond).padStart(6, "0");
      case "j": return field(yday, 3, flag);
      case "U": return field(Math.floor((yday + 6 - wday) / 7), 2, flag);
      case "W": return field(Math.floor((yday + 6 - ((wday + 6) % 7)) / 7), 2, flag);
      case "V": return field(isoWeek(t)[1], 2, flag);
      case "G": return String(isoWeek(t)[0]);
      case "g": return field(isoWeek(t)[0] % 100, 2, flag);
      case "z": return "";
      case "Z": return "";
      case "s": return String(Math.floor(new Date(t.year, t.month - 1, t.day, t.hour, t.minute, t.second).getTime() / 1000));
      case "c": return `${one("a", "")} ${one("b", "")} ${one("e", "")} ${one("H", "")}:${one("M", "")}:${one("S", "")} ${t.year}`;
      case "x": return `${one("m", "")}/${one("d", "")}/${one("y", "")}`;
      case "X":
      case "T": return `${one("H", "")}:${one("M", "")}:${one("S", "")}`;
      case "D": return `${one("m", "")}/${one("d", "")}/${one("y", "")}`;
      case "F": return `${t.year}-${one("m", "")}-${one("d", "")}`;
      case "R": return `${one("H", "")}:${one("M", "")}`;
      case "r": return `${one("I", "")}:${one("M", "")}:${one("S", "")} ${one("p", "")}`;
      case "n": return "\n";
      case "t": return "\t";
      case "%": return "%";
    }
    return "%" + flag + c;
  };
  return format.replace(/%([-_0^#]?)([a-zA-Z%])/g, (_, flag: string, c: string) => {
    const s = one(c, flag);
    return flag === "^" ? s.toUpperCase() : s;
  });
}
