/**
 * Migration 7: snapshots and metadata exports belong to an org. `snapshot_tables` is keyed by its table (one
 * row per object and org, no longer per object) and gains `org_id` (18 chars) and `org_basis`; rows of an older
 * case keep a null basis until the next import rebuilds them with their org. `source_orgs` records, per
 * sObject (and RTEM) source, the org it was assigned and why; `source_org_options` the `--org` given when a
 * source was taken in.
 */
export const version = 7;
export const statements = [
  `CREATE TABLE snapshot_tables_v7 (object VARCHAR NOT NULL, org_id VARCHAR, org_basis VARCHAR, table_name VARCHAR PRIMARY KEY, source_ids VARCHAR NOT NULL)`,
  'INSERT INTO snapshot_tables_v7 SELECT object, NULL, NULL, table_name, source_ids FROM snapshot_tables',
  'DROP TABLE snapshot_tables',
  'ALTER TABLE snapshot_tables_v7 RENAME TO snapshot_tables',
  `CREATE TABLE source_orgs (source_id INTEGER PRIMARY KEY, kind VARCHAR NOT NULL, object VARCHAR, org_id VARCHAR, org_basis VARCHAR NOT NULL,
    organization_source_id INTEGER, reason VARCHAR NOT NULL)`,
  'CREATE TABLE source_org_options (source_id INTEGER PRIMARY KEY, org_id VARCHAR NOT NULL)',
];
