/**
 * Shared templates that cannot round-trip everything by design (render → parse gives back less
 * than was rendered), with the reason for each restriction. Used by the round-trip property test
 * (which checks each restriction is real) and by the conformance table (documented, not failed).
 */

/** What a template cannot round-trip, and why. */
export interface RoundTripException {
  /** Not run at all. */
  skip?: string;
  /** Content next to tool calls is lost or changes role: run without content. */
  noContent?: string;
  /** Only one call per turn round-trips. */
  single?: string;
  /** Null values do not come back as null. */
  noNull?: string;
  /** Arrays hold one type of value (mixed arrays have no item type to read values back by). */
  uniformArrays?: string;
  /** String values limited to text without quotes and backslashes. */
  plainStrings?: string;
  /** Top-level argument values restricted: "no-strings" or "strings-only". */
  topLevel?: { kind: "no-strings" | "strings-only"; reason: string };
  /** At most one argument per call. */
  oneArgument?: string;
  /** Content must not end with this text (it would merge with the call marker). */
  contentNotEndingWith?: { text: string; reason: string };
  /** Render the way minja/llama.cpp do (transformers raises on this template). */
  lenient?: string;
}

const DROPS_CONTENT = "the template renders no content next to tool calls (by design)";
const XML_NULL = "XML parameter values: the template prints null as text (`None`/`null`), read back as a string";

