/**
 * Tool call ids (documented in `serve/index.ts`): `call_` + 24 alphanumerics by default, 9
 * alphanumerics for `mistral`, the model's own id when it wrote one, `generateId` when injected;
 * and serve passes them through unchanged.
 */
import { describe, expect, it } from "vitest";
import { accumulate, createStreamParser, parse } from "../../index.ts";
import { toChatCompletion, toChunks } from "../../serve/index.ts";

const two = '<tool_call>\n{"name": "a", "arguments": {}}\n</tool_call>\n<tool_call>\n{"name": "b", "arguments": {}}\n</tool_call>';
const meta = { id: "chatcmpl-1", model: "m", created: 0 };

describe("tool call ids", () => {
  it("default: call_ + 24 alphanumerics, distinct", () => {
    const ids = parse("hermes", two).tool_calls.map((c) => c.id);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^call_[A-Za-z0-9]{24}$/);
    expect(new Set(ids).size).toBe(2);
    expect(parse("hermes", two).tool_calls[0].id).not.toBe(ids[0]);
  });

  it("mistral: 9 alphanumerics (its templates reject other ids)", () => {
    const r = parse("mistral", '[TOOL_CALLS]get_weather[ARGS]{"city": "Paris"}[TOOL_CALLS]get_time[ARGS]{}');
    expect(r.tool_calls.map((c) => c.id)).toEqual([expect.stringMatching(/^[A-Za-z0-9]{9}$/), expect.stringMatching(/^[A-Za-z0-9]{9}$/)]);
  });

  it("the model's own id when it wrote one (Mistral v11 [CALL_ID], v0.3 id before arguments)", () => {
    const gen = () => "never";
    expect(parse("mistral", '[TOOL_CALLS]get_weather[CALL_ID]a1B2c3D4e[ARGS]{"city": "Paris"}', { generateId: gen }).tool_calls[0].id).toBe("a1B2c3D4e");
    expect(parse("mistral", '[TOOL_CALLS] [{"id": "f5G6h7I8j", "name": "get_weather", "arguments": {"city": "Paris"}}]', { generateId: gen }).tool_calls[0].id).toBe("f5G6h7I8j");
  });

  it("generateId(index) when injected: stream and whole parse agree for any chunking", () => {
    const generateId = (i: number) => `call_fixed_${i}`;
    const whole = parse("hermes", two, { generateId });
    expect(whole.tool_calls.map((c) => c.id)).toEqual(["call_fixed_0", "call_fixed_1"]);
    for (const size of [1, 2, 7, 13]) {
      const s = createStreamParser("hermes", { generateId });
      const acc = accumulate([]);
      for (let i = 0; i < two.length; i += size) accumulate(s.push(two.slice(i, i + size)), acc);
      accumulate(s.end().deltas, acc);
      expect(acc.tool_calls).toEqual(whole.tool_calls);
    }
  });

  it("the id is on the first delta of a call only, and serve passes ids through unchanged", () => {
    const generateId = (i: number) => `id-${i}`;
    const s = createStreamParser("hermes", { generateId });
    const deltas = [...s.push(two), ...s.end().deltas];
    const chunks = toChunks(deltas, meta);
    const withId = chunks.flatMap((c) => c.choices.flatMap((ch) => ch.delta.tool_calls ?? [])).filter((t) => t.id);
    expect(withId.map((t) => [t.index, t.id])).toEqual([[0, "id-0"], [1, "id-1"]]);
    expect(toChatCompletion(parse("hermes", two, { generateId }), meta).choices[0].message.tool_calls!.map((c) => c.id)).toEqual(["id-0", "id-1"]);
  });
});
