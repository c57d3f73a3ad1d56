/** Evidence text printed by the CLI: every control, C1 and bidi character is escaped, ordinary text is untouched. */
import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../electron/cli/terminal.js';

describe('terminalSafe', () => {
  it('leaves ordinary text, accents and non-Latin scripts as they are', () => {
    const text = 'Contact.csv — Zoë Ørsted, 東京, ¿Qué? 203.0.113.7';
    expect(terminalSafe(text)).toBe(text);
  });

  it('escapes ESC sequences, newlines, carriage returns, tabs, BEL, DEL and C1 controls', () => {
    expect(terminalSafe('a\x1b[2Jb')).toBe('a\\x1b[2Jb');
    expect(terminalSafe('line\nFAKE\rover\tx')).toBe('line\\nFAKE\\rover\\tx');
    expect(terminalSafe('\x07\x00\x7f\x9b\x85')).toBe('\\x07\\x00\\x7f\\x9b\\x85');
  });

  it('escapes bidirectional overrides, isolates, marks and Unicode line separators', () => {
    expect(terminalSafe('invoice\u202egpj.csv')).toBe('invoice\\u202egpj.csv');
    expect(terminalSafe('\u2066x\u2069\u200e\u200f\u061c\u2028\u2029')).toBe('\\u2066x\\u2069\\u200e\\u200f\\u061c\\u2028\\u2029');
  });
});
