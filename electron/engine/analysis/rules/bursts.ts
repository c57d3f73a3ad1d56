/**
 * `recon_count_queries` and `enumeration`: one operator (the same session, else the same login, else
 * the same integration from the same address) touching many distinct objects within a short window:
 * COUNT() queries (reconnaissance) or record-returning exports (enumeration). Every export of such a
 * window is flagged, with the objects and the events of the whole window as evidence.
 */
import { raw, sql, type SqlFragment } from '../../store/sql.js';
import type { FlagCode } from './codes.js';
import type { Rule } from './rule.js';

function burst(code: FlagCode, countOnly: boolean, minutes: number, minObjects: number, what: string): SqlFragment {
  return sql`INSERT INTO flags
    WITH q AS (SELECT export_id, operator, start_ts, object, evidence, session_key IS NOT NULL AS by_session FROM rule_exports
               WHERE operator IS NOT NULL AND object IS NOT NULL AND count_only = ${countOnly}),
    w AS (SELECT a.export_id AS anchor, any_value(a.by_session) AS by_session, count(DISTINCT lower(b.object)) AS objects,
            list(DISTINCT b.object ORDER BY b.object) AS names, list(b.export_id) AS members, list_distinct(flatten(list(b.evidence))) AS evidence,
            max(b.start_ts) - min(b.start_ts) AS span
          FROM q a JOIN q b ON b.operator = a.operator AND b.start_ts >= a.start_ts
            AND b.start_ts <= a.start_ts + to_milliseconds(CAST(${minutes * 60_000} AS BIGINT))
          GROUP BY a.export_id HAVING count(DISTINCT lower(b.object)) >= ${minObjects}),
    m AS (SELECT unnest(members) AS export_id, objects, names, evidence, span, by_session FROM w)
    SELECT export_id, ${code},
      format('${raw(what)} {} objects ({}) within {} minutes from the same {}.', max(objects), array_to_string(arg_max(names, objects), ', '),
        ceil(epoch(arg_max(span, objects)) / 60)::INTEGER, CASE WHEN bool_or(by_session) THEN 'session' ELSE 'integration and address' END),
      list_sort(arg_max(evidence, objects))
    FROM m GROUP BY export_id`;
}

export const reconRule: Rule = {
  code: 'recon_count_queries',
  statements: ({ t }) => [burst('recon_count_queries', true, t.reconWindowMinutes, t.reconMinObjects, 'COUNT() queries on')],
};

export const enumerationRule: Rule = {
  code: 'enumeration',
  statements: ({ t }) => [burst('enumeration', false, t.enumerationWindowMinutes, t.enumerationMinObjects, 'Records read from')],
};
