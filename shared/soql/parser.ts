/**
 * Recursive-descent parser for the SOQL subset Leakscope replays (see ast.ts). Keywords are
 * case-insensitive. Constructs outside the subset (semi-joins, GROUP BY, TYPEOF, subqueries,
 * date functions, bind variables, USING SCOPE) give a SoqlError starting "unsupported:"; any other
 * problem gives a SoqlError at the offending offset. Never throws.
 */
import {
  AGGREGATE_FUNCTIONS, type AggregateFunction, type CompareOp, type Condition, type Literal,
  type OrderItem, type SelectItem, type SoqlError, type SoqlQuery,
} from './ast.js';
import { isDateLiteral, isFiscalDateLiteral, takesN } from './dateLiterals.js';
import { decodeString, tokenize, type Token } from './lexer.js';
import { assertNever, err, ok, type Result } from '../result.js';

/** Thrown only inside this module and turned into a Result by parseSoql. */
class ParseFailure extends Error {
  constructor(readonly soql: SoqlError) {
    super(soql.message);
  }
}

/** Words that end a FROM clause, so they are never taken as an object alias. */
const CLAUSE_WORDS = new Set(['WHERE', 'WITH', 'GROUP', 'ORDER', 'LIMIT', 'OFFSET', 'FOR', 'UPDATE', 'ALL', 'USING', 'HAVING']);
const FIELD_WRAPPERS = new Set(['TOLABEL', 'FORMAT', 'CONVERTCURRENCY']);

