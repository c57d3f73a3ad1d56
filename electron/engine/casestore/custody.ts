/**
 * The case's custody log: an append-only, hash-chained record of every action (import,
 * investigation, report) kept in SQLite next to the evidence database. Each entry's hash covers
 * the previous entry's hash, so an edited or deleted entry breaks the chain.
 *
 * Actions: source.imported, source.duplicate, source.copied, source.skipped (found but not taken in:
 * path, kind, reason), intake.cancelled, investigation.started / investigation.finished and
 * import.started / import.finished (runId, outcome: see runs.ts), report.written.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import os from 'node:os';

export interface CustodyEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  detail: unknown;
  prevHash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

export class CustodyLog {
  private constructor(private readonly db: Database.Database) {}

  /** Opens (creating if needed) the custody log of a case. */
  static open(path: string): CustodyLog {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > 1) throw new Error(`Custody log ${path} was written by a newer Leakscope (schema ${version}).`);
    if (version === 0) {
      db.exec(`CREATE TABLE custody (
        seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
        detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
        CREATE TRIGGER custody_no_update BEFORE UPDATE ON custody BEGIN SELECT RAISE(ABORT, 'custody log is append-only'); END;
        CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody BEGIN SELECT RAISE(ABORT, 'custody log is append-only'); END;
        PRAGMA user_version = 1;`);
    }
    return new CustodyLog(db);
  }

  /** Appends one action to the chain and returns the stored entry. */
  append(action: string, detail: unknown, actor = defaultActor()): CustodyEntry {
    const tx = this.db.transaction(() => {
      const last = this.db.prepare('SELECT seq, hash FROM custody ORDER BY seq DESC LIMIT 1').get() as
        | { seq: number; hash: string }
        | undefined;
      const seq = (last?.seq ?? 0) + 1;
      const prevHash = last?.hash ?? GENESIS;
      const at = new Date().toISOString();
      const detailText = JSON.stringify(detail);
      const hash = entryHash(seq, at, actor, action, detailText, prevHash);
      this.db
        .prepare('INSERT INTO custody (seq, at, actor, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(seq, at, actor, action, detailText, prevHash, hash);
      return { seq, at, actor, action, detail, prevHash, hash };
    });
    return tx();
  }

  /** Every entry in order. */
  entries(): CustodyEntry[] {
    const rows = this.db.prepare('SELECT * FROM custody ORDER BY seq').all() as {
      seq: number; at: string; actor: string; action: string; detail: string; prev_hash: string; hash: string;
    }[];
    return rows.map((r) => ({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, detail: JSON.parse(r.detail), prevHash: r.prev_hash, hash: r.hash }));
  }

  /** Re-computes the chain; returns the sequence numbers of entries that do not verify. */
  verifyChain(): number[] {
    const bad: number[] = [];
    let prev = GENESIS;
    const rows = this.db.prepare('SELECT * FROM custody ORDER BY seq').all() as {
      seq: number; at: string; actor: string; action: string; detail: string; prev_hash: string; hash: string;
    }[];
    for (const r of rows) {
      if (r.prev_hash !== prev || entryHash(r.seq, r.at, r.actor, r.action, r.detail, r.prev_hash) !== r.hash) bad.push(r.seq);
      prev = r.hash;
    }
    return bad;
  }

  /** Closes the database. */
  close(): void {
    this.db.close();
  }
}

function entryHash(seq: number, at: string, actor: string, action: string, detail: string, prevHash: string): string {
  return createHash('sha256').update([seq, at, actor, action, detail, prevHash].join('\u001f')).digest('hex');
}

/** How custody names who acted: the investigator's name with the OS user, or the OS user alone. */
export function actorLabel(investigator: string | undefined): string {
  return investigator ? `${investigator} (OS user ${defaultActor()})` : defaultActor();
}

/** The investigator as the OS knows them; the CLI and app may pass a name instead. */
export function defaultActor(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}
