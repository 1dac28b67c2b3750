/**
 * Serialisation helpers shared by format modules: the text a model writes for a call.
 */
import type { ToolCall } from "../types.ts";

/** `{"name": "f", "arguments": {…}}` with the call's arguments text embedded as written
 *  (empty arguments become `{}`), the way Hermes/Qwen templates print `arguments|tojson`. */
export function jsonCallText(call: ToolCall, argsKey = "arguments"): string {
  return `{"name": ${JSON.stringify(call.function.name)}, "${argsKey}": ${call.function.arguments || "{}"}}`;
}

/** Content first, then the calls, joined by `sep`; content is omitted when empty. */
export function withContent(content: string | null | undefined, calls: string[], sep: string, contentSep = sep): string {
  const body = calls.join(sep);
  return content ? (body ? content + contentSep + body : content) : body;
}
