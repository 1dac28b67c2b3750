/**
 * Every conformance case — our fixtures and the shared real outputs of SGLang's and llama.cpp's
 * suites — parsed whole and streamed in several chunkings. A documented disagreement must still
 * disagree (a stale note is a failure too).
 */
import { describe, expect, it } from "vitest";
import { runCase } from "../scripts/conformance/check.ts";
import { allCases, hasShared, SHARED } from "../scripts/conformance/corpus.ts";

const cases = allCases();
const bySuite = new Map<string, typeof cases>();
for (const c of cases) {
  const key = `${c.suite} · ${c.format}`;
  bySuite.set(key, [...(bySuite.get(key) ?? []), c]);
}

if (!hasShared()) it.skip(`shared corpus (${SHARED}) not found: only fixtures run`, () => {});

for (const [suite, list] of bySuite) {
  describe(suite, () => {
    it.each(list.map((c) => [c.id, c] as const))("%s", (_id, c) => {
      const r = runCase(c, 3);
      if (c.disagreement) {
        expect(r.failures.length, `documented disagreement no longer disagrees: ${c.disagreement}`).toBeGreaterThan(0);
        expect(r.stream, r.failures.join("\n")).toBe(true);
      } else expect(r.failures).toEqual([]);
    });
  });
}
