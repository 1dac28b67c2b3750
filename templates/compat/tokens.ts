/**
 * Token-stream and AST rewriting for Jinja2 syntax the library's parser lacks or reads
 * differently. Each rewrite takes the library's tokens and returns tokens it parses into the
 * Jinja2 meaning:
 * - {@link extractTestArgs} / {@link attachTestArgs}: tests with arguments (`n is
 *   divisibleby(3)`, `x is sameas false`, `x is in [1, 2]`): the argument tokens are cut out
 *   before parsing and attached to the `TestExpression` (`testArgs`) after;
 * - {@link markTupleCommas} / {@link fixTuples}: one-element tuples `(x,)`;
 * - {@link groupConcat}: `~` binds tighter than `+`/`-` (`1 + 2 ~ "x"` is `1 + (2 ~ "x")`);
 * - {@link chainComparisons}: `a < b < c` means `a < b and b < c`;
 * - {@link rewriteWith}: `{% with %}` blocks.
 *
 * ```ts
 * const { tokens, args } = extractTestArgs(tokenize("{{ 6 is divisibleby 3 }}"));
 * const program = parse(tokens);
 * attachTestArgs(program, args); // the TestExpression now has testArgs = [IntegerLiteral 3]
 * ```
 *
 * Source: Jinja2 `parser.py` (`parse_test`, `parse_math1`/`parse_concat`, `parse_compare`,
 * `parse_tuple`, `parse_with`).
 */
import { parse } from "@huggingface/jinja";

export interface Tok {
  value: string;
  type: string;
}
/** Any AST node (the library's node classes are structural: a `type` plus fields). */
export interface AstNode {
  type: string;
  [field: string]: unknown;
}

const MARK = "\u0000";
const CALLEE = "__toolwire_test_args__";
const ARG_START = new Set(["Identifier", "StringLiteral", "NumericLiteral", "OpenSquareBracket", "OpenCurlyBracket"]);
const CLOSE: Record<string, string> = {
  OpenParen: "CloseParen",
  OpenSquareBracket: "CloseSquareBracket",
  OpenCurlyBracket: "CloseCurlyBracket",
};

/** Index just past the bracket group opening at `i`. */
function groupEnd(tokens: Tok[], i: number): number {
  const open = tokens[i].type;
  const close = CLOSE[open];
  let depth = 0;
  for (let j = i; j < tokens.length; j++) {
    if (tokens[j].type === open) depth++;
    else if (tokens[j].type === close && --depth === 0) return j + 1;
  }
  return tokens.length;
}

/** Index past one Jinja2 primary expression with its postfix (`.x`, `[k]`, `(…)`) at `i`. */
function primaryEnd(tokens: Tok[], i: number): number {
  let j: number;
  const t = tokens[i];
  if (t.type === "StringLiteral") {
    j = i + 1;
    while (tokens[j]?.type === "StringLiteral") j++;
  } else if (t.type in CLOSE) j = groupEnd(tokens, i);
  else j = i + 1;
  for (;;) {
    const n = tokens[j];
    if (n?.type === "Dot" && (tokens[j + 1]?.type === "Identifier" || tokens[j + 1]?.type === "NumericLiteral")) j += 2;
    else if (n?.type === "OpenSquareBracket" || n?.type === "OpenParen") j = groupEnd(tokens, j);
    else return j;
  }
}

const TUPLE_END = "__toolwire_tuple_end__";
const KEYWORDS = new Set(["in", "if", "else", "and", "or", "not", "is", "for", "set"]);

/**
 * Marks the trailing comma of a parenthesised tuple (`(x,)`), which the library's parser
 * rejects: a placeholder element is added after it and dropped again by {@link fixTuples}.
 */
export function markTupleCommas(tokens: Tok[]): Tok[] {
  const out: Tok[] = [];
  const parens: boolean[] = []; // true: a call's argument list
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === "OpenParen") {
      const prev = tokens[i - 1];
      const call =
        (prev?.type === "Identifier" && !KEYWORDS.has(prev.value)) ||
        prev?.type === "CloseParen" ||
        prev?.type === "CloseSquareBracket";
      parens.push(call);
    } else if (t.type === "CloseParen") parens.pop();
    out.push(t);
    if (t.type === "Comma" && tokens[i + 1]?.type === "CloseParen" && parens[parens.length - 1] === false) {
      out.push({ value: TUPLE_END, type: "Identifier" });
    }
  }
  return out;
}

