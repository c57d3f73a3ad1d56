/**
 * Log coverage: one row per event type, one column per UTC day with its 24 hours stacked (00 at
 * the top), coloured by what the evidence can say about the hour — so "nothing happened" is never
 * confused with "nothing was logged".
 */
import type { Coverage, CoverageState, TypeCoverage } from '../../../../shared/coverage.js';
import { COVERAGE_STATES } from '../../../../shared/coverage.js';
import { assertNever } from '../../../../shared/result.js';
import { formatCount, formatInstant } from '../../format.js';
import { dayCells, dayTitle, rangeDays, type CellKind } from './hours.js';
import './coverage.css';

const LEGEND: readonly CellKind[] = ['present', 'empty', 'missing', 'missing_listed', 'beyond_retention', 'not_licensed'];

/** The words for a cell kind, as the legend and tooltips show them. */
export function cellLabel(kind: CellKind): string {
  switch (kind) {
    case 'present':
      return 'events';
    case 'empty':
      return 'logged, no events';
    case 'missing':
      return 'missing (not collected)';
    case 'missing_listed':
      return 'missing — listed, not imported';
    case 'beyond_retention':
      return 'beyond retention';
    case 'not_licensed':
      return 'not licensed';
    case 'outside':
      return 'outside the range';
    default:
      return assertNever(kind, 'cell kind');
  }
}

function TypeRow({ t, days }: { t: TypeCoverage; days: number[] }) {
  const data = Object.fromEntries(COVERAGE_STATES.map((s) => [`data-${s.replace('_', '-')}`, t.hours[s]]));
  return (
    <div className="cov-row" data-testid={`coverage-row-${t.eventType}`} {...data}>
      <div className="cov-type">
        <span className="cov-type-name">{t.eventType}</span>
        <span className={`cov-badge cov-badge-${t.licence}`}>{t.licence === 'free' ? 'free' : 'add-on'}</span>
        <span className="muted cov-type-detail">
          {formatCount(t.files)} {t.files === 1 ? 'file' : 'files'} · {formatCount(t.events)} events · kept {t.retentionDays} d
        </span>
      </div>
      <div className="cov-strip" role="img" aria-label={`${t.eventType}: hourly coverage`}>
        {dayCells(t, days).map((d) => (
          <div key={d.day} className="cov-day" title={dayTitle(t.eventType, d, cellLabel)}>
            {d.cells.map((c, i) => (
              <div key={i} className={`cov-cell cov-${c}`} />
            ))}
          </div>
        ))}
      </div>
      <div className="cov-counts">
        {COVERAGE_STATES.filter((s) => t.hours[s] > 0).map((s: CoverageState) => (
          <span key={s} className="cov-count" data-testid={`coverage-count-${s}`}>
            <span className={`cov-swatch cov-${s}`} />
            {formatCount(t.hours[s])} h {cellLabel(s)}
            {s === 'missing' && t.listedNotImported > 0 ? ` (${formatCount(t.listedNotImported)} listed)` : ''}
          </span>
        ))}
      </div>
    </div>
  );
}

/** The "Log coverage" panel: the summary sentence, a legend, and an hour strip per event type. */
export function CoverageSection({ coverage }: { coverage: Coverage | undefined }) {
  if (!coverage) return null;
  const days = rangeDays(coverage.from, coverage.to);
  const ticks = days.map((d, i) => ({ d, label: i % 7 === 0 || i === days.length - 1 ? new Date(d).toISOString().slice(5, 10) : '' }));
  return (
    <section className="panel" data-testid="coverage-section" aria-label="Log coverage">
      <div className="panel-head">
        <h2>Log coverage</h2>
        <span className="muted">
          {formatInstant(coverage.from, false)} → {formatInstant(coverage.to)} · {formatCount(coverage.totalHours)} hours · retention counted back from{' '}
          {formatInstant(coverage.asOf)}
        </span>
      </div>
      <p className="cov-summary" data-testid="coverage-summary">
        {coverage.summary}
      </p>
      <div className="cov-legend" data-testid="coverage-legend">
        {LEGEND.map((k) => (
          <span key={k} className="cov-legend-item">
            <span className={`cov-swatch cov-${k}`} />
            {cellLabel(k)}
          </span>
        ))}
        <span className="muted">Each column is a UTC day, hour 00 at the top; hover a day for its hours.</span>
      </div>
      <div className="cov-grid">
        <div className="cov-row cov-axis" aria-hidden="true">
          <div className="cov-type" />
          <div className="cov-strip">
            {ticks.map((t) => (
              <div key={t.d} className="cov-day cov-tick">
                {t.label}
              </div>
            ))}
          </div>
          <div className="cov-counts" />
        </div>
        {coverage.types.map((t) => (
          <TypeRow key={t.eventType} t={t} days={days} />
        ))}
      </div>
    </section>
  );
}
