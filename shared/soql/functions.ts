/**
 * SOQL functions as the reference defines them: aggregates, GROUPING, date functions with
 * convertTimezone(), toLabel(), FORMAT(), convertCurrency(), DISTANCE() with GEOLOCATION().
 * Each function's argument shapes are checked, so a call outside the grammar is refused, not misread.
 */
import { AGGREGATE_FUNCTIONS, type Expr, type Literal } from './ast.js';
import type { Token } from './lexer.js';
import type { TokenStream } from './tokenStream.js';

/** The reference's date functions; each takes a date/datetime field, optionally through convertTimezone(). */
export const DATE_FUNCTIONS = [
  'CALENDAR_MONTH', 'CALENDAR_QUARTER', 'CALENDAR_YEAR', 'DAY_IN_MONTH', 'DAY_IN_WEEK', 'DAY_IN_YEAR',
  'DAY_ONLY', 'FISCAL_MONTH', 'FISCAL_QUARTER', 'FISCAL_YEAR', 'HOUR_IN_DAY', 'WEEK_IN_MONTH', 'WEEK_IN_YEAR',
] as const;

const AGGREGATES = new Set<string>(AGGREGATE_FUNCTIONS);
const DATES = new Set<string>(DATE_FUNCTIONS);

/** Where a function appears: it decides which functions are allowed. */
export type CallSite = 'select' | 'where' | 'having' | 'order' | 'group';

type Call = Expr & { kind: 'call' };

/** True when the next tokens are `name (` — a function call rather than a field. */
export function atCall(ts: TokenStream): boolean {
  return ts.peek().kind === 'ident' && ts.peekPunct('(', 1);
}

/** Parses `NAME(args)` at the cursor (the name not yet consumed), checking it is allowed at `site`. */
export function parseCall(ts: TokenStream, site: CallSite): Call {
  const nameTok = ts.expect('ident', 'a function name');
  const fn = nameTok.text.toUpperCase();
  if (!allowedAt(fn, site)) {
    const known = AGGREGATES.has(fn) || DATES.has(fn) || ['GROUPING', 'TOLABEL', 'FORMAT', 'CONVERTCURRENCY', 'CONVERTTIMEZONE', 'DISTANCE', 'GEOLOCATION', 'FIELDS'].includes(fn);
    ts.fail(known ? `${nameTok.text}() is not allowed ${siteWords(site)}` : `unknown function ${nameTok.text}()`, nameTok);
  }
  ts.expectPunct('(');
  const args = argumentsOf(ts, fn, nameTok);
  ts.expectPunct(')');
  return { kind: 'call', fn, args };
}

function allowedAt(fn: string, site: CallSite): boolean {
  if (AGGREGATES.has(fn)) return site !== 'where' && site !== 'group';
  if (fn === 'GROUPING') return site === 'select' || site === 'having' || site === 'order';
  if (DATES.has(fn)) return true;
  if (fn === 'TOLABEL') return site === 'select' || site === 'where';
  if (fn === 'FORMAT' || fn === 'CONVERTCURRENCY') return site === 'select' || (fn === 'CONVERTCURRENCY' && site === 'having');
  if (fn === 'DISTANCE') return site === 'select' || site === 'where' || site === 'order';
  return false; // CONVERTTIMEZONE and GEOLOCATION only as arguments (see argumentsOf)
}

function siteWords(site: CallSite): string {
  return { select: 'in SELECT', where: 'in WHERE', having: 'in HAVING', order: 'in ORDER BY', group: 'in GROUP BY' }[site];
}

function argumentsOf(ts: TokenStream, fn: string, at: Token): Expr[] {
  if (fn === 'COUNT') {
    if (ts.peekPunct(')')) return [];
    return commaList(ts, () => path(ts));
  }
  if (fn === 'GROUPING') return commaList(ts, () => path(ts));
  if (AGGREGATES.has(fn)) return [nested(ts, ['CONVERTCURRENCY', ...DATE_FUNCTIONS])];
  if (DATES.has(fn)) return [nested(ts, ['CONVERTTIMEZONE'])];
  if (fn === 'CONVERTTIMEZONE' || fn === 'TOLABEL' || fn === 'CONVERTCURRENCY') return [path(ts)];
  if (fn === 'FORMAT') return [nested(ts, ['CONVERTCURRENCY', ...AGGREGATE_FUNCTIONS, ...DATE_FUNCTIONS])];
  if (fn === 'DISTANCE') return distanceArgs(ts);
  if (fn === 'GEOLOCATION') {
    const lat = signedNumber(ts);
    ts.expectPunct(',');
    return [lat, signedNumber(ts)];
  }
  return ts.fail(`unknown function ${fn}()`, at);
}

