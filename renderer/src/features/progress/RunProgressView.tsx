/**
 * The run under way, as the engine reports it: phase, bytes done of total on a bar, files, rows,
 * rows per second, elapsed time, the import's time left and the file being read, with a Cancel button that stops the
 * import cleanly (whatever was fully imported stays in the case).
 */
import { useEffect, useState } from 'react';
import type { RunProgress } from '../../../../shared/domain.js';
import { formatBytes, formatCount, formatElapsed } from '../../format.js';
import { phaseLabel } from '../../labels.js';
import { importLeft } from './importLeft.js';
import './progress.css';

interface Props {
  progress: RunProgress | null;
  startedAt: number;
  cancelling: boolean;
  onCancel(): void;
}

/** The live progress block shown under the Run button while a run is under way. */
export function RunProgressView({ progress, startedAt, cancelling, onCancel }: Props) {
  const now = useNow(250);
  const share = progress && progress.bytesTotal > 0 ? Math.min(1, progress.bytesDone / progress.bytesTotal) : 0;
  const percent = Math.floor(share * 100);
  // Analysis starts once intake is complete; only the import can be stopped.
  const canCancel = !cancelling && progress?.phase !== 'analysing' && progress?.phase !== 'done' && progress?.phase !== 'cancelled';
  const phase = cancelling ? 'Stopping the import…' : progress ? phaseLabel(progress.phase) : 'Starting…';
  return (
    <div
      className="run-progress"
      data-testid="run-progress"
      data-phase={progress?.phase ?? 'starting'}
      data-bytes-done={progress?.bytesDone ?? ''}
      data-bytes-total={progress?.bytesTotal ?? ''}
      role="status"
      aria-live="polite"
    >
      <div className="progress-head">
        <span className="spinner" aria-hidden="true" />
        <strong className="progress-phase" data-testid="progress-phase">
          {phase}
        </strong>
        <span className="progress-bytes" data-testid="progress-bytes">
          {progress && progress.bytesTotal > 0 ? `${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)} · ${percent}%` : ''}
        </span>
        <button
          type="button"
          className="button-secondary button-cancel"
          data-testid="cancel-run"
          disabled={!canCancel}
          title={progress?.phase === 'analysing' ? 'The import is complete; the analysis runs to its end.' : 'Stop the import; files fully imported so far stay in the case.'}
          onClick={onCancel}
        >
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
      <div className="progress-track" role="progressbar" aria-label="Bytes imported" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className={`progress-fill${progress?.phase === 'analysing' ? ' progress-fill-done' : ''}`} style={{ width: `${share * 100}%` }} />
      </div>
      <div className="progress-figures">
        <Figure label="Files" value={progress ? `${formatCount(progress.files)} / ${formatCount(progress.filesTotal)}` : '—'} />
        <Figure label="Rows" value={progress ? formatCount(progress.rows) : '—'} />
        <Figure label="Rows/s" value={progress ? formatCount(progress.rowsPerSecond) : '—'} />
        <Figure label="Elapsed" value={formatElapsed(now - startedAt)} testId="progress-elapsed" />
        <Figure label="Import left" value={importLeft(progress, now - startedAt)} testId="progress-eta" />
      </div>
      <CurrentFile path={progress?.current ?? null} />
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

/** The file being read: its name first (what the investigator recognises), the folder after it. */
function CurrentFile({ path }: { path: string | null }) {
  if (!path) return <div className="progress-current muted">&nbsp;</div>;
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const name = path.slice(cut + 1);
  const folder = cut >= 0 ? path.slice(0, cut) : '';
  return (
    <div className="progress-current" title={path} data-testid="progress-current">
      <span className="muted">Reading</span> <span className="mono">{name}</span> <span className="mono muted">{folder ? `in ${folder}` : ''}</span>
    </div>
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
