/** Which fields of the queried object a SOQL SELECT list hands back, so the report can list "fields exposed". */
import { pathsIn, type SoqlError, type SoqlQuery } from '../../../shared/soql/ast.js';
import { assertNever, ok, type Result } from '../../../shared/result.js';
import { resolveColumn } from './replayTypes.js';

/**
 * The snapshot columns a query hands back. FIELDS(ALL) is every column; FIELDS(CUSTOM) the `__c`
 * columns; FIELDS(STANDARD) the others; toLabel(X), FORMAT(X), convertCurrency(X) expose X. COUNT()
 * and aggregates return no record fields. Relationship paths, child subqueries and TYPEOF expose
 * OTHER records (see replayPlan.ts) and are listed in `unknown` with fields absent from the snapshot.
 */
export function selectedFields(query: SoqlQuery, columns: readonly string[]): Result<{ fields: string[]; unknown: string[] }, SoqlError> {
  const fields: string[] = [];
  const unknown: string[] = [];
  const add = (name: string): void => void (fields.includes(name) || fields.push(name));
  const path = (p: string[]): void => {
    const found = p.length === 1 ? resolveColumn(p[0] as string, columns) : null;
    if (found) add(found);
    else if (!unknown.includes(p.join('.'))) unknown.push(p.join('.'));
  };
  for (const item of query.select) {
    switch (item.kind) {
      case 'field': path(item.path); break;
      case 'expr': if (!['COUNT', 'COUNT_DISTINCT', 'MIN', 'MAX', 'SUM', 'AVG', 'GROUPING'].includes(item.expr.fn)) pathsIn(item.expr).forEach(path); break;
      case 'fields':
        for (const c of columns) {
          const custom = /__c$/i.test(c);
          if (item.which === 'ALL' || (item.which === 'CUSTOM') === custom) add(c);
        }
        break;
      case 'count': case 'aggregate': case 'subquery': case 'typeof': break;
      default: return assertNever(item, 'select item');
    }
  }
  return ok({ fields, unknown });
}