/** Drops the placeholders added by {@link markTupleCommas}. */
export function fixTuples(program: unknown): void {
  walk(program, (n) => {
    if (n.type !== "TupleLiteral") return;
    const items = n.value as AstNode[];
    const last = items[items.length - 1];
    if (last?.type === "Identifier" && last.value === TUPLE_END) items.pop();
  });
}

const LOWER_THAN_MATH = new Set(["in", "not", "and", "or", "if", "else"]);
const TAG_EDGE = new Set(["OpenStatement", "CloseStatement", "OpenExpression", "CloseExpression", "Text", "Comment"]);
const SEPARATORS = new Set(["ComparisonBinaryOperator", "Comma", "Colon", "Equals"]);

/** Whether a `+`/`-` after this token is binary (after `else`, `(`, `,`… it is a sign). */
function endsOperand(prev: Tok | undefined): boolean {
  if (!prev) return false;
  if (prev.type === "Identifier") return !LOWER_THAN_MATH.has(prev.value) && prev.value !== "is";
  return (
    prev.type === "NumericLiteral" ||
    prev.type === "StringLiteral" ||
    prev.type === "CloseParen" ||
    prev.type === "CloseSquareBracket" ||
    prev.type === "CloseCurlyBracket"
  );
}

/**
 * Gives `~` its Jinja2 precedence. Jinja2 binds `~` tighter than `+`/`-` (`1 + 2 ~ "x"` is
 * `1 + (2 ~ "x")`, a TypeError); the library parses them left to right at one level. Every
 * run of `~` that follows a binary `+`/`-` at the same bracket depth is wrapped in parentheses.
 */
export function groupConcat(tokens: Tok[]): Tok[] {
  const out: Tok[] = [];
  interface Frame { start: number; afterPlus: boolean; tilde: boolean }
  const fresh = (afterPlus: boolean): Frame => ({ start: out.length, afterPlus, tilde: false });
  let stack: Frame[] = [fresh(false)];
  const finish = (f: Frame) => {
    if (f.afterPlus && f.tilde) {
      out.splice(f.start, 0, { value: "(", type: "OpenParen" });
      out.push({ value: ")", type: "CloseParen" });
    }
  };
  for (const t of tokens) {
    const top = stack[stack.length - 1];
    if (TAG_EDGE.has(t.type)) {
      for (let i = stack.length - 1; i >= 0; i--) finish(stack[i]);
      out.push(t);
      stack = [fresh(false)];
    } else if (t.type in CLOSE) {
      out.push(t);
      stack.push(fresh(false));
    } else if (t.type === "CloseParen" || t.type === "CloseSquareBracket" || t.type === "CloseCurlyBracket") {
      finish(top);
      if (stack.length > 1) stack.pop();
      out.push(t);
    } else if (SEPARATORS.has(t.type) || (t.type === "Identifier" && LOWER_THAN_MATH.has(t.value))) {
      finish(top);
      out.push(t);
      stack[stack.length - 1] = fresh(false);
    } else if (t.type === "AdditiveBinaryOperator" && (t.value === "+" || t.value === "-") && endsOperand(out[out.length - 1])) {
      finish(top);
      out.push(t);
      stack[stack.length - 1] = fresh(true);
    } else {
      if (t.type === "AdditiveBinaryOperator" && t.value === "~") top.tilde = true;
      out.push(t);
    }
  }
  for (let i = stack.length - 1; i >= 0; i--) finish(stack[i]);
  return out;
}

/** Name of the hidden global that evaluates a comparison chain (see globals.ts). */
export const CHAIN_FN = "__toolwire_compare_chain__";
const CHAIN_SEPARATORS = new Set(["and", "or", "if", "else"]);

/**
 * Gives comparison chains their Python meaning: `a < b < c` is `a < b and b < c` in Jinja2,
 * while the library parses `(a < b) < c`. Each run of two or more comparisons at one bracket
 * depth becomes `__toolwire_compare_chain__(a, "<", b, "<", c)`.
 */
