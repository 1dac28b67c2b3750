/**
 * Finds every regular expression in the project's TypeScript sources (regex literals and
 * `new RegExp(…)` / `RegExp(…)` calls) with the TypeScript compiler API, so that each can be
 * checked for catastrophic backtracking (ReDoS) by `recheck` (`test/hardening.test.ts`).
 *
 * A `RegExp` built from a template or a concatenation is resolved as far as the file allows:
 * string literals, templates, `+`, and identifiers declared `const` in the same file with such an
 * initializer. What cannot be resolved (a parameter, a call such as `escapeRe(chars)`) is replaced
 * by a representative that keeps the pattern's shape — a small class range inside `[…]`, a count
 * inside a `{…}` quantifier, else one literal character — and the regex is marked `approximate`.
 * A pattern that is a bare unresolvable value (`new RegExp(x)`) cannot be approximated: it is
 * returned with `source: null`, and the test fails on it, so a new dynamic regex gets looked at.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

export interface FoundRegex {
  /** `path:line` relative to the root. */
  where: string;
  /** The pattern source, or null when it could not be resolved at all. */
  source: string | null;
  flags: string;
  /** Some part of the pattern was a representative, not the real value. */
  approximate: boolean;
  /** The code that builds it, for messages. */
  code: string;
}

/** The `.ts` files under `dirs` (relative to `root`), skipping `node_modules` and `dist`. */
export function tsFiles(root: string, dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names.sort()) {
      if (n === "node_modules" || n === "dist" || n.startsWith(".")) continue;
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith(".ts")) out.push(p);
    }
  };
  for (const d of dirs) walk(join(root, d));
  return out;
}

/** Every regular expression of these files. */
export function findRegexes(root: string, files: string[]): FoundRegex[] {
  const out: FoundRegex[] = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const consts = new Map<string, ts.Expression[]>();
    const collect = (n: ts.Node) => {
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && ts.isVariableDeclarationList(n.parent) && n.parent.flags & ts.NodeFlags.Const) {
        const list = consts.get(n.name.text) ?? [];
        list.push(n.initializer);
        consts.set(n.name.text, list);
      }
      n.forEachChild(collect);
    };
    collect(sf);
    const where = (n: ts.Node) => `${relative(root, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
    const visit = (n: ts.Node) => {
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const t = n.getText(sf);
        const end = t.lastIndexOf("/");
        out.push({ where: where(n), source: t.slice(1, end), flags: t.slice(end + 1), approximate: false, code: t });
      } else if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && ts.isIdentifier(n.expression) && n.expression.text === "RegExp" && n.arguments?.length) {
        const r = new Resolver(consts);
        const source = r.pattern(n.arguments[0]);
        const f = n.arguments[1];
        const flags = f === undefined ? "" : ts.isStringLiteralLike(f) ? f.text : null;
        out.push({ where: where(n), source: flags === null ? null : source, flags: flags ?? "", approximate: r.approximate, code: n.getText(sf).slice(0, 160) });
      }
      n.forEachChild(visit);
    };
    visit(sf);
  }
  return out;
}

class Resolver {
  approximate = false;
  private depth = 0;
  constructor(private readonly consts: Map<string, ts.Expression[]>) {}

  /** The pattern an expression builds, or null when it is an opaque value. */
  pattern(e: ts.Expression): string | null {
    return this.resolve(e, "");
  }

  /** `before` is the pattern text so far (to tell a class or quantifier context). */
  private resolve(e: ts.Expression, before: string): string | null {
    if (++this.depth > 50) return null;
    try {
      if (ts.isStringLiteralLike(e)) return e.text;
      if (ts.isParenthesizedExpression(e)) return this.resolve(e.expression, before);
      if (ts.isTemplateExpression(e)) {
        let s = e.head.text;
        for (const span of e.templateSpans) {
          s += this.resolve(span.expression, before + s) ?? this.stand(before + s);
          s += span.literal.text;
        }
        return s;
      }
      if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
        const a = this.resolve(e.left, before) ?? this.stand(before);
        const b = this.resolve(e.right, before + a) ?? this.stand(before + a);
        return a + b;
      }
      if (ts.isIdentifier(e)) {
        const decl = this.consts.get(e.text);
        // One declaration of that name: its value (several: ambiguous, so opaque).
        if (decl?.length === 1) return this.resolve(decl[0], before);
      }
      return null;
    } finally {
      this.depth--;
    }
  }

  /** A representative for an unresolvable part, after pattern text `before`. */
  private stand(before: string): string {
    this.approximate = true;
    if (inClass(before)) return "a-z0-9";
    if (/\{\d*,?$/.test(before)) return "4";
    return "a";
  }
}

/** Whether pattern text ends inside a character class `[…`. */
function inClass(p: string): boolean {
  let open = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "\\") i++;
    else if (c === "[") open = true;
    else if (c === "]") open = false;
  }
  return open;
}
