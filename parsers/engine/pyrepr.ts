/**
 * Python `repr(str)`, as CPython prints it (`Objects/unicodeobject.c`, unicode_repr): single
 * quotes unless the text has a single quote and no double quote; a backslash, newline, carriage
 * return and tab as `\\`, `\n`, `\r`, `\t`; other non-printable characters (controls, format
 * characters, separators other than the ASCII space, surrogates, private use, unassigned) as
 * `\xXX`, `\uXXXX` or `\UXXXXXXXX`.
 *
 * ```ts
 * strRepr("it's");            // "it's" (in double quotes)
 * strRepr("a\u00a0b\n");      // 'a\xa0b\n' (with the backslashes written out)
 * ```
 * Used where a format's model writes Python literals (XML parameter values that are lists or
 * dicts, which the templates print with Python's `str()`), and by the template runtime.
 */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
const SIMPLE_REPR = /^[ !#-&(-[\]-~]*$/; // printable ASCII without quotes and backslash

/** Python `repr(str)`. */
export function strRepr(s: string): string {
  if (SIMPLE_REPR.test(s)) return `'${s}'`;
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === q || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else if (c < 0x7f || (ch !== " " && !NON_PRINTABLE.test(ch))) out += ch;
    else if (c === 0x20) out += ch;
    else if (c <= 0xff) out += "\\x" + c.toString(16).padStart(2, "0");
    else if (c <= 0xffff) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += "\\U" + c.toString(16).padStart(8, "0");
  }
  return out + q;
}
