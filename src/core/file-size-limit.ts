/**
 * Refusing files too big to be what they claim, before reading them: a configuration or command
 * file of many megabytes is a mistake (or an attack), and parsing it costs seconds and gigabytes.
 */

/** `10.0 MB`, `70.0 KB`, `900 bytes`: a file's size as people read it. */
export function formatFileSize(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 1_000) return `${(bytes / 1_000).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** `1 MiB`, `64 KiB`: a limit, which is a round power of two. */
function formatLimit(bytes: number): string {
  if (bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** `is 10.0 MB; a configuration file may be at most 1 MiB` when `size` is over `limit`. */
export function sizeOverLimit(size: number, limit: number, what: string): string | undefined {
  if (size <= limit) return undefined;
  return `is ${formatFileSize(size)}; ${what} may be at most ${formatLimit(limit)}`;
}
