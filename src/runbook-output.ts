import { StringDecoder } from "node:string_decoder";
import { redactSecrets } from "./runbook-redact.ts";

export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;

export interface OutputCollector {
  /** Adds bytes; false once the cap is reached (the caller then stops the producer). */
  push(chunk: Uint8Array): boolean;
  /** The redacted output, with a note when some was dropped; streams the rest to onOutput. */
  finish(): string;
  readonly droppedBytes: number;
}

/**
 * Keeps the first `maxBytes` of a run's output and streams it redacted, whole lines at a time:
 * secrets and token shapes never span a line break (multi-line secrets are also hidden line by
 * line), so redacting complete lines is enough to keep a secret split across chunks out of chat.
 */
export function createOutputCollector(options: {
  maxBytes: number;
  secrets: readonly string[];
  onOutput?: ((chunk: string) => void) | undefined;
}): OutputCollector {
  const decoder = new StringDecoder("utf8");
  let raw = "";
  let kept = 0;
  let dropped = 0;
  let streamedRaw = 0;
  const send = (text: string) => {
    if (text === "" || !options.onOutput) return;
    try {
      options.onOutput(text);
    } catch {
      // A failing chat edit must not abort a command that is already changing production.
    }
  };
  // Redacts each newly completed stretch of lines once, so streaming costs O(output), not
  // O(output²). A private key block is the one shape that spans lines: hold it back until its
  // END line arrives, so it is redacted whole.
  const emit = (upTo: number, force = false) => {
    if (!options.onOutput) return;
    let end = upTo;
    const open = force ? -1 : openKeyBlock(raw.slice(streamedRaw, end));
    if (open !== -1) end = streamedRaw + open;
    if (end <= streamedRaw) return;
    send(redactSecrets(raw.slice(streamedRaw, end), options.secrets));
    streamedRaw = end;
  };
  return {
    get droppedBytes() {
      return dropped;
    },
    push(chunk) {
      const room = Math.max(0, options.maxBytes - kept);
      const take = chunk.subarray(0, room);
      kept += take.length;
      dropped += chunk.length - take.length;
      if (take.length > 0) {
        raw += decoder.write(Buffer.from(take.buffer, take.byteOffset, take.byteLength));
        emit(raw.lastIndexOf("\n") + 1);
      }
      return dropped === 0;
    },
    finish() {
      raw += decoder.end();
      const note = dropped > 0 ? `\n[output truncated: ${dropped} bytes dropped]` : "";
      const text = redactSecrets(raw, options.secrets) + note;
      emit(raw.length, true);
      send(note);
      return text;
    },
  };
}

const KEY_BEGIN = /-----BEGIN[ A-Z0-9]*PRIVATE KEY-----/g;
const KEY_END = /-----END[ A-Z0-9]*PRIVATE KEY-----/;

/** Where the line of a private key block that has not ended yet starts, or -1. */
function openKeyBlock(text: string): number {
  let open = -1;
  for (const match of text.matchAll(KEY_BEGIN)) {
    const ended = KEY_END.test(text.slice(match.index + match[0].length));
    open = ended ? -1 : text.lastIndexOf("\n", match.index) + 1;
  }
  return open;
}
