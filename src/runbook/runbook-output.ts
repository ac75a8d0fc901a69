import { StringDecoder } from "node:string_decoder";
import { redactionReachBytes, redactSecrets, redactTruncated } from "./runbook-redact.ts";

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
 * Past the cap it reads on a little (what redaction needs to see a secret whole) and redacts
 * before cutting, so a secret the cap falls inside is hidden whole, not shown up to the cut.
 */
export function createOutputCollector(options: {
  maxBytes: number;
  secrets: readonly string[];
  onOutput?: ((chunk: string) => void) | undefined;
}): OutputCollector {
  const decoder = new StringDecoder("utf8");
  const reach = redactionReachBytes(options.secrets);
  let raw = "";
  let kept = 0;
  let dropped = 0;
  /** Where the cap fell in `raw` (what follows is only read to redact up to it), once it did. */
  let cut: number | undefined;
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
  const emit = (upTo: number) => {
    if (!options.onOutput) return;
    let end = upTo;
    const open = openKeyBlock(raw.slice(streamedRaw, end));
    if (open !== -1) end = streamedRaw + open;
    if (end <= streamedRaw) return;
    send(redactSecrets(raw.slice(streamedRaw, end), options.secrets));
    streamedRaw = end;
  };
  const decode = (bytes: Uint8Array) =>
    decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return {
    get droppedBytes() {
      return dropped;
    },
    push(chunk) {
      const room = Math.max(0, options.maxBytes - kept);
      const take = chunk.subarray(0, room);
      kept += take.length;
      if (take.length > 0) raw += decode(take);
      if (take.length < chunk.length) {
        // A character split by the cap falls after it, with the bytes read past it.
        cut ??= raw.length;
        const past = dropped;
        dropped += chunk.length - take.length;
        if (past < reach) raw += decode(chunk.subarray(room, room + reach - past));
      } else if (take.length > 0) {
        emit(raw.lastIndexOf("\n") + 1);
      }
      return dropped === 0;
    },
    finish() {
      raw += decoder.end();
      const note = dropped > 0 ? `\n[output truncated: ${dropped} bytes dropped]` : "";
      if (cut === undefined) {
        send(redactSecrets(raw.slice(streamedRaw), options.secrets));
        send(note);
        return redactSecrets(raw, options.secrets) + note;
      }
      send(redactTruncated(raw.slice(streamedRaw), cut - streamedRaw, options.secrets));
      send(note);
      return redactTruncated(raw, cut, options.secrets) + note;
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
