/** Splits SOQL text into tokens; never throws (bad input becomes a SoqlError with its offset). */
import type { SoqlError } from './ast.js';
import { err, ok, type Result } from '../result.js';

export type TokenKind =
  | 'ident' // a name or keyword (keywords are recognised by the parser, case-insensitively)
  | 'string' // '…' — `text` holds the body between the quotes, escapes NOT yet decoded
  | 'number'
  | 'date' // 2025-07-01
  | 'datetime' // 2025-07-01T00:00:00Z, …+01:00, ….000Z
  | 'time' // 01:00:00.000Z (a Time field value)
  | 'punct' // ( ) , . :
  | 'op' // = != <> < <= > >=
  | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  offset: number;
}

const DATETIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})/y;
const TIME = /\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z/y;
const DATE = /\d{4}-\d{2}-\d{2}(?![\dT])/y;
const NUMBER = /\d+(?:\.\d+)?|\.\d+/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const OPS = ['!=', '<>', '<=', '>=', '=', '<', '>'];

/** Tokenises a SOQL query so the parser can report errors at exact offsets. */
export function tokenize(text: string): Result<Token[], SoqlError> {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    // Comments (accepted by Salesforce tooling and the Developer Console): `-- …` to end of line, `/* … */`.
    if (text.startsWith('--', i)) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return err({ message: 'unterminated comment', offset: i });
      i = end + 2;
      continue;
    }
    if (ch === "'") {
      const end = stringEnd(text, i);
      if (end < 0) return err({ message: 'unterminated string literal', offset: i });
      tokens.push({ kind: 'string', text: text.slice(i + 1, end), offset: i });
      i = end + 1;
      continue;
    }
    const sticky = matchAt(DATETIME, text, i) ?? null;
    if (sticky) {
      tokens.push({ kind: 'datetime', text: sticky, offset: i });
      i += sticky.length;
      continue;
    }
    const time = matchAt(TIME, text, i);
    if (time) {
      tokens.push({ kind: 'time', text: time, offset: i });
      i += time.length;
      continue;
    }
    const date = matchAt(DATE, text, i);
    if (date) {
      tokens.push({ kind: 'date', text: date, offset: i });
      i += date.length;
      continue;
    }
    const num = matchAt(NUMBER, text, i);
    if (num) {
      tokens.push({ kind: 'number', text: num, offset: i });
      i += num.length;
      continue;
    }
    const ident = matchAt(IDENT, text, i);
    if (ident) {
      tokens.push({ kind: 'ident', text: ident, offset: i });
      i += ident.length;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, offset: i });
      i += op.length;
      continue;
    }
    if ('(),.:-'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch, offset: i });
      i++;
      continue;
    }
    return err({ message: `unexpected character ${JSON.stringify(ch)}`, offset: i });
  }
  tokens.push({ kind: 'eof', text: '', offset: text.length });
  return ok(tokens);
}

/** Index of the closing quote of the string starting at `start`, or -1. A backslash escapes the next character. */
function stringEnd(text: string, start: number): number {
  for (let j = start + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === "'") return j;
  }
  return -1;
}

function matchAt(re: RegExp, text: string, at: number): string | null {
  re.lastIndex = at;
  const m = re.exec(text);
  return m ? m[0] : null;
}

/** How a string literal's escapes are decoded: plainly, or as a LIKE pattern keeping `\%` `\_` escaped. */
export type StringMode = 'plain' | 'like';

/**
 * Decodes SOQL string escapes: `\n \N \r \R \t \T \b \B \f \F \" \' \\ \uXXXX` (the reference's
 * list; the letter escapes are case-insensitive), and `\%` `\_`.
 * In 'like' mode the result is a canonical LIKE pattern: `\%`, `\_` and `\\` stay escaped so the
 * wildcards `%` and `_` remain distinguishable from literal percent/underscore characters.
 * Salesforce rejects `\%`/`\_` outside LIKE; a logged (hence accepted) query never has them, so in
 * 'plain' mode we read them as the literal character. `offset` is the token's offset, for errors.
 */
export function decodeString(body: string, mode: StringMode, offset: number): Result<string, SoqlError> {
  let out = '';
  for (let j = 0; j < body.length; j++) {
    const c = body[j] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[j + 1];
    const at = offset + 1 + j;
    j++;
    switch (next) {
      case "'": case '"': out += next; break;
      case 'n': case 'N': out += '\n'; break;
      case 'r': case 'R': out += '\r'; break;
      case 't': case 'T': out += '\t'; break;
      case 'b': case 'B': out += '\b'; break;
      case 'f': case 'F': out += '\f'; break;
      case 'u': case 'U': {
        const hex = body.slice(j + 1, j + 5);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return err({ message: 'invalid \\u escape: four hexadecimal digits expected', offset: at });
        const ch = String.fromCharCode(parseInt(hex, 16));
        out += mode === 'like' && (ch === '%' || ch === '_' || ch === '\\') ? `\\${ch}` : ch;
        j += 4;
        break;
      }
      case '\\': out += mode === 'like' ? '\\\\' : '\\'; break;
      case '%': case '_': out += mode === 'like' ? `\\${next}` : next; break;
      default:
        return err({ message: `invalid escape sequence \\${next ?? ''} in string literal`, offset: at });
    }
  }
  return ok(out);
}
