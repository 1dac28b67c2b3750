/**
 * JSON parsing that keeps what Python's `json.loads` keeps and `JSON.parse` loses, so that
 * rendering a conversation read from a file matches transformers byte for byte:
 * - a number written as a float (`1.0`, `2e3`) stays a Python float ({@link PyFloat}) even
 *   when integral, so `tojson` prints `1.0`;
 * - object key order is kept even for keys like `"1"`, which JavaScript objects move first
 *   (such objects come back as `Map`s, which `renderChat` accepts).
 *
 * ```ts
 * parseJsonInput('{"b": 1.0, "1": [2]}'); // Map { "b" => PyFloat(1), "1" => [2] }
 * parseJsonInput('{"a": 2.5}');           // { a: 2.5 }
 * ```
 *
 * Throws SyntaxError (with the offset) on invalid JSON.
 */
import { PyFloat } from "./compat/values.ts";

export { PyFloat };

const WS = /[ \t\n\r]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const INDEX_KEY = /^(?:0|[1-9]\d*)$/;

/** Parses JSON text (see the module doc). */
export function parseJsonInput(text: string): unknown {
  let pos = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at position ${pos}`);
  };
  const ws = () => {
    WS.lastIndex = pos;
    WS.exec(text);
    pos = WS.lastIndex;
  };
  const str = (): string => {
    STRING.lastIndex = pos;
    const m = STRING.exec(text);
    if (!m) fail("invalid string");
    pos = STRING.lastIndex;
    return JSON.parse(m![0]) as string;
  };
  const value = (): unknown => {
    ws();
    const c = text[pos];
    if (c === "{") {
      pos++;
      const entries: [string, unknown][] = [];
      let ordered = true;
      ws();
      if (text[pos] === "}") {
        pos++;
        return {};
      }
      for (;;) {
        ws();
        if (text[pos] !== '"') fail("expected a string key");
        const key = str();
        if (INDEX_KEY.test(key) && Number(key) < 2 ** 32 - 1) ordered = false;
        ws();
        if (text[pos++] !== ":") fail("expected ':'");
        entries.push([key, value()]);
        ws();
        const sep = text[pos++];
        if (sep === "}") break;
        if (sep !== ",") fail("expected ',' or '}'");
      }
      if (!ordered) return new Map(entries);
      const obj: Record<string, unknown> = {};
      for (const [k, v] of entries) {
        if (k === "__proto__") Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
        else obj[k] = v;
      }
      return obj;
    }
    if (c === "[") {
      pos++;
      const items: unknown[] = [];
      ws();
      if (text[pos] === "]") {
        pos++;
        return items;
      }
      for (;;) {
        items.push(value());
        ws();
        const sep = text[pos++];
        if (sep === "]") break;
        if (sep !== ",") fail("expected ',' or ']'");
      }
      return items;
    }
    if (c === '"') return str();
    if (text.startsWith("true", pos)) return (pos += 4), true;
    if (text.startsWith("false", pos)) return (pos += 5), false;
    if (text.startsWith("null", pos)) return (pos += 4), null;
    if (text.startsWith("NaN", pos)) return (pos += 3), new PyFloat(NaN);
    if (text.startsWith("Infinity", pos)) return (pos += 8), new PyFloat(Infinity);
    if (text.startsWith("-Infinity", pos)) return (pos += 9), new PyFloat(-Infinity);
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (!m) return fail("unexpected character");
    pos = NUMBER.lastIndex;
    const n = Number(m[0]);
    const isFloat = m[1] !== undefined || m[2] !== undefined;
    return isFloat && Number.isInteger(n) ? new PyFloat(n) : isFloat ? n : Object.is(n, -0) ? 0 : n;
  };
  const result = value();
  ws();
  if (pos < text.length) fail("unexpected data after JSON");
  return result;
}
