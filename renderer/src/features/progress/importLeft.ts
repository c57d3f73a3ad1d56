/** The import's time left on the progress block, estimated from its own pace (pure, so it is unit-tested). */
import type { RunProgress } from '../../../../shared/domain.js';
import { formatElapsed } from '../../format.js';

/**
 * The time the import still needs, from its pace so far (bytes read per elapsed ms): an estimate, shown once some bytes
 * are in; the analysis after it has no byte count, so none is guessed for it.
 */
export function importLeft(progress: RunProgress | null, wallMs: number): string {
  if (!progress) return '—';
  if (progress.phase === 'analysing' || progress.phase === 'done') return 'import done';
  if (progress.phase === 'cancelled') return '—';
  const elapsed = progress.elapsedMs > 0 ? progress.elapsedMs : wallMs;
  if (progress.bytesTotal <= 0 || progress.bytesDone <= 0 || elapsed <= 0) return 'estimating…';
  if (progress.bytesDone >= progress.bytesTotal) return 'finishing…';
  return `about ${formatElapsed(((progress.bytesTotal - progress.bytesDone) * elapsed) / progress.bytesDone)}`;
}
