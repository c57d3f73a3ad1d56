/** Migration 3: a source taken out of an archive names its archive source and its path inside it. */
export const version = 3;
export const statements = [
  'ALTER TABLE sources ADD COLUMN parent_id INTEGER',
  'ALTER TABLE sources ADD COLUMN member_path VARCHAR',
];
