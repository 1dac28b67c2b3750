/**
 * A format's markers as the machine looks for them, built once per format and option set and
 * shared by every parser of that format (a server runs thousands at once: per-parser state stays
 * small and what is common stays hot in the cache).
 *
 * - `content`: the markers that end plain content (call openers, reasoning openers, ignored markers);
 * - each reasoning opener's `inside`: the markers that end that reasoning block;
 * - `startReasoning`: the markers that end a reasoning block the generation prompt opened.
 * Each set has an `id`, its index in `sets`, by which a parser keeps its own search memo.
 */
import type { CallSyntax, FormatSpec, ReasoningSyntax } from "./format.ts";

export type Marker = {
  text: string;
  call?: CallSyntax;
  reasoning?: "open" | "close";
  /** For a reasoning open marker: the markers that end the block (its close, and calls if `endsAtCall`). */
  inside?: MarkerSet;
  ignore?: true;
};

/** Markers looked for together: their texts, and their distinct first characters. */
export interface MarkerSet {
  id: number;
  list: Marker[];
  marks: string[];
  firsts: number[];
}

export interface Layout {
  content: MarkerSet;
  startReasoning: MarkerSet | null;
  /** Every set of this layout, by id. */
  sets: MarkerSet[];
}

export interface LayoutOptions {
  /** tool_choice "none": calls are not markup. */
  noCalls: boolean;
  /** Reasoning blocks are separated (`separateReasoning` is not false). */
  reasoning: boolean;
  startInReasoning: boolean;
}

/** A format's reasoning pairs as a list. */
export function reasoningPairs(f: FormatSpec): ReasoningSyntax[] {
  return f.reasoning ? (Array.isArray(f.reasoning) ? f.reasoning : [f.reasoning]) : [];
}

const cache = new WeakMap<FormatSpec, Map<number, Layout>>();

/** The layout of `format` under these options (cached). */
export function layoutOf(format: FormatSpec, o: LayoutOptions): Layout {
  const key = (o.noCalls ? 1 : 0) | (o.reasoning ? 2 : 0) | (o.startInReasoning ? 4 : 0);
  let byKey = cache.get(format);
  if (!byKey) cache.set(format, (byKey = new Map()));
  let l = byKey.get(key);
  if (!l) byKey.set(key, (l = build(format, o)));
  return l;
}

function build(format: FormatSpec, o: LayoutOptions): Layout {
  const sets: MarkerSet[] = [];
  const set = (list: Marker[]): MarkerSet => {
    const s = { id: sets.length, list, marks: list.map((m) => m.text), firsts: [...new Set(list.map((m) => m.text.charCodeAt(0)))] };
    sets.push(s);
    return s;
  };
  const pairs = o.reasoning ? reasoningPairs(format) : [];
  const callMarkers: Marker[] = (o.noCalls ? [] : format.calls).map((call) => ({ text: call.open, call }));
  const inReasoning = (r: ReasoningSyntax): Marker[] => [{ text: r.close, reasoning: "close" }, ...(r.endsAtCall ? callMarkers : [])];
  const content: Marker[] = [...callMarkers];
  for (const r of pairs) content.push({ text: r.open, reasoning: "open", inside: set(inReasoning(r)) });
  for (const text of format.ignore ?? []) content.push({ text, ignore: true });
  let startReasoning: MarkerSet | null = null;
  if (pairs.length && o.startInReasoning) {
    const inside = pairs.flatMap(inReasoning);
    startReasoning = set(inside.filter((m, i) => inside.findIndex((x) => x.text === m.text) === i));
  }
  return { content: set(content), startReasoning, sets };
}
