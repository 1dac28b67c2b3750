/**
 * `gemma4`: Google Gemma 4 — `<|tool_call>call:name{…}<tool_call|>` in Gemma's own literal syntax
 * (bare keys, strings between `<|"|>` tokens, bare numbers and booleans), and the thinking channel
 * `<|channel>thought\n…<channel|>` separated into `reasoning_content`.
 *
 * ```text
 * <|channel>thought
 * The user wants the weather.<channel|><|tool_call>call:get_weather{city:<|"|>Paris<|"|>,days:3}<tool_call|>
 * ```
 * One call per block; blocks follow each other without separators. With thinking off the
 * generation prompt ends with an empty channel (`<|channel>thought\n<channel|>`), so the output
 * starts in content either way.
 * Source: google/gemma-4-31B-it model card and chat template (`google-gemma-4-31B-it.jinja`,
 * `google-gemma-4-31B-it-interleaved.jinja`), `vllm-tool_chat_template_gemma4.jinja`.
 * vLLM and SGLang parser name: `gemma4`.
 */
import type { FormatSpec } from "../engine/format.ts";
import { argsTree, dictsort, gemmaCall, gemmaLiteral } from "../engine/gemma.ts";

const QUOTE = '<|"|>';

export const gemma4: FormatSpec = {
  id: "gemma4",
  title: 'Gemma 4 `<|tool_call>call:f{k:<|"|>v<|"|>}<tool_call|>` + `<|channel>thought` reasoning',
  source: "google/gemma-4-31B-it model card; templates/google-gemma-4-31B-it.jinja, vllm-tool_chat_template_gemma4.jinja",
  calls: [{ open: "<|tool_call>", body: gemmaCall({ quote: QUOTE }), close: "<tool_call|>" }],
  reasoning: { open: "<|channel>thought", close: "<channel|>" },
  parserNames: ["gemma4"],
  templates: ["google-gemma-4-31B-it.jinja", "google-gemma-4-31B-it-interleaved.jinja", "vllm-tool_chat_template_gemma4.jinja"],
  // As the templates render an assistant turn: the calls (arguments in `dictsort` order), then the content.
  serialize: (calls, content) =>
    calls
      .map((c) => {
        const members = dictsort(argsTree(c.function.arguments, c.function.name)).map(([k, v]) => `${k}:${gemmaLiteral(v, QUOTE)}`);
        return `<|tool_call>call:${c.function.name}{${members.join(",")}}<tool_call|>`;
      })
      .join("") + (content ?? ""),
};
