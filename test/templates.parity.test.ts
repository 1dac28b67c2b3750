/**
 * Chat-template parity with Python transformers over the shared corpus: every (conversation,
 * template) pair of `../shared/goldens/manifest.json` is rendered with `renderChat` and must
 * give the golden bytes where transformers renders, and raise where transformers raises (same
 * exception class and message).
 *
 * Skipped, with a note, when `../shared/` (or `$TOOLWIRE_SHARED`) is absent.
 */
import { describe, expect, it } from "vitest";
import { checkPair, hasGoldens, loadManifest, SHARED_DIR } from "../scripts/lib/parity.ts";
import type { ChatTemplateError } from "../templates/errors.ts";

/**
 * Known gaps: "template × conversation" → why we differ. Listed pairs run as `it.fails`, so a
 * fix shows up as a failure to remove the entry. Currently none: every pair matches.
 */
const KNOWN_GAPS: Record<string, string> = {};

if (!hasGoldens()) {
  describe.skip(`chat-template parity: ${SHARED_DIR}/goldens/manifest.json not found (shared corpus absent)`, () => {
    it("renders every manifest pair like transformers", () => {});
  });
} else {
  const manifest = loadManifest();

  // grouped by template, so each template is parsed once (the parse cache is keyed by text)
  const byTemplate = new Map<string, typeof manifest.pairs>();
  for (const pair of manifest.pairs) {
    const list = byTemplate.get(pair.template) ?? [];
    list.push(pair);
    byTemplate.set(pair.template, list);
  }

  describe("chat-template parity with transformers apply_chat_template", () => {
    for (const [template, pairs] of byTemplate) {
      describe(template, () => {
        for (const pair of pairs) {
          const id = `${pair.template} × ${pair.conversation}`;
          const gap = KNOWN_GAPS[id];
          const title = pair.ok ? pair.conversation : `${pair.conversation} raises ${pair.error_type}`;
          (gap ? it.fails : it)(gap ? `${title} (known gap: ${gap})` : title, () => {
            const outcome = checkPair(pair, manifest.now);
            if (pair.ok) {
              const why =
                outcome.kind === "mismatch"
                  ? outcome.detail
                  : outcome.kind === "unexpected-error"
                    ? `raised ${outcome.error.message}`
                    : outcome.kind;
              expect(outcome.kind, why).toBe("match");
            } else {
              expect(outcome.kind, outcome.kind === "not-raised" ? outcome.detail : "").toBe("raised");
              const error = (outcome as { error: ChatTemplateError }).error;
              expect(error.pythonType).toBe(pair.error_type);
              expect(error.message).toBe(pair.error);
            }
          });
        }
      });
    }
  });

  it("covers the whole manifest", () => {
    expect(manifest.pairs.length).toBeGreaterThan(0);
    const templates = new Set(manifest.pairs.map((p) => p.template));
    expect(templates.size).toBeGreaterThan(0);
  });
}
