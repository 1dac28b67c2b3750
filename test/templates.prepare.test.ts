/**
 * prepareMessages: each step and its switch, and the LM Studio "default tool use" polyfill
 * (system prompt wording from ../shared/seeds/002_*.txt, `lms log stream`).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "../parsers/index.ts";
import { SHARED } from "../scripts/conformance/corpus.ts";
import {
  LMSTUDIO_DEFAULT_TOOLS_TEMPLATE,
  lmstudioToolsPrompt,
  prepareMessages,
  probeCapabilities,
  renderChat,
  type TemplateCapabilities,
} from "../templates/index.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const GEMMA2 = join(SHARED, "templates/google-gemma-2-2b-it.jinja");

const caps = (over: Partial<TemplateCapabilities> = {}): TemplateCapabilities => ({
  supports_tools: true,
  supports_tool_calls: true,
  supports_tool_responses: true,
  supports_system_role: true,
  supports_parallel_tool_calls: true,
  supports_tool_call_id: false,
  requires_object_arguments: true,
  requires_non_null_content: false,
  requires_typed_content: false,
  arguments: "object",
  tools_route: { kind: "tools" },
  required_kwargs: {},
  reasoning: null,
  lenient: {},
  ...over,
});

const weather = {
  type: "function",
  function: {
    name: "get_delivery_date",
    description: "Get the delivery date for a customer's order",
    parameters: { type: "object", properties: { order_id: { type: "string" } }, required: ["order_id"] },
  },
};
const callMsg = {
  role: "assistant",
  content: null,
  tool_calls: [{ id: "call_1", type: "function", function: { name: "get_delivery_date", arguments: '{"order_id": "123"}' } }],
};

describe("prepareMessages steps", () => {
  it("turns JSON-string arguments into objects unless the template wants strings", () => {
    const p = prepareMessages({ messages: [{ role: "user", content: "hi" }, callMsg] }, caps());
    expect((p.messages[1].tool_calls as any)[0].function.arguments).toEqual({ order_id: "123" });
    expect(p.steps).toContain("function.arguments JSON strings → objects");
    const off = prepareMessages({ messages: [callMsg] }, caps(), { argumentsToObjects: false });
    expect((off.messages[0].tool_calls as any)[0].function.arguments).toBe('{"order_id": "123"}');
    const str = prepareMessages(
      { messages: [{ ...callMsg, tool_calls: [{ ...callMsg.tool_calls[0], function: { name: "f", arguments: { a: 1 } } }] }] },
      caps({ arguments: "string", requires_object_arguments: false }),
    );
    expect((str.messages[0].tool_calls as any)[0].function.arguments).toBe('{"a":1}');
  });
  it("keeps arguments that are not JSON as they are", () => {
    const bad = { ...callMsg, tool_calls: [{ ...callMsg.tool_calls[0], function: { name: "f", arguments: "{oops" } }] };
    expect((prepareMessages({ messages: [bad] }, caps()).messages[0].tool_calls as any)[0].function.arguments).toBe("{oops");
  });
  it("replaces null content where the template requires it", () => {
    expect(prepareMessages({ messages: [callMsg] }, caps({ requires_non_null_content: true })).messages[0].content).toBe("");
    expect(prepareMessages({ messages: [callMsg] }, caps()).messages[0].content).toBeNull();
    expect(prepareMessages({ messages: [callMsg] }, caps(), { nullContentToEmpty: true }).messages[0].content).toBe("");
  });
  it("maps developer to system (switchable)", () => {
    const req = { messages: [{ role: "developer", content: "Be brief." }, { role: "user", content: "hi" }] };
    expect(prepareMessages(req, caps()).messages[0].role).toBe("system");
    expect(prepareMessages(req, caps(), { developerToSystem: false }).messages[0].role).toBe("developer");
  });
  it("moves system text into the first user message when the template has no system role", () => {
    const p = prepareMessages({ messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "hi" }] }, caps({ supports_system_role: false }));
    expect(p.messages).toEqual([{ role: "user", content: "Be brief.\n\nhi" }]);
  });
  it("flattens text parts, or makes them, as the template needs", () => {
    const parts = { role: "user", content: [{ type: "text", text: "a" }, { type: "text", text: "b" }] };
    expect(prepareMessages({ messages: [parts] }, caps()).messages[0].content).toBe("ab");
    expect(prepareMessages({ messages: [{ role: "user", content: "x" }] }, caps({ requires_typed_content: true })).messages[0].content).toEqual([
      { type: "text", text: "x" },
    ]);
  });
  it("places tools where the template reads them", () => {
    const kw = prepareMessages({ messages: [{ role: "user", content: "hi" }], tools: [weather] }, caps({ tools_route: { kind: "kwarg", name: "functions" }, required_kwargs: { functions: "", datetime: "2024-07-26 12:00:00" } }));
    expect(kw.tools).toBeNull();
    expect(JSON.parse(kw.kwargs.functions as string)).toEqual([weather]);
    expect(kw.kwargs.datetime).toBe("2024-07-26 12:00:00");
    const sys = prepareMessages({ messages: [{ role: "user", content: "hi" }], tools: [weather] }, caps({ tools_route: { kind: "system_message" } }));
    expect(sys.messages[0]).toMatchObject({ role: "system", content: "" });
    expect(JSON.parse(sys.messages[0].tools as string)).toEqual([weather]);
  });
  it("passes template kwargs through and drops OpenAI request parameters", () => {
    const p = prepareMessages({ messages: [], model: "m", temperature: 0, enable_thinking: false }, caps());
    expect(p.kwargs).toEqual({ enable_thinking: false });
  });
  it("does not mutate its input", () => {
    const req = { messages: [callMsg], tools: [weather] };
    const before = JSON.stringify(req);
    prepareMessages(req, caps({ supports_tools: false, tools_route: null, requires_non_null_content: true }));
    expect(JSON.stringify(req)).toBe(before);
  });
});

describe("LM Studio default tool use (polyfill)", () => {
  it("keeps the .ts constant in sync with templates/lmstudio-default-tools.jinja", () => {
    expect(LMSTUDIO_DEFAULT_TOOLS_TEMPLATE).toBe(readFileSync(join(ROOT, "templates/lmstudio-default-tools.jinja"), "utf8"));
  });
  it("renders LM Studio's system prompt (seed 002 wording, whitespace aside)", () => {
    const prompt = lmstudioToolsPrompt([weather]);
    const seed =
      'You are a tool-calling AI. You can request calls to available tools with this EXACT format: [TOOL_REQUEST]{"name": "tool_name", "arguments": {"param1": "value1"}}[END_TOOL_REQUEST] AVAILABLE TOOLS: { "type": "toolArray", "tools": [ { "type": "function", "function": { "name": "get_delivery_date", "description": "Get the delivery date for a customer\'s order", "parameters": { "type": "object", "properties": { "order_id": { "type": "string" } }, "required": [ "order_id" ] } } } ] } RULES: - Only use tools from AVAILABLE TOOLS - Include all required arguments - Use one [TOOL_REQUEST] block per tool - Never use [TOOL_RESULT] - If you decide to call one or more tools, there should be no other text in your message Examples: "Check Paris weather" [TOOL_REQUEST]{"name": "get_weather", "arguments": {"location": "Paris"}}[END_TOOL_REQUEST] "Send email to John about meeting and open browser" [TOOL_REQUEST]{"name": "send_email", "arguments": {"to": "John", "subject": "meeting"}}[END_TOOL_REQUEST] [TOOL_REQUEST]{"name": "open_browser", "arguments": {}}[END_TOOL_REQUEST] Respond conversationally if no matching tools exist.';
    expect(prompt.replace(/\s+/g, " ").trim()).toBe(seed);
    expect(prompt.startsWith("You are a tool-calling AI.")).toBe(true);
    expect(prompt).toContain('\nAVAILABLE TOOLS:\n{\n  "type": "toolArray",');
  });
  it("applies when the template has no tool support, or when asked", () => {
    const req = {
      messages: [
        { role: "user", content: "When will order 123 arrive?" },
        callMsg,
        { role: "tool", tool_call_id: "call_1", content: "2024-03-15" },
      ],
      tools: [weather],
    };
    const p = prepareMessages(req, caps({ supports_tools: false, tools_route: null }));
    expect(p.format).toBe("lmstudio");
    expect(p.tools).toBeNull();
    expect(p.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(p.messages[0].content).toBe(lmstudioToolsPrompt([weather]));
    expect(p.messages[2].content).toBe('[TOOL_REQUEST]{"name": "get_delivery_date", "arguments": {"order_id": "123"}}[END_TOOL_REQUEST]');
    expect(p.messages[3].content).toBe("[TOOL_RESULT]2024-03-15[END_TOOL_RESULT]");
    expect(prepareMessages(req, caps()).format).toBeNull();
    expect(prepareMessages(req, caps(), { polyfill: true }).format).toBe("lmstudio");
    expect(prepareMessages(req, caps({ supports_tools: false, tools_route: null }), { polyfill: false }).format).toBeNull();
  });
  it("keeps the request's system text after the tool prompt, and merges runs of one role", () => {
    const p = prepareMessages(
      {
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "a" },
          { ...callMsg, tool_calls: [callMsg.tool_calls[0], { ...callMsg.tool_calls[0], id: "call_2" }] },
          { role: "tool", content: "r1" },
          { role: "tool", content: "r2" },
        ],
        tools: [weather],
      },
      caps({ supports_tools: false, tools_route: null }),
    );
    expect(p.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(p.messages[0].content).toMatch(/Respond conversationally if no matching tools exist\.\n\nBe brief\.$/);
    expect(p.messages[3].content).toBe("[TOOL_RESULT]r1[END_TOOL_RESULT]\n\n[TOOL_RESULT]r2[END_TOOL_RESULT]");
  });
  it.skipIf(!existsSync(GEMMA2))("makes Gemma 2 (no tools, no system role) usable: the model's answer parses with lmstudio", () => {
    const template = readFileSync(GEMMA2, "utf8");
    const c = probeCapabilities(template);
    const p = prepareMessages({ messages: [{ role: "user", content: "Get me delivery date for order 123" }], tools: [weather] }, c);
    const prompt = renderChat({ template, ...p.kwargs, messages: p.messages, tools: p.tools, add_generation_prompt: true, bos_token: "<bos>" });
    expect(prompt).toContain("<start_of_turn>user\nYou are a tool-calling AI.");
    expect(prompt.endsWith("<start_of_turn>model\n")).toBe(true);
    const out = parse(p.format!, '[TOOL_REQUEST]{"name": "get_delivery_date", "arguments": {"order_id": "123"}}[END_TOOL_REQUEST]', { tools: [weather as never] });
    expect(out.tool_calls.map((t) => [t.function.name, JSON.parse(t.function.arguments)])).toEqual([["get_delivery_date", { order_id: "123" }]]);
  });
});
