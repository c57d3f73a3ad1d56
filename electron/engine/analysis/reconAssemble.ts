/**
 * Reconstruction, last step: the grouped exports (`rc_x`, one row per export keyed by its first
 * event, and `rc_members`, its events with their roles) become the rows of `exports`,
 * `export_events`, `export_records` and `files`. Every figure is computed in one GROUP BY over the
 * members; the export id is derived from org + channel + job/request id (+ first event where there
 * is none), so it does not move when evidence is added to the case.
 */
import { id18SqlExpression } from '../../../shared/ids.js';
import { findSnapshot } from '../intake/snapshots.js';
import type { CaseDb } from '../store/duck.js';
import { ident, joinSql, raw, sql, type SqlFragment } from '../store/sql.js';
import { SOQL_FROM_SQL } from './reconBulk.js';
import { QUERY_EVENT_TYPES } from './reconEvents.js';

const RTEM_FIRST = raw(`CASE WHEN e.event_type IN (${QUERY_EVENT_TYPES.map((t) => `'${t}'`).join(', ')}) THEN 0 ELSE 1 END`);
const APP_RANK = raw(`CASE e.app_basis WHEN 'connected_app_id' THEN 0 WHEN 'request_id' THEN 1 ELSE 2 END`);
/**
 * A member's place in its export as one HUGEINT: its time (µs), then its event id, so two events of one time never tie
 * (a tie would let the order rows reach the aggregate pick the value, and a second run of the same evidence could show
 * another). A rank before it (× 2^120) puts RTEM rows, or the better-attributed rows, first.
 */
const MEMBER_KEY = raw(`(epoch_us(e.ts)::HUGEINT * 18446744073709551616::HUGEINT + e.event_id)`);
const RANKED = (rank: ReturnType<typeof raw>): SqlFragment => sql`(${rank})::HUGEINT * 1329227995784915872903807060280344576::HUGEINT + ${MEMBER_KEY}`;

/**
 * Batch sizes of the statements that would not fit DuckDB's memory at 10 million events in one: member events aggregated
 * per statement (exports of several events; bounds the GROUP BY's memory) and exports per `INSERT INTO exports` (see
 * writeExports). A batch is a slice of the same statement, so the tables are the same; tests make them small.
 */
/**
 * Export ids are 12 hex digits of an MD5 (48 bits): two different keys share one about 4 % of the time at 4.6 M exports
 * (the birthday bound). Every export of such a pair gets `-<its first event id>` appended, so ids stay unique; an id
 * nothing collides with is left as it is.
 */
export async function disambiguateIds(db: CaseDb, table: string): Promise<number> {
  const t = ident(table);
  // The shared ids (few) found by one GROUP BY over the ids and kept, so the UPDATE does not group them all again.
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_id_clash AS SELECT export_id FROM ${t} GROUP BY export_id HAVING count(*) > 1`);
  try {
    const clash = await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM rc_id_clash`);
    const n = Number(clash?.n ?? 0);
    if (n) await db.run(sql`UPDATE ${t} SET export_id = export_id || '-' || anchor_id::VARCHAR WHERE export_id IN (SELECT export_id FROM rc_id_clash)`);
    return n;
  } finally {
    await db.run(sql`DROP TABLE IF EXISTS rc_id_clash`);
  }
}

export const RECON_BATCH = { aggEvents: 1_500_000, exportRows: 1_500_000, memberEvents: 2_000_000 };

/**
 * `batches` batches as ranges of a BIGINT id column (anchor or event id) holding about equal shares of `table`'s rows
 * (those `where` selects): consecutive ranges, every id in exactly one. A table written in event order keeps close ids in
 * the same row groups, so a range filter lets the scan skip the others by their min/max (a modulo read every row of every
 * batch). Returns, per batch, the filter on a given column (qualified where a statement joins two tables).
 */
