/**
 * Bounds for rendering untrusted templates.
 *
 * A chat template is code: it can loop, recurse and build strings. These limits keep one render
 * bounded in time and memory. Exceeding one throws {@link TemplateLimitError}.
 *
 * Defaults ({@link DEFAULT_LIMITS}):
 * - `maxOutputChars`: 4_000_000 — longest string the template may produce (the prompt or any
 *   intermediate string, e.g. from `~`, `*`, `join`); UTF-16 code units.
 * - `maxLoopIterations`: 200_000 — total `{% for %}` iterations in one render (all loops,
 *   nested ones included), and the size of any list a template builds (`range`, `list * n`).
 * - `maxMacroCalls`: 100_000 — total macro invocations in one render.
 * - `maxCallDepth`: 400 — nesting depth of macro calls (Python's own recursion limit is higher,
 *   but a chat template never nests deeply on purpose).
 *
 * ```ts
 * renderChat({ template: "{% for i in range(10**6) %}x{% endfor %}", messages: [] },
 *            { limits: { maxLoopIterations: 1000 } }); // throws TemplateLimitError
 * ```
 */
import { ChatTemplateError } from "./errors.ts";

export interface RenderLimits {
  maxOutputChars: number;
  maxLoopIterations: number;
  maxMacroCalls: number;
  maxCallDepth: number;
}

export const DEFAULT_LIMITS: Readonly<RenderLimits> = Object.freeze({
  maxOutputChars: 4_000_000,
  maxLoopIterations: 200_000,
  maxMacroCalls: 100_000,
  maxCallDepth: 400,
});

/** A render limit was exceeded; `limit` names the option, `value` its setting. */
export class TemplateLimitError extends ChatTemplateError {
  readonly limit: keyof RenderLimits;
  readonly value: number;
  constructor(limit: keyof RenderLimits, value: number, what: string) {
    super(`template render limit exceeded: ${what} (${limit} = ${value})`, "TemplateLimitError");
    this.limit = limit;
    this.value = value;
  }
}

/**
 * The largest width, padding or precision a format operation may ask for (`"%999999999s"`,
 * `"{:>999999999}"`, `.zfill(n)`, `|center(n)`, `|indent(n)`, `tojson(indent=n)`): a sanity
 * bound checked before the string is built, so one call cannot allocate hundreds of MB.
 */
export const MAX_WIDTH = 1_000_000;

/** Throws TemplateLimitError when a requested width exceeds {@link MAX_WIDTH}. */
export function checkWidth(width: number): void {
  if (width > MAX_WIDTH) {
    throw new TemplateLimitError("maxOutputChars", MAX_WIDTH, `width ${width} too large (at most ${MAX_WIDTH})`);
  }
}

/** Merges partial overrides onto the defaults, rejecting nonsense values. */
export function resolveLimits(overrides?: Partial<RenderLimits>): RenderLimits {
  const limits: RenderLimits = { ...DEFAULT_LIMITS };
  if (overrides) {
    for (const key of Object.keys(DEFAULT_LIMITS) as (keyof RenderLimits)[]) {
      const v = overrides[key];
      if (v === undefined) continue;
      if (typeof v !== "number" || !(v >= 0)) throw new RangeError(`limits.${key} must be a number >= 0`);
      limits[key] = v;
    }
  }
  return limits;
}
