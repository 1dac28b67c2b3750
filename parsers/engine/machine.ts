/**
 * The engine: one incremental machine per response, driven by `push(chunk)` and `end()`.
 * Whole-text `parse()` is this same machine fed once, so stream and whole agree by construction.
 *
 * Path of a chunk: `push` appends it to the machine's text (the machine is the {@link Cursor}
 * over it); outside blocks, {@link scan} looks for the format's markers (its {@link Layout}) with
 * `indexOf` and emits the text before them (holding back only a suffix that could still start a
 * marker, pitfall 3); at a call marker the format's body reader runs (resumable, see `bodies.ts`)
 * and reports calls through the {@link CallContext} (while it waits, the engine asks only its
 * innermost waiting reader, `Cursor.leaf`); the {@link Emitter} turns all of it into deltas. The
 * machine is the cursor and the emitter too (it extends both layers): one object per response,
 * so a push follows no pointer to other state objects. Two fast lanes make the same decisions
 * for the commonest short chunks without the general path: plain text in which no marker can
 * start, and text inside a JSON value a reader is waiting in (streamed arguments), which is
 * scanned in place.
 */
import type { ChoiceDelta, Diagnostic, DiagnosticCode, ParseOptions, ParserLimits, StreamEnd, StreamParser, Tool } from "../types.ts";
import { FAR, feedJson, isWs, later, litNow, wsNow, type Cursor, type Step } from "./cursor.ts";
import { CONTENT, Emitter, REASONING, type Channel } from "./emitter.ts";
import type { CallContext, CallSyntax, FormatSpec } from "./format.ts";
import { layoutOf, type Layout, type MarkerSet } from "./layout.ts";
import { MarkerSearch, partialSuffix } from "./markers.ts";
import { idGenerator } from "./ids.ts";

/** `openIndex` of a call that tool_choice / parallel_tool_calls keep from being emitted. */
const MUTED = -2;

export const DEFAULT_LIMITS: Readonly<ParserLimits> = Object.freeze({ maxUndecided: 65536, maxHeldWhitespace: 1024, maxCalls: 128, maxArguments: 1 << 20, maxDepth: 512 });

/** Longest chunk the fast lane checks character by character (longer ones are searched with indexOf). */
const FAST_LANE = 32;

/** True when no character of `s` is one of `firsts` (so no marker can start in `s`). */
function noneOf(s: string, firsts: number[]): boolean {
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    for (let k = 0; k < firsts.length; k++) if (ch === firsts[k]) return false;
  }
  return true;
}

export class Machine extends Emitter implements StreamParser, CallContext {
  readonly limits: ParserLimits;
  private readonly toolList: readonly Tool[] | null;
  /** The tool {@link tool} found last (the open call's, asked again for each of its values). */
  private lastTool: Tool | undefined = undefined;
  /** Made at the first diagnostic (most responses have none). */
  private diagnostics: Diagnostic[] | null = null;
  private readonly newId: (index: number) => string;
  private readonly layout: Layout;
  /** The markers that end the current channel's text (the layout's content set outside reasoning). */
  private markers: MarkerSet;
  /** This parser's search memo per marker set of the layout (by set id), made on first use. */
  private readonly searches: (MarkerSearch | undefined)[];
  /** Marker-less calls may still begin (nothing but whitespace in content so far). */
  private bareOk: boolean;
  private channel: Channel = CONTENT;
  /** The running reader of a call block: its body, then its end marker. */
  private block: Step<unknown> | null = null;
  /** While `block` is the body: the call syntax, whose end marker comes next. */
  private blockCall: CallSyntax | null = null;
  /** Absolute start of the block text not yet decided (falls back to content on failure); -1 while a call is open. */
  private pending = -1;
  /** Index of the open call; -1 when none; MUTED while reading a call that is not emitted. */
  private openIndex = -1;
  private calls = 0;
  /** maxCalls was reached inside a block (reported once). */
  private callsCapped = false;
  /** Characters of arguments the open call may still emit (`maxArguments` less what it emitted). */
  private argRoom = 0;
  /** Arguments of the open call were cut at `maxArguments`. */
  private argsCut = false;
  private stopAt = -1;
  private finished = false;
  private readonly choice: NonNullable<ParseOptions["tool_choice"]>;
  private readonly parallel: boolean;

