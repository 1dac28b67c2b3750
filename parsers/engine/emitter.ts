/**
 * The output side of the engine: turns decided text into OpenAI `ChoiceDelta`s.
 *
 * Two rules keep streaming equal to whole-text parsing and free of retractions:
 * - Whitespace that touches markup belongs to the markup (templates write `\n` around
 *   `<tool_call>` and `</think>`): it is trimmed from both ends of content and of reasoning.
 *   Trailing whitespace is held back until the next non-space character shows it is inside the
 *   text; where text resumes after markup, one whitespace run (the one before the markup, else the
 *   one after) separates the two parts. At most `maxHeldWhitespace` characters are held: the rest
 *   of a longer run is emitted, which depends only on the run's length, never on the chunking.
 * - A lone high surrogate at the end of a fragment is kept for the next fragment, so no delta
 *   ever splits a surrogate pair (clients encode each delta to UTF-8 on its own).
 *
 * The emitter is a layer of the parser's one state object (the machine extends it, and it extends
 * the {@link Cursor}), and it is itself the content channel's state: a push touches one object, not
 * a chain of three. With thousands of streams open, each push finds its stream's state out of the
 * CPU caches, and every further object it must follow is one more wait on memory.
 */
import type { ChoiceDelta, ToolCallDelta } from "../types.ts";
import { Cursor, isHigh, isWs } from "./cursor.ts";

export const CONTENT = 0;
export const REASONING = 1;
export type Channel = typeof CONTENT | typeof REASONING;

/** `lastKind` of an arguments delta. */
const ARGS = 2;

/** What the emitter keeps for one channel (content or reasoning). */
interface ChannelState {
  /** Trailing whitespace held back until text follows it. */
  held: string;
  /** Markup was decided last: whitespace now touches it. */
  atMarkup: boolean;
  /** A held high surrogate. */
  lone: string;
  /** Whitespace right after markup, kept as a separator in case text resumes. */
  lead: string;
  /** Whether the channel has emitted any text. */
  said: boolean;
}

/** The reasoning channel's state (the content channel's is the emitter's own fields). */
class Reasoning implements ChannelState {
  held = "";
  atMarkup = false;
  lone = "";
  lead = "";
  said = false;
}

export class Emitter extends Cursor implements ChannelState {
  /** Deltas decided since the last `take` (null when none: most pushes make one, in an array of one). */
  private out: ChoiceDelta[] | null = null;
  /** The content channel's state (see {@link ChannelState}). */
  held = "";
  atMarkup = false;
  lone = "";
  lead = "";
  said = false;
  /** Made when reasoning is first written (most outputs have none). */
  private reasoning: Reasoning | null = null;
  /** Markup was decided at some point (a channel made later starts as if it had seen it). */
  private marked = false;
  /** A held high surrogate of the arguments of call `argLoneIndex` (one call is open at a time). */
  private argLone = "";
  private argLoneIndex = -1;
  /** Whether the last delta in `out` may absorb more text of the same kind. */
  private joinable = false;
  /** The kind of the last delta in `out`: a channel, or ARGS with `lastIndex` its call. */
  private lastKind = -1;
  private lastIndex = -1;

  constructor(private readonly maxHeld: number) {
    super();
  }

  /** Text of a channel, decided to be text (not markup). */
  text(ch: Channel, s: string): void {
    if (s.length === 0) return;
    const st = this.state(ch);
    const last = s.charCodeAt(s.length - 1);
    if (!st.atMarkup && st.held === "" && st.lone === "" && !isWs(last) && !isHigh(last)) {
      // The common case: text that neither starts after markup nor ends in something to hold.
      this.put(ch, s);
      return;
    }
    if (st.atMarkup) {
      let i = 0;
      while (i < s.length && isWs(s.charCodeAt(i))) i++;
      const lead = s.slice(0, i);
      if (st.lead.length < this.maxHeld) st.lead = (st.lead + lead).slice(0, this.maxHeld);
      if (i === s.length) return;
      // Text resumes after markup: one whitespace run separates it from earlier text (the one
      // before the markup if any, else the one after); none at the start of the channel.
      st.atMarkup = false;
      const sep = st.said ? st.held || st.lead : "";
      st.held = st.lead = "";
      s = sep + s.slice(i);
    }
    let k = s.length;
    while (k > 0 && isWs(s.charCodeAt(k - 1))) k--;
    if (k === 0) {
      const run = st.held + s;
      const excess = run.length - this.maxHeld;
      if (excess > 0) this.raw(ch, run.slice(0, excess));
      st.held = excess > 0 ? run.slice(excess) : run;
      return;
    }
    this.raw(ch, st.held + s.slice(0, k));
    const tail = s.slice(k);
    const excess = tail.length - this.maxHeld;
    if (excess > 0) this.raw(ch, tail.slice(0, excess));
    st.held = excess > 0 ? tail.slice(excess) : tail;
  }

