/**
 * `CompatInterpreter`: @huggingface/jinja's `Interpreter`, extended to evaluate with the
 * semantics of Python Jinja2 as transformers configures it.
 *
 * It subclasses the library's interpreter and overrides `evaluate` for the node kinds whose
 * behaviour differs (output of non-strings, member access, operators, filters, tests, `for`,
 * calls, dict literals, macros' scope), delegating the rest (`Program`, `Set`,
 * `CallStatement`, macro argument binding, argument evaluation) to the library. Render limits
 * are enforced here.
 *
 * ```ts
 * const interp = new CompatInterpreter(env, resolveLimits());
 * interp.run(program); // StringValue with the prompt
 * ```
 *
 * Throws `ChatTemplateError` subclasses (errors.ts) and `TemplateLimitError` (limits.ts).
 *
 * Source: huggingface.js `packages/jinja/src/runtime.ts` (what is extended), Jinja2
 * `compiler.py` / `runtime.py` (what is reproduced).
 */
import { Environment, Interpreter } from "@huggingface/jinja";
import { pyTypeError, pyValueError, TemplateRuntimeError, TemplateSyntaxError } from "../errors.ts";
import { TemplateLimitError, type RenderLimits } from "../limits.ts";
import type { Kwargs } from "./args.ts";
import { getattr, getitem, getslice } from "./attributes.ts";
import { FILTERS, type FilterContext } from "./filters.ts";
import { LoopContext } from "./loop.ts";
import { binop, compare, dictKey, failUndefined, isNum, numOf, pyIterate, truthy } from "./ops.ts";
import { objectTypeRepr, pyStr, typeName } from "./pystr.ts";
import {
  ArrayValue,
  FloatValue,
  FunctionValue,
  IntegerValue,
  KeywordArgumentsValue,
  NamespaceValue,
  ObjectValue,
  StringValue,
  TupleValue,
  UndefinedValue,
  type ArrV,
  type FnV,
  type MapV,
  type RV,
} from "./runtime.ts";
import { unmangleName } from "./source.ts";
import { TESTS } from "./tests.ts";
import { isConstant } from "./constants.ts";
import { walk, type AstNode } from "./tokens.ts";
import { FALSE, NativeObject, NONE, TRUE, float, int, list, str, undef } from "./values.ts";

/** `{% break %}` / `{% continue %}`, carrying the output produced before it in the iteration. */
export class LoopSignal {
  partial = "";
  constructor(readonly kind: "break" | "continue") {}
}

const CACHED = Symbol("toolwire.literal");
const SPECIAL = Symbol("toolwire.macroSpecials");
/** Scopes made by `{% call %}` blocks: the only way a macro receives `caller`. */
const CALL_SCOPES = new WeakSet<Environment>();
const NO_KWARGS: Kwargs = new Map();
type N = AstNode & { [CACHED]?: RV; [SPECIAL]?: Set<string> };

/** The library's private helpers this subclass calls (present at runtime, hidden in the types). */
interface LibraryInternals {
  evaluateArguments(args: unknown[], env: Environment): [RV[], Map<string, RV>];
  bindMacroArguments(label: string, params: unknown[], special: Set<string>, args: RV[], scope: Environment): void;
}

export class CompatInterpreter extends Interpreter implements FilterContext {
  private loops = 0;
  private macroCalls = 0;
  private depth = 0;
  /** Set while evaluating a constant output expression the way Jinja2's compiler folds it. */
  private constMode = false;

  constructor(
    env: Environment,
    readonly limits: RenderLimits,
  ) {
    super(env);
  }

  private args(nodes: unknown[], env: Environment): [RV[], Map<string, RV>] {
    return (this as unknown as LibraryInternals).evaluateArguments(nodes, env);
  }

  evaluate(statement: unknown, environment: Environment): never {
    return this.ev(statement as N | undefined, environment) as never;
  }

