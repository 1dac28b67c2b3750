/**
 * Get the chat-template text out of whatever file a model ships it in. Pure (no file system):
 * callers read the file; this runs in browsers too.
 *
 * Accepts:
 * - a raw Jinja template (`chat_template.jinja`, `*.jinja`): returned as is;
 * - a `tokenizer_config.json` text: its `chat_template`, either a string or a list of
 *   `{ name, template }` (transformers' named templates) from which `name` is picked
 *   (default "default"; pass "tool_use" for the tool-use variant);
 * - a `chat_template.json` text (`{ "chat_template": "…" }`, what processors save).
 *
 * ```ts
 * loadChatTemplate('{"chat_template": "{{ messages }}"}');                 // "{{ messages }}"
 * loadChatTemplate(tokenizerConfigText, "tool_use");                       // the tool_use template
 * loadChatTemplate("{% for m in messages %}{{ m.content }}{% endfor %}");  // the text itself
 * ```
 *
 * Throws {@link TemplateLoadError} when a JSON text has no usable `chat_template`, or when the
 * requested name is not among the named templates (the message lists the names it has).
 *
 * Source: transformers `tokenization_utils_base.py` (`get_chat_template`, saving of named
 * templates), `processing_utils.py` (`chat_template.json`).
 */
import { ChatTemplateError } from "./errors.ts";

/** The file does not contain a chat template (or not the named one). */
export class TemplateLoadError extends ChatTemplateError {
  constructor(message: string) {
    super(message, "ValueError");
  }
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  const t = text.trimStart();
  if (!t.startsWith("{")) return null;
  try {
    const v: unknown = JSON.parse(t);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null; // a Jinja template starting with "{%" or "{{"
  }
}

/** Returns the chat-template text contained in `text` (see the module doc). */
export function loadChatTemplate(text: string, name?: string): string {
  if (typeof text !== "string") throw new TypeError("loadChatTemplate: text must be a string");
  const json = parseJsonObject(text);
  if (!json) return text;
  if (!("chat_template" in json)) {
    throw new TemplateLoadError(
      "this JSON has no `chat_template` (expected a tokenizer_config.json or chat_template.json)",
    );
  }
  const ct = json.chat_template;
  if (typeof ct === "string") {
    if (name !== undefined && name !== "default") {
      throw new TemplateLoadError(`this file has a single chat template, not one named "${name}"`);
    }
    return ct;
  }
  if (Array.isArray(ct)) {
    const named = new Map<string, string>();
    for (const entry of ct) {
      if (entry && typeof entry === "object" && typeof entry.name === "string" && typeof entry.template === "string") {
        named.set(entry.name, entry.template);
      }
    }
    const wanted = name ?? "default";
    const hit = named.get(wanted);
    if (hit !== undefined) return hit;
    const names = [...named.keys()].map((n) => `"${n}"`).join(", ") || "none";
    throw new TemplateLoadError(`no chat template named "${wanted}" (this file has: ${names})`);
  }
  throw new TemplateLoadError("`chat_template` must be a string or a list of {name, template}");
}

const SPECIAL_TOKENS = ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"];

/**
 * The special tokens of a `tokenizer_config.json` text, which transformers passes to every
 * chat template (`bos_token`, `eos_token`, `unk_token`, `sep_token`, `pad_token`, `cls_token`,
 * `mask_token`, `additional_special_tokens`). A token given as an AddedToken object
 * (`{ "content": "<s>", … }`) gives its content. Other texts (raw Jinja, chat_template.json)
 * give `{}`.
 *
 * ```ts
 * loadSpecialTokens('{"bos_token": "<s>", "eos_token": {"content": "</s>"}, "chat_template": "…"}');
 * // { bos_token: "<s>", eos_token: "</s>" }
 * ```
 *
 * Source: transformers `tokenization_utils_base.py` (`special_tokens_map`, `apply_chat_template`).
 */
export function loadSpecialTokens(text: string): Record<string, string | string[]> {
  const json = parseJsonObject(text);
  const out: Record<string, string | string[]> = {};
  if (!json) return out;
  const content = (v: unknown): string | undefined =>
    typeof v === "string" ? v : v && typeof v === "object" && typeof (v as { content?: unknown }).content === "string"
      ? (v as { content: string }).content
      : undefined;
  for (const name of SPECIAL_TOKENS) {
    const v = content(json[name]);
    if (v !== undefined) out[name] = v;
  }
  const extra = json.additional_special_tokens;
  if (Array.isArray(extra)) {
    const tokens = extra.map(content).filter((t): t is string => t !== undefined);
    if (tokens.length) out.additional_special_tokens = tokens;
  }
  return out;
}