  constructor(private readonly format: FormatSpec, opts: ParseOptions = {}) {
    const limits = opts.limits ? { ...DEFAULT_LIMITS, ...opts.limits } : DEFAULT_LIMITS;
    super(limits.maxHeldWhitespace);
    this.limits = limits;
    this.toolList = opts.tools ?? null;
    this.newId = opts.generateId ?? idGenerator(format.idStyle);
    this.choice = opts.tool_choice ?? "auto";
    this.parallel = opts.parallel_tool_calls !== false;
    this.layout = layoutOf(format, { noCalls: this.choice === "none", reasoning: opts.separateReasoning !== false, startInReasoning: !!opts.startInReasoning });
    this.searches = new Array(this.layout.sets.length); // exactly one slot per marker set
    this.markers = this.layout.startReasoning ?? this.layout.content;
    if (this.layout.startReasoning) this.channel = REASONING;
    this.bareOk = !!format.bare && this.choice !== "none";
  }

  // ---- StreamParser ----

  push(chunk: string): ChoiceDelta[] {
    if (this.finished) throw new Error("toolwire: push() after end(); create a new parser for each response");
    if (typeof chunk !== "string") throw new TypeError(`toolwire: push() takes a string, got ${chunk === null ? "null" : typeof chunk}`);
    const fast = this.lane(chunk);
    if (fast !== null) return fast;
    this.run();
    this.compact(this.pos);
    return this.take();
  }

  /**
   * The fast lanes: the same decisions the general path makes, for the commonest short chunks,
   * without a search or resuming a reader. Returns the push's deltas, or null once the chunk is in
   * the buffer for the general path.
   */
  private lane(chunk: string): ChoiceDelta[] | null {
    const c: Cursor = this;
    if (c.pos === c.arrived) {
      if (this.block === null) {
        // Plain text: nothing is undecided and no marker can start in this chunk, so all of it is
        // text of the current channel.
        if (chunk.length <= FAST_LANE && !this.bareOk && noneOf(chunk, this.markers.firsts)) {
          c.buf = "";
          c.base = c.pos = c.pos + chunk.length;
          this.text(this.channel, chunk);
          return this.take();
        }
      } else if (c.waitArgs && this.openIndex >= 0 && c.keep === FAR) {
        // Streamed arguments: the open call's arguments are the JSON value a reader waits in (only
        // `scanJson` waits with them, with no stop), and nothing before this chunk is needed any
        // more. The chunk becomes the buffer and is validated in place; while the value goes
        // on past it, it is one arguments delta as it is.
        const sc = c.waitSc!;
        const n = chunk.length;
        c.buf = chunk;
        c.base = c.pos;
        // Plain string text (the commonest arguments chunk) leaves the scanner as it is.
        const at = sc.plainUntil(chunk, 0, n) === n ? n : sc.feed(chunk, 0, n);
        c.pos += at;
        if (at === n && !sc.ended && n <= this.argRoom) {
          const d = this.argsDelta(this.openIndex, chunk);
          if (d !== null) {
            this.argRoom -= n;
            return d;
          }
        }
        // The value ends here (or something is held): the general path takes it from `pos`.
        if (at > 0) this.argsText(c.base, c.pos);
        return null;
      }
    }
    c.append(chunk);
    return null;
  }

  end(): StreamEnd {
    if (this.finished) throw new Error("toolwire: end() called twice");
    this.eof = true;
    this.run();
    this.finished = true;
    if (this.channel === REASONING) this.report("unclosed_reasoning", "the output ended inside a reasoning block", this.pos);
    if (this.choice === "required" && this.calls === 0) this.report("tool_call_required", 'tool_choice is "required" but the output has no tool call', this.pos);
    this.flush();
    return { deltas: this.take(), finish_reason: this.calls > 0 ? "tool_calls" : "stop", diagnostics: this.diagnostics ?? [] };
  }

  // ---- CallContext (used by body readers) ----

  /** The machine is the cursor over its response's text (one object: less memory touched per push, see the file comment). */
  get cur(): Cursor {
    return this;
  }

  /** The request's tool named `name`: a search of the tools array from its end (no index is
   *  built per parser; the open call's tool is remembered for its values). */
  tool(name: string): Tool | undefined {
    const list = this.toolList;
    if (list === null) return undefined;
    const last = this.lastTool;
    if (last !== undefined && last.function.name === name) return last;
    for (let i = list.length - 1; i >= 0; i--) if (list[i].function.name === name) return (this.lastTool = list[i]);
    return undefined;
  }

  /** Streamed arguments text (absolute offsets): emitted as the open call's arguments. */
  override argsText(from: number, to: number): void {
    this.args(this.slice(from, to));
  }

  get isOpen(): boolean {
    return this.openIndex !== -1;
  }

