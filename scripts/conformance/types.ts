/**
 * Shapes of the conformance suite: a case is a model output with what it must parse to,
 * from our fixtures or from other servers' test suites (`../shared/cases/`).
 */
import type { ParseOptions } from "../../parsers/types.ts";

/** An expected call. `arguments` is compared as parsed JSON; `undefined` fields are not asserted. */
export interface ExpectedCall {
  name?: string | null;
  arguments?: unknown;
  /** Compare `arguments` as a subset of the parsed arguments (the source asserted only some keys). */
  arguments_subset?: boolean;
  id?: string;
}

export interface ConformanceCase {
  id: string;
  /** `fixtures` (ours) or the shared suite it came from. */
  suite: string;
  format: string;
  /** Where the case comes from (file and test name). */
  source: string;
  text: string;
  /** A real chunking to replay, if the source streamed it. */
  chunks?: string[];
  options?: ParseOptions;
  expect: {
    /** Undefined: not asserted. Compared with surrounding whitespace trimmed; null equals "". */
    content?: string | null;
    reasoning_content?: string | null;
    /** Undefined: not asserted. */
    tool_calls?: ExpectedCall[];
    finish_reason?: "tool_calls" | "stop";
    /** Diagnostic codes that must be reported (in order). */
    diagnostics?: string[];
    /** Text a prefilled assistant message already held (continuation): prepended before comparing. */
    prefix?: { content?: string; reasoning_content?: string };
  };
  /** A documented disagreement with the source's expectation: the case is reported, not failed. */
  disagreement?: string;
}

export interface CaseResult {
  case: ConformanceCase;
  /** Whole-text parse matches the expectation. */
  whole: boolean;
  /** Every chunking gave exactly the whole-text result (and never retracted). */
  stream: boolean;
  failures: string[];
}
