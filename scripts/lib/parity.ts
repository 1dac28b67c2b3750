/**
 * Template-rendering parity with Python transformers over the shared corpus:
 * `../shared/goldens/manifest.json` lists every (conversation, template) pair with either the
 * golden prompt (`ok: true`) or the exception transformers raises (`ok: false`).
 *
 * ```ts
 * const rows = parityRows();      // one row per template
 * const total = paritySummary(rows);
 * total.percent;                  // 100 when every pair matches
 * ```
 *
 * `../shared/` is found beside the repo, or at `$TOOLWIRE_SHARED`. Throws when the manifest is
 * missing (check {@link hasGoldens} first).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chatInputFromRequest } from "../../templates/request.ts";
import { parseJsonInput } from "../../templates/json-input.ts";
import { renderChat } from "../../templates/render.ts";
import { ChatTemplateError } from "../../templates/errors.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The shared corpus directory (`../shared` beside the repo, or `$TOOLWIRE_SHARED`). */
export const SHARED_DIR = resolve(process.env.TOOLWIRE_SHARED ?? join(ROOT, "../shared"));
const MANIFEST = join(SHARED_DIR, "goldens", "manifest.json");

export const hasGoldens = (): boolean => existsSync(MANIFEST);

export interface GoldenPair {
  conversation: string;
  template: string;
  ok: boolean;
  file?: string;
  error_type?: string;
  error?: string;
}

export interface Manifest {
  now: string;
  pairs: GoldenPair[];
}

export function loadManifest(): Manifest {
  return JSON.parse(readFileSync(MANIFEST, "utf8")) as Manifest;
}

const textCache = new Map<string, string>();
const readText = (path: string) => {
  let t = textCache.get(path);
  if (t === undefined) textCache.set(path, (t = readFileSync(path, "utf8")));
  return t;
};

export type PairOutcome =
  | { kind: "match" }
  | { kind: "mismatch"; detail: string }
  | { kind: "raised"; error: ChatTemplateError | Error }
  | { kind: "unexpected-error"; error: Error }
  | { kind: "not-raised"; detail: string };

/** Renders one manifest pair and compares it with the golden / expected exception. */
export function checkPair(pair: GoldenPair, now: string): PairOutcome {
  const template = readText(join(SHARED_DIR, "templates", pair.template));
  const conversation = parseJsonInput(readText(join(SHARED_DIR, "conversations", pair.conversation)));
  let output: string;
  try {
    output = renderChat(chatInputFromRequest(template, conversation as Record<string, unknown>), { now });
  } catch (e) {
    const error = e as Error;
    return pair.ok ? { kind: "unexpected-error", error } : { kind: "raised", error };
  }
  if (!pair.ok) return { kind: "not-raised", detail: `transformers raises ${pair.error_type}: ${pair.error}` };
  const golden = readText(join(SHARED_DIR, "goldens", pair.file!));
  if (output === golden) return { kind: "match" };
  let i = 0;
  while (i < output.length && output[i] === golden[i]) i++;
  const around = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 20), i + 40));
  return { kind: "mismatch", detail: `first difference at ${i}: got ${around(output)}, want ${around(golden)}` };
}

export interface ParityRow {
  template: string;
  /** Pairs of this template in the manifest. */
  pairs: number;
  /** Pairs transformers renders (`ok: true`). */
  rendered: number;
  /** Of those, pairs we render to the same bytes. */
  matched: number;
  /** Pairs where transformers raises (`ok: false`). */
  raising: number;
  /** Of those, pairs where we raise too. */
  raisedAsExpected: number;
  /** Pairs that differ, with why. */
  mismatches: { conversation: string; detail: string }[];
}

/** One row per template, sorted by template file name. */
export function parityRows(): ParityRow[] {
  const manifest = loadManifest();
  const rows = new Map<string, ParityRow>();
  // by template, so that each template is parsed once
  const pairs = [...manifest.pairs].sort((a, b) => a.template.localeCompare(b.template));
  for (const pair of pairs) {
    let row = rows.get(pair.template);
    if (!row) {
      row = { template: pair.template, pairs: 0, rendered: 0, matched: 0, raising: 0, raisedAsExpected: 0, mismatches: [] };
      rows.set(pair.template, row);
    }
    row.pairs++;
    if (pair.ok) row.rendered++;
    else row.raising++;
    const outcome = checkPair(pair, manifest.now);
    if (outcome.kind === "match") row.matched++;
    else if (outcome.kind === "raised") row.raisedAsExpected++;
    else {
      const detail =
        outcome.kind === "unexpected-error"
          ? `raised ${(outcome.error as ChatTemplateError).pythonType ?? outcome.error.name}: ${outcome.error.message}`
          : outcome.detail;
      row.mismatches.push({ conversation: pair.conversation, detail });
    }
  }
  return [...rows.values()].sort((a, b) => a.template.localeCompare(b.template));
}

export interface ParitySummary {
  templates: number;
  pairs: number;
  rendered: number;
  matched: number;
  raising: number;
  raisedAsExpected: number;
  /** (matched + raisedAsExpected) / pairs, in percent. */
  percent: number;
}

export function paritySummary(rows: ParityRow[]): ParitySummary {
  const sum = (f: (r: ParityRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  const pairs = sum((r) => r.pairs);
  const matched = sum((r) => r.matched);
  const raisedAsExpected = sum((r) => r.raisedAsExpected);
  return {
    templates: rows.length,
    pairs,
    rendered: sum((r) => r.rendered),
    matched,
    raising: sum((r) => r.raising),
    raisedAsExpected,
    percent: pairs ? (100 * (matched + raisedAsExpected)) / pairs : 0,
  };
}