  get stopped(): boolean {
    return this.stopAt >= 0;
  }

  open(name: string, id?: string | null): void {
    this.setPending(-1);
    this.limit = FAR;
    this.markup();
    const c = this.choice;
    const other = typeof c === "object" && c.function.name !== name;
    const overLimit = this.calls >= this.limits.maxCalls;
    if (other || (!this.parallel && this.calls > 0) || overLimit) {
      this.openIndex = MUTED;
      if (overLimit) {
        // Several calls in one block (an array, a section): the rest are read but not emitted.
        if (!this.callsCapped) this.diag("limit_exceeded", `more than ${this.limits.maxCalls} calls; the rest were not emitted`);
        this.callsCapped = true;
      } else if (other) this.diag("tool_choice_violation", `a call to "${name}" while tool_choice names "${(c as { function: { name: string } }).function.name}"; not emitted`);
      else this.diag("parallel_tool_calls_disabled", `a further call to "${name}" while parallel_tool_calls is false; not emitted`);
      return;
    }
    const index = this.calls++;
    this.openIndex = index;
    this.argRoom = this.limits.maxArguments;
    this.callHeader(index, id || this.newId(index), name);
    if (this.toolList !== null && this.tool(name) === undefined) this.diag("unknown_tool", `"${name}" is not one of the request's tools`);
  }

  args(text: string): void {
    if (this.openIndex < 0 || text.length === 0) return;
    if (text.length > this.argRoom) {
      this.argsCut = true;
      text = text.slice(0, this.argRoom);
    }
    this.argRoom -= text.length;
    if (text) this.emitArgs(this.openIndex, text);
  }

  close(): void {
    if (this.openIndex >= 0) {
      this.closeCall(this.openIndex);
      // Reported where the call ends, an offset that does not depend on the chunking.
      if (this.argsCut) this.diag("limit_exceeded", `arguments longer than ${this.limits.maxArguments} characters; the rest was not emitted`);
    }
    this.argsCut = false;
    this.openIndex = -1;
  }

  settle(): void {
    this.setPending(this.pos);
    this.limit = this.pending + this.limits.maxUndecided;
  }

  fail(code: DiagnosticCode, message: string): void {
    if (this.limited) return this.ended_("the undecided-text bound");
    this.stopAt = this.pos;
    this.report(code, message, this.pos);
  }

  ended(what: string): void {
    this.ended_(what);
  }

  diag(code: DiagnosticCode, message: string): void {
    this.report(code, message, this.pos);
  }

  // ---- internals ----

  /** Where undecided block text starts (-1: none); the cursor keeps it until it is decided. */
  private setPending(at: number): void {
    this.pending = at;
    this.holdFrom(at);
  }

  private ended_(what: string): void {
    const c: Cursor = this;
    this.stopAt = c.pos;
    if (c.limited) {
      const bound = this.isOpen ? "" : ` (${this.limits.maxUndecided} characters undecided)`;
      this.report("limit_exceeded", `stopped inside ${what}: the limit was reached${bound}`, c.pos);
    } else if (this.isOpen) this.report("truncated_call", `the output ended inside ${what}; the call is kept as far as it came`, c.pos);
    else this.report("truncated_markup", `the output ended inside ${what} before a call was recognised; kept as content`, c.pos);
  }

  private report(code: DiagnosticCode, message: string, offset: number): void {
    const d: Diagnostic = { code, message, offset };
    if (this.openIndex >= 0) d.index = this.openIndex;
    if (this.diagnostics === null) this.diagnostics = [d];
    else this.diagnostics.push(d);
  }

  private run(): void {
    const c: Cursor = this;
    const sc = c.waitSc;
    // Fast path: a reader suspended inside a JSON value is fed directly while the value goes on.
    if (sc !== null && !c.eof && feedJson(c, sc, c.waitArgs, c.waitStop) === "more" && c.pos < c.limit && c.pos < c.waitStop) return;
    for (;;) {
      if (this.block) {
        // The innermost waiting reader decides first; the generators around it resume after.
        const leaf = c.leaf;
        if (leaf !== null && !leaf.next().done) return;
        if (!this.block.next().done) return; // waiting for more input
        // The body is read: its end marker follows (a second step, so the body runs one level up).
        const call = this.blockCall;
        this.blockCall = null;
        if (call?.close && !this.stopped && this.endMarker(call.close) === undefined) {
          this.block = later(Machine.endMarkerNow, c, call.close);
          return;
        }
        this.block = null;
        this.finishBlock();
        continue;
      }
      if (!this.scan()) return;
    }
  }

