/**
 * The run under way, as the engine reports it: phase, bytes done of total on a bar, files, rows,
 * rows per second, elapsed time, the import's time left and the file being read, with a Cancel button that stops the
 * import cleanly (whatever was fully imported stays in the case).
 */
import type { RunProgress } from '../../../../shared/domain.js';
import { formatBytes, formatCount, formatElapsed } from '../../format.js';
import { phaseLabel } from '../../labels.js';
import { importLeft } from './importLeft.js';
import { ProgressBlock, useNow } from './ProgressBlock.js';

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
  // Analysis starts once intake is complete; only the import can be stopped.
  const canCancel = !cancelling && progress?.phase !== 'analysing' && progress?.phase !== 'done' && progress?.phase !== 'cancelled';
  return (
    <ProgressBlock
      testId="run-progress"
      data={{ phase: progress?.phase ?? 'starting', 'bytes-done': progress?.bytesDone ?? '', 'bytes-total': progress?.bytesTotal ?? '' }}
      phase={cancelling ? 'Stopping the import…' : progress ? phaseLabel(progress.phase) : 'Starting…'}
      phaseTestId="progress-phase"
      bytes={progress && progress.bytesTotal > 0 ? `${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)} · ${Math.floor(share * 100)}%` : ''}
      bytesTestId="progress-bytes"
      share={share}
      barLabel="Bytes imported"
      barDone={progress?.phase === 'analysing'}
      figures={[
        { label: 'Files', value: progress ? `${formatCount(progress.files)} / ${formatCount(progress.filesTotal)}` : '—' },
        { label: 'Rows', value: progress ? formatCount(progress.rows) : '—' },
        { label: 'Rows/s', value: progress ? formatCount(progress.rowsPerSecond) : '—' },
        { label: 'Elapsed', value: formatElapsed(now - startedAt), testId: 'progress-elapsed' },
        { label: 'Import left', value: importLeft(progress, now - startedAt), testId: 'progress-eta' },
      ]}
      current={<CurrentFile path={progress?.current ?? null} />}
      cancel={{
        testId: 'cancel-run', disabled: !canCancel, cancelling, onCancel,
        title: progress?.phase === 'analysing' ? 'The import is complete; the analysis runs to its end.' : 'Stop the import; files fully imported so far stay in the case.',
      }}
    />
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
