/**
 * The organisation profile kept in the case store (custody.sqlite): what the organisation is (GDPR main
 * establishment, NIS2, DORA, SEC, HIPAA, GLBA, NYDFS, CERT-In, DIFC/ADGM), as `--profile` gives it for one run.
 * Each change is written with its custody entry (`profile.set` with the profile and the reason, `profile.unset`);
 * rows are never edited and the latest one is in force.
 */
import type Database from 'better-sqlite3';
import { organisationProfileSchema, type OrganisationProfile } from '../../../shared/duties/profile.js';
import type { CustodyLog } from './custody.js';

const SCHEMA = `CREATE TABLE IF NOT EXISTS organisation_profiles (
    n INTEGER PRIMARY KEY, at TEXT NOT NULL, author TEXT NOT NULL, profile TEXT, reason TEXT NOT NULL, custody_seq INTEGER NOT NULL);
  CREATE TRIGGER IF NOT EXISTS organisation_profiles_no_update BEFORE UPDATE ON organisation_profiles BEGIN SELECT RAISE(ABORT, 'profile decisions are append-only'); END;
  CREATE TRIGGER IF NOT EXISTS organisation_profiles_no_delete BEFORE DELETE ON organisation_profiles BEGIN SELECT RAISE(ABORT, 'profile decisions are append-only'); END;`;

export interface StoredProfile {
  profile: OrganisationProfile;
  reason: string;
  at: string;
  author: string;
  custodySeq: number;
}

/** Records the profile (or, with null, its removal) with its custody entry. */
export function recordProfile(log: CustodyLog, profile: OrganisationProfile | null, reason: string, author: string): number {
  log.store().exec(SCHEMA);
  const entry = log.appendWith(profile === null ? 'profile.unset' : 'profile.set', { profile, reason }, author, (db, e) => {
    db.prepare('INSERT INTO organisation_profiles (at, author, profile, reason, custody_seq) VALUES (?, ?, ?, ?, ?)')
      .run(e.at, author, profile === null ? null : JSON.stringify(profile), reason, e.seq);
  });
  return entry.seq;
}

/** The profile in force in the case store, or null when none was set (or the last one was unset). */
export function storedProfile(store: Database.Database): StoredProfile | null {
  const exists = store.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'organisation_profiles'").get();
  if (!exists) return null;
  const last = store.prepare('SELECT * FROM organisation_profiles ORDER BY n DESC LIMIT 1').get() as
    | { at: string; author: string; profile: string | null; reason: string; custody_seq: number }
    | undefined;
  if (!last || last.profile === null) return null;
  const parsed = organisationProfileSchema.safeParse(JSON.parse(last.profile));
  if (!parsed.success) return null;
  return { profile: parsed.data, reason: last.reason, at: last.at, author: last.author, custodySeq: last.custody_seq };
}

/** How duties.json and the report name a profile taken from the case store (no path: it is not a file). */
export function caseProfileSource(stored: StoredProfile): string {
  return `case profile (custody entry ${stored.custodySeq})`;
}