async function idRanges(db: CaseDb, table: string, id: 'anchor_id' | 'event_id', where: SqlFragment, batches: number): Promise<((column: SqlFragment) => SqlFragment)[]> {
  const all = [(): SqlFragment => sql`true`];
  if (batches <= 1) return all;
  // One quantile_disc over the list of fractions: one aggregate state (one sort), where one call per fraction kept a copy of
  // every id each (at 10 million ids, 2.1 → 0.3 CPU-s for four cuts); the cuts are the same.
  const fractions = Array.from({ length: batches - 1 }, (_, i) => sql`${(i + 1) / batches}::DOUBLE`);
  const row = await db.one<{ cuts: (string | null)[] | null }>(
    sql`SELECT list_transform(quantile_disc(${ident(id)}, [${joinSql(fractions)}]), c -> c::VARCHAR) AS cuts FROM ${ident(table)} WHERE ${where}`);
  const cuts = (row?.cuts ?? []).filter((c): c is string => c !== null);
  if (cuts.length !== batches - 1) return all;
  return Array.from({ length: batches }, (_, b) => (column: SqlFragment): SqlFragment => {
    const lo = b > 0 ? sql`${column} > ${cuts[b - 1]!}::BIGINT` : sql`true`;
    const hi = b < batches - 1 ? sql`${column} <= ${cuts[b]!}::BIGINT` : sql`true`;
    return sql`(${lo} AND ${hi})`;
  });
}

/** COUNT() and aggregate-only SELECTs reveal a number, not records. */
const COUNT_ONLY = `coalesce(regexp_matches(query, '(?i)^\\s*select\\s+(count|count_distinct|sum|avg|min|max)\\s*\\('), false)`;

