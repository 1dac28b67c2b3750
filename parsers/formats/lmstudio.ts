/**
 * `lmstudio`: LM Studio's default tool-use format, taught by its system prompt to models without
 * native tool support (see `templates/lmstudio-default-tools` for the prompt).
 *
 * ```text
 * [TOOL_REQUEST]{"name": "get_delivery_date", "arguments": {"order_id": "123"}}[END_TOOL_REQUEST]
 * ```
 * One block per call. Source: LM Studio docs, "Tool Use" → "Default tool use"
 * (`../shared/seeds/002_*.txt`).
 */
import { jsonCall } from "../engine/bodies.ts";
import type { FormatSpec } from "../engine/format.ts";
import { jsonCallText, withContent } from "./common.ts";

export const lmstudio: FormatSpec = {
  id: "lmstudio",
  title: "LM Studio default `[TOOL_REQUEST]{json}[END_TOOL_REQUEST]`",
  source: "LM Studio docs, Tool Use: default tool use",
  calls: [{ open: "[TOOL_REQUEST]", body: jsonCall(), close: "[END_TOOL_REQUEST]" }],
  parserNames: [],
  templates: [],
  serialize: (calls, content) =>
    withContent(content, calls.map((c) => `[TOOL_REQUEST]${jsonCallText(c)}[END_TOOL_REQUEST]`), "\n"),
};
