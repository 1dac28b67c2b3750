/**
 * renderChat's API: what the template sees (transformers' variables), render limits, errors,
 * the parse cache, and the input helpers (loadChatTemplate, parseJsonInput,
 * chatInputFromRequest). Expected strings marked "Jinja2" were checked with python3 + Jinja2
 * 3.1.6 using ../shared/tools/ref_render.py.
 */
import { describe, expect, it } from "vitest";
import {
  chatInputFromRequest,
  clearTemplateCache,
  compileChatTemplate,
  DEFAULT_LIMITS,
  loadChatTemplate,
  loadSpecialTokens,
  parseJsonInput,
  PyFloat,
  renderChat,
  TEMPLATE_CACHE_SIZE,
  TemplateError,
  TemplateLimitError,
  TemplateLoadError,
  TemplateRuntimeError,
  TemplateSyntaxError,
} from "../templates/index.ts";

const render = (template: string, vars: Record<string, unknown> = {}, options = {}) =>
  renderChat({ template, messages: [], ...vars }, options);

describe("template variables (transformers semantics)", () => {
  it("defines tools and documents as None when absent", () => {
    // Jinja2 via ref_render.py: "True|True|True|True|False"
    expect(
      render("{{ tools is defined }}|{{ tools is none }}|{{ documents is none }}|{{ add_generation_prompt is defined }}|{{ add_generation_prompt }}"),
    ).toBe("True|True|True|True|False");
  });
  it("leaves bos_token undefined unless given, and passes kwargs through", () => {
    expect(render("[{{ bos_token }}]{{ enable_thinking }}", { enable_thinking: false })).toBe("[]False");
    expect(render("{{ bos_token }}", { bos_token: "<s>" })).toBe("<s>");
  });
  it("passes the given tools, messages and generation flag", () => {
    const out = renderChat({
      template: "{{ messages[0].content }}|{{ tools[0].function.name }}|{{ add_generation_prompt }}",
      messages: [{ role: "user", content: "hi" }],
      tools: [{ type: "function", function: { name: "f" } }],
      add_generation_prompt: true,
    });
    expect(out).toBe("hi|f|True");
  });
  it("treats integral JS numbers as int and PyFloat as float", () => {
    // Jinja2: {{ [1, 1.0, 2.5]|tojson }} -> "[1, 1.0, 2.5]"
    expect(render("{{ x|tojson }}", { x: [1, new PyFloat(1), 2.5] })).toBe("[1, 1.0, 2.5]");
  });
  it("accepts Maps (key order kept, non-string keys allowed)", () => {
    const m = new Map<unknown, unknown>([["b", 1], ["1", 2]]);
    expect(render("{{ m }}|{{ m|tojson }}", { m })).toBe(`{'b': 1, '1': 2}|{"b": 1, "1": 2}`);
  });
  it("skips undefined object properties like JSON would", () => {
    expect(render("{{ m }}", { m: { a: 1, b: undefined } })).toBe("{'a': 1}");
  });
  it("uses options.now for strftime_now, and the current time by default", () => {
    expect(render("{{ strftime_now('%d %B %Y') }}", {}, { now: "2024-07-26T12:00:00" })).toBe("26 July 2024");
    expect(render("{{ strftime_now('%Y') }}", {}, { now: new Date(2030, 0, 2) })).toBe("2030");
    expect(render("{{ strftime_now('%Y') }}")).toBe(String(new Date().getFullYear()));
  });
  it("lets JS functions be called from the template", () => {
    expect(render("{{ f(2, 3) }}", { f: (a: number, b: number) => a * b })).toBe("6");
  });
});

describe("errors", () => {
  it("surfaces raise_exception as TemplateError with the template's message", () => {
    const t = "{% if messages|length == 0 %}{{ raise_exception('Conversation roles must alternate') }}{% endif %}";
    expect(() => render(t)).toThrow(TemplateError);
    expect(() => render(t)).toThrow("Conversation roles must alternate");
  });
  it("reports Python's exception class in pythonType", () => {
    try {
      render("{{ 'a' + 1 }}");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateRuntimeError);
      expect((e as TemplateRuntimeError).pythonType).toBe("TypeError");
      expect((e as Error).message).toBe('can only concatenate str (not "int") to str');
    }
  });
  it("throws TemplateSyntaxError for templates that do not parse", () => {
    expect(() => render("{% for %}")).toThrow(TemplateSyntaxError);
    expect(() => render("{{ 'x'|no_such_filter }}")).toThrow("No filter named 'no_such_filter'.");
  });
  it("rejects bad input shapes", () => {
    expect(() => renderChat({ template: 1 as unknown as string, messages: [] })).toThrow(TypeError);
    expect(() => renderChat({ template: "", messages: null as unknown as [] })).toThrow(TypeError);
  });
});