/** Writes `exports` and `export_events` from `rc_x` / `rc_members`. */
export async function writeExports(db: CaseDb): Promise<void> {
  // Most exports have one event: their figures are that event's; only the others are aggregated. The query text and the
  // user agent are not in rc_ev: the event that gives each is picked here (q_ev, ua_ev) and its text fetched below.
  // Each member with its export's size (n), once: the batches below filter this narrow table by event range.
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_msize AS
    SELECT m.anchor_id, m.event_id, m.role, z.n FROM rc_members m JOIN (SELECT anchor_id, count(*) AS n FROM rc_members GROUP BY anchor_id) z USING (anchor_id)`);
  // In batches of event-id ranges: one join of every member with its wide candidate row hashed millions of wide rows and
  // spilled at 10 million events; a range keeps each batch's hash table in memory, and rc_ev (in event order) is read a
  // range at a time.
  const members = (await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM rc_members`))?.n ?? 0;
  const ranges = await idRanges(db, 'rc_msize', 'event_id', sql`true`, Math.max(1, Math.ceil(members / RECON_BATCH.memberEvents)));
  for (const [i, range] of ranges.entries()) {
    const select = sql`SELECT m.anchor_id, m.role, m.n, e.event_id, e.event_type, e.ts, e.entity, e.user_id, e.username, e.app_id, e.app_basis, e.session_key,
        e.login_key, e.client_ip, e.request_id, e.has_query, e.has_ua
      FROM (SELECT * FROM rc_ev WHERE ${range(sql`event_id`)}) e
      JOIN (SELECT anchor_id, event_id, role, n FROM rc_msize WHERE ${range(sql`event_id`)}) m
        ON m.event_id = e.event_id`;
    await db.run(i === 0 ? sql`CREATE OR REPLACE TEMP TABLE rc_mev AS ${select}` : sql`INSERT INTO rc_mev ${select}`);
  }
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_agg AS
    SELECT anchor_id, ts AS start_ts, ts AS end_ts, CASE WHEN has_query THEN event_id END AS q_ev, entity, user_id, username, app_id,
      CASE WHEN app_id IS NOT NULL THEN app_basis END AS app_basis, session_key, login_key, client_ip,
      CASE WHEN has_ua THEN event_id END AS ua_ev, CASE WHEN request_id IS NOT NULL THEN [request_id] END AS request_ids
    FROM rc_mev WHERE n = 1`);
  // The exports of several events, aggregated in batches of anchors: a dozen text aggregate states per export do not
  // spill, and at 10 million events one GROUP BY of them all runs out of DuckDB's memory.
  const multi = (await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM rc_mev WHERE n > 1`))?.n ?? 0;
  const batches = await idRanges(db, 'rc_mev', 'anchor_id', sql`n > 1`, Math.max(1, Math.ceil(multi / RECON_BATCH.aggEvents)));
  for (const range of batches) {
    const batch = range(sql`anchor_id`);
    await db.run(sql`INSERT INTO rc_agg BY NAME
      SELECT anchor_id, min(ts) AS start_ts, max(ts) AS end_ts,
        arg_min(event_id, k_rtem) FILTER (WHERE has_query) AS q_ev,
        arg_min(entity, k_ts) FILTER (WHERE entity IS NOT NULL) AS entity,
        arg_min(user_id, k_ts) FILTER (WHERE user_id IS NOT NULL) AS user_id,
        arg_min(username, k_ts) FILTER (WHERE username IS NOT NULL) AS username,
        arg_min(app_id, k_app) FILTER (WHERE app_id IS NOT NULL) AS app_id,
        arg_min(app_basis, k_app) FILTER (WHERE app_id IS NOT NULL) AS app_basis,
        arg_min(session_key, k_ts) FILTER (WHERE session_key IS NOT NULL) AS session_key,
        arg_min(login_key, k_ts) FILTER (WHERE login_key IS NOT NULL) AS login_key,
        arg_min(client_ip, k_ts) FILTER (WHERE client_ip IS NOT NULL) AS client_ip,
        arg_min(event_id, k_rtem) FILTER (WHERE has_ua) AS ua_ev,
        list_sort(list_distinct(list(request_id) FILTER (WHERE request_id IS NOT NULL))) AS request_ids
      FROM (SELECT *, ${MEMBER_KEY} AS k_ts, ${RANKED(RTEM_FIRST)} AS k_rtem, ${RANKED(APP_RANK)} AS k_app
            FROM rc_mev e WHERE n > 1 AND ${batch})
      GROUP BY anchor_id`);
  }
  // The texts the exports show, read from events for the picked events only.
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_query_text AS SELECT event_id, query FROM events
    WHERE query IS NOT NULL AND event_id IN (SELECT q_ev FROM rc_agg WHERE q_ev IS NOT NULL)`);
  // The facts read from a query's text (the object of its FROM, COUNT-only), once per distinct text: integrations repeat a
  // handful of queries, and the regexes cost more than the hash join that hands each export its text's facts.
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_query_facts AS
    SELECT query, ${raw(SOQL_FROM_SQL('query'))} AS q_obj, ${raw(COUNT_ONLY)} AS count_only FROM (SELECT DISTINCT query FROM rc_query_text)`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_ua_text AS SELECT event_id, user_agent FROM events
    WHERE user_agent IS NOT NULL AND event_id IN (SELECT ua_ev FROM rc_agg WHERE ua_ev IS NOT NULL)`);
  // The user's latest LoginHistory login at or before the export (an as-of join), for exports no app id and no LoginEvent reach.
  const history = await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM rc_history_apps`);
  const agg = history?.n ? 'rc_agg_h' : 'rc_agg';
  if (history?.n) {
    await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_agg_h AS SELECT a.*, h.app_name AS history_app FROM rc_agg a
      ASOF LEFT JOIN rc_history_apps h ON h.user_id = a.user_id AND h.at <= a.start_ts`);
  } else await db.run(sql`ALTER TABLE rc_agg ADD COLUMN history_app VARCHAR`);
  // The id: org + channel + basis (job id, request id of the first call, or the first event), made unique if two exports
  // share a basis; kept beside the export's rc_x row, so the rows of `exports` join one table of millions of rows, not two.
  // The bases two exports share (few) found by a hash aggregate, not a sort of every export by its basis.
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_ids AS
    SELECT x.*, 'X-' || left(md5(coalesce(x.org_id, '-') || '|' || x.channel || '|' ||
        CASE WHEN d.basis IS NOT NULL THEN x.basis || '#' || x.anchor_id ELSE x.basis END), 12) AS export_id
    FROM rc_x x LEFT JOIN (SELECT org_id, channel, basis FROM rc_x GROUP BY ALL HAVING count(*) > 1) d
      ON d.org_id IS NOT DISTINCT FROM x.org_id AND d.channel = x.channel AND d.basis = x.basis`);
  await disambiguateIds(db, 'rc_ids');
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_org18 AS
    SELECT org_id, ${raw(id18SqlExpression('org_id'))} AS id18 FROM (SELECT DISTINCT org_id FROM rc_x WHERE org_id IS NOT NULL)`);
  // In batches of exports beyond RECON_BATCH.exportRows: the hash tables of one statement over every export (its rc_x row and
  // id, its query text and user agent) ran out of DuckDB's 768 MB at 10 million events. A batch is a slice of the same
  // join (by anchor), so the rows are the same; each batch's texts are only those its exports show.
  const count = (await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM rc_ids`))?.n ?? 0;
  const exportBatches = await idRanges(db, 'rc_ids', 'anchor_id', sql`true`, Math.max(1, Math.ceil(count / RECON_BATCH.exportRows)));
  // The batches go into `exports` inside one transaction: committed one by one, each INSERT into the case file cost about
  // half of one of all the rows (4 batches of 1.15 M rows: 22 s; one insert of the 4.6 M: 11 s); in one transaction the
  // rows are written once, at the commit, with no temporary copy in between.
  const batched = exportBatches.length > 1;
  await db.transaction(async () => {
    for (const range of exportBatches) await insertExportBatch(db, agg, batched, range(sql`anchor_id`));
  });
  await db.run(sql`INSERT INTO export_events SELECT i.export_id, e.event_id, e.role, e.event_type FROM rc_mev e JOIN rc_ids i USING (anchor_id)`);
}

