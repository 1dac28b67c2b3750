/**
 * The stand-in parsers of the scale benchmark's reference rows (see `bench-scale.ts`): what the
 * harness and the machine cost a parser that does almost nothing, and one that does about as much
 * work per push as a real parser on the same path for every stream and state.
 */
import type { StreamParser } from "../parsers/types.ts";

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
