/**
 * `renderChat`: a chat template rendered exactly as Python transformers'
 * `apply_chat_template(..., tokenize=False)` renders it (see the function's doc).
 */
import { Environment } from "@huggingface/jinja";
import { compileChatTemplate, TEMPLATE_CACHE_SIZE } from "./compile.ts";
import { CompatInterpreter, LoopSignal } from "./compat/interpreter.ts";
import { makeGlobals, makeStrftimeNow } from "./compat/globals.ts";
import { civil, type CivilTime } from "./compat/strftime.ts";
import { toRuntime } from "./compat/values.ts";
import { mangleName } from "./compat/source.ts";
import { ChatTemplateError, TemplateRuntimeError, TemplateSyntaxError } from "./errors.ts";
import { resolveLimits, TemplateLimitError, type RenderLimits } from "./limits.ts";

/** What `renderChat` renders: the template text and the variables it sees. */
export interface ChatTemplateInput {
  /** The Jinja chat template text (see load.ts to get it from tokenizer_config.json). */
  template: string;
  /** Chat messages (`{ role, content, tool_calls?, … }`), passed through as given. */
  messages: unknown[];
  /** Tool (function) definitions; `None` in the template when absent. */
  tools?: unknown[] | null;
  /** RAG documents; `None` in the template when absent. */
  documents?: unknown[] | null;
  add_generation_prompt?: boolean;
  bos_token?: string;
  eos_token?: string;
  /** Any other template variable (`enable_thinking`, `reasoning_effort`, …). */
  [kwarg: string]: unknown;
}

/** How `renderChat` renders. */
export interface RenderOptions {
  /** Overrides of the render limits (limits.ts). */
  limits?: Partial<RenderLimits>;
  /**
   * The clock of `strftime_now`: a Date (its local time), a naive ISO date-time text
   * (`"2024-07-26T12:00:00"`, taken as is), or a function returning a Date. An invalid text
   * throws RangeError.
   */
  now?: Date | string | (() => Date);
}

const SHARED_GLOBALS = makeGlobals({ now: () => civil(new Date()) });
const GLOBAL_ENV = new Environment();
for (const [name, value] of SHARED_GLOBALS) GLOBAL_ENV.setVariable(name, value as never);

function clockOf(now: RenderOptions["now"]): () => CivilTime {
  if (typeof now === "function") return () => civil(now());
  if (now instanceof Date) return () => civil(now);
  const fixed = civil(now as string);
  return () => fixed;
}

const RESERVED = new Set(["template", "messages", "tools", "documents", "add_generation_prompt"]);

/**
 * Renders a chat template exactly as Python transformers'
 * `tokenizer.apply_chat_template(messages, tools=..., tokenize=False, **kwargs)` does.
 *
 * Input: `{ template, messages, tools?, documents?, add_generation_prompt?, bos_token?,
 * eos_token?, ...kwargs }` (kwargs such as `enable_thinking` become template variables).
 * Output: the prompt string.
 *
 * ```ts
 * renderChat({
 *   template: "{% for m in messages %}<|{{ m.role }}|>{{ m.content }}\n{% endfor %}" +
 *             "{% if add_generation_prompt %}<|assistant|>{% endif %}",
 *   messages: [{ role: "user", content: "Hi" }],
 *   add_generation_prompt: true,
 * }); // "<|user|>Hi\n<|assistant|>"
 * ```
 *
 * Semantics (transformers with Jinja2 3.1's `ImmutableSandboxedEnvironment`, `trim_blocks`,
 * `lstrip_blocks`, loop controls):
 * - the template sees exactly what it is given: `tools` and `documents` are `None` when absent
 *   (so `tools is defined` is true), `add_generation_prompt` defaults to false, `bos_token`,
 *   `eos_token` and other kwargs are defined only when passed;
 * - integral numbers are `int`, others `float` (wrap a number in `PyFloat` to keep `1.0`, or
 *   read JSON with `parseJsonInput`); `Map`s are dicts with their key order;
 * - `tojson` is `json.dumps(ensure_ascii=False)`; `strftime_now(fmt)` formats `options.now`
 *   (default: the current local time); `raise_exception(msg)` throws {@link TemplateError}.
 *
 * Throws:
 * - {@link TemplateError} when the template calls `raise_exception` (message = the template's),
 * - {@link TemplateSyntaxError} when it does not parse,
 * - {@link TemplateRuntimeError} where Python raises (TypeError, UndefinedError,
 *   SecurityError, …; see `pythonType`),
 * - {@link TemplateLimitError} past a render limit (defaults: 4,000,000 output chars, 200,000
 *   loop iterations, 100,000 macro calls, macro call depth 400; override with
 *   `options.limits`, see limits.ts),
 * - TypeError when `template` is not a string or `messages` not an array.
 *
 * Parsed templates are cached by their text (LRU of {@link TEMPLATE_CACHE_SIZE}, compile.ts).
 *
 * Sources: transformers `utils/chat_template_utils.py` (`_compile_jinja_template`,
 * `render_jinja_template`), Jinja2 3.1; reference renderer `../shared/tools/ref_render.py`.
 */
export function renderChat(input: ChatTemplateInput, options: RenderOptions = {}): string {
  const { template, messages } = input;
  if (typeof template !== "string") throw new TypeError("renderChat: `template` must be a string");
  if (!Array.isArray(messages)) throw new TypeError("renderChat: `messages` must be an array");
  const limits = resolveLimits(options.limits);
  const program = compileChatTemplate(template);

  const env = new Environment(GLOBAL_ENV);
  if (options.now !== undefined) env.setVariable("strftime_now", makeStrftimeNow(clockOf(options.now)) as never);
  const set = (name: string, value: unknown) => env.setVariable(name, toRuntime(value) as never);
  set("messages", messages);
  set("tools", input.tools ?? null);
  set("documents", input.documents ?? null);
  set("add_generation_prompt", !!input.add_generation_prompt);
  for (const key of Object.keys(input)) {
    if (!RESERVED.has(key) && input[key] !== undefined) set(mangleName(key), input[key]);
  }

  const interpreter = new CompatInterpreter(env, limits);
  try {
    return interpreter.block(program.body as never, env);
  } catch (e) {
    throw asTemplateError(e, limits);
  }
}

/** Maps engine failures to the documented error classes. */
function asTemplateError(e: unknown, limits: RenderLimits): Error {
  if (e instanceof ChatTemplateError) return e;
  if (e instanceof RangeError) {
    if (/call stack/i.test(e.message)) {
      return new TemplateLimitError("maxCallDepth", limits.maxCallDepth, "recursion too deep");
    }
    if (/string length|array length/i.test(e.message)) {
      return new TemplateLimitError("maxOutputChars", limits.maxOutputChars, "value too large");
    }
  }
  if (e instanceof LoopSignal) {
    return new TemplateSyntaxError("'break' or 'continue' outside of a loop");
  }
  // argument errors of the library's macro binding are TypeErrors in Python
  if (e instanceof Error && /^macro .* (takes|argument)/.test(e.message)) {
    return new TemplateRuntimeError(e.message, "TypeError");
  }
  return new TemplateRuntimeError(e instanceof Error ? e.message : String(e));
}
