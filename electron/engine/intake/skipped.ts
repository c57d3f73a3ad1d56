/** What intake found but did not take in: each item listed once among the warnings and logged in custody as it is found. */
import type { SkippedItem } from '../../../shared/domain.js';
import type { CustodyLog } from '../casestore/custody.js';

/** Collects what was not taken in, logging each item in custody as `source.skipped` and listing it among the warnings. */
export interface SkippedRecorder {
  items: SkippedItem[];
  add(item: SkippedItem): void;
}

/** A recorder bound to this import's custody log and warnings. */
export function skippedRecorder(custody: CustodyLog, warnings: string[], actor: string | undefined): SkippedRecorder {
  const items: SkippedItem[] = [];
  return {
    items,
    add(item) {
      items.push(item);
      warnings.push(`${item.path}: ${item.reason}`);
      custody.append('source.skipped', item, actor);
    },
  };
}

/** The errno code of a failure (EACCES, EIO…), or its message. */
export function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException)?.code ?? (e instanceof Error ? e.message : String(e));
}
