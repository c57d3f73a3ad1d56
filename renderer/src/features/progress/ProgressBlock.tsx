/**
 * The block a long run shows while it is under way — its phase, a bar of the bytes done, its figures, what it is on now
 * and Cancel — shared by the investigation (RunProgressView) and the collection (CollectProgressView), which say what
 * each part holds.
 */
import { useEffect, useState, type ReactNode } from 'react';
import './progress.css';

export interface ProgressFigure {
  label: string;
  value: string;
  testId?: string;
}

interface Props {
  testId: string;
  /** data-* attributes the browser tests read (phase, bytes done…). */
  data: Record<string, string | number>;
  phase: string;
  phaseTestId: string;
  /** The bytes text beside the phase ("3 MB of 9 MB · 33%"), empty when not known. */
  bytes: string;
  bytesTestId?: string;
  /** Share of the bar filled, 0–1, and what the bar measures (for screen readers). */
  share: number;
  barLabel: string;
  barDone?: boolean;
  figures: ProgressFigure[];
  /** The line under the figures: the file being read, the object being pulled. */
  current: ReactNode;
  cancel: { testId: string; disabled: boolean; cancelling: boolean; title: string; onCancel(): void };
}

/** The live progress block under a run's button. */
export function ProgressBlock({ testId, data, phase, phaseTestId, bytes, bytesTestId, share, barLabel, barDone, figures, current, cancel }: Props) {
  const percent = Math.floor(share * 100);
  const attributes = Object.fromEntries(Object.entries(data).map(([k, v]) => [`data-${k}`, v]));
  return (
    <div className="run-progress" data-testid={testId} {...attributes} role="status" aria-live="polite">
      <div className="progress-head">
        <span className="spinner" aria-hidden="true" />
        <strong className="progress-phase" data-testid={phaseTestId}>
          {phase}
        </strong>
        <span className="progress-bytes" data-testid={bytesTestId}>
          {bytes}
        </span>
        <button type="button" className="button-secondary button-cancel" data-testid={cancel.testId} disabled={cancel.disabled} title={cancel.title} onClick={cancel.onCancel}>
          {cancel.cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
      <div className="progress-track" role="progressbar" aria-label={barLabel} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className={`progress-fill${barDone ? ' progress-fill-done' : ''}`} style={{ width: `${share * 100}%` }} />
      </div>
      <div className="progress-figures">
        {figures.map((f) => (
          <span className="progress-figure" key={f.label}>
            <span className="muted">{f.label}</span> <span className="progress-value" data-testid={f.testId}>{f.value}</span>
          </span>
        ))}
      </div>
      {current}
    </div>
  );
}

/** The wall clock, refreshed every `intervalMs` so elapsed time keeps moving between reports. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}