/** One slice (by anchor) of the exports: its rows, names and texts; each batch reads only the texts its exports show. */
async function insertExportBatch(db: CaseDb, agg: string, batched: boolean, part: SqlFragment): Promise<void> {
  const shown = (pick: string): SqlFragment => batched ? sql`event_id IN (SELECT ${raw(pick)} FROM ${ident(agg)} WHERE ${part})` : sql`true`;
  await db.run(sql`INSERT INTO exports BY NAME
    SELECT x.export_id, g.id18 AS org_id, o.name AS org_name, x.channel,
      coalesce(x.object, qf.q_obj, a.entity) AS object, q.query, coalesce(qf.count_only, false) AS count_only,
      a.start_ts, a.end_ts, x.rows, a.user_id, coalesce(u.name, a.username) AS username, a.app_id,
      coalesce(n.name, la.app_name, CASE WHEN a.app_id IS NULL THEN a.history_app END, CASE WHEN a.app_id IS NULL THEN t.app_name END) AS app_name,
      CASE WHEN a.app_id IS NOT NULL THEN a.app_basis WHEN coalesce(la.app_name, a.history_app) IS NOT NULL THEN 'login_application'
           WHEN t.app_name IS NOT NULL THEN 'oauth_token' ELSE 'none' END AS app_basis,
      a.session_key, a.login_key, a.client_ip, coalesce(ua.user_agent, l.ua) AS user_agent,
      x.job_id, x.job_status, x.deleted_at, a.request_ids, x.anchor_id AS first_event_id
    FROM (SELECT * FROM ${ident(agg)} WHERE ${part}) a JOIN (SELECT * FROM rc_ids WHERE ${part}) x USING (anchor_id)
    LEFT JOIN rc_org18 g ON g.org_id = x.org_id
    LEFT JOIN rc_org_names o ON o.id = g.id18
    LEFT JOIN rc_user_names u ON u.id = a.user_id AND u.org = coalesce(g.id18, '')
    LEFT JOIN rc_app_names n ON n.id = a.app_id AND n.org = coalesce(g.id18, '')
    LEFT JOIN rc_token_apps t ON t.user_id = a.user_id AND t.org = coalesce(g.id18, '')
    LEFT JOIN rc_login_ua l ON l.k = a.login_key
    LEFT JOIN rc_login_apps la ON la.k = a.login_key AND a.app_id IS NULL
    LEFT JOIN (SELECT * FROM rc_query_text WHERE ${shown('q_ev')}) q ON q.event_id = a.q_ev
    LEFT JOIN rc_query_facts qf ON qf.query = q.query
    LEFT JOIN (SELECT * FROM rc_ua_text WHERE ${shown('ua_ev')}) ua ON ua.event_id = a.ua_ev`);
}

/** Record ids quoted in an RTEM `Records` text (JSON array of ids or of objects with Id, or `{records: […]}`), else listed plainly. */
const RECORD_TOKENS = `CASE WHEN regexp_matches(e.records, '^\\s*[\\[{]')
    THEN regexp_extract_all(e.records, '"([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)"', 1)
    ELSE regexp_extract_all(e.records, '[a-zA-Z0-9]{15,18}') END`;

