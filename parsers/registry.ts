/**
 * The format registry: one line per format module. `npx toolwire new-format NAME` adds a line here.
 */
import type { FormatSpec } from "./engine/format.ts";
import { qwen3_coder } from "./formats/qwen3_coder.ts";
import { seed_oss } from "./formats/seed_oss.ts";
import { glm45 } from "./formats/glm45.ts";
import { glm47 } from "./formats/glm47.ts";
import { minimax_m2 } from "./formats/minimax_m2.ts";
import { minimax_m3 } from "./formats/minimax_m3.ts";
import { deepseek_v32 } from "./formats/deepseek_v32.ts";
import { minicpm5 } from "./formats/minicpm5.ts";
import { deepseek_v3 } from "./formats/deepseek_v3.ts";
import { deepseek_v31 } from "./formats/deepseek_v31.ts";
import { kimi_k2 } from "./formats/kimi_k2.ts";
import { openai } from "./formats/openai.ts";
import { functionary_v31 } from "./formats/functionary_v31.ts";
import { functionary_v32 } from "./formats/functionary_v32.ts";
import { gigachat3 } from "./formats/gigachat3.ts";
import { solar } from "./formats/solar.ts";
import { apertus } from "./formats/apertus.ts";
import { apriel } from "./formats/apriel.ts";
import { command_r7b } from "./formats/command_r7b.ts";
import { firefunction_v2 } from "./formats/firefunction_v2.ts";
import { granite } from "./formats/granite.ts";
import { granite_20b_fc } from "./formats/granite_20b_fc.ts";
import { hunyuan_a13b } from "./formats/hunyuan_a13b.ts";
import { llama3_json } from "./formats/llama3_json.ts";
import { minimax_m1 } from "./formats/minimax_m1.ts";
import { nemotron } from "./formats/nemotron.ts";
import { phi4_mini } from "./formats/phi4_mini.ts";
import { xlam } from "./formats/xlam.ts";
import { hermes } from "./formats/hermes.ts";
import { lmstudio } from "./formats/lmstudio.ts";
import { mistral } from "./formats/mistral.ts";
import { qwen } from "./formats/qwen.ts";
import { pythonic } from "./formats/pythonic.ts";
import { lfm2 } from "./formats/lfm2.ts";
import { gemma4 } from "./formats/gemma4.ts";
import { functiongemma } from "./formats/functiongemma.ts";

export const FORMATS: readonly FormatSpec[] = [
  hermes,
  qwen,
  mistral,
  lmstudio,
  llama3_json,
  granite,
  granite_20b_fc,
  nemotron,
  apriel,
  command_r7b,
  phi4_mini,
  firefunction_v2,
  xlam,
  minimax_m1,
  apertus,
  hunyuan_a13b,
  pythonic,
  lfm2,
  gemma4,
  functiongemma,
  deepseek_v3,
  deepseek_v31,
  kimi_k2,
  openai,
  functionary_v31,
  functionary_v32,
  gigachat3,
  solar,
  qwen3_coder,
  seed_oss,
  glm45,
  glm47,
  minimax_m2,
  minimax_m3,
  deepseek_v32,
  minicpm5,
];
