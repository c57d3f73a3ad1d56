/**
 * The data-export events of a case, read from `events_attr`: queries (RTEM ApiEvent, ELF RestApi
 * and SOAP API), Bulk API jobs (v1 and 2.0), and report exports.
 */
import type { CaseDb } from '../store/duck.js';

export interface ExportEvent {
  event_id: number;
  source_id: number;
  source_record: number;
  event_type: string;
  ms: number;
  user_id: string | null;
  username: string | null;
  app_id: string | null;
  app_basis: 'connected_app_id' | 'session' | 'request_id' | 'none';
  session_key: string | null;
  login_key: string | null;
  client_ip: string | null;
  user_agent: string | null;
  api_type: string | null;
  method: string | null;
  uri: string | null;
  entity: string | null;
  rows: number | null;
  query: string | null;
  records: string | null;
  request_id: string | null;
  job_id: string | null;
  operation: string | null;
}

/** RTEM event objects that carry SOQL text. */
export const QUERY_EVENT_TYPES: readonly string[] = ['ApiEvent', 'BulkApiResultEvent'];

/** Every event that moved data out, oldest first. */
export async function readExportEvents(db: CaseDb): Promise<ExportEvent[]> {
  return db.all<ExportEvent & Record<string, unknown>>(`
    SELECT event_id, source_id, source_record, event_type, epoch_ms(ts) AS ms, user_id, username, app_id, app_basis,
      session_key, login_key, client_ip, user_agent, api_type, method, uri, entity, rows, query, records,
      request_id, job_id, operation
    FROM events_attr
    WHERE ts IS NOT NULL AND (
      (event_type IN (${QUERY_EVENT_TYPES.map((t) => `'${t}'`).join(', ')}) AND query IS NOT NULL)
      OR (event_type IN ('RestApi', 'ApexRestApi') AND regexp_matches(lower(coalesce(uri, '')), '/query(all)?(/|$|\\?)'))
      OR (event_type = 'API' AND lower(coalesce(method, '')) IN ('query', 'queryall', 'querymore'))
      OR (event_type IN ('BulkApi', 'BulkApi2') AND lower(coalesce(operation, '')) IN ('query', 'queryall'))
      OR event_type = 'ReportExport')
    ORDER BY ts, event_id`);
}
