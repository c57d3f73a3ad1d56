/**
 * Text from evidence (file names, values, reasons) reaches the investigator's terminal only through
 * here: control characters are shown as escapes, so a file named "\x1b[2J" cannot clear the screen,
 * and one holding "\n" or "\r" cannot fake a line of output.
 */

// C0 controls (tab, newline and CR included), DEL, C1 controls, bidirectional overrides/isolates and marks,
// and the Unicode line/paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The text with every control or bidi character replaced by a visible escape (\x1b, \n, \u202e…). */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
