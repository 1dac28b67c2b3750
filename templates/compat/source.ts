/**
 * Template source preprocessing: applies Jinja2's lexer-level rules before the text reaches
 * @huggingface/jinja's tokenizer, and hands it a canonical form it understands.
 *
 * Done here, exactly as Jinja2's lexer does it (with `trim_blocks` and `lstrip_blocks` on):
 * - newlines `\r\n` / `\r` become `\n` (in text and string literals) and one trailing newline
 *   of the source is dropped;
 * - `trim_blocks` (the newline after `%}` / `#}`), `lstrip_blocks` (spaces before `{%` / `{#`
 *   on their own line), `{%-`/`-%}` and the `{%+` / `+%}` switches;
 * - comments are removed, `{% raw %}…{% endraw %}` becomes a string expression,
 *   transformers' `{% generation %}` / `{% endgeneration %}` tags are removed;
 * - string literals are decoded with Python's rules (`\x41`, `\u00e9`, octal, unknown escapes
 *   kept) and re-emitted in a form the library reads back unchanged;
 * - number literals the library does not lex (`1e-7`, `1_000`, `0x1F`) are rewritten as plain
 *   decimals.
 *
 * The output keeps `{% … %}` and `{{ … }}` tags without whitespace-control marks; it ends with
 * one extra "\n" that the library's tokenizer strips again.
 *
 * ```ts
 * preprocessSource("{% if x %}\r\n  a{{ 1e-3 }}\n{% endif %}\n"); // '{% if x %}  a{{ 0.001 }}\n{% endif %}\n'
 * ```
 *
 * Throws TemplateSyntaxError on unterminated tags, comments, raw blocks and strings, and on
 * unbalanced brackets inside a tag.
 *
 * Source: Jinja2 `jinja2/lexer.py` (3.1: `Lexer.tokeniter`, `float_re`, `integer_re`,
 * `string_re`), Python `unicode-escape` codec.
 */
import { TemplateSyntaxError } from "../errors.ts";

const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const isSpace = (c: string | undefined) => c !== undefined && PY_SPACE.test(c);
const rstrip = (s: string) => {
  let end = s.length;
  while (end > 0 && isSpace(s[end - 1])) end--;
  return s.slice(0, end);
};

const FLOAT_RE = /(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?e[+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/iy;
const INT_RE = /0b(?:_?[01])+|0o(?:_?[0-7])+|0x(?:_?[\da-f])+|[1-9](?:_?\d)*|0(?:_?0)*/iy;
const NAME_RE = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const STRING_RE = /'([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)"/sy;

/** A double as a decimal literal with a point (`1e-7` → `0.0000001`). */
function decimalLiteral(x: number): string {
  if (!Number.isFinite(x)) return "1" + "0".repeat(309) + ".0"; // overflow, like Python's inf
  const [mant, expText] = x.toExponential().split("e");
  const exp = Number(expText);
  const digits = mant.replace(".", "");
  if (exp < 0) return `0.${"0".repeat(-exp - 1)}${digits}`;
  if (digits.length > exp + 1) return `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return `${digits}${"0".repeat(exp + 1 - digits.length)}.0`;
}

function integerLiteral(text: string): string {
  const t = text.replace(/_/g, "").toLowerCase();
  if (t.startsWith("0x") || t.startsWith("0o") || t.startsWith("0b")) {
    return BigInt(t).toString();
  }
  return t.replace(/^0+(?=\d)/, "");
}

/** Decodes a Jinja2 string literal body with Python's `unicode-escape` rules. */
export function decodePythonString(body: string): string {
  if (!body.includes("\\")) return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "\\") {
      out += c;
      continue;
    }
    const n = body[++i];
    switch (n) {
      case "\n": break;
      case "\\": out += "\\"; break;
      case "'": out += "'"; break;
      case '"': out += '"'; break;
      case "a": out += "\x07"; break;
      case "b": out += "\b"; break;
      case "f": out += "\f"; break;
      case "n": out += "\n"; break;
      case "r": out += "\r"; break;
      case "t": out += "\t"; break;
      case "v": out += "\v"; break;
      case "x":
      case "u":
      case "U": {
        const len = n === "x" ? 2 : n === "u" ? 4 : 8;
        const hex = body.slice(i + 1, i + 1 + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) {
          throw new TemplateSyntaxError(`(unicode error) 'unicodeescape' codec can't decode bytes: truncated \\${n} escape`);
        }
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) throw new TemplateSyntaxError("(unicode error) illegal Unicode character");
        out += String.fromCodePoint(cp);
        i += len;
        break;
      }
      default:
        if (n >= "0" && n <= "7") {
          let oct = n;
          while (oct.length < 3 && body[i + 1] >= "0" && body[i + 1] <= "7") oct += body[++i];
          out += String.fromCodePoint(parseInt(oct, 8));
        } else {
          out += "\\" + n; // unknown escapes stay as they are
        }
    }
  }
  return out;
}

