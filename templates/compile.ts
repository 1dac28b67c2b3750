/**
 * Compiles chat-template text to the library's AST, with a bounded cache keyed by the text.
 *
 * Pipeline: `preprocessSource` (Jinja2 lexer rules) → @huggingface/jinja `tokenize` →
 * token rewriting (`rewriteWith`, `markTupleCommas`, `extractTestArgs`, `groupConcat`,
 * `chainComparisons`) →
 * @huggingface/jinja `parse` →
 * AST fix-ups (`attachTestArgs`, `fixTuples`) → `checkNames` (unknown filters/tests) →
 * `foldConstants` (Jinja2's compile-time folding, where it changes results).
 *
 * ```ts
 * const program = compileChatTemplate("{{ messages[0].content }}"); // parsed once, then cached
 * ```
 *
 * Throws TemplateSyntaxError when the text does not parse.
 */
import { parse, tokenize } from "@huggingface/jinja";
import { ChatTemplateError, TemplateSyntaxError } from "./errors.ts";
import { preprocessSource } from "./compat/source.ts";
import { Environment } from "@huggingface/jinja";
import { checkNames } from "./compat/checks.ts";
import { makeGlobals } from "./compat/globals.ts";
import { foldConstants } from "./compat/constants.ts";
import { CompatInterpreter } from "./compat/interpreter.ts";
import { resolveLimits } from "./limits.ts";
import { FILTERS } from "./compat/filters.ts";
import { TESTS } from "./compat/tests.ts";
import {
  attachTestArgs,
  chainComparisons,
  extractTestArgs,
  fixTuples,
  groupConcat,
  markTupleCommas,
  rewriteWith,
  type Tok,
} from "./compat/tokens.ts";

/** Constants (`true`, `none`, …) for compile-time folding. */
const FOLD_ENV = new Environment();
for (const [name, value] of makeGlobals({ now: () => ({ year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0 }) })) {
  FOLD_ENV.setVariable(name, value as never);
}

/** The parsed template (the library's `Program`). */
export type CompiledTemplate = ReturnType<typeof parse>;

/** Most templates kept parsed at once (least recently used are dropped first). */
export const TEMPLATE_CACHE_SIZE = 32;
const cache = new Map<string, CompiledTemplate>();

/** Jinja2's wording for the library's parse errors, where it differs. */
function syntaxMessage(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const tag = /^Unknown statement type: (\w+)/.exec(e.message);
  if (tag) return `Encountered unknown tag '${tag[1]}'.`;
  // the parser ran past the last token: an unclosed block
  if (e instanceof TypeError && /reading 'type'|reading 'value'/.test(e.message)) return "Unexpected end of template.";
  return e.message;
}

/** Parses template text (no caching). */
export function compileUncached(text: string): CompiledTemplate {
  try {
    const source = preprocessSource(text);
    const lexed = tokenize(source) as unknown as Tok[];
    const { tokens, args } = extractTestArgs(markTupleCommas(rewriteWith(lexed)));
    const program = parse(chainComparisons(groupConcat(tokens)) as never);
    attachTestArgs(program, args);
    fixTuples(program);
    checkNames(program, FILTERS, TESTS);
    foldConstants(program, new CompatInterpreter(FOLD_ENV, resolveLimits()), FOLD_ENV);
    return program;
  } catch (e) {
    if (e instanceof ChatTemplateError) throw e;
    throw new TemplateSyntaxError(syntaxMessage(e));
  }
}

/** Parses template text, reusing the result for the same text (LRU, {@link TEMPLATE_CACHE_SIZE}). */
export function compileChatTemplate(text: string): CompiledTemplate {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const program = compileUncached(text);
  cache.set(text, program);
  if (cache.size > TEMPLATE_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return program;
}

/** Empties the parse cache. */
export function clearTemplateCache(): void {
  cache.clear();
}