  /** Emits text up to the next marker and enters it. False when it needs more input. */
  private scan(): boolean {
    const c: Cursor = this;
    if (this.bareOk && this.channel === CONTENT) {
      const started = this.startBare();
      if (started !== null) return started;
    }
    const markers = this.markers;
    const search = (this.searches[markers.id] ??= new MarkerSearch(markers.marks));
    const s = c.buf;
    const from = c.pos - c.base;
    const hit = search.find(c);
    if (hit < 0) {
      const keep = c.eof ? 0 : partialSuffix(s, from, s.length, markers.marks);
      this.text(this.channel, s.slice(from, s.length - keep));
      c.pos = c.base + s.length - keep;
      return false;
    }
    const found = markers.list[search.k];
    const at = hit - c.base;
    this.text(this.channel, s.slice(from, at));
    c.pos = c.base + at + found.text.length;
    if (found.ignore) {
      this.markup();
    } else if (found.reasoning) {
      this.markup();
      this.channel = found.reasoning === "open" ? REASONING : CONTENT;
      this.markers = found.inside ?? this.layout.content;
    } else if (this.calls >= this.limits.maxCalls) {
      if (!this.callsCapped) this.report("limit_exceeded", `more than ${this.limits.maxCalls} calls; the rest stays text`, c.base + at);
      this.callsCapped = true;
      this.text(this.channel, found.text);
    } else {
      if (this.channel === REASONING) {
        // A call ends a reasoning block that allows it (`endsAtCall`): reasoning is over.
        this.markup();
        this.channel = CONTENT;
        this.markers = this.layout.content;
      }
      this.startBlock(c.base + at, found.call!);
    }
    return true;
  }

  private startBlock(at: number, call: CallSyntax): void {
    this.bareOk = false;
    this.setPending(at);
    this.limit = at + this.limits.maxUndecided;
    this.stopAt = -1;
    this.block = call.body(this);
    this.blockCall = call;
  }

  /**
   * Where content begins, a marker-less call may start (format.bare). Returns null when it is
   * decided that none does, true when one started, false to wait for a non-space character.
   */
  private startBare(): boolean | null {
    const c: Cursor = this;
    const s = c.buf;
    let i = c.pos - c.base;
    while (i < s.length && isWs(s.charCodeAt(i))) i++;
    // Leading whitespace goes to the emitter now (it holds it, and drops it if a call follows), so
    // waiting through a long run of it costs nothing per chunk and keeps no buffer.
    if (c.base + i > c.pos) {
      this.text(CONTENT, s.slice(c.pos - c.base, i));
      c.pos = c.base + i;
    }
    if (i === s.length) {
      if (!c.eof) return false;
      this.bareOk = false;
      return null;
    }
    // A reasoning block may come first: the call can still begin where content does.
    for (const m of this.layout.content.list) {
      if (!m.reasoning) continue;
      const rest = s.length - i;
      if (s.startsWith(m.text, i)) return null;
      if (rest < m.text.length && !c.eof && m.text.startsWith(s.slice(i))) return false;
    }
    this.bareOk = false;
    if (!this.format.bare!.first.includes(s[i])) return null;
    this.startBlock(c.pos, { open: "", body: this.format.bare!.body });
    return true;
  }

  /** The end marker of a call block, after its body: true once decided (a missing one is
   *  reported), undefined to wait for more text. */
  private endMarker(close: string): true | undefined {
    const c: Cursor = this;
    const ws = wsNow(c);
    if (ws === undefined) return undefined;
    if (!ws) return this.report("missing_end_marker", `the output ended before ${close}`, c.pos), true;
    const r = litNow(c, close);
    if (r === undefined) return undefined;
    if (r !== "yes") this.report("missing_end_marker", `expected ${close} after the call`, c.pos);
    return true;
  }

  private static endMarkerNow(m: Cursor, close: string): true | undefined {
    return (m as Machine).endMarker(close);
  }

  private finishBlock(): void {
    const c: Cursor = this;
    if (this.stopAt >= 0) {
      c.pos = this.stopAt;
      if (this.isOpen) this.close();
      else if (this.pending >= 0) {
        // Nothing of this stretch was emitted: it is content after all (no retraction needed).
        this.text(CONTENT, c.slice(this.pending, c.pos));
      }
    } else {
      if (this.isOpen) this.close();
      this.markup();
    }
    this.setPending(-1);
    this.stopAt = -1;
    c.limit = FAR;
    c.limited = false;
  }
}
