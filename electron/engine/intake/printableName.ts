/** File names from evidence folders are bytes: this turns them into text without losing or faking any. */

const strict = new TextDecoder('utf-8', { fatal: true });

/** The name as text; when it is not valid UTF-8, each byte of an invalid sequence is shown as \xNN (valid: false). */
export function printableName(name: Buffer): { text: string; valid: boolean } {
  try {
    return { text: strict.decode(name), valid: true };
  } catch {
    let text = '';
    let i = 0;
    while (i < name.length) {
      const len = sequenceLength(name, i);
      if (len > 0) {
        text += name.subarray(i, i + len).toString('utf8');
        i += len;
      } else {
        text += `\\x${name[i]!.toString(16).padStart(2, '0')}`;
        i += 1;
      }
    }
    return { text, valid: false };
  }
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there does not start one. */
function sequenceLength(b: Buffer, i: number): number {
  const c = b[i]!;
  const len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (len <= 1) return len;
  if (i + len > b.length) return 0;
  try {
    strict.decode(b.subarray(i, i + len));
    return len;
  } catch {
    return 0;
  }
}
