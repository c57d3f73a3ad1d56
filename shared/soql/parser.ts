/**
 * Recursive-descent parser for SOQL as the Salesforce SOQL and SOSL Reference defines it:
 * SELECT (fields, relationship paths, aggregates, functions, child subqueries, TYPEOF, FIELDS())
 * FROM object [alias] [USING SCOPE] [WHERE] [WITH DATA CATEGORY | SECURITY_ENFORCED | USER_MODE | SYSTEM_MODE]
 * [GROUP BY [ROLLUP|CUBE]] [HAVING] [ORDER BY … ASC|DESC NULLS FIRST|LAST] [LIMIT] [OFFSET]
 * [FOR VIEW|REFERENCE|UPDATE] [UPDATE TRACKING|VIEWSTAT] [ALL ROWS]. Keywords are case-insensitive.
 * Anything else is a SoqlError at the offending offset; the parser never throws.
 */
import type { DataCategoryFilter, Expr, GroupBy, OrderItem, SelectItem, SoqlError, SoqlQuery } from './ast.js';
import { AGGREGATE_FUNCTIONS, type AggregateFunction } from './ast.js';
import { parseCondition } from './conditions.js';
import { atCall, fieldPath, innermostPath, parseCall, path } from './functions.js';
import { tokenize } from './lexer.js';
import { stripPrefixes } from './prefixes.js';
import { ParseFailure, TokenStream } from './tokenStream.js';
import { err, ok, type Result } from '../result.js';

/** Words that end a clause, so they are never taken as an alias. */
const RESERVED = new Set([
  'SELECT', 'FROM', 'WHERE', 'WITH', 'GROUP', 'ORDER', 'LIMIT', 'OFFSET', 'FOR', 'UPDATE', 'ALL', 'USING', 'HAVING',
  'AND', 'OR', 'NOT', 'BY', 'ASC', 'DESC', 'NULLS', 'TYPEOF', 'WHEN', 'THEN', 'ELSE', 'END', 'IN', 'LIKE', 'INCLUDES', 'EXCLUDES',
]);
const SELECTORS = ['AT', 'ABOVE', 'BELOW', 'ABOVE_OR_BELOW'] as const;

/** Parses the text of a logged SOQL query (ApiEvent.Query) so it can be replayed on a snapshot. */
export function parseSoql(text: string): Result<SoqlQuery, SoqlError> {
  const tokens = tokenize(text);
  if (!tokens.ok) return tokens;
  try {
    const ts = new TokenStream(tokens.value);
    const query = new QueryParser(ts).query('top');
    if (ts.peek().kind !== 'eof') ts.fail(`unexpected ${ts.describe(ts.peek())}`);
    return ok(query);
  } catch (e) {
    if (e instanceof ParseFailure) return err(e.soql);
    return err({ message: `internal parser error: ${String(e)}`, offset: 0 });
  }
}

type Level = 'top' | 'child' | 'semijoin';

class QueryParser {
  private childDepth = 0;
  constructor(private readonly ts: TokenStream) {}