/** Parses the text of a logged SOQL query (ApiEvent.Query) so it can be replayed on a snapshot. */
export function parseSoql(text: string): Result<SoqlQuery, SoqlError> {
  const tokens = tokenize(text);
  if (!tokens.ok) return tokens;
  try {
    return ok(new Parser(tokens.value).query());
  } catch (e) {
    if (e instanceof ParseFailure) return err(e.soql);
    return err({ message: `internal parser error: ${String(e)}`, offset: 0 });
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  query(): SoqlQuery {
    this.expectWord('SELECT');
    const select = this.selectList();
    this.expectWord('FROM');
    const from = this.expect('ident', 'an object name').text;
    let alias: string | null = null;
    if (this.peekWord('AS')) this.pos++;
    if (this.peek().kind === 'ident' && !CLAUSE_WORDS.has(this.peek().text.toUpperCase())) alias = this.next().text;
    if (this.peekWord('USING')) this.unsupported('USING SCOPE');
    const where = this.acceptWord('WHERE') ? this.orCondition() : null;
    this.withClause();
    if (this.peekWord('GROUP')) this.unsupported('GROUP BY');
    if (this.peekWord('HAVING')) this.unsupported('HAVING');
    const orderBy = this.acceptWord('ORDER') ? (this.expectWord('BY'), this.orderList()) : [];
    const limit = this.acceptWord('LIMIT') ? this.count('LIMIT') : null;
    const offset = this.acceptWord('OFFSET') ? this.count('OFFSET') : null;
    this.trailingClauses();
    if (this.peek().kind !== 'eof') this.fail(`unexpected ${this.describe(this.peek())}`);
    const countOnly = select.length === 1 && select[0]?.kind === 'count';
    const query: SoqlQuery = { select, from, where, orderBy, limit, offset, countOnly };
    return stripPrefixes(query, [alias, from].filter((p): p is string => p !== null));
  }

  // ---- SELECT ----

  private selectList(): SelectItem[] {
    const items = [this.selectItem()];
    while (this.acceptPunct(',')) items.push(this.selectItem());
    return items;
  }

  private selectItem(): SelectItem {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '(') this.unsupported('subquery in SELECT');
    if (t.kind === 'ident' && t.text.toUpperCase() === 'FROM') this.fail('expected a field name, found FROM');
    const word = this.expect('ident', 'a field name').text;
    const upper = word.toUpperCase();
    if (upper === 'TYPEOF') this.unsupported('TYPEOF', t);
    if (!this.acceptPunct('(')) return { kind: 'field', path: this.restOfPath(word) };
    if (upper === 'FIELDS') {
      const which = this.expect('ident', 'ALL, STANDARD or CUSTOM');
      const w = which.text.toUpperCase();
      if (w !== 'ALL' && w !== 'STANDARD' && w !== 'CUSTOM') this.fail('FIELDS() takes ALL, STANDARD or CUSTOM', which);
      this.expectPunct(')');
      return { kind: 'fields', which: w as 'ALL' | 'STANDARD' | 'CUSTOM' };
    }
    if (upper === 'COUNT' && this.acceptPunct(')')) return { kind: 'count' };
    if (FIELD_WRAPPERS.has(upper)) {
      const path = this.fieldPath();
      this.expectPunct(')');
      this.optionalAlias();
      return { kind: 'field', path };
    }
    if (!(AGGREGATE_FUNCTIONS as readonly string[]).includes(upper)) this.unsupported(`function ${word}() in SELECT`, t);
    const path = this.fieldPath();
    this.expectPunct(')');
    return { kind: 'aggregate', fn: upper as AggregateFunction, path, alias: this.optionalAlias() };
  }

  private optionalAlias(): string | null {
    const t = this.peek();
    if (t.kind === 'ident' && t.text.toUpperCase() !== 'FROM') return this.next().text;
    return null;
  }

  private fieldPath(): string[] {
    return this.restOfPath(this.expect('ident', 'a field name').text);
  }

  private restOfPath(first: string): string[] {
    const path = [first];
    while (this.acceptPunct('.')) path.push(this.expect('ident', 'a field name after "."').text);
    return path;
  }

  // ---- WHERE ----

  /** OR binds loosest, then AND, then NOT (Salesforce itself demands parentheses when mixing AND and OR). */
  private orCondition(): Condition {
    const items = [this.andCondition()];
    while (this.acceptWord('OR')) items.push(this.andCondition());
    return items.length === 1 ? (items[0] as Condition) : { kind: 'or', items };
  }

  private andCondition(): Condition {
    const items = [this.notCondition()];
    while (this.acceptWord('AND')) items.push(this.notCondition());
    return items.length === 1 ? (items[0] as Condition) : { kind: 'and', items };
  }

  private notCondition(): Condition {
    if (this.acceptWord('NOT')) return { kind: 'not', item: this.notCondition() };
    if (this.acceptPunct('(')) {
      const inner = this.orCondition();
      this.expectPunct(')');
      return inner;
    }
    return this.fieldCondition();
  }

  private fieldCondition(): Condition {
    const start = this.peek();
    const field = this.fieldPath();
    if (this.peek().kind === 'punct' && this.peek().text === '(') this.unsupported(`function ${start.text}() in WHERE`, start);
    const t = this.peek();
    if (t.kind === 'op') {
      this.pos++;
      return { kind: 'compare', field, op: t.text as CompareOp, value: this.literal() };
    }
    const word = t.kind === 'ident' ? t.text.toUpperCase() : '';
    if (this.acceptWord('LIKE')) return { kind: 'like', field, pattern: this.likePattern() };
    if (this.acceptWord('IN')) return { kind: 'in', field, negated: false, values: this.literalList() };
    if (word === 'INCLUDES' || word === 'EXCLUDES') {
      this.pos++;
      const values = this.literalList().map((v, i) => (v.kind === 'string' ? v.value : this.fail(`${word} takes string values (item ${i + 1})`, t)));
      return { kind: word === 'INCLUDES' ? 'includes' : 'excludes', field, values };
    }
    if (word === 'NOT') {
      this.pos++;
      if (this.acceptWord('IN')) return { kind: 'in', field, negated: true, values: this.literalList() };
      if (this.acceptWord('LIKE')) return { kind: 'not', item: { kind: 'like', field, pattern: this.likePattern() } };
    }
    return this.fail(`expected a comparison operator, LIKE, IN, NOT IN, INCLUDES or EXCLUDES after ${field.join('.')}, found ${this.describe(this.peek())}`);
  }

  private likePattern(): string {
    const t = this.expect('string', 'a quoted LIKE pattern');
    return this.decoded(decodeString(t.text, 'like', t.offset));
  }

  private literalList(): Literal[] {
    const open = this.expectPunct('(');
    if (this.peekWord('SELECT')) this.unsupported('semi-join (IN (SELECT …))', open);
    const values = [this.literal()];
    while (this.acceptPunct(',')) values.push(this.literal());
    this.expectPunct(')');
    return values;
  }

  private literal(): Literal {
    const t = this.next();
    switch (t.kind) {
      case 'string': return { kind: 'string', value: this.decoded(decodeString(t.text, 'plain', t.offset)) };
      case 'number': return { kind: 'number', value: Number(t.text) };
      case 'date': return { kind: 'date', value: t.text };
      case 'datetime': return { kind: 'datetime', value: t.text };
      case 'punct':
        if (t.text === '-' && this.peek().kind === 'number') return { kind: 'number', value: -Number(this.next().text) };
        if (t.text === ':') this.unsupported('bind variable', t);
        if (t.text === '(') this.unsupported('subquery or expression as a value', t);
        break;
      case 'ident': return this.wordLiteral(t);
      case 'op': case 'eof': break;
      default: return assertNever(t.kind, 'token kind');
    }
    return this.fail(`expected a value, found ${this.describe(t)}`, t);
  }

  private wordLiteral(t: Token): Literal {
    const upper = t.text.toUpperCase();
    if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'boolean', value: upper === 'TRUE' };
    if (upper === 'NULL') return { kind: 'null' };
    if (isFiscalDateLiteral(upper)) this.unsupported(`fiscal date literal ${upper}`, t);
    if (!isDateLiteral(upper)) this.fail(`expected a value, found ${this.describe(t)}`, t);
    if (!takesN(upper)) return { kind: 'dateLiteral', name: upper, n: null };
    this.expectPunct(':');
    const n = this.expect('number', `a whole number after ${upper}:`);
    if (!/^\d+$/.test(n.text)) this.fail(`${upper} needs a whole number`, n);
    return { kind: 'dateLiteral', name: upper, n: Number(n.text) };
  }

  // ---- ORDER BY, LIMIT, trailing clauses ----

  private orderList(): OrderItem[] {
    const items: OrderItem[] = [];
    do {
      const start = this.peek();
      const path = this.fieldPath();
      if (this.peek().kind === 'punct' && this.peek().text === '(') this.unsupported(`function ${start.text}() in ORDER BY`, start);
      let direction: OrderItem['direction'] = 'ASC';
      if (this.acceptWord('DESC')) direction = 'DESC';
      else this.acceptWord('ASC');
      let nulls: OrderItem['nulls'] = null;
      if (this.acceptWord('NULLS')) {
        const w = this.expect('ident', 'FIRST or LAST');
        const u = w.text.toUpperCase();
        if (u !== 'FIRST' && u !== 'LAST') this.fail('expected FIRST or LAST after NULLS', w);
        nulls = u as 'FIRST' | 'LAST';
      }
      items.push({ path, direction, nulls });
    } while (this.acceptPunct(','));
    return items;
  }

  private count(clause: string): number {
    if (this.peek().kind === 'punct' && this.peek().text === ':') this.unsupported(`bind variable in ${clause}`);
    const t = this.expect('number', `a whole number after ${clause}`);
    if (!/^\d+$/.test(t.text)) this.fail(`${clause} needs a whole number`, t);
    return Number(t.text);
  }

  /** WITH SECURITY_ENFORCED / USER_MODE / SYSTEM_MODE change permissions, not which rows match: ignored. */
  private withClause(): void {
    if (!this.peekWord('WITH')) return;
    const at = this.next();
    const w = this.expect('ident', 'SECURITY_ENFORCED, USER_MODE or SYSTEM_MODE');
    if (!['SECURITY_ENFORCED', 'USER_MODE', 'SYSTEM_MODE'].includes(w.text.toUpperCase())) this.unsupported(`WITH ${w.text}`, at);
  }

  /** FOR VIEW/REFERENCE/UPDATE, UPDATE TRACKING/VIEWSTAT and ALL ROWS do not change which rows match: ignored. */
  private trailingClauses(): void {
    for (;;) {
      if (this.peekWord('WITH')) this.withClause();
      else if (this.acceptWord('FOR')) this.expectOneOf(['VIEW', 'REFERENCE', 'UPDATE']);
      else if (this.acceptWord('UPDATE')) this.expectOneOf(['TRACKING', 'VIEWSTAT']);
      else if (this.acceptWord('ALL')) this.expectWord('ROWS');
      else return;
    }
  }

  // ---- token helpers ----

  private peek(): Token {
    return this.tokens[this.pos] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private peekWord(word: string): boolean {
    const t = this.peek();
    return t.kind === 'ident' && t.text.toUpperCase() === word;
  }

  private acceptWord(word: string): boolean {
    return this.peekWord(word) ? (this.pos++, true) : false;
  }

  private expectWord(word: string): Token {
    if (!this.peekWord(word)) this.fail(`expected ${word}, found ${this.describe(this.peek())}`);
    return this.next();
  }

  private expectOneOf(words: string[]): void {
    const t = this.peek();
    if (!words.some((w) => this.peekWord(w))) this.fail(`expected ${words.join(' or ')}, found ${this.describe(t)}`);
    this.pos++;
  }

  private acceptPunct(p: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === p ? (this.pos++, true) : false;
  }

  private expectPunct(p: string): Token {
    const t = this.peek();
    if (!(t.kind === 'punct' && t.text === p)) this.fail(`expected "${p}", found ${this.describe(t)}`);
    return this.next();
  }

  private expect(kind: Token['kind'], what: string): Token {
    const t = this.peek();
    if (t.kind !== kind) this.fail(`expected ${what}, found ${this.describe(t)}`);
    return this.next();
  }

  private decoded(r: Result<string, SoqlError>): string {
    if (!r.ok) throw new ParseFailure(r.error);
    return r.value;
  }

  private describe(t: Token): string {
    return t.kind === 'eof' ? 'end of query' : t.kind === 'string' ? `'${t.text}'` : `"${t.text}"`;
  }

  private fail(message: string, at: Token = this.peek()): never {
    throw new ParseFailure({ message, offset: at.offset });
  }

  private unsupported(what: string, at: Token = this.peek()): never {
    return this.fail(`unsupported: ${what}`, at);
  }
}

/** Removes the FROM alias or object name in front of field paths (`c.Email` -> `Email`). */
function stripPrefixes(query: SoqlQuery, prefixes: string[]): SoqlQuery {
  const lower = prefixes.map((p) => p.toLowerCase());
  const strip = (path: string[]): string[] =>
    path.length > 1 && lower.includes((path[0] as string).toLowerCase()) ? path.slice(1) : path;
  const cond = (c: Condition): Condition => {
    switch (c.kind) {
      case 'and': case 'or': return { kind: c.kind, items: c.items.map(cond) };
      case 'not': return { kind: 'not', item: cond(c.item) };
      case 'compare': case 'like': case 'in': case 'includes': case 'excludes': return { ...c, field: strip(c.field) };
      default: return assertNever(c, 'condition');
    }
  };
  const item = (s: SelectItem): SelectItem =>
    s.kind === 'field' ? { kind: 'field', path: strip(s.path) } : s.kind === 'aggregate' && s.path ? { ...s, path: strip(s.path) } : s;
  return {
    ...query,
    select: query.select.map(item),
    where: query.where ? cond(query.where) : null,
    orderBy: query.orderBy.map((o) => ({ ...o, path: strip(o.path) })),
  };
}
