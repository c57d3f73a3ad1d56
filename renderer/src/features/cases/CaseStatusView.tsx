/** Where the open case stands: evidence, last run, scope and duties, notes, custody head (the engine's `case.open`). */
import { outputsStaleness, type CaseStatus } from '../../../../shared/caseStatus.js';
import { formatBytes, formatCount, formatInstant } from '../../format.js';

/** The case at a glance, as a definition list read from the case tables and custody log. */
export function CaseStatusView({ status }: { status: CaseStatus }) {
  const ev = status.evidence;
  const last = status.lastInvestigation;
  const lastRun = status.runs.at(-1) ?? null;
  const stale = outputsStaleness(status.outputs);
  return (
    <dl className="case-status" data-testid="case-status">
      <dt>Created</dt>
      <dd>{formatInstant(status.createdAt)}</dd>
      <dt>Evidence</dt>
      <dd data-testid="case-evidence">
        {ev && ev.sources > 0
          ? `${formatCount(ev.sources)} files · ${formatBytes(ev.bytes)} · ${formatCount(ev.events)} log rows · ${formatCount(ev.quarantined)} quarantined · snapshots: ${ev.snapshots.join(', ') || 'none'}`
          : 'none yet — import evidence on the Investigation screen'}
      </dd>
      {ev && ev.orgs.length > 0 && (
        <>
          <dt>Orgs</dt>
          <dd>{ev.orgs.map((o) => o.name ?? o.id).join(', ')}</dd>
        </>
      )}
      <dt>Last run</dt>
      <dd data-testid="case-last-run">
        {lastRun ? `${lastRun.kind} ${lastRun.outcome ?? 'unfinished'} · ${formatInstant(lastRun.finishedAt ?? lastRun.startedAt)} · ${lastRun.actor}` : 'none'}
        {status.interrupted > 0 && <span className="text-danger"> · {status.interrupted} interrupted run(s)</span>}
      </dd>
      <dt>Results</dt>
      <dd data-testid="case-results">
        {last && last.exports
          ? `${formatCount(last.exports.total)} exports · ${formatCount(last.exports.suspicious)} suspicious · ${formatCount(last.exports.inScope)} in scope · ${formatCount(last.people)} affected people in ${formatCount(last.jurisdictions)} jurisdictions`
          : 'not investigated yet'}
      </dd>
      <dt>Duties</dt>
      <dd data-testid="case-duties">
        {last?.duties ? `${formatCount(last.duties.required)} required, ${formatCount(last.duties.toAssess)} to assess, of ${formatCount(last.duties.total)} · earliest due ${formatInstant(last.duties.earliestDue)}` : '—'}
      </dd>
      <dt>Outputs</dt>
      <dd data-testid="case-outputs">
        {status.outputs ? `written ${formatInstant(status.outputs.at)}${status.outputs.outDir ? ` to ${status.outputs.outDir}` : ''}` : 'none written yet'}
        {stale && <div className="text-danger" data-testid="case-outputs-stale">{stale}</div>}
      </dd>
      <dt>Notes</dt>
      <dd>
        {formatCount(status.notes.total)} ({formatCount(status.notes.privileged)} privileged, {formatCount(status.notes.bookmarks)} bookmarks) · {formatCount(status.mappingDecisions)} mapping decision(s)
      </dd>
      <dt>Investigators</dt>
      <dd>{status.investigators.join(', ') || '—'}</dd>
      <dt>Custody head</dt>
      <dd className="mono hash" data-testid="case-head">
        {status.custody.head ?? '—'} <span className="muted">({formatCount(status.custody.entries)} entries)</span>
      </dd>
    </dl>
  );
}
