/** A cursor over SOQL tokens with the helpers every parsing module shares; failures carry the token's offset. */
import type { SoqlError } from './ast.js';
import type { Token } from './lexer.js';
import type { Result } from '../result.js';

/** Thrown only inside the parser modules and turned into a Result by parseSoql. */
export class ParseFailure extends Error {
  constructor(readonly soql: SoqlError) {
    super(soql.message);
  }
}

/** The parser's position in the token list, with accept/expect helpers that fail at the offending token. */
export class TokenStream {
  pos = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(ahead = 0): Token {
    return this.tokens[this.pos + ahead] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  peekWord(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'ident' && t.text.toUpperCase() === word;
  }

  acceptWord(word: string): boolean {
    return this.peekWord(word) ? (this.pos++, true) : false;
  }

  expectWord(word: string): Token {
    if (!this.peekWord(word)) this.fail(`expected ${word}, found ${this.describe(this.peek())}`);
    return this.next();
  }

  expectOneOf<W extends string>(words: readonly W[]): W {
    const t = this.peek();
    const found = words.find((w) => this.peekWord(w));
    if (!found) this.fail(`expected ${words.join(' or ')}, found ${this.describe(t)}`);
    this.pos++;
    return found;
  }

  peekPunct(p: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'punct' && t.text === p;
  }

  acceptPunct(p: string): boolean {
    return this.peekPunct(p) ? (this.pos++, true) : false;
  }

  expectPunct(p: string): Token {
    if (!this.peekPunct(p)) this.fail(`expected "${p}", found ${this.describe(this.peek())}`);
    return this.next();
  }

  expect(kind: Token['kind'], what: string): Token {
    const t = this.peek();
    if (t.kind !== kind) this.fail(`expected ${what}, found ${this.describe(t)}`);
    return this.next();
  }

  /** Unwraps a decoding result, failing at its offset. */
  decoded(r: Result<string, SoqlError>): string {
    if (!r.ok) throw new ParseFailure(r.error);
    return r.value;
  }

  describe(t: Token): string {
    return t.kind === 'eof' ? 'end of query' : t.kind === 'string' ? `'${t.text}'` : `"${t.text}"`;
  }

  fail(message: string, at: Token = this.peek()): never {
    throw new ParseFailure({ message, offset: at.offset });
  }
}
