/**
 * `recon_count_queries` and `enumeration`: one operator (the same session, else the same login, else
 * the same integration from the same address) touching many distinct objects within a short window:
 * COUNT() queries (reconnaissance) or record-returning exports (enumeration). Every export of such a
 * window is flagged; flagged exports of one operator no more than a window apart are one burst, whose
 * objects and events (the first 1,000 event ids) are each flag's message and evidence. Window
 * functions only: a session of 100,000 queries costs a sort, not a pairwise join.
 */
import { raw, sql, type SqlFragment } from '../../store/sql.js';
import type { FlagCode } from './codes.js';
import type { Rule } from './rule.js';

/** Evidence lists stop at this many event ids (the message still counts every object). */
const MAX_EVIDENCE = 1000;

function burst(code: FlagCode, countOnly: boolean, minutes: number, minObjects: number, what: string): SqlFragment {
  const span = sql`to_milliseconds(CAST(${minutes * 60_000} AS BIGINT))`;
  return sql`INSERT INTO flags
    WITH q0 AS (SELECT export_id, operator, start_ts, object, session_key IS NOT NULL AS by_session FROM rule_exports
               WHERE operator IS NOT NULL AND object IS NOT NULL AND count_only = ${countOnly}),
    -- Only an operator that touched at least the threshold of distinct objects in all can reach it within a window: the
    -- windows below (distinct counts over time ranges) run for those operators alone.
    q AS (SELECT * FROM q0 WHERE operator IN (SELECT operator FROM q0 GROUP BY operator HAVING count(DISTINCT lower(object)) >= ${minObjects})),
    -- Distinct objects in the window that opens at each export, then whether any window holding the export reaches the
    -- threshold: two window functions, no pairwise join.
    f AS (SELECT *, count(DISTINCT lower(object)) OVER (PARTITION BY operator ORDER BY start_ts RANGE BETWEEN CURRENT ROW AND ${span} FOLLOWING) AS ahead FROM q),
    g AS (SELECT *, max(ahead) OVER (PARTITION BY operator ORDER BY start_ts RANGE BETWEEN ${span} PRECEDING AND CURRENT ROW) AS best FROM f),
    -- Flagged exports of one operator no more than a window apart form one burst, reported together.
    h AS (SELECT *, lag(start_ts) OVER (PARTITION BY operator ORDER BY start_ts, export_id) AS prev FROM g WHERE best >= ${minObjects}),
    k AS (SELECT *, sum(CASE WHEN prev IS NULL OR start_ts - prev > ${span} THEN 1 ELSE 0 END) OVER (PARTITION BY operator ORDER BY start_ts, export_id) AS burst FROM h),
    w AS (SELECT operator, burst, bool_or(by_session) AS by_session, count(DISTINCT lower(object)) AS objects, list(DISTINCT object ORDER BY object) AS names,
            max(start_ts) - min(start_ts) AS span
          FROM k GROUP BY operator, burst),
    -- The burst's events: the flagged exports (few) are the build side, every export event streamed past them once.
    ev AS (SELECT k.operator, k.burst, list_slice(list_sort(list_distinct(list(xe.event_id))), 1, ${MAX_EVIDENCE}) AS evidence
          FROM export_events xe JOIN k ON k.export_id = xe.export_id GROUP BY k.operator, k.burst)
    SELECT k.export_id, ${code},
      format('${raw(what)} {} objects ({}) within {} minutes from the same {}.', w.objects, array_to_string(w.names, ', '),
        greatest(1, ceil(epoch(w.span) / 60))::INTEGER, CASE WHEN w.by_session THEN 'session' ELSE 'integration and address' END),
      ev.evidence
    FROM k JOIN w ON w.operator = k.operator AND w.burst = k.burst LEFT JOIN ev ON ev.operator = k.operator AND ev.burst = k.burst`;
}

export const reconRule: Rule = {
  code: 'recon_count_queries',
  statements: ({ t }) => [burst('recon_count_queries', true, t.reconWindowMinutes, t.reconMinObjects, 'COUNT() queries on')],
};

export const enumerationRule: Rule = {
  code: 'enumeration',
  statements: ({ t }) => [burst('enumeration', false, t.enumerationWindowMinutes, t.enumerationMinObjects, 'Records read from')],
};
