/** Progress of a collection: bytes and files done and known to be coming, and the time left at the current rate. */
import type { CollectProgress } from './types.js';

const EVERY_MS = 250;

/** Counts what the collector received and tells the listener at most four times a second. */
export class ProgressMeter {
  private readonly state: CollectProgress = { phase: 'signing-in', current: null, bytesDone: 0, bytesPlanned: 0, filesDone: 0, filesPlanned: 0, etaSeconds: null };
  private readonly started = Date.now();
  private last = 0;

  constructor(private readonly listener?: (p: CollectProgress) => void) {}

  phase(phase: CollectProgress['phase'], current: string | null = null): void {
    this.state.phase = phase;
    this.state.current = current;
    this.emit(true);
  }

  plan(files: number, bytes: number): void {
    this.state.filesPlanned += files;
    this.state.bytesPlanned += bytes;
    this.emit(false);
  }

  bytes(n: number): void {
    this.state.bytesDone += n;
    this.emit(false);
  }

  file(): void {
    this.state.filesDone++;
    this.emit(false);
  }

  get bytesDone(): number {
    return this.state.bytesDone;
  }

  private emit(force: boolean): void {
    if (!this.listener) return;
    const now = Date.now();
    if (!force && now - this.last < EVERY_MS) return;
    this.last = now;
    const s = this.state;
    const rate = s.bytesDone / Math.max(1, (now - this.started) / 1000);
    const left = Math.max(0, s.bytesPlanned - s.bytesDone);
    s.etaSeconds = s.bytesPlanned > 0 && rate > 0 ? Math.ceil(left / rate) : null;
    this.listener({ ...s });
  }
}
