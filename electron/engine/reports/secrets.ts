/**
 * secrets.json: which exposed records hold which kind of credential, so each gets rotated (docs/OUTPUTS.md). Counts
 * per rule and per export and every record with its masked findings, in a fixed order, written by DuckDB from
 * `exposed_secrets` (only masks are in it: no secret can reach this file).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { SecretsScan } from '../scoping/secretsScan.js';
import type { OutputHeader } from './integrations.js';
import type { CaseDb } from '../store/duck.js';
import { literal, sql } from '../store/sql.js';

/** What secrets.json says of the scan itself (a whole SecretsScan, or the one a report reads back from the last run). */
export type SecretsHead = Pick<SecretsScan, 'records' | 'findings' | 'scannedRecords' | 'scannedFields' | 'summary' | 'notes' | 'ruleSets' | 'rulesRun' | 'leftOut'> & { kinds: { length: number } };

/** Writes `<dir>/secrets.json` and returns its name. */
export async function writeSecretsJson(db: CaseDb, dir: string, header: OutputHeader, scan: SecretsHead): Promise<string> {
  const file = path.join(dir, 'secrets.json');
  const byRule = await db.all(sql`SELECT rule_id AS "ruleId", any_value(description) AS "description",
      count(DISTINCT (object, record_id))::BIGINT AS "records", count(DISTINCT (object, record_id, field, masked, record))::BIGINT AS "findings",
      count(DISTINCT export_id)::BIGINT AS "exports"
    FROM exposed_secrets GROUP BY rule_id ORDER BY "records" DESC, "ruleId"`);
  const exportsWork = `${file}.exports.part`;
  const recordsWork = `${file}.records.part`;
  await db.run(sql`COPY (
    SELECT export_id AS "exportId", any_value(org_id) AS "orgId", count(DISTINCT (object, record_id))::BIGINT AS "records",
      count(DISTINCT (object, record_id, field, rule_id, masked, record))::BIGINT AS "findings",
      list(DISTINCT rule_id ORDER BY rule_id) AS "rules"
    FROM exposed_secrets GROUP BY export_id ORDER BY export_id) TO ${literal(exportsWork)} (FORMAT JSON, ARRAY true)`);
  await db.run(sql`COPY (
    WITH f AS (SELECT object, record_id, any_value(org_id) AS org_id, field, rule_id, any_value(description) AS description, masked,
        any_value(secret_length) AS secret_length, source_id, any_value(file) AS file, record, list(DISTINCT export_id ORDER BY export_id) AS exports,
        any_value(tier) AS tier
      FROM exposed_secrets GROUP BY object, record_id, field, rule_id, masked, source_id, record)
    SELECT object AS "object", record_id AS "recordId", any_value(org_id) AS "orgId",
      list_sort(list_distinct(flatten(list(exports)))) AS "exports",
      list({'field': field, 'ruleId': rule_id, 'description': description, 'masked': masked, 'length': secret_length,
        'exports': exports, 'evidence': {'sourceId': source_id, 'file': file, 'record': record}}
        ORDER BY field, rule_id, masked, source_id, record) AS "findings"
    FROM f GROUP BY object, record_id ORDER BY object, record_id) TO ${literal(recordsWork)} (FORMAT JSON, ARRAY true)`);
  const document = {
    ...header,
    summary: { records: scan.records, findings: scan.findings, kinds: scan.kinds.length, scannedRecords: scan.scannedRecords, scannedFields: scan.scannedFields, sentence: scan.summary },
    notes: scan.notes,
    ruleSets: scan.ruleSets,
    rulesRun: scan.rulesRun,
    leftOutRules: scan.leftOut,
    byRule,
  };
  const head = JSON.stringify(document, null, 2);
  const out = createWriteStream(file, { encoding: 'utf8' });
  out.write(`${head.slice(0, head.lastIndexOf('}')).trimEnd()},\n  "byExport": `);
  await pipeline(createReadStream(exportsWork), out, { end: false });
  out.write(',\n  "records": ');
  await pipeline(createReadStream(recordsWork), out, { end: false });
  await new Promise<void>((resolve, reject) => out.end('\n}\n', () => resolve()).on('error', reject));
  await rm(exportsWork, { force: true });
  await rm(recordsWork, { force: true });
  return 'secrets.json';
}
