/**
 * `mistral`: both generations of Mistral's `[TOOL_CALLS]` token.
 *
 * ```text
 * [TOOL_CALLS] [{"name": "get_weather", "arguments": {"city": "Paris"}, "id": "a1B2c3D4e"}]   (v0.3, Nemo)
 * [TOOL_CALLS]get_weather[CALL_ID]a1B2c3D4e[ARGS]{"city": "Paris"}                         (v11+)
 * ```
 * v11+ (Mistral-Small-3.2, Devstral, Magistral, Ministral-3) may omit `[CALL_ID]` and repeats
 * `[TOOL_CALLS]` for parallel calls. Reasoning models think in `[THINK]…[/THINK]`.
 * Generated ids are 9 alphanumerics: Mistral templates raise on any other id.
 * Source: mistral-common tokenizer docs; templates `mistralai-Mistral-Nemo-Instruct-2407.jinja`,
 * `Mistral-Small-3.2-24B-Instruct-2506.jinja`, `unsloth-mistral-Devstral-Small-2507.jinja`,
 * `mistralai-Ministral-3-14B-Reasoning-2512.jinja`. vLLM and SGLang parser name: `mistral`.
 */
import { byFirstChar, jsonCallArray, nameArgs } from "../engine/bodies.ts";
import type { FormatSpec } from "../engine/format.ts";
import { withContent } from "./common.ts";

export const mistral: FormatSpec = {
  id: "mistral",
  title: "Mistral `[TOOL_CALLS]` (v0.3 JSON array and v11 `name[CALL_ID]id[ARGS]{json}`)",
  source: "mistral-common docs; templates/mistralai-Mistral-Nemo-Instruct-2407.jinja, Mistral-Small-3.2-24B-Instruct-2506.jinja",
  calls: [{ open: "[TOOL_CALLS]", body: byFirstChar({ "[": jsonCallArray() }, nameArgs({ id: "[CALL_ID]", args: "[ARGS]" })) }],
  reasoning: { open: "[THINK]", close: "[/THINK]" },
  idStyle: "mistral",
  parserNames: ["mistral"],
  templates: ["mistralai-Mistral-Nemo-Instruct-2407.jinja", "Mistral-Small-3.2-24B-Instruct-2506.jinja", "unsloth-mistral-Devstral-Small-2507.jinja", "mistralai-Ministral-3-14B-Reasoning-2512.jinja", "vllm-tool_chat_template_mistral.jinja", "vllm-tool_chat_template_mistral3.jinja", "vllm-tool_chat_template_mistral_parallel.jinja"],
  serialize: (calls, content) =>
    withContent(content, calls.map((c) => `[TOOL_CALLS]${c.function.name}[CALL_ID]${c.id}[ARGS]${c.function.arguments || "{}"}`), ""),
};