export function chainComparisons(tokens: Tok[]): Tok[] {
  interface Region { start: number; ops: number[] }
  const out: Tok[] = [];
  const T = (type: string, value: string): Tok => ({ type, value });
  let stack: Region[] = [{ start: 0, ops: [] }];
  const close = (r: Region) => {
    if (r.ops.length < 2) return;
    const body = out.splice(r.start);
    const rel = r.ops.map((i) => i - r.start);
    const call: Tok[] = [T("Identifier", CHAIN_FN), T("OpenParen", "(")];
    let from = 0;
    for (const at of rel) {
      const isNotIn = body[at].value === "not";
      call.push(T("OpenParen", "("), ...body.slice(from, at), T("CloseParen", ")"), T("Comma", ","));
      call.push(T("StringLiteral", isNotIn ? "not in" : body[at].value), T("Comma", ","));
      from = at + (isNotIn ? 2 : 1);
    }
    call.push(T("OpenParen", "("), ...body.slice(from), T("CloseParen", ")"), T("CloseParen", ")"));
    out.push(...call);
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const top = stack[stack.length - 1];
    if (TAG_EDGE.has(t.type)) {
      for (let k = stack.length - 1; k >= 0; k--) close(stack[k]);
      out.push(t);
      stack = [{ start: out.length, ops: [] }];
    } else if (t.type in CLOSE) {
      out.push(t);
      stack.push({ start: out.length, ops: [] });
    } else if (t.type === "CloseParen" || t.type === "CloseSquareBracket" || t.type === "CloseCurlyBracket") {
      close(top);
      if (stack.length > 1) stack.pop();
      out.push(t);
    } else if (
      t.type === "Comma" ||
      t.type === "Colon" ||
      t.type === "Equals" ||
      (t.type === "Identifier" && (CHAIN_SEPARATORS.has(t.value) || (t.value === "not" && tokens[i + 1]?.value !== "in")))
    ) {
      close(top);
      out.push(t);
      stack[stack.length - 1] = { start: out.length, ops: [] };
    } else if (t.type === "ComparisonBinaryOperator" || (t.type === "Identifier" && t.value === "in")) {
      top.ops.push(out.length);
      out.push(t);
    } else if (t.type === "Identifier" && t.value === "not" && tokens[i + 1]?.value === "in") {
      top.ops.push(out.length);
      out.push(t, tokens[++i]);
    } else {
      out.push(t);
    }
  }
  for (let k = stack.length - 1; k >= 0; k--) close(stack[k]);
  return out;
}

/**
 * Rewrites `{% with a = x, b = y %}…{% endwith %}` (a Jinja2 built-in the library lacks) into a
 * macro defined and called in place: `{% macro W(a, b) %}…{% endmacro %}{{ W(x, y) }}`, which
 * has the same scoping (values evaluated outside, assignments inside do not leak).
 */
export function rewriteWith(tokens: Tok[]): Tok[] {
  const out: Tok[] = [];
  const open: { name: string; values: Tok[][] }[] = [];
  let counter = 0;
  const T = (type: string, value: string): Tok => ({ type, value });
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    if (t.type === "OpenStatement" && next?.type === "Identifier" && next.value === "with") {
      let j = i + 2;
      const parts: Tok[][] = [[]];
      let depth = 0;
      for (; j < tokens.length && !(depth === 0 && tokens[j].type === "CloseStatement"); j++) {
        const k = tokens[j];
        if (k.type in CLOSE) depth++;
        else if (k.type === "CloseParen" || k.type === "CloseSquareBracket" || k.type === "CloseCurlyBracket") depth--;
        if (depth === 0 && k.type === "Comma") parts.push([]);
        else parts[parts.length - 1].push(k);
      }
      const names: string[] = [];
      const values: Tok[][] = [];
      for (const part of parts) {
        if (part.length === 0) continue;
        if (part[0].type !== "Identifier" || part[1]?.type !== "Equals" || part.length < 3) {
          throw new SyntaxError("expected `name = expression` in a with statement");
        }
        names.push(part[0].value);
        values.push(part.slice(2));
      }
      const name = `__toolwire_with_${counter++}`;
      open.push({ name, values });
      out.push(T("OpenStatement", "{%"), T("Identifier", "macro"), T("Identifier", name), T("OpenParen", "("));
      names.forEach((n, k) => {
        if (k) out.push(T("Comma", ","));
        out.push(T("Identifier", n));
      });
      out.push(T("CloseParen", ")"), T("CloseStatement", "%}"));
      i = j;
      continue;
    }
    if (t.type === "OpenStatement" && next?.type === "Identifier" && next.value === "endwith") {
      const w = open.pop();
      if (!w) throw new SyntaxError("Encountered unknown tag 'endwith'.");
      out.push(T("OpenStatement", "{%"), T("Identifier", "endmacro"), T("CloseStatement", "%}"));
      out.push(T("OpenExpression", "{{"), T("Identifier", w.name), T("OpenParen", "("));
      w.values.forEach((v, k) => {
        if (k) out.push(T("Comma", ","));
        out.push(T("OpenParen", "("), ...v, T("CloseParen", ")"));
      });
      out.push(T("CloseParen", ")"), T("CloseExpression", "}}"));
      i += 2;
      continue;
    }
    out.push(t);
  }
  if (open.length) throw new SyntaxError("Unexpected end of template. Jinja was looking for the following tags: 'endwith'.");
  return out;
}