  /** Markup was decided at this point: whitespace touching it is not text of its own. */
  markup(): void {
    this.atMarkup = this.marked = true;
    if (this.reasoning !== null) this.reasoning.atMarkup = true;
  }

  /** The first delta of a call: index, id, type and name, with empty arguments. */
  callHeader(index: number, id: string, name: string): void {
    this.add({ tool_calls: [{ index, id, type: "function", function: { name, arguments: "" } }] });
    this.joinable = false;
  }

  /** A fragment of a call's arguments, appended to the previous one where possible. */
  emitArgs(index: number, s: string): void {
    if (this.argLone !== "") {
      if (this.argLoneIndex === index) s = this.argLone + s;
      else this.appendArgs(this.argLoneIndex, this.argLone);
      this.argLone = "";
    }
    if (s.length > 0 && isHigh(s.charCodeAt(s.length - 1))) {
      this.argLone = s.slice(-1);
      this.argLoneIndex = index;
      s = s.slice(0, -1);
    }
    this.appendArgs(index, s);
  }

  /**
   * The deltas of a push that is nothing but a fragment of call `index`'s arguments, when nothing
   * is held (else null: use {@link emitArgs}). Only at the start of a push (nothing taken yet).
   */
  argsDelta(index: number, s: string): ChoiceDelta[] | null {
    if (this.argLone !== "" || isHigh(s.charCodeAt(s.length - 1))) return null;
    return [{ tool_calls: [{ index, function: { arguments: s } }] }];
  }

  /** A call ended: a held surrogate half of its arguments is released as it is. */
  closeCall(index: number): void {
    if (this.argLone === "" || this.argLoneIndex !== index) return;
    const lone = this.argLone;
    this.argLone = "";
    this.appendArgs(index, lone);
  }

  private appendArgs(index: number, s: string): void {
    if (s.length === 0) return;
    if (this.joinable && this.lastKind === ARGS && this.lastIndex === index) {
      const out = this.out!;
      const last = out[out.length - 1] as { tool_calls: ToolCallDelta[] };
      last.tool_calls[0].function.arguments += s;
      return;
    }
    this.add({ tool_calls: [{ index, function: { arguments: s } }] });
    this.joinable = true;
    this.lastKind = ARGS;
    this.lastIndex = index;
  }

  /** End of output: everything held is text after all. */
  flush(): void {
    for (const ch of [CONTENT, REASONING] as Channel[]) {
      const st: ChannelState | null = ch === CONTENT ? this : this.reasoning;
      if (st === null) continue;
      const s = st.lone + (st.atMarkup ? "" : st.held);
      st.held = st.lone = st.lead = "";
      if (s) this.put(ch, s);
    }
  }

  /** Takes the deltas decided since the last call. */
  take(): ChoiceDelta[] {
    const out = this.out;
    this.out = null;
    this.joinable = false;
    return out ?? [];
  }

  private state(ch: Channel): ChannelState {
    if (ch === CONTENT) return this;
    if (this.reasoning === null) {
      this.reasoning = new Reasoning();
      this.reasoning.atMarkup = this.marked;
    }
    return this.reasoning;
  }

  private add(d: ChoiceDelta): void {
    if (this.out === null) this.out = [d];
    else this.out.push(d);
  }

  private raw(ch: Channel, s: string): void {
    const st = this.state(ch);
    if (st.lone) {
      s = st.lone + s;
      st.lone = "";
    }
    if (isHigh(s.charCodeAt(s.length - 1))) {
      st.lone = s.slice(-1);
      s = s.slice(0, -1);
    }
    if (s) this.put(ch, s);
  }

  private put(ch: Channel, s: string): void {
    this.state(ch).said = true;
    if (this.joinable && this.lastKind === ch) {
      const out = this.out!;
      const last = out[out.length - 1] as { content: string } & { reasoning_content: string };
      if (ch === CONTENT) last.content += s;
      else last.reasoning_content += s;
      return;
    }
    this.add(ch === CONTENT ? { content: s } : { reasoning_content: s });
    this.joinable = true;
    this.lastKind = ch;
  }

}
