/**
 * Review mode for counsel: a case opened read-only. While a review session is open in this host,
 * the engine refuses whatever would change the case's evidence or analysis (import, investigate,
 * mapping changes) with a clear message; browsing, notes and reports stay open. Opening and closing
 * a review are recorded in the case's custody log with the reviewer's name.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fail, ok, type AppError, type Result } from '../../shared/result.js';
import type { ReviewSession } from '../../shared/workbench.js';
import { CUSTODY_DB } from './caseLayout.js';
import { CustodyLog } from './casestore/custody.js';

/** The review sessions open in one host, keyed by the case folder. */
export class ReviewSessions {
  private readonly open = new Map<string, ReviewSession>();

  /** Opens `caseDir` for review by `reviewer` (custody `review.opened`). */
  start(caseDir: string, reviewer: string, actor: string): Result<ReviewSession> {
    const dir = path.resolve(caseDir);
    const file = path.join(dir, CUSTODY_DB);
    if (!existsSync(file)) return fail('NOT_FOUND', `No case in ${caseDir} (no ${CUSTODY_DB}) to review`);
    const log = CustodyLog.open(file);
    try {
      const entry = log.append('review.opened', { reviewer, readOnly: true }, actor);
      const session: ReviewSession = { caseDir: dir, reviewer, openedAt: entry.at, custodySeq: entry.seq };
      this.open.set(dir, session);
      return ok(session);
    } finally {
      log.close();
    }
  }

  /** Ends the review of `caseDir` (custody `review.closed`); the case can be changed again. */
  end(caseDir: string, actor: string): Result<{ closed: boolean }> {
    const dir = path.resolve(caseDir);
    const session = this.open.get(dir);
    if (!session) return ok({ closed: false });
    this.open.delete(dir);
    const log = CustodyLog.open(path.join(dir, CUSTODY_DB));
    try {
      log.append('review.closed', { reviewer: session.reviewer, openedAtSeq: session.custodySeq }, actor);
    } finally {
      log.close();
    }
    return ok({ closed: true });
  }

  /** The review open on `caseDir`, if any. */
  of(caseDir: string): ReviewSession | null {
    return this.open.get(path.resolve(caseDir)) ?? null;
  }

  /** The refusal for `what` on a case under review, or null when the case is not under review. */
  refusal(caseDir: string, what: string): { ok: false; error: AppError } | null {
    const s = this.of(caseDir);
    if (!s) return null;
    return fail('READ_ONLY', `The case ${s.caseDir} is open for review by ${s.reviewer} (read-only since ${s.openedAt}): ${what} is refused. Browsing, notes and reports stay available; close the review to change the case.`);
  }
}
