/** Progress on stderr and Ctrl+C as a clean cancel, for long CLI commands. */
import type { IntakeProgress } from '../engine/intake/progress.js';

/** Runs `task` with a progress reporter (on a terminal, or when forced) and SIGINT mapped to cancel. */
export async function withProgress<T>(force: boolean, task: (signal: AbortSignal, onProgress: (p: IntakeProgress) => void) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = (): void => {
    process.stderr.write('\nleakscope: cancelling… (the case keeps what was fully imported)\n');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  const tty = process.stderr.isTTY === true;
  const show = tty || force;
  const onProgress = (p: IntakeProgress): void => {
    if (!show) return;
    const line = formatProgress(p);
    process.stderr.write(tty ? `\r${line.padEnd(100)}` : `${line}\n`);
  };
  try {
    return await task(controller.signal, onProgress);
  } finally {
    process.removeListener('SIGINT', onSigint);
    if (tty) process.stderr.write('\n');
  }
}

/** One line: phase, bytes done/total, files, rows, rows/s (analysis: the stage and steps done/total). */
export function formatProgress(p: IntakeProgress): string {
  if (p.phase === 'analysing' && p.current) return `${p.phase.padEnd(13)} ${p.current}  ${p.files}/${p.filesTotal}`;
  const mb = (b: number): string => (b / 1024 / 1024).toFixed(1);
  const pct = p.bytesTotal > 0 ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
  return `${p.phase.padEnd(13)} ${mb(p.bytesDone)}/${mb(p.bytesTotal)} MB (${pct}%)  files ${p.files}/${p.filesTotal}  rows ${p.rows.toLocaleString('en-US')}  ${p.rowsPerSecond.toLocaleString('en-US')} rows/s`;
}
