// How `show <node> <file>` prints one output. Text goes out as it is. Raw binary bytes would garble a
// terminal, so there a short summary replaces them (size, digest, and whatever the project's
// describeOutput adds, e.g. statistics of a float array); piped or redirected, or with --raw, the exact
// bytes go out, so that `show <node> <file> > copy` saves the artifact unchanged.

/** True when the bytes are not UTF-8 text: a NUL byte or an invalid UTF-8 sequence. */
export function isBinary(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return false;
  } catch {
    return true;
  }
}

/** The summary `show` prints for a binary output instead of its bytes. */
export function binarySummary(file: string, bytes: Uint8Array, digest: string, description: string | undefined): string {
  const lines = [`${file}: binary, ${bytes.length} bytes, sha256 ${digest}`];
  if (description) lines.push(description);
  lines.push(`(the bytes themselves: add --raw, or redirect the output to a file)`);
  return lines.join('\n');
}
