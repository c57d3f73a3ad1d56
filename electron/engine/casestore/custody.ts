/**
 * The case's custody log: an append-only, hash-chained record of every action (import,
 * investigation, report) kept in SQLite next to the evidence database. Each entry's hash covers
 * the previous entry's hash, so an edited or deleted entry breaks the chain; each entry is also
 * signed with the investigator's key (kept outside the case), so a forged or re-chained entry
 * fails its signature. The head (last sequence number and hash) anchors the chain from outside:
 * it is printed after every run and written into every report.
 *
 * Actions: source.imported, source.duplicate, source.copied, source.skipped (found but not taken in:
 * path, kind, reason), intake.cancelled, bundle.checked (a collection bundle's hashes checked on
 * import), investigation.started / investigation.finished and
 * import.started / import.finished (runId, outcome: see runs.ts), report.written.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import os from 'node:os';
import { CaseTooNewError } from '../store/migrate.js';
import { investigatorKey, keyFingerprint, signatureValid, signHash, type InvestigatorKey } from './signing.js';

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
const SCHEMA_VERSION = 2;

/** The last entry of the chain: what a report, a manifest or an investigator's notes anchor. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** What re-computing the chain and its signatures found. */
export interface ChainCheck {
  /** Entries whose hash or link to the previous entry does not verify. */
  broken: number[];
  /** Entries with no signature (cases written before signing, or a record slipped in by hand). */
  unsigned: number[];
  /** Entries whose signature does not verify. */
  badSignature: number[];
  /** Every key that signed entries: fingerprint and how many entries it signed. */
  signers: { fingerprint: string; entries: number }[];
  head: ChainHead | null;
}

export class CustodyLog {
  private constructor(
    private readonly db: Database.Database,
    private key: InvestigatorKey | null | undefined,
  ) {}

  /**
   * Opens (creating if needed) the custody log of a case. Entries are signed with `key`, by default
   * the investigator's key (generated on first use); `null` opens it for reading only.
   */
  static open(path: string, options: { key?: InvestigatorKey | null } = {}): CustodyLog {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      db.close();
      throw new CaseTooNewError(`Custody log ${path} was written by a newer Leakscope (schema ${version}; this version reads up to ${SCHEMA_VERSION}).`);
    }
    if (version === 0) {
      db.exec(`CREATE TABLE custody (
        seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
        detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
        CREATE TRIGGER custody_no_update BEFORE UPDATE ON custody BEGIN SELECT RAISE(ABORT, 'custody log is append-only'); END;
        CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody BEGIN SELECT RAISE(ABORT, 'custody log is append-only'); END;`);
    }
    if (version < 2) {
      db.exec(`CREATE TABLE custody_signatures (seq INTEGER PRIMARY KEY, public_key TEXT NOT NULL, signature TEXT NOT NULL);
        CREATE TRIGGER custody_signatures_no_update BEFORE UPDATE ON custody_signatures BEGIN SELECT RAISE(ABORT, 'custody log is append-only'); END;
        CREATE TRIGGER custody_signatures_no_delete BEFORE DELETE ON custody_signatures BEGIN SELECT RAISE(ABORT, 'custody log is append-only'); END;
        PRAGMA user_version = 2;`);
    }
    return new CustodyLog(db, options.key);
  }

  /** The key that signs this session's entries, loaded on the first append. */
  private signer(): InvestigatorKey {
    if (this.key === null) throw new Error('custody log opened read-only');
    this.key ??= investigatorKey();
    return this.key;
  }

  /** Appends one action to the chain and returns the stored entry. */
  append(action: string, detail: unknown, actor = defaultActor()): CustodyEntry {
    return this.appendWith(action, detail, actor, () => undefined);
  }

  /**
   * Appends one action and, in the same transaction, writes what it records (a note, a decision)
   * into the case store's other tables: both are kept or neither.
   */
  appendWith(action: string, detail: unknown, actor: string, alongside: (store: Database.Database, entry: CustodyEntry) => void): CustodyEntry {
    const key = this.signer();
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
      this.db.prepare('INSERT INTO custody_signatures (seq, public_key, signature) VALUES (?, ?, ?)').run(seq, key.publicKey, signHash(key, hash));
      const entry = { seq, at, actor, action, detail, prevHash, hash };
      alongside(this.db, entry);
      return entry;
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

  /** The last entry's sequence number and hash, or null for an empty log. */
  head(): ChainHead | null {
    const last = this.db.prepare('SELECT seq, hash FROM custody ORDER BY seq DESC LIMIT 1').get() as ChainHead | undefined;
    return last ?? null;
  }

  /** What a report anchors: the chain head and the fingerprint of the key that signs this session's entries. */
  anchor(): { head: string | null; signer: string | null } {
    const head = this.head();
    return { head: head ? `${head.seq}:${head.hash}` : null, signer: this.key === null ? null : this.signer().fingerprint };
  }

  /** Re-computes the chain and every signature (the custody log is small: thousands of entries, not millions). */
  check(): ChainCheck {
    const out: ChainCheck = { broken: [], unsigned: [], badSignature: [], signers: [], head: null };
    const signers = new Map<string, number>();
    let prev = GENESIS;
    let expectedSeq = 1;
    const rows = this.db.prepare(`SELECT c.*, s.public_key, s.signature FROM custody c LEFT JOIN custody_signatures s ON s.seq = c.seq ORDER BY c.seq`).all() as {
      seq: number; at: string; actor: string; action: string; detail: string; prev_hash: string; hash: string;
      public_key: string | null; signature: string | null;
    }[];
    for (const r of rows) {
      const gap = r.seq !== expectedSeq;
      if (gap || r.prev_hash !== prev || entryHash(r.seq, r.at, r.actor, r.action, r.detail, r.prev_hash) !== r.hash) out.broken.push(r.seq);
      if (r.public_key === null || r.signature === null) out.unsigned.push(r.seq);
      else if (!signatureValid(r.public_key, r.hash, r.signature)) out.badSignature.push(r.seq);
      else signers.set(keyFingerprint(r.public_key), (signers.get(keyFingerprint(r.public_key)) ?? 0) + 1);
      prev = r.hash;
      expectedSeq = r.seq + 1;
      out.head = { seq: r.seq, hash: r.hash };
    }
    out.signers = [...signers].map(([fingerprint, entries]) => ({ fingerprint, entries }));
    return out;
  }

  /** Re-computes the chain; returns the sequence numbers of entries that do not verify. */
  verifyChain(): number[] {
    return this.check().broken;
  }

  /** The case store's SQLite database, for its tables beside the chain (notes); written only through `appendWith`. */
  store(): Database.Database {
    return this.db;
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