/** DISTANCE(field, GEOLOCATION(lat, lon), 'mi' | 'km'). */
function distanceArgs(ts: TokenStream): Expr[] {
  const location = path(ts);
  ts.expectPunct(',');
  if (!ts.peekWord('GEOLOCATION') && !ts.peekPunct(':')) ts.fail('DISTANCE() needs GEOLOCATION(latitude, longitude) as its second argument');
  const geo = ts.peekPunct(':') ? { kind: 'literal' as const, value: parseBind(ts, ts.next()) } : innerCall(ts, 'GEOLOCATION');
  ts.expectPunct(',');
  const unit = ts.expect('string', "the unit 'mi' or 'km'");
  if (!/^(mi|km)$/i.test(unit.text)) ts.fail(`DISTANCE() unit must be 'mi' or 'km', found '${unit.text}'`, unit);
  return [location, geo, { kind: 'literal', value: { kind: 'string', value: unit.text.toLowerCase() } }];
}

function nested(ts: TokenStream, allowed: readonly string[]): Expr {
  if (!atCall(ts)) return path(ts);
  const name = ts.peek().text.toUpperCase();
  if (!allowed.includes(name)) ts.fail(`${ts.peek().text}() is not allowed inside this function`);
  return innerCall(ts, name);
}

function innerCall(ts: TokenStream, fn: string): Call {
  const at = ts.next();
  ts.expectPunct('(');
  const args = argumentsOf(ts, fn, at);
  ts.expectPunct(')');
  return { kind: 'call', fn, args };
}

function signedNumber(ts: TokenStream): Expr {
  if (ts.peekPunct(':')) return { kind: 'literal', value: parseBind(ts, ts.next()) };
  const negative = ts.acceptPunct('-');
  const t = ts.expect('number', 'a number');
  const value: Literal = { kind: 'number', value: (negative ? -1 : 1) * Number(t.text) };
  return { kind: 'literal', value };
}

function commaList(ts: TokenStream, item: () => Expr): Expr[] {
  const items = [item()];
  while (ts.acceptPunct(',')) items.push(item());
  return items;
}

/** `:name`, `:obj.field`, `:map.keySet()` after its colon — an Apex bind variable, kept by name. */
export function parseBind(ts: TokenStream, colon: Token): Literal {
  const first = ts.peek();
  if (first.kind !== 'ident' || first.offset !== colon.offset + 1) ts.fail('expected a bind variable name after ":"', first);
  let name = ts.next().text;
  while (ts.acceptPunct('.')) {
    name += `.${ts.expect('ident', 'a name after "."').text}`;
    if (ts.peekPunct('(') && ts.peekPunct(')', 1)) {
      ts.pos += 2;
      name += '()';
    }
  }
  return { kind: 'bind', name };
}

/** A dotted field path at the cursor. */
export function path(ts: TokenStream): Expr & { kind: 'path' } {
  return { kind: 'path', path: fieldPath(ts) };
}

/** The segments of a dotted field path (`Account.Owner.Email`). */
export function fieldPath(ts: TokenStream): string[] {
  const segments = [ts.expect('ident', 'a field name').text];
  while (ts.acceptPunct('.')) segments.push(ts.expect('ident', 'a field name after "."').text);
  return segments;
}

/** The innermost field path of a call (the field a condition or ORDER BY item is about), [] if none. */
export function innermostPath(expr: Expr): string[] {
  if (expr.kind === 'path') return expr.path;
  if (expr.kind === 'call') {
    for (const a of expr.args) {
      const p = innermostPath(a);
      if (p.length) return p;
    }
  }
  return [];
}