describe("render limits", () => {
  it("documents its defaults", () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxOutputChars: 4_000_000,
      maxLoopIterations: 200_000,
      maxMacroCalls: 100_000,
      maxCallDepth: 400,
    });
  });
  it("bounds the output size", () => {
    const t = "{% for i in range(100) %}{{ 'x' * 100 }}{% endfor %}";
    expect(render(t).length).toBe(10_000);
    expect(() => render(t, {}, { limits: { maxOutputChars: 5_000 } })).toThrow(TemplateLimitError);
  });
  it("bounds strings built by operators and filters", () => {
    expect(() => render("{{ 'x' * 10000000 }}")).toThrow(TemplateLimitError);
    expect(() => render("{{ ('x' * 1000)|indent(2) }}", {}, { limits: { maxOutputChars: 100 } })).toThrow(
      TemplateLimitError,
    );
    const doubling = "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}";
    expect(() => render(doubling)).toThrow(TemplateLimitError);
  });
  it("bounds loop iterations across nested loops", () => {
    const t = "{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}";
    try {
      render(t);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateLimitError);
      expect((e as TemplateLimitError).limit).toBe("maxLoopIterations");
    }
    expect(render("{% for i in range(10) %}{% endfor %}ok", {}, { limits: { maxLoopIterations: 10 } })).toBe("ok");
    expect(() => render("{% for i in range(11) %}{% endfor %}", {}, { limits: { maxLoopIterations: 10 } })).toThrow(
      TemplateLimitError,
    );
  });
  it("bounds list repetition", () => {
    expect(() => render("{{ ([1] * 10000000)|length }}")).toThrow(TemplateLimitError);
  });
  it("bounds macro calls and recursion depth", () => {
    const exp = "{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(30) }}";
    expect(() => render(exp)).toThrow(TemplateLimitError);
    const deep = "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}";
    try {
      render(deep);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateLimitError);
      expect((e as TemplateLimitError).limit).toBe("maxCallDepth");
    }
  });
  it("bounds widths asked of format operations before building the string", () => {
    for (const t of [
      "{{ '%900000000s' % 'x' }}",
      "{{ '{:>900000000}'.format('x') }}",
      "{{ 'x'.zfill(900000000) }}",
      "{{ 'x'|center(900000000) }}",
      "{{ 'a\nb'|indent(900000000) }}",
      "{{ [1]|tojson(indent=900000000) }}",
    ]) {
      expect(() => render(t), t).toThrow(TemplateLimitError);
    }
    expect(() => render("{{ (range(1000)|list)|tojson(indent=100) }}", {}, { limits: { maxOutputChars: 10_000 } })).toThrow(
      TemplateLimitError,
    );
  });
  it("keeps Jinja2's sandbox range bound", () => {
    // Jinja2: OverflowError "Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000)."
    expect(() => render("{{ range(100001)|length }}")).toThrow("Range too big");
  });
  it("validates limit overrides", () => {
    expect(() => render("x", {}, { limits: { maxOutputChars: -1 } })).toThrow(RangeError);
  });
});

describe("parse cache", () => {
  it("parses a template once", () => {
    clearTemplateCache();
    const a = compileChatTemplate("{{ 1 }}");
    expect(compileChatTemplate("{{ 1 }}")).toBe(a);
  });
  it("is bounded (least recently used dropped)", () => {
    clearTemplateCache();
    const first = compileChatTemplate("{{ 0 }}");
    for (let i = 1; i <= TEMPLATE_CACHE_SIZE; i++) compileChatTemplate(`{{ ${i} }}`);
    expect(compileChatTemplate("{{ 0 }}")).not.toBe(first);
  });
});

describe("loadChatTemplate", () => {
  const named = JSON.stringify({
    bos_token: "<s>",
    chat_template: [
      { name: "default", template: "D" },
      { name: "tool_use", template: "T" },
    ],
  });
  it("returns raw Jinja text as is (even when it starts with a brace)", () => {
    expect(loadChatTemplate("{% for m in messages %}{{ m }}{% endfor %}")).toBe("{% for m in messages %}{{ m }}{% endfor %}");
    expect(loadChatTemplate("{{ bos_token }}")).toBe("{{ bos_token }}");
  });
  it("reads tokenizer_config.json with a single template", () => {
    expect(loadChatTemplate(JSON.stringify({ chat_template: "X", eos_token: "</s>" }))).toBe("X");
  });
  it("reads named templates: default, or the one asked for", () => {
    expect(loadChatTemplate(named)).toBe("D");
    expect(loadChatTemplate(named, "tool_use")).toBe("T");
    expect(() => loadChatTemplate(named, "rag")).toThrow('no chat template named "rag" (this file has: "default", "tool_use")');
  });
  it("reads chat_template.json", () => {
    expect(loadChatTemplate('{\n  "chat_template": "{{ messages }}"\n}')).toBe("{{ messages }}");
  });
  it("rejects JSON without a chat template", () => {
    expect(() => loadChatTemplate('{"model_max_length": 2048}')).toThrow(TemplateLoadError);
  });
});

