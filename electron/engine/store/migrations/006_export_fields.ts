/**
 * Migration 5: the normalised event columns reconstruction needs beyond those of migration 1 —
 * the org of each row (ORGANIZATION_ID) and what a file download names (document, version, file
 * name, type, size, action) and the application a login was made through. Event views built by older versions lack them and read as NULL.
 */
export const version = 6;
export const statements = [
  'ALTER TABLE events_materialised ADD COLUMN org_id VARCHAR',
  'ALTER TABLE events_materialised ADD COLUMN document_id VARCHAR',
  'ALTER TABLE events_materialised ADD COLUMN version_id VARCHAR',
  'ALTER TABLE events_materialised ADD COLUMN file_name VARCHAR',
  'ALTER TABLE events_materialised ADD COLUMN file_type VARCHAR',
  'ALTER TABLE events_materialised ADD COLUMN size_bytes BIGINT',
  'ALTER TABLE events_materialised ADD COLUMN file_action VARCHAR',
  'ALTER TABLE events_materialised ADD COLUMN application VARCHAR',
];
