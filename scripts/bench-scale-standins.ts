/**
 * The stand-in parsers of the scale benchmark's reference rows (see `bench-scale.ts`): what the
 * harness and the machine cost a parser that does almost nothing, one that does about as much
 * work per push as a real parser on the same path for every stream and state, and (for Hermes
 * output) a minimal parser whose whole state is one object.
 */
import type { ChoiceDelta, StreamEnd, StreamParser } from "../parsers/types.ts";
import { isWs } from "../parsers/engine/cursor.ts";
import { partialSuffix } from "../parsers/engine/markers.ts";

/** The reference stand-in: keeps the last 64 characters and returns each chunk as content. */
export class StandIn implements StreamParser {
  private tail = "";
  push(chunk: string) {
    this.tail = (this.tail + chunk).slice(-64);
    return [{ content: chunk }];
  }
  end() {
    return { deltas: [], finish_reason: "stop" as const, diagnostics: [] };
  }
}

/** The stand-in that works like a parser on one uniform path: a character-level state machine
 *  (JSON strings, escapes, nesting) run `passes` times over each chunk. */
export class LoopStandIn extends StandIn {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private sum = 0;
  constructor(private readonly passes: number) {
    super();
  }
  override push(chunk: string) {
    for (let r = 0; r < this.passes; r++)
      for (let i = 0; i < chunk.length; i++) {
        const c = chunk.charCodeAt(i);
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (c === 0x5c) this.escaped = true;
          else if (c === 0x22) this.inString = false;
        } else if (c === 0x22) this.inString = true;
        else if (c === 0x7b || c === 0x5b) this.depth++;
        else if (c === 0x7d || c === 0x5d) this.depth--;
        else this.sum += c & 7;
      }
    return super.push(chunk);
  }
}

const OPEN = "<tool_call>";
const CLOSE = "</tool_call>";
const OPENS = [OPEN];
const enum Where {
  Text,
  Call,
  Close,
}
/** Where the JSON scan of a call is. */
const enum J {
  Value,
  Str,
  Esc,
  KeyOrEnd,
  Key,
  Colon,
  After,
  Scalar,
}

/**
 * The reference of `--format hermes`: a minimal Hermes parser whose whole state is one object of
 * plain fields (no generators, readers or buffers beyond a held marker prefix). It does less than
 * the engine (no whitespace rules, limits, diagnostics, or recovery from malformed calls) but the
 * same kind of work per character on well-formed output: content with a partial `<tool_call>`
 * held back, a JSON scan of the call (strings, escapes, nesting), the name as a call header, the
 * arguments as one delta per push (held until the name when they come first; `{}` when there
 * are none), then `</tool_call>`. A test checks it reads the well-formed Hermes outputs as the
 * engine does. Its interleaved / alone ratio shows what
 * a parser whose state is one small object gets from this harness and machine.
 */
export class MinimalHermes implements StreamParser {
  private where = Where.Text;
  /** A prefix of `<tool_call>` at the end of the text so far (undecided). */
  private held = "";
  private js = J.Value;
  /** The string state an escape returns to. */
  private escIn = J.Str;
  private depth = 0;
  /** Bit d set: the container at depth d is an object (deeper nesting reads as arrays). */
  private objects = 0;
  private key = "";
  private name = "";
  /** The value at depth 1 being read: 0 another, 1 the name, 2 the arguments. */
  private field = 0;
  private inArgs = false;
  /** This call's name was read (its header emitted); arguments read before it wait in `early`. */
  private named = false;
  private early = "";
  private sawArgs = false;
  private calls = 0;
  private closeAt = 0;
  private out: ChoiceDelta[] = [];

  push(chunk: string): ChoiceDelta[] {
    const s = this.held + chunk;
    this.held = "";
    this.out = [];
    let i = 0;
    while (i < s.length) {
      if (this.where === Where.Text) i = this.text(s, i);
      else if (this.where === Where.Call) i = this.call(s, i);
      else i = this.close(s, i);
    }
    return this.out;
  }

  end(): StreamEnd {
    const deltas: ChoiceDelta[] = this.held ? [{ content: this.held }] : [];
    return { deltas, finish_reason: this.calls > 0 ? "tool_calls" : "stop", diagnostics: [] };
  }

  private text(s: string, i: number): number {
    const at = s.indexOf(OPEN, i);
    if (at < 0) {
      const k = partialSuffix(s, i, s.length, OPENS);
      if (s.length - k > i) this.out.push({ content: s.slice(i, s.length - k) });
      this.held = s.slice(s.length - k);
      return s.length;
    }
    if (at > i) this.out.push({ content: s.slice(i, at) });
    this.where = Where.Call;
    this.js = J.Value;
    this.depth = 0;
    this.field = 0;
    this.named = this.sawArgs = false;
    this.early = "";
    return at + OPEN.length;
  }