  /** Evaluates one node. */
  ev(node: N | undefined, env: Environment): RV {
    if (!node) return NONE;
    switch (node.type) {
      case "StringLiteral":
        return (node[CACHED] ??= new StringValue(node.value as string));
      case "IntegerLiteral":
        return (node[CACHED] ??= new IntegerValue(node.value as number));
      case "FloatLiteral":
        return (node[CACHED] ??= new FloatValue(node.value as number));
      case "Identifier":
        return this.lookup(node.value as string, env);
      case "MemberExpression":
        return this.member(node, env);
      case "CallExpression":
        return this.call(node, env);
      case "BinaryExpression":
        return this.binary(node, env);
      case "UnaryExpression":
        return this.unary(node, env);
      case "FilterExpression":
        return this.applyFilter(this.ev(node.operand as N, env), node.filter as N, env);
      case "FilterStatement":
        return this.applyFilter(str(this.block(node.body as N[], env)), node.filter as N, env);
      case "TestExpression":
        return this.test(node, env);
      case "If":
        return str(this.block((truthy(this.ev(node.test as N, env)) ? node.body : node.alternate) as N[], env));
      case "For":
        return str(this.forLoop(node, env));
      case "Ternary":
        return truthy(this.ev(node.condition as N, env))
          ? this.ev(node.trueExpr as N, env)
          : this.ev(node.falseExpr as N, env);
      case "SelectExpression":
        return truthy(this.ev(node.test as N, env))
          ? this.ev(node.lhs as N, env)
          : undef("the inline if-expression evaluated to false and no else section was defined.");
      case "ArrayLiteral":
        return list((node.value as N[]).map((x) => this.ev(x, env)));
      case "TupleLiteral":
        return new TupleValue((node.value as N[]).map((x) => this.ev(x, env)));
      case "ObjectLiteral": {
        const map = new Map<unknown, RV>();
        for (const [k, v] of node.value as Map<N, N>) map.set(dictKey(this.ev(k, env)), this.ev(v, env));
        return new ObjectValue(map);
      }
      case "Break":
        throw new LoopSignal("break");
      case "Continue":
        throw new LoopSignal("continue");
      case "Comment":
        return NONE;
      case "Folded":
        return node.value as RV;
      case "Macro":
        return this.macro(node, env);
      case "Set":
        return this.set(node, env);
      case "CallStatement":
        return this.callBlock(node, env);
      default:
        return super.evaluate(node as never, env) as unknown as RV;
    }
  }

  /** Renders statements to a string (replaces the library's `evaluateBlock`). */
  block(statements: N[], env: Environment): string {
    let out = "";
    const max = this.limits.maxOutputChars;
    try {
      for (const s of statements) {
        const type = s.type;
        if (type === "StringLiteral") {
          out += s.value as string;
        } else if (type === "If") {
          out += this.block((truthy(this.ev(s.test as N, env)) ? s.body : s.alternate) as N[], env);
        } else if (type === "For") {
          out += this.forLoop(s, env);
        } else {
          const v = isConstant(s) ? this.constant(s, env) : this.ev(s, env);
          if (type === "Set" || type === "Macro" || type === "Comment") continue;
          out += v instanceof StringValue ? (v.value as string) : pyStr(v);
        }
        if (out.length > max) throw new TemplateLimitError("maxOutputChars", max, "output too long");
      }
    } catch (e) {
      if (e instanceof LoopSignal) e.partial = out + e.partial;
      throw e;
    }
    return out;
  }

  /** Evaluates a constant expression the way Jinja2's `as_const` does (see {@link foldConstants}). */
  evalConstant(node: N, env: Environment): RV {
    this.constMode = true;
    try {
      return this.ev(node, env);
    } finally {
      this.constMode = false;
    }
  }

  /**
   * A constant `{{ … }}`: Jinja2's code generator first tries to evaluate it at compile time
   * (`as_const`) and falls back to the normal run-time evaluation when that raises.
   */
  private constant(node: N, env: Environment): RV {
    this.constMode = true;
    try {
      return this.ev(node, env);
    } catch {
      // evaluate again below, the run-time way
    } finally {
      this.constMode = false;
    }
    return this.ev(node, env);
  }

  private lookup(name: string, env: Environment): RV {
    for (let e: Environment | undefined = env; e; e = e.parent) {
      const v = e.variables.get(name) as unknown as RV | undefined;
      if (v === undefined) continue;
      if (v.constructor === UndefinedValue) {
        // the library binds a macro parameter that was not passed (and has no default) as a bare
        // undefined; Jinja2's carries this message
        return undef(`parameter '${unmangleName(name)}' was not provided`);
      }
      if (name === "varargs" && v instanceof ArrayValue && !(v instanceof TupleValue)) {
        // the library binds a macro's extra positional arguments as a list; Python has a tuple
        const t = new TupleValue((v as ArrV).value);
        e.variables.set(name, t as never);
        return t;
      }
      return v;
    }
    return undef(`'${unmangleName(name)}' is undefined`);
  }

