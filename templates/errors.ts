/**
 * Errors thrown while compiling or rendering a chat template.
 *
 * Every error is a {@link ChatTemplateError}; `pythonType` names the exception Python
 * transformers (Jinja2) raises in the same situation, so callers can compare with it.
 *
 * | class                      | when                                              | pythonType examples |
 * |----------------------------|---------------------------------------------------|---------------------|
 * | {@link TemplateError}      | the template called `raise_exception(msg)`        | `TemplateError`     |
 * | {@link TemplateSyntaxError}| the template text does not parse                  | `TemplateSyntaxError` |
 * | {@link TemplateRuntimeError}| the template did something Python rejects        | `TypeError`, `UndefinedError`, `SecurityError`, `ValueError`, … |
 * | `TemplateLimitError` (limits.ts) | a render limit was exceeded                 | (none in Python)    |
 *
 * ```ts
 * try { renderChat({ template: "{{ raise_exception('no') }}", messages: [] }); }
 * catch (e) { e instanceof TemplateError; e.message === "no"; }
 * ```
 *
 * Source: Jinja2 `jinja2/exceptions.py`, transformers `utils/chat_template_utils.py`.
 */
export class ChatTemplateError extends Error {
  /** The Python exception class transformers would raise (e.g. "TypeError"). */
  readonly pythonType: string;
  constructor(message: string, pythonType: string) {
    super(message);
    this.name = new.target.name;
    this.pythonType = pythonType;
  }
}

/** `raise_exception(message)` was called by the template; `message` is the template's text. */
export class TemplateError extends ChatTemplateError {
  constructor(message: string) {
    super(message, "TemplateError");
  }
}

/** The template text is not valid (for this implementation of) Jinja. */
export class TemplateSyntaxError extends ChatTemplateError {
  constructor(message: string, pythonType = "TemplateSyntaxError") {
    super(message, pythonType);
  }
}

/**
 * The template performed an operation Python rejects: a type error (`"a" + 1`), use of an
 * undefined value (`x.y` where `x` is undefined), a sandbox violation (`list.append`), …
 */
export class TemplateRuntimeError extends ChatTemplateError {
  constructor(message: string, pythonType = "TemplateRuntimeError") {
    super(message, pythonType);
  }
}

/** Shorthand constructors used by the compat layer. */
export const pyTypeError = (message: string) => new TemplateRuntimeError(message, "TypeError");
export const pyValueError = (message: string) => new TemplateRuntimeError(message, "ValueError");
export const pyUndefinedError = (message: string) => new TemplateRuntimeError(message, "UndefinedError");
export const pySecurityError = (message: string) => new TemplateRuntimeError(message, "SecurityError");
