/**
 * WHERE and HAVING conditions: AND/OR/NOT with parentheses, every comparison operator, LIKE, IN / NOT IN
 * (values or a semi-/anti-join subquery), INCLUDES / EXCLUDES, and functions on the left side.
 * Salesforce demands parentheses when AND and OR are mixed at one level, so that is refused too.
 */
import type { CompareOp, Condition, Expr, Literal, SoqlQuery } from './ast.js';
import { isDateLiteral, takesN } from './dateLiterals.js';
import { atCall, fieldPath, innermostPath, parseBind, parseCall } from './functions.js';
import { decodeString, type Token } from './lexer.js';
import type { TokenStream } from './tokenStream.js';
import { assertNever } from '../result.js';

type Call = Expr & { kind: 'call' };

/** Parses a condition tree; `subquery` parses a nested `SELECT …` for semi-joins. */
export function parseCondition(ts: TokenStream, site: 'where' | 'having', subquery: () => SoqlQuery): Condition {
  return new ConditionParser(ts, site, subquery).or();
}

class ConditionParser {
  constructor(
    private readonly ts: TokenStream,
    private readonly site: 'where' | 'having',
    private readonly subquery: () => SoqlQuery,
  ) {}

  or(): Condition {
    const first = this.not();
    if (this.ts.peekWord('AND')) return this.chain('and', first);
    if (this.ts.peekWord('OR')) return this.chain('or', first);
    return first;
  }

  /** `a AND b AND c` or `a OR b OR c`; switching operator without parentheses is ambiguous in SOQL. */
  private chain(kind: 'and' | 'or', first: Condition): Condition {
    const word = kind.toUpperCase();
    const items = [first];
    while (this.ts.acceptWord(word)) items.push(this.not());
    const other = kind === 'and' ? 'OR' : 'AND';
    if (this.ts.peekWord(other)) this.ts.fail(`AND and OR mixed without parentheses: add parentheses to say which binds first`);
    return { kind, items };
  }

  private not(): Condition {
    if (this.ts.acceptWord('NOT')) return { kind: 'not', item: this.not() };
    if (this.ts.peekPunct('(') && !this.ts.peekWord('SELECT', 1)) {
      this.ts.next();
      const inner = this.or();
      this.ts.expectPunct(')');
      return inner;
    }
    return this.leaf();
  }

  private leaf(): Condition {
    const start = this.ts.peek();
    const expr: Call | undefined = atCall(this.ts) ? parseCall(this.ts, this.site) : undefined;
    const field = expr ? innermostPath(expr) : fieldPath(this.ts);
    const withExpr = <C extends Condition>(c: C): C => (expr ? { ...c, expr } : c);
    const t = this.ts.peek();
    if (t.kind === 'op') {
      this.ts.next();
      return withExpr({ kind: 'compare', field, op: t.text as CompareOp, value: this.literal() });
    }
    if (this.ts.acceptWord('LIKE')) return withExpr({ kind: 'like', field, pattern: this.likePattern() });
    if (this.ts.acceptWord('IN')) return this.inList(field, false, expr, start);
    if (this.ts.peekWord('NOT') && this.ts.peekWord('IN', 1)) {
      this.ts.pos += 2;
      return this.inList(field, true, expr, start);
    }
    const word = t.kind === 'ident' ? t.text.toUpperCase() : '';
    if (word === 'INCLUDES' || word === 'EXCLUDES') {
      this.ts.next();
      if (expr) this.ts.fail(`${word} applies to a multi-select picklist field, not to a function`, t);
      const values = this.literalList().map((v) => (v.kind === 'string' ? v.value : this.ts.fail(`${word} takes quoted values`, t)));
      return { kind: word === 'INCLUDES' ? 'includes' : 'excludes', field, values };
    }
    const what = expr ? `${start.text}(…)` : field.join('.');
    return this.ts.fail(`expected a comparison operator, LIKE, IN, NOT IN, INCLUDES or EXCLUDES after ${what}, found ${this.ts.describe(this.ts.peek())}`);
  }

  private inList(field: string[], negated: boolean, expr: Call | undefined, start: Token): Condition {
    if (this.ts.peek().kind === 'punct' && this.ts.peek().text === ':') {
      const value = this.literal();
      return expr ? { kind: 'in', field, negated, values: [value], expr } : { kind: 'in', field, negated, values: [value] };
    }
    if (this.ts.peekPunct('(') && this.ts.peekWord('SELECT', 1)) {
      if (expr || this.site === 'having') this.ts.fail('a semi-join needs a field on its left side', start);
      this.ts.next();
      const query = this.subquery();
      this.ts.expectPunct(')');
      return { kind: 'semijoin', field, negated, query };
    }
    const values = this.literalList();
    return expr ? { kind: 'in', field, negated, values, expr } : { kind: 'in', field, negated, values };
  }

  private likePattern(): string {
    const t = this.ts.expect('string', 'a quoted LIKE pattern');
    return this.ts.decoded(decodeString(t.text, 'like', t.offset));
  }

  private literalList(): Literal[] {
    this.ts.expectPunct('(');
    const values = [this.literal()];
    while (this.ts.acceptPunct(',')) values.push(this.literal());
    this.ts.expectPunct(')');
    return values;
  }

  private literal(): Literal {
    const ts = this.ts;
    const t = ts.next();
    switch (t.kind) {
      case 'string': return { kind: 'string', value: ts.decoded(decodeString(t.text, 'plain', t.offset)) };
      case 'number': return { kind: 'number', value: Number(t.text) };
      case 'date': return { kind: 'date', value: t.text };
      case 'datetime': return { kind: 'datetime', value: t.text };
      case 'time': return { kind: 'time', value: t.text };
      case 'punct':
        if (t.text === '-' && ts.peek().kind === 'number') return { kind: 'number', value: -Number(ts.next().text) };
        if (t.text === ':') return parseBind(ts, t);
        break;
      case 'ident': return this.wordLiteral(t);
      case 'op': case 'eof': break;
      default: return assertNever(t.kind, 'token kind');
    }
    return ts.fail(`expected a value, found ${ts.describe(t)}`, t);
  }

  private wordLiteral(t: Token): Literal {
    const ts = this.ts;
    const upper = t.text.toUpperCase();
    if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'boolean', value: upper === 'TRUE' };
    if (upper === 'NULL') return { kind: 'null' };
    const currency = /^([A-Za-z]{3})(\d+)$/.exec(t.text);
    if (currency) {
      let digits = currency[2] as string;
      const frac = ts.peek();
      if (frac.kind === 'number' && frac.text.startsWith('.') && frac.offset === t.offset + t.text.length) digits += ts.next().text;
      return { kind: 'currency', code: (currency[1] as string).toUpperCase(), value: Number(digits) };
    }
    if (!isDateLiteral(upper)) ts.fail(`expected a value, found ${ts.describe(t)}`, t);
    if (!takesN(upper)) {
      if (ts.peekPunct(':')) ts.fail(`${upper} takes no ":n"`);
      return { kind: 'dateLiteral', name: upper, n: null };
    }
    ts.expectPunct(':');
    const n = ts.expect('number', `a whole number after ${upper}:`);
    if (!/^\d+$/.test(n.text)) ts.fail(`${upper} needs a whole number`, n);
    return { kind: 'dateLiteral', name: upper, n: Number(n.text) };
  }
}
