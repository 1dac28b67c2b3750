/**
 * Jinja2's compile-time constant folding, where it changes results.
 *
 * Jinja2's optimizer evaluates constant expressions while compiling (`as_const`) and its code
 * generator renders a constant `{{ … }}` from that value. That evaluation slices through the
 * sandbox's `getitem`, so a failed slice of a constant gives an undefined value where the
 * run-time slice would raise (`{{ (300)[::-1] }}` prints nothing). {@link isConstant} tells the
 * interpreter when it is in that situation; {@link foldConstants} replaces constant
 * sub-expressions containing a slice by their value, as Jinja2's optimizer does.
 *
 * ```ts
 * isConstant(parse(tokenize("{{ (1, 2)[0] }}")).body[0]); // true
 * ```
 *
 * Source: Jinja2 `nodes.py` (`as_const`, `Const.from_untrusted`), `optimizer.py`,
 * `compiler.py` (`visit_Output`), `utils.py` (`has_safe_repr`).
 */
import type { Environment } from "@huggingface/jinja";
import { isNum } from "./ops.ts";
import { ArrayValue, NamespaceValue, NullValue, ObjectValue, StringValue, type ArrV, type MapV, type RV } from "./runtime.ts";
import { walk, type AstNode } from "./tokens.ts";
import { DictView } from "./values.ts";

type N = AstNode;

/** What folding needs from the interpreter. */
export interface ConstantEvaluator {
  evalConstant(node: AstNode, env: Environment): RV;
}

const CONSTANT = Symbol("toolwire.constant");
const CONSTANT_NAMES = new Set(["true", "false", "none", "True", "False", "None"]);
/** Filters Jinja2 cannot fold at compile time (they need the render context). */
const CONTEXT_FILTERS = new Set(["map", "select", "reject", "selectattr", "rejectattr"]);

/** Whether Jinja2's optimizer would evaluate this expression at compile time (`as_const`). */
export function isConstant(node: unknown): boolean {
  if (!node || typeof node !== "object") return true;
  const n = node as N & { [CONSTANT]?: boolean };
  if (n[CONSTANT] !== undefined) return n[CONSTANT];
  let c: boolean;
  switch (n.type) {
    case "StringLiteral":
    case "IntegerLiteral":
    case "FloatLiteral":
      c = true;
      break;
    case "Identifier":
      c = CONSTANT_NAMES.has(n.value as string);
      break;
    case "ArrayLiteral":
    case "TupleLiteral":
      c = (n.value as N[]).every(isConstant);
      break;
    case "ObjectLiteral":
      c = [...(n.value as Map<N, N>)].every(([k, v]) => isConstant(k) && isConstant(v));
      break;
    case "UnaryExpression":
      c = isConstant(n.argument);
      break;
    case "BinaryExpression":
      c = isConstant(n.left) && isConstant(n.right);
      break;
    case "MemberExpression":
      c = isConstant(n.object) && isConstant(n.property);
      break;
    case "SliceExpression":
      c = isConstant(n.start) && isConstant(n.stop) && isConstant(n.step);
      break;
    case "Ternary":
      c = isConstant(n.condition) && isConstant(n.trueExpr) && isConstant(n.falseExpr);
      break;
    case "TestExpression":
      c = isConstant(n.operand) && ((n.testArgs as N[] | undefined) ?? []).every(isConstant);
      break;
    case "FilterExpression": {
      const f = n.filter as N;
      const name = (f.type === "Identifier" ? f.value : (f.callee as N).value) as string;
      c = !CONTEXT_FILTERS.has(name) && isConstant(n.operand) && (f.type === "Identifier" || (f.args as N[]).every(isConstant));
      break;
    }
    case "KeywordArgumentExpression":
      c = isConstant(n.value);
      break;
    case "Folded":
      c = true;
      break;
    default:
      c = false;
  }
  n[CONSTANT] = c;
  return c;
}

/** Jinja2 `has_safe_repr`: values its optimizer may inline as constants. */
function hasSafeRepr(v: RV): boolean {
  if (v instanceof NullValue || v instanceof StringValue || isNum(v)) return true;
  if (v instanceof DictView) return false;
  if (v instanceof ArrayValue) return (v as ArrV).value.every(hasSafeRepr);
  if (v instanceof ObjectValue && !(v instanceof NamespaceValue)) return [...(v as MapV).value.values()].every(hasSafeRepr);
  return false;
}

/**
 * Jinja2's optimizer folds constant sub-expressions at compile time (bottom-up, keeping a result
 * only when it has a safe repr). Folding evaluates slices through the sandbox's getitem, so a
 * constant like `(1)[1:] is lower` becomes `False` instead of raising at run time. Only constant
 * subtrees containing a slice can differ, so only those are folded here; the AST is updated in
 * place (nodes become `Folded`).
 */
export function foldConstants(program: unknown, interpreter: ConstantEvaluator, env: Environment): void {
  const hasSlice = (node: unknown): boolean => {
    let found = false;
    walk(node, (n) => {
      if (n.type === "SliceExpression") found = true;
    });
    return found;
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node instanceof Map) {
      for (const [k, v] of node) {
        visit(k);
        visit(v);
      }
      return;
    }
    if (!node || typeof node !== "object" || typeof (node as N).type !== "string") return;
    const n = node as N & { [CONSTANT]?: boolean };
    for (const key in n) visit((n as Record<string, unknown>)[key]);
    if (n.type === "SliceExpression" || n.type === "KeywordArgumentExpression" || n.type === "Folded") return;
    delete n[CONSTANT];
    if (!isConstant(n) || n.type.endsWith("Literal") || n.type === "Identifier" || !hasSlice(n)) return;
    let value: RV;
    try {
      value = interpreter.evalConstant(n, env);
    } catch {
      return;
    }
    if (!hasSafeRepr(value)) return;
    for (const key of Object.keys(n)) delete (n as Record<string, unknown>)[key];
    n.type = "Folded";
    n.value = value;
  };
  visit(program);
}
