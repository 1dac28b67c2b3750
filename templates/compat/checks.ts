/**
 * Compile-time checks Jinja2 makes: a filter or test that does not exist is an error when the
 * template is compiled (`TemplateAssertionError: No filter named 'x'.`), unless it sits in a
 * "soft" frame (an `if` statement or an inline `a if b else c`), where the error waits until
 * the filter is actually called at render time.
 *
 * ```ts
 * checkNames(parse(tokenize("{{ x|nope }}")), FILTERS, TESTS); // throws TemplateSyntaxError
 * checkNames(parse(tokenize("{% if a %}{{ x|nope }}{% endif %}")), FILTERS, TESTS); // ok
 * ```
 *
 * Source: Jinja2 `compiler.py` (`Frame.soft`, `_filter_test_common`, `visit_If`,
 * `visit_CondExpr`, `visit_For`).
 */
import { TemplateSyntaxError } from "../errors.ts";
import type { AstNode } from "./tokens.ts";

type Node = AstNode | undefined;

export function checkNames(program: unknown, filters: ReadonlyMap<string, unknown>, tests: ReadonlyMap<string, unknown>): void {
  const visit = (node: unknown, soft: boolean): void => {
    if (Array.isArray(node)) {
      for (const x of node) visit(x, soft);
      return;
    }
    if (node instanceof Map) {
      for (const [k, v] of node) {
        visit(k, soft);
        visit(v, soft);
      }
      return;
    }
    const n = node as Node;
    if (!n || typeof n !== "object" || typeof n.type !== "string") return;
    switch (n.type) {
      case "If":
      case "Ternary":
        for (const key in n) visit(n[key], true);
        return;
      case "SelectExpression":
        visit(n.lhs, true);
        visit(n.test, true);
        return;
      case "For": {
        const it = n.iterable as AstNode;
        if (it.type === "SelectExpression") {
          visit(it.lhs, soft);
          visit(it.test, false);
        } else visit(it, soft);
        visit(n.body, false);
        visit(n.defaultBlock, soft);
        return;
      }
      case "Macro":
        visit(n.args, false);
        visit(n.body, false);
        return;
      case "CallStatement":
        visit(n.call, soft);
        visit(n.body, false);
        return;
      case "FilterStatement":
        visit(n.filter, false);
        visit(n.body, false);
        checkFilter(n.filter as AstNode, false);
        return;
      case "Set":
        visit(n.assignee, soft);
        visit(n.value, soft);
        visit(n.body, false);
        return;
      case "FilterExpression":
        checkFilter(n.filter as AstNode, soft);
        visit(n.operand, soft);
        visit(n.filter, soft);
        return;
      case "TestExpression": {
        const name = (n.test as { value: string }).value;
        if (!soft && !tests.has(name)) throw new TemplateSyntaxError(`No test named '${name}'.`, "TemplateAssertionError");
        visit(n.operand, soft);
        visit(n.testArgs, soft);
        return;
      }
    }
    for (const key in n) {
      const child = n[key];
      if (child && typeof child === "object") visit(child, soft);
    }
  };
  const checkFilter = (filter: AstNode, soft: boolean) => {
    const name = filter.type === "Identifier" ? (filter.value as string) : ((filter.callee as AstNode).value as string);
    if (!soft && !filters.has(name)) throw new TemplateSyntaxError(`No filter named '${name}'.`, "TemplateAssertionError");
  };
  visit(program, false);
}
