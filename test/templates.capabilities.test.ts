/**
 * probeCapabilities over the 96 shared templates against the columns of
 * ../shared/templates/INDEX.md (tools / tool_calls / tool msgs / args), which were measured with
 * transformers on a probe conversation — or read from the source where that probe raised.
 * Deliberate differences are listed in CAPABILITY_DIFFERENCES with the reason. Skipped, with a
 * note, when ../shared/ is absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SHARED } from "../scripts/conformance/corpus.ts";
import { readTemplateIndex, type TemplateIndexRow } from "../scripts/lib/template-index.ts";
import { probeCapabilities, type TemplateCapabilities } from "../templates/index.ts";

const DIR = join(SHARED, "templates");

type Column = "tools" | "tool_calls" | "tool_msgs" | "args";

/** Where our probe deliberately answers differently from INDEX.md, and why. */
const CAPABILITY_DIFFERENCES: Record<string, Partial<Record<Column, string>>> = {
  "deepseek-ai-DeepSeek-R1-Distill-Llama-8B.jinja": {
    tool_calls: "calls render when `arguments` is a JSON string (the template concatenates it); INDEX probed object arguments only, which raise",
    args: "string only, for the same reason",
  },
  "fireworks-ai-llama-3-firefunction-v2.jinja": {
    tool_msgs: "INDEX read this from the source (its probe raised for lack of `functions`); rendered with `functions` given, a `tool` message is shown under a `tool` header",
  },
  "vllm-tool_chat_template_llama3.2_pythonic.jinja": {
    args: "a JSON string renders without error but iterated character by character (`f({=, \"=, …)`): objects are required",
  },
  "vllm-tool_chat_template_llama4_pythonic.jinja": { args: "a JSON string renders without error but mangled: objects are required" },
  "vllm-tool_chat_template_gemma3_pythonic.jinja": { args: "a JSON string renders without error but mangled: objects are required" },
  "vllm-tool_chat_template_toolace.jinja": { args: "a JSON string renders without error but mangled: objects are required" },
};

const ARGS: Record<string, TemplateCapabilities["arguments"][]> = {
  "object only": ["object"],
  "object (string gets double-encoded)": ["object-double-encoded"],
  "object or string": ["object-or-string"],
  "string only": ["string"],
  "n/a": ["n/a"],
};

/** Our answer for one INDEX column, and whether it agrees with INDEX's cell. */
function compare(row: TemplateIndexRow, caps: TemplateCapabilities, column: Column): { agrees: boolean; ours: string; theirs: string } {
  const yes = (cell: string) => cell.startsWith("yes");
  switch (column) {
    case "tools": {
      const route = caps.tools_route;
      const ours = route ? (route.kind === "kwarg" ? `kwarg:${route.name}` : route.kind) : "none";
      const theirs = row.tools.startsWith("via `functions`")
        ? "kwarg:functions"
        : row.tools.startsWith("via system message")
          ? "system_message"
          : yes(row.tools)
            ? "tools"
            : "none";
      return { agrees: ours === theirs, ours, theirs: row.tools };
    }
    case "tool_calls":
      return { agrees: caps.supports_tool_calls === yes(row.tool_calls), ours: String(caps.supports_tool_calls), theirs: row.tool_calls };
    case "tool_msgs":
      return { agrees: caps.supports_tool_responses === yes(row.tool_msgs), ours: String(caps.supports_tool_responses), theirs: row.tool_msgs };
    case "args": {
      // "?": INDEX read it from the source because its probe raised: any answer is accepted
      const agrees = row.args === "?" || (ARGS[row.args] ?? []).includes(caps.arguments);
      return { agrees, ours: caps.arguments, theirs: row.args };
    }
  }
}

