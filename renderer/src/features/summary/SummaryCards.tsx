/** The headline figures of a run, each traceable to a table further down the page. */
import type { InvestigationResult } from '../../../../shared/domain.js';
import { formatCount } from '../../format.js';

interface CardProps {
  label: string;
  value: string;
  detail?: string | undefined;
  testId: string;
  tone?: 'alert' | 'warn' | undefined;
}

function Card({ label, value, detail, testId, tone }: CardProps) {
  return (
    <div className={`card${tone ? ` card-${tone}` : ''}`}>
      <div className="card-label">{label}</div>
      <div className="card-value" data-testid={testId}>
        {value}
      </div>
      {detail && <div className="card-detail">{detail}</div>}
    </div>
  );
}

/** Sources, exports, scope, affected people and jurisdictions at a glance. */
export function SummaryCards({ result }: { result: InvestigationResult }) {
  const rows = result.sources.reduce((sum, s) => sum + s.rows, 0);
  const rejected = result.sources.reduce((sum, s) => sum + s.rejectedRows, 0);
  const suspicious = result.exportCounts.suspicious;
  const other = Object.values(result.summary.otherObjects).reduce((sum, n) => sum + n, 0);
  const withRecords = result.jurisdictions.filter((j) => j.records > 0).length;
  return (
    <section className="cards" aria-label="Summary">
      <Card
        label="Sources imported"
        value={formatCount(result.sources.length)}
        detail={`${formatCount(rows)} rows · ${formatCount(rejected)} quarantined`}
        testId="sources-total"
        tone={rejected > 0 ? 'warn' : undefined}
      />
      <Card label="Exports found" value={formatCount(result.exportCounts.total)} detail="queries, Bulk jobs, report exports" testId="exports-total" />
      <Card
        label="In scope / suspicious"
        value={`${formatCount(result.exportCounts.inScope)} / ${formatCount(suspicious)}`}
        detail="exports examined / flagged"
        testId="exports-in-scope"
        tone={suspicious > 0 ? 'alert' : undefined}
      />
      <Card
        label="Affected people"
        value={formatCount(result.summary.records)}
        detail={other > 0 ? `+ ${formatCount(other)} other records` : 'Contacts, Leads, person Accounts, Users'}
        testId="affected-total"
        tone={result.summary.records > 0 ? 'alert' : undefined}
      />
      <Card
        label="Jurisdictions"
        value={formatCount(withRecords)}
        detail={`${formatCount(result.unresolved.length)} unresolved exposure${result.unresolved.length === 1 ? "" : "s"}`}
        testId="jurisdictions-total"
      />
    </section>
  );
}