  private member(node: N, env: Environment): RV {
    const obj = this.ev(node.object as N, env);
    const prop = node.property as N;
    if (node.computed) {
      if (prop.type === "SliceExpression") {
        const part = (p: unknown) => (p ? this.ev(p as N, env) : NONE);
        const [start, stop, step] = [part(prop.start), part(prop.stop), part(prop.step)];
        if (this.constMode) {
          // Jinja2 evaluates a constant `{{ … }}` at compile time, slicing through the sandbox's
          // getitem, which turns a failed slice into an undefined value instead of raising
          try {
            return getslice(obj, start, stop, step);
          } catch (e) {
            if (e instanceof TemplateRuntimeError && e.pythonType === "TypeError") {
              return undef(`${objectTypeRepr(obj)} has no element slice`);
            }
            throw e;
          }
        }
        return getslice(obj, start, stop, step);
      }
      return getitem(obj, this.ev(prop, env));
    }
    if (prop.type === "IntegerLiteral") return getitem(obj, int(prop.value as number));
    return getattr(obj, unmangleName(prop.value as string));
  }

  private call(node: N, env: Environment): RV {
    const fn = this.ev(node.callee as N, env);
    const [args, kwargs] = this.args(node.args as unknown[], env);
    let result: RV;
    if (fn instanceof FunctionValue) {
      if (kwargs.size > 0) args.push(new KeywordArgumentsValue(kwargs));
      result = (fn as FnV).value(args, env);
    } else if (fn instanceof NativeObject && fn.call) {
      result = fn.call(args);
    } else if (fn instanceof UndefinedValue) {
      failUndefined(fn);
    } else {
      throw pyTypeError(`'${typeName(fn)}' object is not callable`);
    }
    return this.checked(result);
  }

  private checked(v: RV): RV {
    if (v instanceof StringValue && (v.value as string).length > this.limits.maxOutputChars) {
      throw new TemplateLimitError("maxOutputChars", this.limits.maxOutputChars, "string too long");
    }
    return v;
  }

  private binary(node: N, env: Environment): RV {
    const op = (node.operator as { value: string }).value;
    const left = this.ev(node.left as N, env);
    if (op === "and") return truthy(left) ? this.ev(node.right as N, env) : left;
    if (op === "or") return truthy(left) ? left : this.ev(node.right as N, env);
    const right = this.ev(node.right as N, env);
    switch (op) {
      case "==":
      case "!=":
      case "<":
      case "<=":
      case ">":
      case ">=":
      case "in":
      case "not in":
        return compare(op, left, right) ? TRUE : FALSE;
    }
    if (op === "**" && isNum(left) && (numOf(left) < 0 || Object.is(numOf(left), -0))) {
      // Jinja2 inlines a constant left operand as a literal, so `(-2) ** n` with a run-time `n`
      // runs as Python's `-2 ** n`, i.e. `-(2 ** n)` (its compile-time folding, with a constant
      // `n`, computes `(-2) ** n`)
      if (isConstant(node.left) && !isConstant(node.right)) {
        const abs = left instanceof FloatValue ? float(-numOf(left)) : int(-numOf(left));
        const r = binop("**", abs, right, this.limits);
        return r instanceof FloatValue ? float(-numOf(r)) : int(-numOf(r));
      }
    }
    return this.checked(binop(op, left, right, this.limits));
  }

  private unary(node: N, env: Environment): RV {
    const op = (node.operator as { value: string }).value;
    const v = this.ev(node.argument as N, env);
    if (op === "not") return truthy(v) ? FALSE : TRUE;
    if (v instanceof UndefinedValue) failUndefined(v);
    if (!isNum(v)) throw pyTypeError(`bad operand type for unary ${op}: '${typeName(v)}'`);
    const n = op === "-" ? -numOf(v) : numOf(v);
    return v instanceof FloatValue ? float(n) : int(n);
  }

