/** What the engine could not do or was unsure about, shown verbatim. */

/** The warnings list; hidden when there are none. */
export function WarningsList({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <section className="panel panel-warn" aria-labelledby="warnings-title">
      <div className="panel-head">
        <h2 id="warnings-title">Warnings</h2>
        <span className="muted">{warnings.length}</span>
      </div>
      <ul className="warnings" data-testid="warnings">
        {warnings.map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ul>
    </section>
  );
}