if (!existsSync(join(DIR, "INDEX.md"))) {
  describe.skip(`capabilities vs INDEX.md: ${DIR} not found (shared corpus absent)`, () => {
    it("agrees with INDEX.md", () => {});
  });
} else {
  const rows = readTemplateIndex(DIR);

  it("INDEX.md lists the 96 templates", () => {
    expect(rows.length).toBe(96);
    for (const r of rows) expect(existsSync(join(DIR, r.file)), r.file).toBe(true);
  });

  describe("probeCapabilities agrees with INDEX.md", () => {
    for (const row of rows) {
      it(row.file, () => {
        const caps = probeCapabilities(readFileSync(join(DIR, row.file), "utf8"));
        const known = CAPABILITY_DIFFERENCES[row.file] ?? {};
        for (const column of ["tools", "tool_calls", "tool_msgs", "args"] as Column[]) {
          const c = compare(row, caps, column);
          if (known[column]) expect(c.agrees, `${column}: listed as a difference but agrees (${c.ours})`).toBe(false);
          else expect(c.agrees, `${column}: ours ${c.ours}, INDEX ${c.theirs}`).toBe(true);
        }
        // consistency of the derived fields
        expect(caps.requires_object_arguments).toBe(caps.arguments === "object" || caps.arguments === "object-double-encoded");
        expect(caps.supports_tools).toBe(caps.tools_route !== null);
        if (!caps.supports_tool_calls) expect(caps.supports_parallel_tool_calls).toBe(false);
      });
    }
  });

  describe("probe details on known templates", () => {
    const caps = (file: string) => probeCapabilities(readFileSync(join(DIR, file), "utf8"));
    it("Gemma 2 has no system role", () => {
      expect(caps("google-gemma-2-2b-it.jinja").supports_system_role).toBe(false);
      expect(caps("Qwen-Qwen2.5-7B-Instruct.jinja").supports_system_role).toBe(true);
    });
    it("Mistral templates render call ids; Qwen's do not", () => {
      expect(caps("mistralai-Mistral-Nemo-Instruct-2407.jinja").supports_tool_call_id).toBe(true);
      expect(caps("Qwen-Qwen2.5-7B-Instruct.jinja").supports_tool_call_id).toBe(false);
    });
    it("Llama 3.1 renders one call per turn only", () => {
      expect(caps("meta-llama-Llama-3.1-8B-Instruct.jinja").supports_parallel_tool_calls).toBe(false);
      expect(caps("Qwen-Qwen2.5-7B-Instruct.jinja").supports_parallel_tool_calls).toBe(true);
    });
    it("finds reasoning markers by rendering", () => {
      expect(caps("Qwen-Qwen3-0.6B.jinja").reasoning).toMatchObject({ open: "<think>", close: "</think>", field: "reasoning_content" });
      expect(caps("openai-gpt-oss-120b.jinja").reasoning).toMatchObject({ open: "<|channel|>analysis<|message|>", field: "thinking" });
      expect(caps("Qwen3.5-4B.jinja").reasoning).toMatchObject({ open: "<think>", opens_in_generation_prompt: true });
      expect(caps("meta-llama-Llama-3.1-8B-Instruct.jinja").reasoning).toBeNull();
    });
    it("finds tools routes other than the `tools` variable", () => {
      const fire = caps("fireworks-ai-llama-3-firefunction-v2.jinja");
      expect(fire.tools_route).toEqual({ kind: "kwarg", name: "functions" });
      expect(Object.keys(fire.required_kwargs).sort()).toEqual(["datetime", "functions"]);
      expect(caps("microsoft-Phi-4-mini-instruct.jinja").tools_route).toEqual({ kind: "system_message" });
    });
    it("reports probes that only render the way minja/llama.cpp do", () => {
      expect(caps("Kimi-K2-Instruct.jinja").lenient.tool_calls).toMatch(/append/);
      expect(caps("Qwen-Qwen2.5-7B-Instruct.jinja").lenient).toEqual({});
    });
    it("requires non-null content where null raises or prints None", () => {
      expect(caps("google-gemma-2-2b-it.jinja").requires_non_null_content).toBe(true);
      expect(caps("Qwen-Qwen3-0.6B.jinja").requires_non_null_content).toBe(true);
    });
    it("detects templates that need typed content", () => {
      const typed =
        "{% for m in messages %}{% for p in m.content %}{% if p.type == 'text' %}{{ p.text }}{% endif %}{% endfor %}{% endfor %}";
      expect(probeCapabilities(typed).requires_typed_content).toBe(true);
      expect(caps("Qwen-Qwen2.5-7B-Instruct.jinja").requires_typed_content).toBe(false);
    });
  });
}
