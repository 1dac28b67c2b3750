/**
 * Which format parses the output of a shared template, and whether its generation prompt leaves
 * the model inside a reasoning block (QwQ's `<think>\n` prefill): llama.cpp prepends the
 * generation prompt before parsing, so its cases may begin inside reasoning.
 *
 * The format is `detectFormat`'s (templates/detect.ts: render a known call, see which parser
 * gives it back); the generation prompt is rendered with `renderChat` (transformers semantics).
 * `templateFormats()` still gives the formats' own `templates` lists, which detectFormat must
 * agree with (test/templates.detect.test.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getFormat, listFormats } from "../../parsers/index.ts";
import { detectFormat } from "../../templates/detect.ts";
import { probeCapabilities } from "../../templates/capabilities.ts";
import { renderChat } from "../../templates/render.ts";
import { SHARED } from "./corpus.ts";

/** Shared template file → format id, from the formats' own `templates` lists. */
export function templateFormats(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of listFormats()) for (const t of f.templates) out[t] = f.id;
  return out;
}

export interface TemplateInfo {
  format: string;
  hasReasoning: boolean;
  opensReasoning: boolean;
}

const cache = new Map<string, TemplateInfo | null>();

/** The format of a shared template file (by `detectFormat`) and what its generation prompt does
 *  with reasoning. `enable_thinking` defaults to true, as in llama.cpp. */
export function templateFormat(file: string, kwargs: { enable_thinking?: boolean } = {}): TemplateInfo | null {
  const thinking = kwargs.enable_thinking ?? true;
  const key = `${file}|${thinking}`;
  if (cache.has(key)) return cache.get(key)!;
  const template = readFileSync(join(SHARED, "templates", file), "utf8");
  const format = detectFormat(template).format;
  let info: TemplateInfo | null = null;
  if (format) {
    const pairs = getFormat(format).reasoning;
    let opens = false;
    if (pairs.length) {
      const prompt = generationPrompt(template, thinking);
      opens = pairs.some((r) => prompt.lastIndexOf(r.open) > prompt.lastIndexOf(r.close));
    }
    info = { format, hasReasoning: pairs.length > 0, opensReasoning: opens };
  }
  cache.set(key, info);
  return info;
}

function generationPrompt(template: string, enable_thinking: boolean): string {
  const caps = probeCapabilities(template);
  try {
    return renderChat(
      {
        ...caps.required_kwargs,
        template,
        messages: [{ role: "user", content: caps.requires_typed_content ? [{ type: "text", text: "Hey there!" }] : "Hey there!" }],
        add_generation_prompt: true,
        enable_thinking,
        bos_token: "<s>",
        eos_token: "</s>",
        tools: null,
      },
      { now: "2024-07-26T12:00:00" },
    );
  } catch {
    return "";
  }
}
