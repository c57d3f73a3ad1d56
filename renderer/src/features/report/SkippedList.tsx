/** What was found in the evidence but not taken in, so an investigator sees every gap in what was examined. */
import type { SkippedItem } from '../../../../shared/domain.js';

/** The skipped-items list (path and reason); hidden when nothing was skipped. */
export function SkippedList({ skipped }: { skipped: readonly SkippedItem[] }) {
  if (skipped.length === 0) return null;
  return (
    <section className="panel panel-warn" aria-labelledby="skipped-title">
      <div className="panel-head">
        <h2 id="skipped-title">Not taken in</h2>
        <span className="muted">{skipped.length}</span>
      </div>
      <ul className="warnings" data-testid="skipped">
        {skipped.map((s, i) => (
          <li key={i}>
            <code>{s.path}</code> — {s.reason}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The warnings not already listed as skipped items (intake lists each skipped item among the warnings too). */
export function withoutSkipped(warnings: readonly string[], skipped: readonly SkippedItem[]): string[] {
  const shown = new Set(skipped.map((s) => `${s.path}: ${s.reason}`));
  return warnings.filter((w) => !shown.has(w));
}
