/**
 * Which format parses the output of a shared template, and whether its generation prompt leaves
 * the model inside a reasoning block (QwQ's `<think>\n` prefill): llama.cpp prepends the
 * generation prompt before parsing, so its cases may begin inside reasoning.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Template } from "@huggingface/jinja";
import { getFormat } from "../../parsers/index.ts";
import { SHARED } from "./corpus.ts";

/** Shared template file → format id, for the families toolwire parses. */
export const TEMPLATE_FORMATS: Record<string, string> = {
  "NousResearch-Hermes-2-Pro-Llama-3-8B-tool_use.jinja": "hermes",
  "NousResearch-Hermes-3-Llama-3.1-8B-tool_use.jinja": "hermes",
  "vllm-tool_chat_template_hermes.jinja": "hermes",
  "Qwen-Qwen2.5-7B-Instruct.jinja": "qwen",
  "Qwen-QwQ-32B.jinja": "qwen",
  "Qwen-Qwen3-0.6B.jinja": "qwen",
  "mistralai-Mistral-Nemo-Instruct-2407.jinja": "mistral",
  "Mistral-Small-3.2-24B-Instruct-2506.jinja": "mistral",
  "unsloth-mistral-Devstral-Small-2507.jinja": "mistral",
  "mistralai-Ministral-3-14B-Reasoning-2512.jinja": "mistral",
};

export interface TemplateInfo {
  format: string;
  hasReasoning: boolean;
  opensReasoning: boolean;
}

const cache = new Map<string, TemplateInfo | null>();

/** The format of a shared template file and what its generation prompt does with reasoning.
 *  `enable_thinking` defaults to true, as in llama.cpp. */
export function templateFormat(file: string, kwargs: { enable_thinking?: boolean } = {}): TemplateInfo | null {
  const thinking = kwargs.enable_thinking ?? true;
  const key = `${file}|${thinking}`;
  if (cache.has(key)) return cache.get(key)!;
  const format = TEMPLATE_FORMATS[file];
  let info: TemplateInfo | null = null;
  if (format) {
    const r = getFormat(format).reasoning;
    let opens = false;
    if (r) {
      const prompt = generationPrompt(readFileSync(join(SHARED, "templates", file), "utf8"), thinking);
      opens = prompt.lastIndexOf(r.open) > prompt.lastIndexOf(r.close);
    }
    info = { format, hasReasoning: !!r, opensReasoning: opens };
  }
  cache.set(key, info);
  return info;
}

function generationPrompt(template: string, enable_thinking: boolean): string {
  try {
    return new Template(template).render({
      messages: [{ role: "user", content: "Hey there!" }],
      add_generation_prompt: true,
      enable_thinking,
      bos_token: "<s>",
      eos_token: "</s>",
      tools: null,
    });
  } catch {
    return "";
  }
}
