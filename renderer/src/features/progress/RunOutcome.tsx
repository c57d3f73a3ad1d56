/** How the last run ended, next to the Run button: finished (with its time) or stopped on request. */
import './progress.css';

/** "Finished in 6.8 s", quietly. */
export function FinishedStatus({ elapsedMs }: { elapsedMs: number }) {
  return (
    <span className="run-status muted" data-testid="run-status">
      Finished in {(elapsedMs / 1000).toFixed(1)} s
    </span>
  );
}

interface CancelledProps {
  /** The engine's own account of the stop (how many files were taken in): the last progress report may be behind it. */
  message: string;
  outDir: string;
}

/** A run the investigator cancelled: nothing is broken, the case keeps what was fully imported. */
export function CancelledNotice({ message, outDir }: CancelledProps) {
  return (
    <div className="notice" role="status" data-testid="run-cancelled">
      <div>
        <strong>Import stopped at your request.</strong> The case keeps every file that was fully imported; nothing half-loaded
        was kept. Run the investigation again with the same output folder to finish the job — files already in the case are
        recognised by their SHA-256 and not imported twice.
      </div>
      <div className="notice-detail muted">
        <span data-testid="cancelled-engine-message">{message}</span>
        <br />
        Output folder <code data-testid="cancelled-out-dir">{outDir}</code>
      </div>
    </div>
  );
}