  query(level: Level): SoqlQuery {
    const ts = this.ts;
    ts.expectWord('SELECT');
    const select = this.selectList(level);
    ts.expectWord('FROM');
    const fromPath = fieldPath(ts);
    if (fromPath.length > 1 && level !== 'child') ts.fail('FROM takes one object name (a dotted name is only for child relationship subqueries)');
    const from = fromPath[fromPath.length - 1] as string;
    ts.acceptWord('AS');
    const alias = this.optionalAlias();
    const usingScope = ts.acceptWord('USING') ? (ts.expectWord('SCOPE'), ts.expect('ident', 'a scope name').text) : null;
    const where = ts.acceptWord('WHERE') ? parseCondition(ts, 'where', () => this.query('semijoin')) : null;
    const dataCategories: DataCategoryFilter[] = [];
    let accessMode: SoqlQuery['accessMode'] = this.withClauses(dataCategories);
    const groupBy = ts.peekWord('GROUP') ? this.groupBy() : null;
    const havingAt = ts.peek();
    const having = ts.acceptWord('HAVING') ? parseCondition(ts, 'having', () => this.query('semijoin')) : null;
    if (having && !groupBy) ts.fail('HAVING needs a GROUP BY', havingAt);
    const orderBy = ts.acceptWord('ORDER') ? (ts.expectWord('BY'), this.orderList()) : [];
    const limit = ts.acceptWord('LIMIT') ? this.count('LIMIT') : null;
    const offset = ts.acceptWord('OFFSET') ? this.count('OFFSET') : null;
    accessMode = this.withClauses(dataCategories) ?? accessMode;
    const forClause = ts.acceptWord('FOR') ? ts.expectOneOf(['VIEW', 'REFERENCE', 'UPDATE'] as const) : null;
    const updateClause = ts.acceptWord('UPDATE') ? ts.expectOneOf(['TRACKING', 'VIEWSTAT'] as const) : null;
    const allRows = ts.acceptWord('ALL') ? (ts.expectWord('ROWS'), true) : false;
    const countOnly = select.length === 1 && select[0]?.kind === 'count';
    const query: SoqlQuery = {
      select, from, fromPrefix: fromPath.slice(0, -1), alias, usingScope, where, dataCategories, accessMode,
      groupBy, having, orderBy, limit, offset, forClause, updateClause, allRows, countOnly,
    };
    return stripPrefixes(query, [alias, from].filter((p): p is string => p !== null));
  }

  // ---- SELECT ----

  private selectList(level: Level): SelectItem[] {
    const items = [this.selectItem(level)];
    while (this.ts.acceptPunct(',')) items.push(this.selectItem(level));
    return items;
  }

  private selectItem(level: Level): SelectItem {
    const ts = this.ts;
    const t = ts.peek();
    if (ts.peekPunct('(')) {
      if (level === 'semijoin') ts.fail('a child subquery is not allowed in a semi-join');
      // Parent-to-child relationship queries nest at most five levels (API 58 and later).
      if (this.childDepth >= 4) ts.fail('child subqueries nest at most five levels deep');
      ts.next();
      this.childDepth++;
      const query = this.query('child');
      this.childDepth--;
      ts.expectPunct(')');
      return { kind: 'subquery', query };
    }
    if (ts.peekWord('FROM')) ts.fail('expected a field name, found FROM');
    if (ts.peekWord('TYPEOF') && ts.peek(1).kind === 'ident') return this.typeOf();
    if (ts.peekWord('FIELDS') && ts.peekPunct('(', 1)) {
      ts.pos += 2;
      const which = ts.expectOneOf(['ALL', 'STANDARD', 'CUSTOM'] as const);
      ts.expectPunct(')');
      return { kind: 'fields', which };
    }
    if (ts.peekWord('COUNT') && ts.peekPunct('(', 1) && ts.peekPunct(')', 2)) {
      ts.pos += 3;
      const alias = this.optionalAlias();
      return alias ? { kind: 'count', alias } : { kind: 'count' };
    }
    if (!atCall(ts)) {
      if (t.kind !== 'ident') ts.fail(`expected a field name, found ${ts.describe(t)}`);
      const p = fieldPath(ts);
      const alias = this.optionalAlias();
      return alias ? { kind: 'field', path: p, alias } : { kind: 'field', path: p };
    }
    const expr = parseCall(ts, 'select');
    if (expr.fn === 'GEOLOCATION') ts.fail('GEOLOCATION() is only allowed inside DISTANCE()', t);
    const alias = this.optionalAlias();
    const only = expr.args[0];
    if ((AGGREGATE_FUNCTIONS as readonly string[]).includes(expr.fn) && expr.args.length === 1 && only?.kind === 'path') {
      return { kind: 'aggregate', fn: expr.fn as AggregateFunction, path: only.path, alias };
    }
    return { kind: 'expr', expr, alias };
  }