/** Writes `export_records`: every record id the logs name for an export (18 characters), once, with the first event naming it. */
export async function writeExportRecords(db: CaseDb): Promise<void> {
  // The Records texts, read from events for the candidates that carry one.
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_records AS SELECT event_id, records FROM events
    WHERE records IS NOT NULL AND event_id IN (SELECT event_id FROM rc_ev WHERE has_records)`);
  await db.run(sql`INSERT INTO export_records
    SELECT export_id, record_id, min(event_id) FROM (
      SELECT i.export_id, e.event_id, ${raw(id18SqlExpression('tok'))} AS record_id
      FROM rc_members m JOIN rc_ids i USING (anchor_id) JOIN rc_records e ON e.event_id = m.event_id,
        unnest(${raw(RECORD_TOKENS)}) AS u(tok)
      WHERE e.records IS NOT NULL)
    WHERE record_id IS NOT NULL GROUP BY export_id, record_id ORDER BY export_id, record_id`);
}

/** Title, type and size of a downloaded file from a ContentVersion or Document snapshot (SELECT id, title, file_type, size). */
async function fileSnapshot(db: CaseDb, object: string, cols: [title: string, type: string, size: string]): Promise<SqlFragment | null> {
  const snap = await findSnapshot(db, object);
  if (!snap) return null;
  const pick = (n: string): string | undefined => snap.columns.find((c) => c.toLowerCase() === n.toLowerCase());
  const id = pick('Id');
  if (!id) return null;
  const col = (n: string, cast = false): SqlFragment => {
    const c = pick(n);
    if (!c) return sql`NULL`;
    return cast ? sql`TRY_CAST(TRY_CAST(nullif(trim(${ident(c)}), '') AS DOUBLE) AS BIGINT)` : sql`nullif(trim(${ident(c)}), '')`;
  };
  return sql`SELECT ${raw(id18SqlExpression(ident(id).text))} AS id, ${col(cols[0])} AS title, ${col(cols[1])} AS file_type,
    ${col(cols[2], true)} AS size_bytes FROM ${ident(snap.table)}`;
}

/** Writes `files`: each downloaded file of a `file_download` export, named from the snapshots where they hold it. */
export async function writeFiles(db: CaseDb): Promise<void> {
  const versions = await fileSnapshot(db, 'ContentVersion', ['Title', 'FileType', 'ContentSize']);
  const documents = await fileSnapshot(db, 'Document', ['Name', 'Type', 'BodyLength']);
  const empty = sql`SELECT NULL::VARCHAR AS id, NULL::VARCHAR AS title, NULL::VARCHAR AS file_type, NULL::BIGINT AS size_bytes WHERE false`;
  // The file fields, read from events for the downloads only.
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_file_ev AS SELECT event_id, document_id, version_id, file_name, file_type, size_bytes FROM events
    WHERE event_id IN (SELECT event_id FROM rc_ev WHERE fam = 'file')`);
  await db.run(sql`INSERT INTO files BY NAME
    WITH v AS (${versions ?? empty}), d AS (${documents ?? empty})
    SELECT i.export_id, e.event_id, e.document_id, e.version_id,
      coalesce(v.title, d.title, e.file_name) AS title, coalesce(v.file_type, d.file_type, e.file_type) AS file_type,
      coalesce(v.size_bytes, d.size_bytes, e.size_bytes) AS size_bytes,
      CASE WHEN v.id IS NOT NULL THEN 'ContentVersion' WHEN d.id IS NOT NULL THEN 'Document' ELSE 'log' END AS named_from
    FROM rc_members m JOIN rc_ids i USING (anchor_id) JOIN rc_file_ev e ON e.event_id = m.event_id
    LEFT JOIN v ON v.id = e.version_id LEFT JOIN d ON d.id = e.document_id
    WHERE m.role = 'file_download' ORDER BY i.export_id, e.event_id`);
  // A download is tied to its session by REQUEST_ID: the other events of the same transaction carry SESSION_KEY / LOGIN_KEY.
  const downloads = await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM exports WHERE channel = 'file_download' AND session_key IS NULL`);
  if (!downloads?.n) return;
  await db.run(sql`UPDATE exports SET session_key = coalesce(exports.session_key, s.session_key), login_key = coalesce(exports.login_key, s.login_key),
      client_ip = coalesce(exports.client_ip, s.client_ip)
    FROM (SELECT request_id, arg_min(session_key, (ts, event_id)) AS session_key, arg_min(login_key, (ts, event_id)) AS login_key,
            arg_min(client_ip, (ts, event_id)) AS client_ip
          FROM events WHERE session_key IS NOT NULL
            AND request_id IN (SELECT unnest(request_ids) FROM exports WHERE channel = 'file_download') GROUP BY request_id) s
    WHERE exports.channel = 'file_download' AND exports.session_key IS NULL AND list_contains(exports.request_ids, s.request_id)`);
}
