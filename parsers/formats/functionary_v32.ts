/**
 * `functionary_v32`: MeetKai Functionary v3.2: every message part starts with `>>>RECIPIENT\n`;
 * `all` is text for the user, any other recipient is a call with JSON arguments.
 *
 * ```text
 * all
 * Let me check.>>>get_weather
 * {"city": "Paris"}>>>get_time
 * {}
 * ```
 * The generation prompt already wrote the first `>>>`, so the output starts with the recipient
 * (a marker-less call or `all\n` where content begins). `python` may take raw code (up to the next
 * `>>>`), read as `python({"code": …})`. `<|eot_id|>` is markup.
 * Source: template `meetkai-functionary-medium-v3.2.jinja` (system prompt: "Respond in this
 * format: >>>${recipient}\n${content}"); functionary README ("v3.2 prompt template").
 */
import type { FormatSpec } from "../engine/format.ts";
import { nameArgsCall, type NameArgsOptions } from "../engine/name-args.ts";
import { pythonCode } from "./functionary_v31.ts";

const call: NameArgsOptions = {
  head: [{ part: "name", end: "\n" }],
  contentName: "all",
  raw: { name: "python", key: "code", until: [">>>", "<|eot_id|>"] },
};
const NAME_START = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.";

export const functionary_v32: FormatSpec = {
  id: "functionary_v32",
  title: "Functionary v3.2 `>>>name\\n{json}` (`>>>all\\n` for text)",
  source: "templates/meetkai-functionary-medium-v3.2.jinja",
  calls: [{ open: ">>>", body: nameArgsCall(call) }],
  bare: { first: NAME_START, body: nameArgsCall({ ...call, lenient: true }) },
  // `>>>all\n` is shadowed by the `>>>` call marker; with tool_choice "none" it is still dropped.
  ignore: ["<|eot_id|>", ">>>all\n"],
  parserNames: [],
  templates: ["meetkai-functionary-medium-v3.2.jinja"],
  serialize: (calls, content) => {
    const parts = content ? [`all\n${content}`] : [];
    for (const c of calls) {
      const code = c.function.name === "python" ? pythonCode(c.function.arguments) : null;
      const raw = code !== null && code !== "" && code === code.trimStart() && !code.startsWith("{") && !code.includes(">>>") && !code.includes("<|eot_id|>");
      parts.push(`${c.function.name}\n${raw ? code : c.function.arguments || "{}"}`);
    }
    return parts.join(">>>");
  },
};