  /** TYPEOF What WHEN Account THEN Phone, Name WHEN … [ELSE Name] END */
  private typeOf(): SelectItem {
    const ts = this.ts;
    ts.expectWord('TYPEOF');
    const p = fieldPath(ts);
    const whens: { object: string; fields: string[][] }[] = [];
    while (ts.acceptWord('WHEN')) {
      const object = ts.expect('ident', 'an object name after WHEN').text;
      ts.expectWord('THEN');
      whens.push({ object, fields: this.pathList() });
    }
    if (whens.length === 0) ts.fail('TYPEOF needs at least one WHEN … THEN …');
    const otherwise = ts.acceptWord('ELSE') ? this.pathList() : null;
    ts.expectWord('END');
    return { kind: 'typeof', path: p, whens, otherwise };
  }

  private pathList(): string[][] {
    const list = [fieldPath(this.ts)];
    while (this.ts.acceptPunct(',')) list.push(fieldPath(this.ts));
    return list;
  }

  private optionalAlias(): string | null {
    const t = this.ts.peek();
    if (t.kind === 'ident' && !RESERVED.has(t.text.toUpperCase())) return this.ts.next().text;
    return null;
  }

  // ---- WITH, GROUP BY, ORDER BY, LIMIT ----

  /** WITH SECURITY_ENFORCED / USER_MODE / SYSTEM_MODE (returned) and WITH DATA CATEGORY (collected). */
  private withClauses(categories: DataCategoryFilter[]): SoqlQuery['accessMode'] {
    let mode: SoqlQuery['accessMode'] = null;
    while (this.ts.acceptWord('WITH')) {
      if (this.ts.acceptWord('DATA')) {
        this.ts.expectWord('CATEGORY');
        do categories.push(this.categoryFilter());
        while (this.ts.acceptWord('AND'));
      } else {
        mode = this.ts.expectOneOf(['SECURITY_ENFORCED', 'USER_MODE', 'SYSTEM_MODE'] as const);
      }
    }
    return mode;
  }

  private categoryFilter(): DataCategoryFilter {
    const ts = this.ts;
    const group = ts.expect('ident', 'a data category group name').text;
    const selector = ts.expectOneOf(SELECTORS);
    const categories: string[] = [];
    if (ts.acceptPunct('(')) {
      do categories.push(ts.expect('ident', 'a data category name').text);
      while (ts.acceptPunct(','));
      ts.expectPunct(')');
    } else {
      categories.push(ts.expect('ident', 'a data category name').text);
    }
    return { group, selector, categories };
  }

  private groupBy(): GroupBy {
    const ts = this.ts;
    ts.expectWord('GROUP');
    ts.expectWord('BY');
    for (const kind of ['ROLLUP', 'CUBE'] as const) {
      if (ts.peekWord(kind) && ts.peekPunct('(', 1)) {
        ts.pos += 2;
        const items = this.groupItems();
        ts.expectPunct(')');
        return { kind: kind === 'ROLLUP' ? 'rollup' : 'cube', items };
      }
    }
    return { kind: 'plain', items: this.groupItems() };
  }

  private groupItems(): Expr[] {
    const item = (): Expr => (atCall(this.ts) ? parseCall(this.ts, 'group') : path(this.ts));
    const items = [item()];
    while (this.ts.acceptPunct(',')) items.push(item());
    return items;
  }

  private orderList(): OrderItem[] {
    const ts = this.ts;
    const items: OrderItem[] = [];
    do {
      let item: OrderItem;
      if (atCall(ts)) {
        const expr = parseCall(ts, 'order');
        item = { path: innermostPath(expr), expr, direction: 'ASC', nulls: null };
      } else {
        item = { path: fieldPath(ts), direction: 'ASC', nulls: null };
      }
      if (ts.acceptWord('DESC')) item.direction = 'DESC';
      else ts.acceptWord('ASC');
      if (ts.acceptWord('NULLS')) item.nulls = ts.expectOneOf(['FIRST', 'LAST'] as const);
      items.push(item);
    } while (ts.acceptPunct(','));
    return items;
  }

  private count(clause: string): number {
    const t = this.ts.peek();
    if (t.kind === 'punct' && t.text === ':') this.ts.fail(`a bind variable in ${clause} cannot be replayed: its value is not in the query`);
    const n = this.ts.expect('number', `a whole number after ${clause}`);
    if (!/^\d+$/.test(n.text)) this.ts.fail(`${clause} needs a whole number`, n);
    return Number(n.text);
  }
}
