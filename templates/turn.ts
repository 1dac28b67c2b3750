/**
 * Rendering helpers shared by the capability probe, format detection and the render→parse
 * round trip: a render that reports instead of throwing (with a minja/llama.cpp-compatible
 * fallback for templates that only raise under transformers' sandbox), and the extraction of
 * "the text the model would have generated" for an assistant turn.
 *
 * The generated text of a final assistant message is found by rendering the conversation twice:
 * without that message and with the generation prompt (`P`, what the model is given), and with
 * the message and without the generation prompt (`F`, the history form of the turn). The turn is
 * what `F` has after the longest common prefix of `P` and `F` (backed off to a token boundary),
 * with the leftover of the generation prompt removed where the history form repeats it (compared
 * without whitespace), cut at the first end-of-turn marker. Whether the model starts inside a
 * reasoning block is read from `P` (QwQ's `<think>\n` prefill).
 *
 * Pure: no Node imports.
 */
import { Template } from "@huggingface/jinja";
import { renderChat, type ChatTemplateInput } from "./render.ts";

/** A render that did not throw, or the error it threw. */
export type Rendered = { ok: true; text: string; lenient: boolean } | { ok: false; error: string };

/** Fixed clock for probes, so a template that prints the date renders the same twice. */
export const PROBE_NOW = "2024-07-26T12:00:00";

/**
 * Rewrites the one mutation idiom transformers' sandbox forbids but minja/llama.cpp allow,
 * `{% set _ = x.y.append(v) %}`, into `{% set x.y = x.y + [v] %}` (same effect on a namespace
 * attribute). Returns the text unchanged when there is nothing to rewrite.
 */
export function minjaCompatibleSource(template: string): string {
  return template.replace(
    /\{%(-?)\s*set\s+_\s*=\s*([A-Za-z_][\w.]*)\.append\(([^%]*?)\)\s*(-?)%\}/g,
    (_m, l: string, target: string, value: string, r: string) => `{%${l} set ${target} = ${target} + [${value}] ${r}%}`,
  );
}

/** Renders with transformers semantics; never throws. */
export function tryRender(input: ChatTemplateInput): Rendered {
  try {
    return { ok: true, text: renderChat(input, { now: PROBE_NOW }), lenient: false };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/**
 * Renders with transformers semantics, and when that raises, the way minja/llama.cpp would:
 * first with {@link minjaCompatibleSource}, then with plain @huggingface/jinja. `lenient` tells
 * which one answered. Never throws; the error is transformers'.
 */
export function tryRenderLenient(input: ChatTemplateInput): Rendered {
  const strict = tryRender(input);
  if (strict.ok) return strict;
  const rewritten = minjaCompatibleSource(input.template);
  if (rewritten !== input.template) {
    const r = tryRender({ ...input, template: rewritten });
    if (r.ok) return { ...r, lenient: true };
  }
  try {
    const { template, ...vars } = input;
    const text = new Template(template).render({ tools: null, documents: null, add_generation_prompt: false, ...vars } as never);
    return { ok: true, text, lenient: true };
  } catch {
    return strict;
  }
}

function isBoundary(s: string, i: number): boolean {
  if (i <= 0 || i >= s.length) return true;
  return /[\s>\]}]/.test(s[i - 1]) || /[<[{]/.test(s[i]);
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Where `text`'s first non-whitespace characters spell `needle` (whitespace ignored in both);
 *  returns the index in `text` just after the match, or -1. */
function consumeIgnoringSpace(text: string, needle: string): number {
  const n = needle.replace(/\s+/g, "");
  if (!n) return -1;
  let j = 0;
  let i = 0;
  while (j < n.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length || text[i] !== n[j]) return -1;
    i++;
    j++;
  }
  return i;
}

/** The generated text of a turn: see the module doc. `prompt` is `P`, `full` is `F`. */
export function generatedTurn(prompt: string, full: string): { text: string; aligned: boolean } {
  if (full.startsWith(prompt)) return { text: full.slice(prompt.length), aligned: true };
  let i = commonPrefix(prompt, full);
  while (i > 0 && !(isBoundary(full, i) && isBoundary(prompt, i))) i--;
  const left = prompt.slice(i); // the generation prompt not repeated verbatim
  let rest = full.slice(i);
  // The history form may repeat the tail of the generation prompt (`</think>` after the
  // prompt's `<think></think>`, or with other spacing): drop the longest such repeat.
  for (let j = 0; j < left.length; j++) {
    if (!isBoundary(left, j)) continue;
    const end = consumeIgnoringSpace(rest, left.slice(j));
    if (end > 0) {
      rest = rest.slice(end);
      break;
    }
  }
  return { text: rest, aligned: false };
}

/** Whether `text` ends inside one of the reasoning blocks `pairs`. */
export function endsInReasoning(text: string, pairs: readonly { open: string; close: string }[]): boolean {
  return pairs.some((p) => {
    const o = text.lastIndexOf(p.open);
    return o >= 0 && o > text.lastIndexOf(p.close);
  });
}

/**
 * End-of-turn and end-of-sequence markers of the model families in ../shared/templates, where
 * generation stops. `cutAtEndOfTurn` cuts at the first one present (besides the template's own
 * marker found by rendering a plain answer) unless the format itself writes it.
 */
export const END_OF_TURN_MARKERS: readonly string[] = [
  "<|im_end|>", "<|eot_id|>", "<|eom_id|>", "<|eot|>", "<|end_of_text|>", "<|endoftext|>",
  "<｜end▁of▁sentence｜>", "<|END_OF_TURN_TOKEN|>", "<end_of_turn>", "<turn|>", "<|tool_response>",
  "<seed:eos>", "<end_of_sentence>", "[e~[", "<|call|>", "<|return|>", "<|calls|>", "<|eos|>",
  "<｜hy_eos:opensource｜>", "<|end_of_msg|>", "<|user_end|>", "<|assistant_end|>", "<|message_sep|>",
  "<SPECIAL_12>", "</assistant>", "<sep>",
];

/** Cuts `text` at the first of `markers` it contains (none: unchanged). */
export function cutAtEndOfTurn(text: string, markers: readonly string[]): string {
  let cut = text.length;
  for (const m of markers) {
    if (!m) continue;
    const k = text.indexOf(m);
    if (k >= 0 && k < cut) cut = k;
  }
  return text.slice(0, cut);
}
