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
 * Keeps the first `maxBytes` of a run's output and streams it redacted, a whole line at a time:
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
  let emitted = 0;
  const send = (text: string) => {
    if (text === "" || !options.onOutput) return;
    try {
      options.onOutput(text);
    } catch {
      // A failing chat edit must not abort a command that is already changing production.
    }
  };
  const emit = (upTo: number) => {
    if (!options.onOutput || upTo <= streamedRaw) return;
    streamedRaw = upTo;
    const redacted = redactSecrets(raw.slice(0, upTo), options.secrets);
    send(redacted.slice(emitted));
    emitted = redacted.length;
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
      emit(raw.length);
      send(note);
      return text;
    },
  };
}
