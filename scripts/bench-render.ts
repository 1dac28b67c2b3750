/**
 * Renders per second of `renderChat` (our transformers-parity layer) against plain
 * @huggingface/jinja (`new Template(text)` parsed once, then `render`), on the Qwen2.5
 * template (`Qwen-Qwen2.5-7B-Instruct.jinja`) with conversation `06_tool_results.json`.
 *
 *   tsx scripts/bench-render.ts
 *
 * `benchRender()` returns `{ ok, plain, ratio }`: `ok` = our renders/s, `plain` = plain
 * jinja's renders/s, `ratio` = our time per render / plain time per render (target ≤ 1.2).
 * Each side runs a warm-up, then alternating timed rounds; the best round counts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Template } from "@huggingface/jinja";
import { chatInputFromRequest } from "../templates/request.ts";
import { renderChat } from "../templates/render.ts";
import { SHARED_DIR } from "./lib/parity.ts";

export const BENCH_TEMPLATE = "Qwen-Qwen2.5-7B-Instruct.jinja";
export const BENCH_CONVERSATION = "06_tool_results.json";

function rate(fn: () => void, ms: number): number {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 20; i++) fn();
    n += 20;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

export async function benchRender(options: { roundMs?: number; rounds?: number } = {}): Promise<{
  ok: number;
  plain: number;
  ratio: number;
}> {
  const roundMs = options.roundMs ?? 400;
  const rounds = options.rounds ?? 5;
  const text = readFileSync(join(SHARED_DIR, "templates", BENCH_TEMPLATE), "utf8");
  const request = JSON.parse(readFileSync(join(SHARED_DIR, "conversations", BENCH_CONVERSATION), "utf8"));
  const input = chatInputFromRequest(text, request);

  const plainTemplate = new Template(text);
  const { template: _, ...vars } = input;
  const plain = () => plainTemplate.render(vars);
  const ours = () => renderChat(input);
  if (ours() !== ours()) throw new Error("renderChat is not deterministic");
  plain();

  rate(plain, roundMs);
  rate(ours, roundMs);
  let bestPlain = 0;
  let bestOurs = 0;
  for (let r = 0; r < rounds; r++) {
    bestPlain = Math.max(bestPlain, rate(plain, roundMs));
    bestOurs = Math.max(bestOurs, rate(ours, roundMs));
  }
  return { ok: bestOurs, plain: bestPlain, ratio: bestPlain / bestOurs };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await benchRender();
  console.log(`${BENCH_TEMPLATE} × ${BENCH_CONVERSATION}`);
  console.log(`  renderChat (transformers parity): ${Math.round(r.ok)} renders/s`);
  console.log(`  plain @huggingface/jinja:         ${Math.round(r.plain)} renders/s`);
  console.log(`  time ratio ours/plain:            ${r.ratio.toFixed(2)}× (target ≤ 1.2×)`);
}
