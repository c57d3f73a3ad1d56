/**
 * Intake progress as the CLI and the app show it: bytes done of total, rows, rows per second,
 * reported at least twice a second while DuckDB works (its own query progress fills in the bytes
 * of the group being loaded).
 */
import type { RunProgress } from '../../../shared/domain.js';
import type { CaseDb } from '../store/duck.js';

export type IntakePhase = RunProgress['phase'];
export type IntakeProgress = RunProgress;

export type ProgressListener = (p: IntakeProgress) => void;

/** Tracks intake progress and reports it on a timer until stopped. */
export class ProgressTracker {
  private readonly started = performance.now();
  private phase: IntakePhase = 'scanning';
  private bytesTotal = 0;
  private bytesDone = 0;
  private groupBytes = 0;
  private filesTotal = 0;
  private files = 0;
  private rows = 0;
  private current: string | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: CaseDb,
    private readonly listener: ProgressListener | undefined,
    intervalMs = 400,
  ) {
    if (listener) this.timer = setInterval(() => this.emit(), intervalMs);
  }

  /** Sets the totals once the files are known. */
  plan(filesTotal: number, bytesTotal: number): void {
    this.filesTotal = filesTotal;
    this.bytesTotal = bytesTotal;
    this.emit();
  }

  /** A group of files starts loading. */
  startGroup(bytes: number, label: string): void {
    this.phase = 'loading';
    this.groupBytes = bytes;
    this.current = label;
  }

  /** A group finished: its bytes, files and rows count as done. */
  finishGroup(files: number, rows: number): void {
    this.bytesDone += this.groupBytes;
    this.groupBytes = 0;
    this.files += files;
    this.rows += rows;
  }

  /** Files that were not loaded (unknown, duplicates) still count as processed. */
  skip(files: number, bytes: number): void {
    this.files += files;
    this.bytesDone += bytes;
  }

  setPhase(phase: IntakePhase): void {
    this.phase = phase;
    this.current = null;
    this.emit();
  }

  /** The current figures (also what the timer reports). */
  snapshot(): IntakeProgress {
    const progress = this.db.connection.progress;
    const pct = this.phase === 'loading' && progress.percentage > 0 ? Math.min(progress.percentage, 100) / 100 : 0;
    const inFlightRows = this.phase === 'loading' ? Number(progress.rows_processed) : 0;
    const elapsedMs = performance.now() - this.started;
    const rows = this.rows + inFlightRows;
    return {
      phase: this.phase,
      bytesDone: Math.round(this.bytesDone + pct * this.groupBytes),
      bytesTotal: this.bytesTotal,
      files: this.files,
      filesTotal: this.filesTotal,
      rows,
      rowsPerSecond: elapsedMs > 0 ? Math.round((rows * 1000) / elapsedMs) : 0,
      elapsedMs: Math.round(elapsedMs),
      current: this.current,
    };
  }

  /** Stops the timer and reports the final figures. */
  stop(phase: IntakePhase): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.phase = phase;
    this.emit();
  }

  /** Stops the timer without a final report (the way out of an import that failed). */
  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private emit(): void {
    this.listener?.(this.snapshot());
  }
}
