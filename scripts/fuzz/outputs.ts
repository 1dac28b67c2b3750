/**
 * The real model outputs the fuzzer mutates and the scale benchmark replays: the texts of
 * `allCases()` (our fixtures and the shared cases), each with its case's options. Kept apart from
 * the generators so that loading them does not load fast-check.
 */
import type { ParseOptions } from "../../parsers/types.ts";
import { allCases, fixtureCases, llamacppCases } from "../conformance/corpus.ts";

/** One real output: `id` is `<format>:<case id>`. */
export interface Seed {
  id: string;
  text: string;
  options: Omit<ParseOptions, "generateId">;
}

let corpusCache: { seeds: Seed[]; warning: string | null } | null = null;

/** The real outputs of `allCases()`, loaded once. If the corpus cannot be loaded as a whole (a
 *  shared case file the loader does not understand yet), the parts that load are used and the
 *  reason is kept in `warning`. */
export function realOutputs(): { seeds: Seed[]; warning: string | null } {
  if (corpusCache) return corpusCache;
  let warning: string | null = null;
  let cases;
  try {
    cases = allCases();
  } catch (e) {
    warning = `allCases() failed (${(e as Error).message}); using the fixtures and the llama.cpp cases only`;
    cases = [...fixtureCases()];
    try {
      cases.push(...llamacppCases());
    } catch {
      // fixtures alone
    }
  }
  corpusCache = { seeds: cases.map((c) => ({ id: `${c.format}:${c.id}`, text: c.text, options: { ...c.options } })), warning };
  return corpusCache;
}

