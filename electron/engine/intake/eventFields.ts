/**
 * How each normalised event column is read from a source, by header name. EventLogFile uses
 * UPPER_SNAKE names, Real-Time Event Monitoring PascalCase, some exporters lower-case them; all
 * are matched case-insensitively, first present candidate wins. Columns differ by type and grow
 * over releases, so nothing here depends on position.
 */
import { id18SqlExpression } from '../../../shared/ids.js';

export type Transform = 'text' | 'id18' | 'id18_derived' | 'elf_ts' | 'iso_ts' | 'int' | 'user_agent';

export interface FieldRule {
  target: string;
  candidates: readonly (readonly [column: string, transform: Transform])[];
}

export const EVENT_FIELDS: readonly FieldRule[] = [
  { target: 'ts', candidates: [['timestamp', 'elf_ts'], ['timestamp_derived', 'iso_ts'], ['timestamp', 'iso_ts'], ['eventdate', 'iso_ts'], ['createddate', 'iso_ts']] },
  { target: 'user_id', candidates: [['user_id_derived', 'id18_derived'], ['user_id', 'id18'], ['userid', 'id18']] },
  { target: 'username', candidates: [['user_name', 'text'], ['username', 'text']] },
  { target: 'connected_app_id', candidates: [['connected_app_id', 'id18'], ['connectedappid', 'id18']] },
  { target: 'connected_app_name', candidates: [['connected_app_name', 'text']] },
  { target: 'session_key', candidates: [['session_key', 'text'], ['sessionkey', 'text']] },
  { target: 'login_key', candidates: [['login_key', 'text'], ['loginkey', 'text']] },
  { target: 'client_ip', candidates: [['client_ip', 'text'], ['sourceip', 'text'], ['source_ip', 'text']] },
  { target: 'user_agent', candidates: [['useragent', 'text'], ['browser_type', 'text'], ['client_info', 'text'], ['user_agent', 'user_agent']] },
  { target: 'api_type', candidates: [['api_type', 'text'], ['apitype', 'text'], ['api_family', 'text']] },
  { target: 'method', candidates: [['method_name', 'text'], ['method', 'text'], ['http_method', 'text'], ['operation', 'text']] },
  { target: 'uri', candidates: [['uri', 'text'], ['api_resource', 'text'], ['request_path', 'text']] },
  { target: 'entity', candidates: [['entity_name', 'text'], ['entity_type', 'text'], ['queriedentities', 'text']] },
  { target: 'rows', candidates: [['rows_processed', 'int'], ['records_processed', 'int'], ['row_count', 'int'], ['rowsprocessed', 'int']] },
  { target: 'query', candidates: [['query', 'text']] },
  { target: 'records', candidates: [['records', 'text']] },
  { target: 'request_id', candidates: [['request_id', 'text'], ['requestidentifier', 'text']] },
  { target: 'job_id', candidates: [['job_id', 'text']] },
  { target: 'operation', candidates: [['operation_type', 'text']] },
  { target: 'job_status', candidates: [['job_status', 'text']] },
  { target: 'status', candidates: [['request_status', 'text'], ['status_code', 'text'], ['login_status', 'text'], ['status', 'text']] },
  { target: 'login_type', candidates: [['login_type', 'text'], ['logintype', 'text']] },
  // Which org a row belongs to, as written (ELF ORGANIZATION_ID, 15 characters; RTEM rows carry none). Kept as text:
  // it is read on every row, and its first 15 characters are the org; analysis writes the 18-character form.
  { target: 'org_id', candidates: [['organization_id', 'text'], ['organizationid', 'text']] },
  // File downloads (ContentTransfer, FileEvent, DocumentAttachmentDownloads).
  { target: 'document_id', candidates: [['document_id_derived', 'id18_derived'], ['document_id', 'id18'], ['documentid', 'id18'], ['entity_id', 'id18']] },
  { target: 'version_id', candidates: [['version_id_derived', 'id18_derived'], ['version_id', 'id18'], ['versionid', 'id18']] },
  { target: 'file_name', candidates: [['filename', 'text'], ['file_name', 'text']] },
  { target: 'file_type', candidates: [['file_type', 'text'], ['filetype', 'text']] },
  { target: 'size_bytes', candidates: [['size_bytes', 'int'], ['contentsize', 'int']] },
  { target: 'file_action', candidates: [['transaction_type', 'text'], ['fileaction', 'text']] },
  // The application a login was made through (RTEM LoginEvent / LoginHistory `Application`): names an app no id reaches.
  { target: 'application', candidates: [['application', 'text']] },
];

/** SQL reading one source column with a transform; `col` is an already-quoted identifier. */
export function transformSql(col: string, transform: Transform): string {
  const v = `nullif(trim(${col}), '')`;
  switch (transform) {
    case 'text':
      // Text is kept as written (the raw table has it too); only an empty cell becomes NULL.
      return `nullif(${col}, '')`;
    case 'id18':
      return id18SqlExpression(v);
    case 'id18_derived':
      // Salesforce already wrote the case-safe form: checked, not recomputed (it is on every row).
      return `CASE WHEN length(${v}) = 18 THEN ${v} ELSE ${id18SqlExpression(v)} END`;
    case 'elf_ts':
      return `try_strptime(${v}, ['%Y%m%d%H%M%S.%g', '%Y%m%d%H%M%S'])`;
    case 'iso_ts':
      return `TRY_CAST(${v} AS TIMESTAMPTZ)::TIMESTAMP`;
    case 'int':
      return `TRY_CAST(TRY_CAST(${v} AS DOUBLE) AS BIGINT)`;
    case 'user_agent':
      // REST/Visualforce USER_AGENT is a numeric client code, not a user agent string.
      return `CASE WHEN regexp_full_match(${v}, '[0-9]+') THEN NULL ELSE ${v} END`;
  }
}