  private applyFilter(value: RV, filter: N, env: Environment): RV {
    if (filter.type === "Identifier") return this.callFilter(filter.value as string, value, [], NO_KWARGS);
    const callee = filter.callee as N;
    const [args, kwargs] = this.args(filter.args as unknown[], env);
    return this.callFilter(callee.value as string, value, args, kwargs);
  }

  callFilter(name: string, value: RV, args: RV[], kwargs: Kwargs): RV {
    const fn = FILTERS.get(name);
    if (!fn) throw new TemplateRuntimeError(`No filter named '${name}' found.`);
    return this.checked(fn(this, value, args, kwargs));
  }

  callTest(name: string, value: RV, args: RV[], kwargs: Kwargs): boolean {
    const fn = TESTS.get(name);
    if (!fn) throw new TemplateRuntimeError(`No test named '${name}' found.`);
    if (kwargs.size) throw pyTypeError(`test ${name} takes no keyword arguments`);
    return fn(value, args);
  }

  get maxChars(): number {
    return this.limits.maxOutputChars;
  }

  checkSize(items: number): void {
    if (items > this.limits.maxOutputChars) {
      throw new TemplateLimitError("maxOutputChars", this.limits.maxOutputChars, "string too long");
    }
  }

  private test(node: N, env: Environment): RV {
    const value = this.ev(node.operand as N, env);
    const name = (node.test as { value: string }).value;
    const [args, kwargs] = node.testArgs ? this.args(node.testArgs as unknown[], env) : [[], NO_KWARGS];
    const r = this.callTest(name, value, args, kwargs);
    return (node.negate ? !r : r) ? TRUE : FALSE;
  }

  /** `{% set target = value %}` and `{% set target | filter %}…{% endset %}`. */
  private set(node: N, env: Environment): RV {
    let target = node.assignee as N;
    let value: RV;
    if (node.value) value = this.ev(node.value as N, env);
    else {
      value = str(this.block(node.body as N[], env));
      if (target.type === "FilterExpression") {
        value = this.applyFilter(value, target.filter as N, env);
        target = target.operand as N;
      }
    }
    if (target.type === "MemberExpression") {
      const obj = this.ev(target.object as N, env);
      const prop = target.property as N;
      if (!(obj instanceof NamespaceValue)) {
        throw new TemplateRuntimeError("cannot assign attribute on non-namespace object");
      }
      if (target.computed || prop.type !== "Identifier") throw new TemplateSyntaxError("can't assign to an item");
      (obj as MapV).value.set(unmangleName(prop.value as string), value);
    } else if (target.type === "Identifier" || target.type === "TupleLiteral") {
      this.bind(target, value, env);
    } else {
      throw new TemplateSyntaxError(`can't assign to ${target.type}`);
    }
    return NONE;
  }

  /** Binds a loop target (`x` or `a, b`) like Python unpacking. */
  private bind(target: N, value: RV, env: Environment): void {
    if (target.type === "Identifier") {
      env.variables.set(target.value as string, value as never);
      return;
    }
    const names = target.value as N[];
    const items = pyIterate(value);
    if (items.length < names.length) {
      throw pyValueError(`not enough values to unpack (expected ${names.length}, got ${items.length})`);
    }
    if (items.length > names.length) throw pyValueError(`too many values to unpack (expected ${names.length})`);
    for (let i = 0; i < names.length; i++) this.bind(names[i], items[i], env);
  }

  private forLoop(node: N, env: Environment): string {
    let iterNode = node.iterable as N;
    let filter: N | null = null;
    if (iterNode.type === "SelectExpression") {
      filter = iterNode.test as N;
      iterNode = iterNode.lhs as N;
    }
    let items = pyIterate(this.ev(iterNode, env));
    const target = node.loopvar as N;
    const scope = new Environment(env);
    if (filter) {
      const kept: RV[] = [];
      for (const item of items) {
        scope.variables.clear();
        this.bind(target, item, scope);
        if (truthy(this.ev(filter, scope))) kept.push(item);
      }
      items = kept;
    }
    const loop = new LoopContext(items, 0);
    const max = this.limits.maxLoopIterations;
    let out = "";
    // Jinja2 renders the else block unless some iteration ran its body to the end (an
    // iteration left by break/continue does not count).
    let completed = false;
    for (let i = 0; i < items.length; i++) {
      if (++this.loops > max) throw new TemplateLimitError("maxLoopIterations", max, "too many loop iterations");
      scope.variables.clear();
      scope.variables.set("loop", loop as never);
      loop.index0 = i;
      this.bind(target, items[i], scope);
      try {
        out += this.block(node.body as N[], scope);
        completed = true;
      } catch (e) {
        if (!(e instanceof LoopSignal)) throw e;
        out += e.partial;
        if (e.kind === "break") break;
      }
      if (out.length > this.limits.maxOutputChars) {
        throw new TemplateLimitError("maxOutputChars", this.limits.maxOutputChars, "output too long");
      }
    }
    if (!completed) out += this.block(node.defaultBlock as N[], env);
    return out;
  }

