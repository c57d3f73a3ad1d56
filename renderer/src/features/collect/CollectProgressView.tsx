/**
 * A collection under way, as the collector reports it: what it is pulling, bytes and files done of
 * those known to be coming, the time left at the current rate, and Cancel (the bundle keeps every
 * complete file; collecting again into the same folder continues).
 */
import { useEffect, useState } from 'react';
import type { CollectProgress } from '../../../../shared/collect.js';
import { formatBytes, formatCount, formatElapsed } from '../../format.js';
import { collectPhaseLabel, formatEta } from './collectWords.js';
import '../progress/progress.css';

interface Props {
  progress: CollectProgress | null;
  startedAt: number;
  cancelling: boolean;
  onCancel(): void;
}

/** The live block under the Collect button. */
export function CollectProgressView({ progress, startedAt, cancelling, onCancel }: Props) {
  const now = useNow(500);
  const share = progress && progress.bytesPlanned > 0 ? Math.min(1, progress.bytesDone / progress.bytesPlanned) : 0;
  const percent = Math.floor(share * 100);
  const phase = cancelling ? 'Stopping after the file being saved…' : progress ? collectPhaseLabel(progress.phase) : 'Starting…';
  return (
    <div
      className="run-progress"
      data-testid="collect-progress"
      data-phase={progress?.phase ?? 'starting'}
      data-bytes-done={progress?.bytesDone ?? ''}
      data-files-done={progress?.filesDone ?? ''}
      role="status"
      aria-live="polite"
    >
      <div className="progress-head">
        <span className="spinner" aria-hidden="true" />
        <strong className="progress-phase" data-testid="collect-phase">
          {phase}
        </strong>
        <span className="progress-bytes">{progress && progress.bytesPlanned > 0 ? `${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesPlanned)} known · ${percent}%` : ''}</span>
        <button
          type="button"
          className="button-secondary button-cancel"
          data-testid="collect-cancel"
          disabled={cancelling}
          title="Stop collecting: every file saved so far stays in the bundle, listed with its SHA-256; collect again into the same folder to continue."
          onClick={onCancel}
        >
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
      <div className="progress-track" role="progressbar" aria-label="Bytes downloaded of those known to be coming" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="progress-fill" style={{ width: `${share * 100}%` }} />
      </div>
      <div className="progress-figures">
        <Figure label="Downloaded" value={progress ? formatBytes(progress.bytesDone) : '—'} testId="collect-bytes" />
        <Figure label="Files" value={progress ? `${formatCount(progress.filesDone)} / ${formatCount(progress.filesPlanned)} known` : '—'} testId="collect-files" />
        <Figure label="Time left" value={progress ? formatEta(progress.etaSeconds) : '—'} testId="collect-eta" />
        <Figure label="Elapsed" value={formatElapsed(now - startedAt)} />
      </div>
      <div className="progress-current" data-testid="collect-current">
        {progress?.current ? (
          <>
            <span className="muted">Now</span> <span className="mono">{progress.current}</span>
          </>
        ) : (
          <>&nbsp;</>
        )}
      </div>
    </div>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <span className="progress-figure">
      <span className="muted">{label}</span> <span className="progress-value" data-testid={testId}>{value}</span>
    </span>
  );
}

/** The wall clock, refreshed every `intervalMs` so elapsed time keeps moving between reports. */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}
