/** What `leakscope` tells a script by its exit status (documented in README, "Exit codes"). */

export const EXIT = {
  /** The command did everything it was asked; nothing found in the evidence was left out. */
  done: 0,
  /** Done, but something was not taken in or checked (skipped files, unreadable members; `verify`: a finding failed). */
  doneWithProblems: 1,
  /** The command line was wrong (unknown option, missing argument, refused --out folder). */
  usage: 2,
  /** An evidence path, case or record given does not exist. */
  notFound: 3,
  /** Leakscope itself failed (a bug or the machine: disk full, database error); what was done is kept. */
  internal: 4,
  /** Cancelled with Ctrl+C; what was fully taken in stays in the case. */
  cancelled: 130,
} as const;

/** The exit status for an engine error code. */
export function exitFor(code: string): number {
  switch (code) {
    case 'CANCELLED':
      return EXIT.cancelled;
    case 'NOT_FOUND':
      return EXIT.notFound;
    case 'BAD_REQUEST':
    case 'BAD_INPUT':
    case 'UNSUPPORTED':
    case 'READ_ONLY':
      return EXIT.usage;
    default:
      return EXIT.internal;
  }
}