  /** `{% call(params) macro(args) %}body{% endcall %}`: calls the macro with `caller` = body. */
  private callBlock(node: N, env: Environment): RV {
    const call = node.call as N;
    const params = (node.callerArgs ?? []) as unknown[];
    const special = (node[SPECIAL] ??= specialMacroArguments({ type: "Macro", args: params, body: node.body }));
    const body = node.body as N[];
    const callerFn = new FunctionValue((callerArgs) => {
      const scope = new Environment(env);
      (this as unknown as LibraryInternals).bindMacroArguments("None", params, special, callerArgs, scope);
      return str(this.block(body, scope));
    });
    const fn = this.ev(call.callee as N, env);
    const [args, kwargs] = this.args(call.args as unknown[], env);
    if (!(fn instanceof FunctionValue)) {
      if (fn instanceof UndefinedValue) failUndefined(fn);
      throw pyTypeError(`'${typeName(fn)}' object is not callable`);
    }
    args.push(new KeywordArgumentsValue(kwargs));
    const scope = new Environment(env);
    scope.variables.set("caller", callerFn as never);
    CALL_SCOPES.add(scope);
    return this.checked((fn as FnV).value(args, scope));
  }

  /**
   * `{% macro name(params) %}`: defines the macro with lexical scope (the environment it is
   * defined in, as Jinja2 does; the library's own macros resolve names in the caller's scope),
   * binds arguments with the library's `bindMacroArguments`, and counts calls and nesting depth
   * against the limits.
   */
  private macro(node: N, env: Environment): RV {
    const name = (node.name as { value: string }).value;
    const special = (node[SPECIAL] ??= specialMacroArguments(node));
    const params = node.args as unknown[];
    const body = node.body as N[];
    const label = `'${name}'`;
    const fn = new FunctionValue((args, scope) => {
      if (++this.macroCalls > this.limits.maxMacroCalls) {
        throw new TemplateLimitError("maxMacroCalls", this.limits.maxMacroCalls, "too many macro calls");
      }
      if (++this.depth > this.limits.maxCallDepth) {
        this.depth--;
        throw new TemplateLimitError("maxCallDepth", this.limits.maxCallDepth, "macro calls nested too deeply");
      }
      try {
        const macroScope = new Environment(env);
        // a `{% call %}` block hands its `caller` through the scope argument
        if (scope && CALL_SCOPES.has(scope)) macroScope.variables.set("caller", scope.variables.get("caller")!);
        (this as unknown as LibraryInternals).bindMacroArguments(label, params, special, args, macroScope);
        return str(this.block(body, macroScope));
      } finally {
        this.depth--;
      }
    });
    env.variables.set(name, fn as never);
    return NONE;
  }
}


/** Which of Jinja2's implicit macro variables (`varargs`, `kwargs`) a macro body uses. */
function specialMacroArguments(node: N): Set<string> {
  const params = new Set(
    (node.args as N[]).map((p) => (p.type === "Identifier" ? p.value : (p.key as N).value) as string),
  );
  const used = new Set<string>();
  walk(node.body, (n) => {
    if (n.type === "Identifier" && (n.value === "varargs" || n.value === "kwargs") && !params.has(n.value as string)) {
      used.add(n.value as string);
    }
  });
  return used;
}

/** Replaces the library's `evaluateBlock` for this subclass (it is private in the typings). */
(CompatInterpreter.prototype as unknown as {
  evaluateBlock(statements: N[], env: Environment): RV;
}).evaluateBlock = function (this: CompatInterpreter, statements: N[], env: Environment): RV {
  return str(this.block(statements, env));
};