  /** Scans the call's JSON to the end of `s` or of the call object. */
  private call(s: string, i: number): number {
    let from = this.inArgs ? i : -1; // start of this push's arguments text
    let strFrom = i; // start of the key or name text in this push
    const n = s.length;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      switch (this.js) {
        case J.Key:
        case J.Str:
          if (c === 0x5c) {
            this.escIn = this.js;
            this.js = J.Esc;
          } else if (c === 0x22) {
            if (this.js === J.Key) {
              this.key += s.slice(strFrom, i);
              this.js = J.Colon;
            } else {
              if (this.depth === 1 && this.field === 1) {
                this.name += s.slice(strFrom, i);
                this.out.push({ tool_calls: [{ index: this.calls, id: `call_${this.calls}`, type: "function", function: { name: this.name, arguments: "" } }] });
                this.calls++;
                this.named = true;
                this.emit(this.early);
                this.early = "";
              }
              this.js = J.After;
            }
          }
          break;
        case J.Esc:
          this.js = this.escIn;
          break;
        default:
          if (isWs(c)) break;
          if (this.js === J.Colon) {
            this.js = J.Value;
            if (this.depth > 1) break;
            this.field = this.key === "name" ? 1 : this.key === "arguments" ? 2 : 0;
            if (this.field === 2) {
              this.inArgs = this.sawArgs = true;
              from = i + 1;
            }
          } else if (this.js === J.KeyOrEnd) {
            if (c === 0x22) {
              this.js = J.Key;
              this.key = "";
              strFrom = i + 1;
            } else if (c === 0x7d && this.closeValue(s, from, i)) return i + 1;
          } else if (c === 0x7d || c === 0x5d) {
            if (this.closeValue(s, from, i)) return i + 1;
          } else if (c === 0x2c) {
            if (this.depth === 1) {
              if (this.inArgs) this.args(s, from, i);
              this.js = J.KeyOrEnd;
              this.field = 0;
            } else this.js = (this.objects >> this.depth) & 1 ? J.KeyOrEnd : J.Value;
          } else if (this.js === J.Value) {
            if (c === 0x7b || c === 0x5b) {
              this.depth++;
              if (this.depth < 31) this.objects = c === 0x7b ? this.objects | (1 << this.depth) : this.objects & ~(1 << this.depth);
              this.js = c === 0x7b ? J.KeyOrEnd : J.Value;
            } else if (c === 0x22) {
              this.js = J.Str;
              if (this.depth === 1 && this.field === 1) {
                this.name = "";
                strFrom = i + 1;
              }
            } else this.js = J.Scalar;
          }
      }
    }
    if ((this.js === J.Key || (this.js === J.Str && this.depth === 1 && this.field === 1)) && strFrom < n) {
      if (this.js === J.Key) this.key += s.slice(strFrom, n);
      else this.name += s.slice(strFrom, n);
    }
    if (this.inArgs && from < n) this.emit(s.slice(from, n));
    return n;
  }

  /** A `}` or `]` at `i`: true when it ends the call object. */
  private closeValue(s: string, from: number, i: number): boolean {
    this.depth--;
    this.js = J.After;
    if (this.inArgs && this.depth === 1) this.args(s, from, i + 1);
    if (this.depth > 0) return false;
    if (!this.sawArgs) this.emit("{}");
    this.where = Where.Close;
    this.closeAt = 0;
    return true;
  }

  private args(s: string, from: number, to: number): void {
    this.inArgs = false;
    if (to > from) this.emit(s.slice(from, to));
  }

  /** Arguments text of the call: a delta once its name is out, else kept until it is. */
  private emit(text: string): void {
    if (text === "") return;
    if (this.named) this.out.push({ tool_calls: [{ index: this.calls - 1, function: { arguments: text } }] });
    else this.early += text;
  }

  /** Whitespace, then `</tool_call>` (anything else: back to text). */
  private close(s: string, i: number): number {
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (this.closeAt === 0 && isWs(c)) continue;
      if (c !== CLOSE.charCodeAt(this.closeAt)) break;
      if (++this.closeAt === CLOSE.length) {
        i++;
        break;
      }
    }
    if (i < s.length || this.closeAt === CLOSE.length) this.where = Where.Text;
    return i;
  }
}
