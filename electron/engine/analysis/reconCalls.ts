/**
 * Reconstruction, step 2: REST and SOAP queries. An RTEM ApiEvent row and the EventLogFile row of
 * the same call are one "unit" (same REQUEST_ID; else same session and object within 5 s, the
 * nearest). Units of one session chain into one export: a `query` starts it and every `queryMore`
 * / `nextRecordsUrl` page that follows within 10 minutes joins it, so `rows` is the sum of the pages.
 */
import type { CaseDb } from '../store/duck.js';
import { ident, sql } from '../store/sql.js';

/** Twin window: an RTEM row and an ELF row of one call are logged within this many ms. */
export const TWIN_WINDOW_MS = 5_000;
/** A continuation page joins the query before it in the session if it comes within this gap. */
export const PAGE_GAP_MINUTES = 10;

const SAME_ORG = sql`(r.org_id IS NULL OR c.org_id IS NULL OR r.org_id = c.org_id)`;

/** `rc_twin`: which RTEM row is the twin of which ELF call (one to one), and on what basis. */
export async function pairRtemWithCalls(db: CaseDb): Promise<void> {
  // The RTEM rows (fewer) are the hash join's build side: the calls are streamed past them.
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_twin_req AS
    SELECT r.event_id AS rtem_id, c.event_id AS elf_id FROM rc_ev c
    JOIN rc_ev r ON r.request_id = c.request_id AND r.fam = 'rtem_api'
    WHERE c.fam IN ('rest', 'soap') AND ${SAME_ORG}
    QUALIFY row_number() OVER (PARTITION BY r.event_id ORDER BY abs(epoch_ms(c.ts) - epoch_ms(r.ts)), c.event_id) = 1`);
  // Without a shared REQUEST_ID: same session and object, nearest within the window (5 s buckets keep the join bounded).
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_twin_near AS
    SELECT r.event_id AS rtem_id, c.event_id AS elf_id FROM
      (SELECT *, unnest([b - 1, b, b + 1]) AS jb FROM (SELECT *, epoch_ms(ts) // ${TWIN_WINDOW_MS}::BIGINT AS b FROM rc_ev
        WHERE fam = 'rtem_api' AND event_id NOT IN (SELECT rtem_id FROM rc_twin_req))) r
    JOIN (SELECT *, epoch_ms(ts) // ${TWIN_WINDOW_MS}::BIGINT AS b FROM rc_ev
        WHERE fam IN ('rest', 'soap') AND event_id NOT IN (SELECT elf_id FROM rc_twin_req)) c
      ON c.sess = r.sess AND lower(coalesce(c.entity, '')) = lower(coalesce(r.entity, '')) AND c.b = r.jb
    WHERE abs(epoch_ms(c.ts) - epoch_ms(r.ts)) <= ${TWIN_WINDOW_MS}::BIGINT AND (r.request_id IS NULL OR c.request_id IS NULL) AND ${SAME_ORG}
    QUALIFY row_number() OVER (PARTITION BY r.event_id ORDER BY abs(epoch_ms(c.ts) - epoch_ms(r.ts)), c.event_id) = 1`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_twin AS
    SELECT rtem_id, elf_id FROM (SELECT *, 0 AS pref FROM rc_twin_req UNION ALL SELECT *, 1 FROM rc_twin_near)
    QUALIFY row_number() OVER (PARTITION BY elf_id ORDER BY pref, rtem_id) = 1`);
  await db.run(sql`DROP TABLE rc_twin_req`);
  await db.run(sql`DROP TABLE rc_twin_near`);
}

/** `rc_units` → chained into `rc_x` / `rc_members` (one export per query and its pages). */
export async function chainQueryPages(db: CaseDb): Promise<void> {
  // The twin's columns come from a join of the twin pairs with the RTEM rows only (not a hash table of every candidate).
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_units AS
    SELECT c.event_id AS unit_id, c.fam, coalesce(c.org_id, r.org_id) AS org_id, coalesce(c.sess, r.sess) AS sess,
      least(c.ts, coalesce(r.ts, c.ts)) AS ts, coalesce(c.rows, r.rows) AS rows, r.event_id AS rtem_id, c.request_id,
      (c.cont_method OR c.cont_uri OR coalesce(r.cont_method, false)) AS is_cont
    FROM rc_ev c
    LEFT JOIN (SELECT t.elf_id, r.event_id, r.org_id, r.sess, r.ts, r.rows, r.cont_method FROM rc_ev r JOIN rc_twin t ON t.rtem_id = r.event_id) r
      ON r.elf_id = c.event_id
    WHERE c.fam IN ('rest', 'soap')
    UNION ALL
    SELECT r.event_id, r.api_kind, r.org_id, r.sess, r.ts, r.rows, r.event_id, r.request_id, r.cont_method
    FROM rc_ev r WHERE r.fam = 'rtem_api' AND r.event_id NOT IN (SELECT rtem_id FROM rc_twin)`);
  // One window pass (one sort: same partition and order) gives each unit the gap to the previous one and, as its anchor,
  // the nearest query at or before it (a unit that is not a continuation page). A page more than PAGE_GAP_MINUTES after
  // the unit before it, or first in its session, starts an export of its own: those (rare) starts are mended below, in a
  // second window over only the chains that hold one, not over every unit.
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_chain AS
    WITH p AS (SELECT *, coalesce(sess, 'unit:' || unit_id) AS part FROM rc_units),
    s AS (SELECT *, lag(ts) OVER w AS prev_ts, last_value(CASE WHEN NOT is_cont THEN unit_id END IGNORE NULLS) OVER (w ROWS UNBOUNDED PRECEDING) AS anchor_id
      FROM p WINDOW w AS (PARTITION BY org_id, fam, part ORDER BY ts, unit_id))
    SELECT * EXCLUDE (prev_ts), (NOT is_cont OR prev_ts IS NULL OR ts - prev_ts > to_minutes(${PAGE_GAP_MINUTES}::BIGINT)) AS is_start FROM s`);
  const broken = await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM rc_chain WHERE is_cont AND is_start`);
  if (broken?.n) {
    // Within a chain as first drawn (same partition and anchor, its query first), the anchor is the latest start.
    await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_chain_fix AS
      SELECT c.unit_id, last_value(CASE WHEN c.is_start THEN c.unit_id END IGNORE NULLS)
          OVER (PARTITION BY c.org_id, c.fam, c.part, c.anchor_id ORDER BY c.ts, c.unit_id ROWS UNBOUNDED PRECEDING) AS anchor_id
      FROM rc_chain c SEMI JOIN (SELECT DISTINCT org_id, fam, part, anchor_id FROM rc_chain WHERE is_cont AND is_start) b
        ON b.org_id IS NOT DISTINCT FROM c.org_id AND b.fam = c.fam AND b.part = c.part AND b.anchor_id IS NOT DISTINCT FROM c.anchor_id`);
    await db.run(sql`UPDATE rc_chain SET anchor_id = f.anchor_id FROM rc_chain_fix f WHERE rc_chain.unit_id = f.unit_id`);
    await db.run(sql`DROP TABLE rc_chain_fix`);
  }
  await db.run(sql`INSERT INTO rc_x (anchor_id, channel, org_id, rows, basis)
    SELECT c.anchor_id, CASE any_value(c.fam) WHEN 'rest' THEN 'rest_query' WHEN 'soap' THEN 'soap_query' ELSE 'api_query' END,
      any_value(c.org_id), sum(c.rows), coalesce(any_value(c.request_id) FILTER (WHERE c.unit_id = c.anchor_id), 'event:' || c.anchor_id)
    FROM rc_chain c GROUP BY c.anchor_id`);
  await db.run(sql`INSERT INTO rc_members
    SELECT anchor_id, unit_id, CASE WHEN unit_id <> anchor_id AND is_cont THEN 'page' ELSE 'query' END FROM rc_chain
    UNION ALL SELECT anchor_id, rtem_id, 'rtem_twin' FROM rc_chain WHERE rtem_id IS NOT NULL AND rtem_id <> unit_id`);
  for (const t of ['rc_units', 'rc_chain']) await db.run(sql`DROP TABLE ${ident(t)}`);
}