describe("loadSpecialTokens", () => {
  it("reads the special tokens transformers passes to templates", () => {
    const cfg = JSON.stringify({
      bos_token: "<s>",
      eos_token: { content: "</s>", lstrip: false },
      pad_token: null,
      additional_special_tokens: ["<a>", { content: "<b>" }],
      chat_template: "x",
    });
    expect(loadSpecialTokens(cfg)).toEqual({ bos_token: "<s>", eos_token: "</s>", additional_special_tokens: ["<a>", "<b>"] });
    expect(loadSpecialTokens("{{ bos_token }}")).toEqual({});
  });
});

describe("parseJsonInput", () => {
  it("keeps floats written with a point or exponent", () => {
    const v = parseJsonInput('{"a": 1.0, "b": 2, "c": 2.5, "d": 1e3, "e": -0}') as Record<string, unknown>;
    expect(v.a).toEqual(new PyFloat(1));
    expect(v.b).toBe(2);
    expect(v.c).toBe(2.5);
    expect(v.d).toEqual(new PyFloat(1000));
    expect(v.e).toBe(0);
  });
  it("keeps key order when keys look like indices", () => {
    const v = parseJsonInput('{"b": 1, "1": 2}');
    expect(v).toBeInstanceOf(Map);
    expect([...(v as Map<string, unknown>).keys()]).toEqual(["b", "1"]);
  });
  it("parses strings, arrays and literals like JSON.parse", () => {
    const text = '{"s": "a\\n\\u00e9\\ud83d\\ude00", "l": [true, false, null, []], "o": {}}';
    expect(parseJsonInput(text)).toEqual(JSON.parse(text));
  });
  it("rejects invalid JSON", () => {
    expect(() => parseJsonInput('{"a": }')).toThrow(SyntaxError);
    expect(() => parseJsonInput("[1] x")).toThrow(SyntaxError);
  });
  it("round-trips a float through a template like Python", () => {
    // Jinja2 with json.loads input: {"x": 1.0} -> '{"x": 1.0}'
    expect(render("{{ v|tojson }}", { v: parseJsonInput('{"x": 1.0}') })).toBe('{"x": 1.0}');
  });
});

describe("chatInputFromRequest", () => {
  it("keeps template kwargs and drops OpenAI request parameters", () => {
    const input = chatInputFromRequest("T", {
      model: "m",
      temperature: 0.2,
      stream: true,
      tool_choice: "auto",
      messages: [{ role: "user", content: "hi" }],
      enable_thinking: false,
      chat_template_kwargs: { reasoning_effort: "low" },
    });
    expect(input).toEqual({
      template: "T",
      messages: [{ role: "user", content: "hi" }],
      tools: null,
      documents: null,
      add_generation_prompt: false,
      enable_thinking: false,
      reasoning_effort: "low",
    });
  });
  it("merges the shared corpus' extra kwargs and drops its description", () => {
    const input = chatInputFromRequest("T", { description: "d", messages: [], bos_token: "<s>", extra: { x: 1 } });
    expect(input).toMatchObject({ bos_token: "<s>", x: 1 });
    expect(input).not.toHaveProperty("description");
  });
  it("can turn JSON-string arguments into objects", () => {
    const messages = [
      { role: "assistant", tool_calls: [{ type: "function", function: { name: "f", arguments: '{"a": 1.0}' } }] },
    ];
    const input = chatInputFromRequest("T", { messages }, { parseArguments: true });
    const call = (input.messages[0] as { tool_calls: { function: { arguments: unknown } }[] }).tool_calls[0];
    expect(call.function.arguments).toEqual({ a: new PyFloat(1) });
    expect(messages[0].tool_calls[0].function.arguments).toBe('{"a": 1.0}');
  });
  it("rejects requests without messages", () => {
    expect(() => chatInputFromRequest("T", { prompt: "x" })).toThrow("no `messages` array");
  });
});
