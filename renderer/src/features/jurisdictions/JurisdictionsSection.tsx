/**
 * Where the affected people live, as notification jurisdictions: records per jurisdiction, the
 * regulator and deadline from the rule pack, and how well that rule is verified.
 */
import { noticeWords } from '../../../../shared/duties/summary.js';
import type { InvestigationResult, JurisdictionCount } from '../../../../shared/domain.js';
import { formatCount } from '../../format.js';
import { verificationLabel, verificationLevel } from '../../labels.js';
import { JurisdictionChart } from './JurisdictionChart.js';

interface Props {
  result: InvestigationResult;
  selected: string | null;
  onSelect(code: string): void;
}

/** The per-jurisdiction table beside its bar chart; a row opens the affected records. */
export function JurisdictionsSection({ result, selected, onSelect }: Props) {
  const rows = [...result.jurisdictions].sort((a, b) => b.records - a.records || a.code.localeCompare(b.code));
  return (
    <section className="panel" aria-labelledby="jurisdictions-title">
      <div className="panel-head">
        <h2 id="jurisdictions-title">Jurisdictions</h2>
        <span className="muted">Select a row to list the affected records. Not legal advice: check unverified rules.</span>
      </div>
      {rows.length === 0 ? (
        <p className="empty">No affected person could be placed in a jurisdiction.</p>
      ) : (
        <div className="jurisdictions">
          <div className="table-wrap">
            <table className="table table-jurisdictions">
              <thead>
                <tr>
                  <th>Code</th>
                  <th>Jurisdiction</th>
                  <th className="num">Records</th>
                  <th>Regulator</th>
                  <th>Deadline</th>
                  <th>Rule</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((j) => (
                  <JurisdictionRow key={j.code} j={j} selected={selected === j.code} onSelect={onSelect} />
                ))}
              </tbody>
            </table>
          </div>
          <JurisdictionChart rows={rows} onSelect={onSelect} />
        </div>
      )}
    </section>
  );
}

function JurisdictionRow({ j, selected, onSelect }: { j: JurisdictionCount; selected: boolean; onSelect(code: string): void }) {
  const level = verificationLevel(j.verification);
  // "verified; unverified: triggers" → the fields still to be checked, shown under the badge.
  const openFields = j.verification?.split(';').slice(1).join(';').trim() ?? '';
  return (
    <tr
      data-testid={`jurisdiction-row-${j.code}`}
      data-records={j.records}
      className={`clickable${selected ? ' row-selected' : ''}`}
      tabIndex={0}
      aria-selected={selected}
      onClick={() => onSelect(j.code)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect(j.code);
        }
      }}
    >
      <td className="mono nowrap">{j.code}</td>
      <td>{j.name}</td>
      <td className="num">{formatCount(j.records)}</td>
      <td className="cell-clamp" title={j.regulator ?? undefined}>
        <span className="clamp">{j.regulator ?? '—'}</span>
      </td>
      <td className="cell-clamp" title={j.deadline ?? undefined}>
        <span className="clamp">{j.notices === undefined ? (j.deadline ?? '—') : noticeWords(j.notices)}</span>
      </td>
      <td className="cell-wrap cell-rule" data-testid="verification">
        <span className={`badge badge-${level}`} title={j.verification ?? 'No notification rule for this jurisdiction in the rule pack'}>
          {j.verification === null ? 'no rule · unverified' : verificationLabel(level)}
        </span>
        {openFields && (
          <span className="rule-open clamp" title={openFields}>
            {openFields}
          </span>
        )}
      </td>
    </tr>
  );
}
