/**
 * The custody facts report.pdf is anchored to: the chain head as the findings left it (the last entry that is neither
 * a report being written, a run's closing `*.finished` record nor the seal of the case tables it closes with, so `investigate` and a later `report` of the same
 * case write the same PDF), its time (the PDF's CreationDate), its signer, the case id (from the chain's first
 * entry) and whether the case is marked privileged.
 */
import Database from 'better-sqlite3';
import { CustodyLog } from '../../casestore/custody.js';
import { keyFingerprint } from '../../casestore/signing.js';

/** The custody action that marks a case privileged & confidential (detail `{ privileged: boolean }`). */
export const MARKING_ACTION = 'case.marked';

export interface CustodyFacts {
  caseId: string;
  head: { seq: number; hash: string; at: string; action: string } | null;
  signer: string | null;
  entries: number;
  startedAt: string | null;
  actors: string[];
  broken: number[];
  unsigned: number[];
  badSignature: number[];
  privileged: boolean;
}

/**
 * Entries a run writes whatever it finds — its start and end, the seal of the case tables, the duties evaluated, the
 * secrets scan, the files it
 * found again (`source.duplicate`) or could not take in, a report written — are not findings: the head the report is
 * anchored to is the last entry that is none of these (an import, a mapping decision, a note, a marking, a broken seal…).
 * So re-running the same case with the same evidence and decisions anchors the same head, and gives the same bytes.
 */
const BOOKKEEPING_ACTIONS = ['case.sealed', 'case.file_state', 'duties.evaluated', 'secrets.scanned', 'source.duplicate', 'source.skipped', 'intake.cancelled', 'bundle.checked'] as const;
const NOT_BOOKKEEPING = `c.action NOT LIKE 'report.%' AND c.action NOT LIKE '%.finished' AND c.action NOT LIKE '%.started'
  AND c.action NOT IN (${BOOKKEEPING_ACTIONS.map((a) => `'${a}'`).join(', ')})`;

/** Whether a custody action is a run's own bookkeeping (the rule NOT_BOOKKEEPING applies in SQL), not a finding. */
export function isBookkeeping(action: string): boolean {
  return action.startsWith('report.') || action.endsWith('.finished') || action.endsWith('.started') || (BOOKKEEPING_ACTIONS as readonly string[]).includes(action);
}

/** The findings head as `<seq>:<hash>` with its signer, in the form the notification lists and the manifest write it. */
export function findingsAnchor(custodyPath: string): { head: string | null; signer: string | null } {
  const f = readCustodyFacts(custodyPath);
  return { head: f.head ? `${f.head.seq}:${f.head.hash}` : null, signer: f.signer };
}

interface HeadRow { seq: number; hash: string; at: string; action: string; public_key: string | null }

/** Reads the findings head, its signer and the chain check up to it from `custody.sqlite`. */
export function readCustodyFacts(custodyPath: string): CustodyFacts {
  const db = new Database(custodyPath, { readonly: true, fileMustExist: true });
  let head: HeadRow | undefined;
  let first: { hash: string; at: string } | undefined;
  let actors: string[] = [];
  let privileged = false;
  try {
    head = db.prepare(`SELECT c.seq, c.hash, c.at, c.action, s.public_key FROM custody c LEFT JOIN custody_signatures s ON s.seq = c.seq
      WHERE ${NOT_BOOKKEEPING} ORDER BY c.seq DESC LIMIT 1`).get() as HeadRow | undefined;
    first = db.prepare('SELECT hash, at FROM custody ORDER BY seq LIMIT 1').get() as { hash: string; at: string } | undefined;
    const upTo = head?.seq ?? 0;
    actors = (db.prepare('SELECT DISTINCT actor FROM custody WHERE seq <= ? ORDER BY actor LIMIT 20').all(upTo) as { actor: string }[]).map((r) => r.actor);
    const marked = db.prepare('SELECT detail FROM custody WHERE action = ? AND seq <= ? ORDER BY seq DESC LIMIT 1').get(MARKING_ACTION, upTo) as { detail: string } | undefined;
    privileged = marked ? (JSON.parse(marked.detail) as { privileged?: unknown }).privileged === true : false;
  } finally {
    db.close();
  }
  const log = CustodyLog.open(custodyPath, { key: null });
  const check = (() => {
    try {
      return log.check();
    } finally {
      log.close();
    }
  })();
  const upTo = head?.seq ?? 0;
  return {
    caseId: first ? `C-${first.hash.slice(0, 12)}` : 'C-(no custody)',
    head: head ? { seq: head.seq, hash: head.hash, at: head.at, action: head.action } : null,
    signer: head?.public_key ? keyFingerprint(head.public_key) : null,
    entries: upTo,
    startedAt: first?.at ?? null,
    actors,
    broken: check.broken.filter((s) => s <= upTo),
    unsigned: check.unsigned.filter((s) => s <= upTo),
    badSignature: check.badSignature.filter((s) => s <= upTo),
    privileged,
  };
}