/** Cuts test arguments out of the token stream; returns the arguments' token lists. */
export function extractTestArgs(tokens: Tok[]): { tokens: Tok[]; args: Tok[][] } {
  const out: Tok[] = [];
  const args: Tok[][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    out.push(t);
    if (t.type !== "Identifier" || t.value !== "is") continue;
    let k = i + 1;
    if (tokens[k]?.type === "Identifier" && tokens[k].value === "not") out.push(tokens[k++]);
    const name = tokens[k];
    if (name?.type !== "Identifier") continue;
    const next = tokens[k + 1];
    let end = -1;
    let argTokens: Tok[] | null = null;
    if (next?.type === "OpenParen") {
      end = groupEnd(tokens, k + 1);
      argTokens = [{ value: CALLEE, type: "Identifier" }, ...tokens.slice(k + 1, end)];
    } else if (next && ARG_START.has(next.type) && !(next.type === "Identifier" && ["else", "or", "and"].includes(next.value))) {
      end = primaryEnd(tokens, k + 1);
      argTokens = tokens.slice(k + 1, end);
    }
    if (argTokens) {
      out.push({ value: `${name.value}${MARK}${args.length}`, type: "Identifier" });
      args.push(argTokens);
      i = end - 1;
    } else {
      out.push(name);
      i = k;
    }
  }
  return { tokens: out, args };
}

function parseArgs(tokens: Tok[]): AstNode[] {
  const program = parse([
    { value: "{{", type: "OpenExpression" },
    ...tokens,
    { value: "}}", type: "CloseExpression" },
  ] as never) as unknown as { body: AstNode[] };
  const expr = program.body[0];
  // `is name(args)` was given as a call `f(args)`; `is name arg` as the bare expression
  if (tokens[0].value === CALLEE && expr.type === "CallExpression") {
    return expr.args as AstNode[];
  }
  return [expr];
}

/** Visits every AST node once (depth first). */
export function walk(node: unknown, visit: (n: AstNode) => void): void {
  if (Array.isArray(node)) {
    for (const x of node) walk(x, visit);
    return;
  }
  if (node instanceof Map) {
    for (const [k, v] of node) {
      walk(k, visit);
      walk(v, visit);
    }
    return;
  }
  if (!node || typeof node !== "object" || typeof (node as AstNode).type !== "string") return;
  visit(node as AstNode);
  for (const key in node) {
    const child = (node as Record<string, unknown>)[key];
    if (child && typeof child === "object") walk(child, visit);
  }
}

/** Gives every tagged TestExpression its parsed `testArgs` and its plain test name back. */
export function attachTestArgs(program: unknown, args: Tok[][]): void {
  if (args.length === 0) return;
  walk(program, (n) => {
    if (n.type !== "TestExpression") return;
    const test = n.test as { value: string };
    const at = test.value.indexOf(MARK);
    if (at < 0) return;
    n.testArgs = parseArgs(args[Number(test.value.slice(at + 1))]);
    test.value = test.value.slice(0, at);
  });
}