/** Per-template exceptions, with the reason for each restriction. */
export const ROUND_TRIP_EXCEPTIONS: Record<string, RoundTripException> = {
  "LFM2-8B-A1B.jinja": { skip: "renders no tool calls (LFM2 expects them inside content)" },
  "LFM2.5-Instruct.jinja": { skip: "renders no tool calls (LFM2 expects them inside content)" },
  "ibm-granite-granite-3.3-2B-Instruct.jinja": { skip: "renders no tool calls (Granite 3.3 expects them inside content)" },
  "microsoft-Phi-4-mini-instruct.jinja": { skip: "renders no tool calls" },
  "vllm-tool_chat_template_glm4.jinja": { skip: "renders no tool calls (tool definitions only)" },
  "vllm-tool_chat_template_phi4_mini.jinja": {
    skip: "renders past calls as bare `{\"name\", \"arguments\"}` with a Python-repr dict and no `functools[` marker, which is not what the model writes (the prompt teaches `functools[…]`)",
  },
  "Kimi-K2-Instruct.jinja": { lenient: "transformers raises (`list.append`), minja/llama.cpp render it" },
  "Kimi-K2-Thinking.jinja": { lenient: "transformers raises (`list.append`), minja/llama.cpp render it" },
  "llama-cpp-deepseek-r1.jinja": {
    lenient: "transformers raises (`tojson` on a `map` generator), minja/llama.cpp render it",
    noContent: "renders the calls only when the assistant has no content",
  },
  "deepseek-ai-DeepSeek-R1-Distill-Llama-8B.jinja": {
    noContent: "renders the calls only when the assistant has no content",
    single: "the template drops calls of a parallel turn",
  },
  "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja": { noContent: "content is rendered after the calls' end-of-sentence, outside the turn" },
  "NVIDIA-Nemotron-Nano-v2.jinja": { noContent: "renders the calls only when the assistant has no content" },
  "Cohere2MoE.jinja": { noContent: DROPS_CONTENT },
  "CohereForAI-c4ai-command-r7b-12-2024-tool_use.jinja": { noContent: DROPS_CONTENT },
  "MiniMax-M1.jinja": { noContent: DROPS_CONTENT },
  "vllm-tool_chat_template_minimax_m1.jinja": { noContent: DROPS_CONTENT },
  "Mistral-Small-3.2-24B-Instruct-2506.jinja": { noContent: DROPS_CONTENT },
  "mistralai-Mistral-Nemo-Instruct-2407.jinja": { noContent: DROPS_CONTENT },
  "vllm-tool_chat_template_mistral.jinja": { noContent: DROPS_CONTENT },
  "vllm-tool_chat_template_mistral3.jinja": { noContent: DROPS_CONTENT },
  "vllm-tool_chat_template_mistral_parallel.jinja": { noContent: DROPS_CONTENT },
  "NousResearch-Hermes-2-Pro-Llama-3-8B-tool_use.jinja": { noContent: DROPS_CONTENT },
  "NousResearch-Hermes-3-Llama-3.1-8B-tool_use.jinja": { noContent: DROPS_CONTENT },
  "vllm-tool_chat_template_hermes.jinja": { noContent: DROPS_CONTENT },
  "meta-llama-Llama-3.1-8B-Instruct.jinja": { noContent: DROPS_CONTENT },
  "meta-llama-Llama-3.2-3B-Instruct.jinja": { noContent: DROPS_CONTENT },
  "meta-llama-Llama-3.3-70B-Instruct.jinja": { noContent: DROPS_CONTENT },
  "vllm-tool_chat_template_llama3.1_json.jinja": { noContent: DROPS_CONTENT },
  "vllm-tool_chat_template_llama3.2_json.jinja": { noContent: DROPS_CONTENT },
  "vllm-tool_chat_template_llama4_json.jinja": {
    noContent: "content is printed before the bare JSON call; llama3_json (like vLLM's parser) reads a call only at the start of the output",
  },
  "openai-gpt-oss-120b.jinja": { noContent: "content next to tool calls is rendered as the analysis channel (reasoning)" },
  "upstage-Solar-Open-100B.jinja": { noContent: DROPS_CONTENT },
  "vllm-tool_chat_template_granite.jinja": { noContent: DROPS_CONTENT },
  "vllm-tool_chat_template_granite_20b_fc.jinja": { noContent: DROPS_CONTENT },
  "vllm-tool_chat_template_xlam_llama.jinja": { noContent: DROPS_CONTENT },
  "vllm-tool_chat_template_xlam_qwen.jinja": { noContent: DROPS_CONTENT },
  "vllm-tool_chat_template_llama3.2_pythonic.jinja": {
    noContent: DROPS_CONTENT,
    topLevel: { kind: "no-strings", reason: "top-level string values are printed unquoted (`f(city=Paris)`)" },
  },
  "vllm-tool_chat_template_toolace.jinja": {
    noContent: DROPS_CONTENT,
    topLevel: { kind: "no-strings", reason: "top-level string values are printed unquoted (`f(city=Paris)`)" },
  },
  "vllm-tool_chat_template_llama4_pythonic.jinja": {
    noContent: "content is printed before the bare `[f(…)]` call; pythonic reads a call only at the start of the output",
    topLevel: { kind: "strings-only", reason: "every value is printed between double quotes (`f(n=\"1\")`)" },
    plainStrings: "quotes inside values are not escaped",
  },
  "vllm-tool_chat_template_gemma3_pythonic.jinja": {
    oneArgument: "the template omits the comma between arguments (`f(a=1b=2)`)",
  },
  "LFM2.5-8B-A1B.jinja": { plainStrings: "string values are printed between quotes without escaping (`f(a=''')`)" },
  "meetkai-functionary-medium-v3.2.jinja": {
    contentNotEndingWith: { text: ">", reason: "content ending in `>` runs into the `>>>name` call marker" },
  },
  "ByteDance-Seed-OSS.jinja": { noNull: XML_NULL },
  "MiniMax-M2.jinja": { noNull: XML_NULL },
  "MiniMax-M3.jinja": {
    noNull: XML_NULL,
    uniformArrays: "array items are XML text typed by the schema's `items`: a mixed array has none, so numbers come back as strings",
  },
  "NVIDIA-Nemotron-3-Nano-30B-A3B-BF16.jinja": { noNull: XML_NULL },
  "Qwen3-Coder.jinja": { noNull: XML_NULL },
  "Qwen3.5-4B.jinja": { noNull: XML_NULL },
  "StepFun3.5-Flash.jinja": { noNull: XML_NULL },
  "vllm-tool_chat_template_qwen3coder.jinja": { noNull: XML_NULL },
  "vllm-tool_chat_template_functiongemma.jinja": { noContent: DROPS_CONTENT, noNull: "null is printed as `<escape>None<escape>`, read back as the string \"None\"" },
};