/** A string literal the library's lexer reads back as `value` (no `{` so no tag look-alikes). */
export function encodeLiteral(value: string): string {
  return '"' + value.replace(/[\\"{]/g, (c) => (c === "{" ? "\\u007b" : "\\" + c)) + '"';
}

const MANGLED = "__toolwire_u_";
/**
 * Non-ASCII identifiers (Jinja2 allows `é`), which the library's lexer rejects, become ASCII
 * names; {@link unmangleName} reverses it where a name turns into a string (attribute names,
 * template variables passed in).
 */
export function mangleName(name: string): string {
  if (/^[\x00-\x7f]*$/.test(name)) return name;
  return MANGLED + Array.from(name, (c) => c.codePointAt(0)!.toString(16)).join("_");
}
export function unmangleName(name: string): string {
  if (!name.startsWith(MANGLED)) return name;
  return String.fromCodePoint(...name.slice(MANGLED.length).split("_").map((h) => parseInt(h, 16)));
}

type TagKind = "block" | "variable";

/**
 * Scans one tag body from `pos` (just after the opening delimiter and its sign) up to its end
 * delimiter. Returns the canonical body, the position after the end delimiter, and the end's
 * whitespace mark ("-", "+" or "").
 */
function scanTag(src: string, pos: number, kind: TagKind): { body: string; next: number; sign: string } {
  const close = kind === "block" ? "%}" : "}}";
  const stack: string[] = [];
  let body = "";
  let i = pos;
  while (i < src.length) {
    if (stack.length === 0) {
      if (src.startsWith("-" + close, i)) return { body, next: i + 3, sign: "-" };
      if (kind === "block" && src.startsWith("+" + close, i)) return { body, next: i + 3, sign: "+" };
      if (src.startsWith(close, i)) return { body, next: i + 2, sign: "" };
    }
    const c = src[i];
    if (c === "'" || c === '"') {
      STRING_RE.lastIndex = i;
      const m = STRING_RE.exec(src);
      if (!m) throw new TemplateSyntaxError("unexpected end of string literal");
      body += encodeLiteral(decodePythonString(m[1] ?? m[2]));
      i = STRING_RE.lastIndex;
      continue;
    }
    if (c >= "0" && c <= "9" && src[i - 1] !== ".") {
      FLOAT_RE.lastIndex = i;
      const f = FLOAT_RE.exec(src);
      if (f) {
        const text = f[0];
        body += /[e_]/i.test(text) ? decimalLiteral(Number(text.replace(/_/g, ""))) : text;
        i = FLOAT_RE.lastIndex;
        continue;
      }
      INT_RE.lastIndex = i;
      const n = INT_RE.exec(src);
      if (n) {
        body += integerLiteral(n[0]);
        i = INT_RE.lastIndex;
        continue;
      }
    }
    if (c === "_" || /[\p{L}]/u.test(c)) {
      NAME_RE.lastIndex = i;
      const m = NAME_RE.exec(src);
      if (m) {
        body += mangleName(m[0]);
        i = NAME_RE.lastIndex;
        continue;
      }
    }
    if (c === "(" || c === "[" || c === "{") stack.push(c === "(" ? ")" : c === "[" ? "]" : "}");
    else if (c === ")" || c === "]" || c === "}") {
      const expected = stack.pop();
      if (expected === undefined) throw new TemplateSyntaxError(`unexpected '${c}'`);
      if (expected !== c) throw new TemplateSyntaxError(`unexpected '${c}', expected '${expected}'`);
    }
    body += c;
    i++;
  }
  const what = kind === "block" ? "end of statement block" : "end of print statement";
  throw new TemplateSyntaxError(`unexpected end of template, expected '${what}'.`);
}

const RAW_BEGIN = /\{%([-+]?)\s*raw\s*(-?)%\}/y;
const RAW_END = /\{%([-+]?)\s*endraw\s*([-+]?)%\}/g;
const GENERATION = /^\s*(end)?generation\s*$/;

/** Preprocesses template source (see the module doc). */
export function preprocessSource(source: string): string {
  const lines = source.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  const src = lines.join("\n");

  let out = "";
  let pos = 0;
  let lineStarting = true;

  /** Jinja2's OptionalLStrip handling of the text before a tag. */
  const stripText = (text: string, sign: string, lstrip: boolean): string => {
    if (sign === "-") return rstrip(text);
    if (sign !== "+" && lstrip) {
      const lpos = text.lastIndexOf("\n") + 1;
      if (lpos > 0 || lineStarting) {
        const tail = text.slice(lpos);
        if (tail.length > 0 && [...tail].every(isSpace)) return text.slice(0, lpos);
      }
    }
    return text;
  };
  const emitText = (text: string, sign: string, lstrip: boolean) => {
    text = stripText(text, sign, lstrip);
    // a "{" right before the next tag (or before text starting with "%", "{", "#" once a
    // comment between them is dropped) would read as a tag opener: emit it as an expression
    if (text.endsWith("{")) text = text.slice(0, -1) + `{{ ${encodeLiteral("{")} }}`;
    out += text;
  };
  /** Skips the end of a tag: all whitespace after "-", one newline after a plain block end. */
  const afterEnd = (i: number, sign: string, trim: boolean): number => {
    const start = i;
    if (sign === "-") while (i < src.length && isSpace(src[i])) i++;
    else if (sign === "" && trim && src[i] === "\n") i++;
    lineStarting = i > start ? src[i - 1] === "\n" : src[i - 1] === "\n";
    return i;
  };

  while (pos < src.length) {
    const open = src.indexOf("{", pos);
    let at = open;
    while (at >= 0 && !(src[at + 1] === "%" || src[at + 1] === "{" || src[at + 1] === "#")) at = src.indexOf("{", at + 1);
    if (at < 0) {
      out += src.slice(pos);
      break;
    }
    const text = src.slice(pos, at);
    const kindChar = src[at + 1];
    const sign = src[at + 2] === "-" || src[at + 2] === "+" ? src[at + 2] : "";
    const bodyStart = at + 2 + sign.length;

    if (kindChar === "#") {
      emitText(text, sign, true);
      if (bodyStart >= src.length) break; // Jinja2's lexer stops quietly at a final "{#"
      const end = /([\s\S]*?)([+-]?)#\}/y;
      end.lastIndex = bodyStart;
      const m = end.exec(src);
      if (!m) throw new TemplateSyntaxError("Missing end of comment tag");
      pos = afterEnd(end.lastIndex, m[2], true);
      continue;
    }

    if (kindChar === "%") {
      RAW_BEGIN.lastIndex = at;
      const raw = RAW_BEGIN.exec(src);
      if (raw) {
        emitText(text, raw[1], true);
        let i = RAW_BEGIN.lastIndex;
        if (raw[2] === "-") while (i < src.length && isSpace(src[i])) i++;
        lineStarting = src[i - 1] === "\n";
        if (i >= src.length) break; // Jinja2's lexer stops quietly at a raw tag ending the source
        RAW_END.lastIndex = i;
        const end = RAW_END.exec(src);
        if (!end) throw new TemplateSyntaxError("Missing end of raw directive");
        const content = stripText(src.slice(i, end.index), end[1], true);
        if (content) out += `{{ ${encodeLiteral(content)} }}`;
        pos = afterEnd(RAW_END.lastIndex, end[2], true);
        continue;
      }
      emitText(text, sign, true);
      const tag = scanTag(src, bodyStart, "block");
      if (!GENERATION.test(tag.body)) out += `{%${tag.body}%}`;
      pos = afterEnd(tag.next, tag.sign, true);
      continue;
    }

    emitText(text, sign, false);
    const tag = scanTag(src, bodyStart, "variable");
    out += `{{${tag.body}}}`;
    pos = afterEnd(tag.next, tag.sign, false);
  }
  return out + "\n";
}
