/** Removes the FROM alias or object name in front of field paths (`c.Email` -> `Email`), everywhere in one query level. */
import type { Condition, Expr, OrderItem, SelectItem, SoqlQuery } from './ast.js';
import { assertNever } from '../result.js';

/** Strips `prefixes` (alias, object name; any case) from every path of this query level; subqueries keep their own. */
export function stripPrefixes(query: SoqlQuery, prefixes: string[]): SoqlQuery {
  const lower = prefixes.map((p) => p.toLowerCase());
  const strip = (p: string[]): string[] => (p.length > 1 && lower.includes((p[0] as string).toLowerCase()) ? p.slice(1) : p);
  const expr = <E extends Expr>(e: E): E => {
    if (e.kind === 'path') return { ...e, path: strip(e.path) };
    if (e.kind === 'call') return { ...e, args: e.args.map(expr) };
    return e;
  };
  const cond = (c: Condition): Condition => {
    switch (c.kind) {
      case 'and': case 'or': return { kind: c.kind, items: c.items.map(cond) };
      case 'not': return { kind: 'not', item: cond(c.item) };
      case 'compare': case 'like': case 'in':
        return c.expr ? { ...c, field: strip(c.field), expr: expr(c.expr) } : { ...c, field: strip(c.field) };
      case 'semijoin': case 'includes': case 'excludes': return { ...c, field: strip(c.field) };
      default: return assertNever(c, 'condition');
    }
  };
  const item = (s: SelectItem): SelectItem => {
    switch (s.kind) {
      case 'field': return { ...s, path: strip(s.path) };
      case 'aggregate': return s.path ? { ...s, path: strip(s.path) } : s;
      case 'expr': return { ...s, expr: expr(s.expr) };
      case 'typeof': return { ...s, path: strip(s.path) };
      case 'count': case 'fields': case 'subquery': return s;
      default: return assertNever(s, 'select item');
    }
  };
  const order = (o: OrderItem): OrderItem => (o.expr ? { ...o, path: strip(o.path), expr: expr(o.expr) } : { ...o, path: strip(o.path) });
  return {
    ...query,
    select: query.select.map(item),
    where: query.where ? cond(query.where) : null,
    having: query.having ? cond(query.having) : null,
    groupBy: query.groupBy ? { ...query.groupBy, items: query.groupBy.items.map(expr) } : null,
    orderBy: query.orderBy.map(order),
  };
}
