/**
 * A collection under way, as the collector reports it: what it is pulling, bytes and files done of
 * those known to be coming, the time left at the current rate, and Cancel (the bundle keeps every
 * complete file; collecting again into the same folder continues).
 */
import type { CollectProgress } from '../../../../shared/collect.js';
import { formatBytes, formatCount, formatElapsed } from '../../format.js';
import { ProgressBlock, useNow } from '../progress/ProgressBlock.js';
import { collectPhaseLabel, formatEta } from './collectWords.js';

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
  return (
    <ProgressBlock
      testId="collect-progress"
      data={{ phase: progress?.phase ?? 'starting', 'bytes-done': progress?.bytesDone ?? '', 'files-done': progress?.filesDone ?? '' }}
      phase={cancelling ? 'Stopping after the file being saved…' : progress ? collectPhaseLabel(progress.phase) : 'Starting…'}
      phaseTestId="collect-phase"
      bytes={progress && progress.bytesPlanned > 0 ? `${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesPlanned)} known · ${Math.floor(share * 100)}%` : ''}
      share={share}
      barLabel="Bytes downloaded of those known to be coming"
      figures={[
        { label: 'Downloaded', value: progress ? formatBytes(progress.bytesDone) : '—', testId: 'collect-bytes' },
        { label: 'Files', value: progress ? `${formatCount(progress.filesDone)} / ${formatCount(progress.filesPlanned)} known` : '—', testId: 'collect-files' },
        { label: 'Time left', value: progress ? formatEta(progress.etaSeconds) : '—', testId: 'collect-eta' },
        { label: 'Elapsed', value: formatElapsed(now - startedAt) },
      ]}
      current={
        <div className="progress-current" data-testid="collect-current">
          {progress?.current ? (
            <>
              <span className="muted">Now</span> <span className="mono">{progress.current}</span>
            </>
          ) : (
            <>&nbsp;</>
          )}
        </div>
      }
      cancel={{
        testId: 'collect-cancel', disabled: cancelling, cancelling, onCancel,
        title: 'Stop collecting: every file saved so far stays in the bundle, listed with its SHA-256; collect again into the same folder to continue.',
      }}
    />
  );
}
