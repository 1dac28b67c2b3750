/**
 * `toolwire new-format` writes a module, fixtures and a registry line that work: run in a copy of
 * the parsers tree, the scaffolded format passes its own three fixtures.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../scripts/conformance/corpus.ts";
import { scaffoldFormat } from "../scripts/commands/new-format.ts";

describe("new-format scaffold", () => {
  it("writes a registered format whose fixtures pass", async () => {
    const root = mkdtempSync(join(tmpdir(), "toolwire-"));
    cpSync(join(ROOT, "parsers"), join(root, "parsers"), { recursive: true });
    mkdirSync(join(root, "fixtures"));
    const files = scaffoldFormat("acme_v1", { open: "<|call|>", close: "<|/call|>" }, root);
    expect(files).toHaveLength(3);
    expect(readFileSync(join(root, "parsers/registry.ts"), "utf8")).toMatch(/import \{ acmeV1 \} from "\.\/formats\/acme_v1\.ts";[\s\S]*acmeV1,\n\];/);
    const { parse } = await import(join(root, "parsers/index.ts"));
    const fx = JSON.parse(readFileSync(join(root, "fixtures/acme_v1.json"), "utf8"));
    expect(fx.fixtures.map((f: { name: string }) => f.name)).toEqual(["one-call", "parallel-calls", "text-around"]);
    for (const f of fx.fixtures) {
      const r = parse("acme_v1", f.text);
      expect(r.tool_calls.map((c: { function: { name: string; arguments: string } }) => ({ name: c.function.name, arguments: JSON.parse(c.function.arguments) }))).toEqual(f.expect.tool_calls);
      expect(r.content).toBe(f.expect.content);
    }
    expect(() => scaffoldFormat("acme_v1", { open: "a", close: "b" }, root)).toThrow(/already exists/);
    expect(() => scaffoldFormat("Bad-Name", { open: "a", close: "b" }, root)).toThrow(/must match/);
  });
});
