/**
 * The format registry: one line per format module. `npx toolwire new-format NAME` adds a line here.
 */
import type { FormatSpec } from "./engine/format.ts";
import { hermes } from "./formats/hermes.ts";
import { lmstudio } from "./formats/lmstudio.ts";
import { mistral } from "./formats/mistral.ts";
import { qwen } from "./formats/qwen.ts";

export const FORMATS: readonly FormatSpec[] = [
  hermes,
  qwen,
  mistral,
  lmstudio,
];
