/**
 * `gigachat3`: GigaChat 3 / 3.1. One call per message, as a JSON object after a marker:
 *
 * ```text
 * I'll remember that.<|function_call|>{"name": "manage_user_memory", "arguments": {"id": "prefs"}}        (3.1)
 * I'll remember that.<|message_sep|>\n\nfunction call<|role_sep|>\n{"name": "…", "arguments": {…}}   (3)
 * ```
 * GigaChat 3 writes the call as a message of the `function call` role after the assistant
 * message; GigaChat 3.1 uses the `<|function_call|>` token. An end-of-sequence `</s>` (or a message
 * separator) after the call is markup. A `<|message_sep|>` not followed by `function call` ends
 * the message and is dropped.
 * Source: templates `GigaChat3-10B-A1.8B.jinja` (`render_function_call`), `GigaChat3.1-10B-A1.8B.jinja`
 * (`add_tokens.function_call`). SGLang parser name: `gigachat3`.
 */
import { jsonCall } from "../engine/bodies.ts";
import type { FormatSpec } from "../engine/format.ts";
import { roleThen, withTail } from "../engine/name-args.ts";
import { jsonCallText, withContent } from "./common.ts";

const call = withTail(jsonCall({ arguments: ["arguments"] }), ["</s>", "<|message_sep|>"]);

export const gigachat3: FormatSpec = {
  id: "gigachat3",
  title: "GigaChat 3 / 3.1 `<|function_call|>{json}` / `function call<|role_sep|>{json}`",
  source: "templates/GigaChat3-10B-A1.8B.jinja, GigaChat3.1-10B-A1.8B.jinja",
  calls: [
    { open: "<|function_call|>", body: call },
    { open: "<|message_sep|>", body: roleThen("function call", "<|role_sep|>", call) },
  ],
  parserNames: ["gigachat3"],
  templates: ["GigaChat3-10B-A1.8B.jinja", "GigaChat3.1-10B-A1.8B.jinja"],
  serialize: (calls, content) => withContent(content, calls.map((c) => `<|function_call|>${jsonCallText(c)}`), ""),
};
