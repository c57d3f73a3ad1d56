/** The files this run wrote, with their SHA-256, so a report can be shown to be the one produced. */
interface Props {
  outputs: { file: string; sha256: string }[];
  caseDir: string;
  outDir: string;
}

/** The outputs list. */
export function OutputsList({ outputs, caseDir, outDir }: Props) {
  return (
    <section className="panel" aria-labelledby="outputs-title">
      <div className="panel-head">
        <h2 id="outputs-title">Outputs</h2>
        <span className="muted">
          {outputs.length} files written to <code>{outDir}</code> · case <code>{caseDir}</code>
        </span>
      </div>
      <div className="table-wrap scroll-box">
        <table className="table">
          <thead>
            <tr>
              <th>File</th>
              <th>SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {outputs.map((o) => (
              <tr key={o.file} data-testid="output-row">
                <td className="mono cell-wrap">{o.file}</td>
                <td className="mono hash">{o.sha256}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
