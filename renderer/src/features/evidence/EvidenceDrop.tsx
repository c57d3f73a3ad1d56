/**
 * Adding evidence without typing: files or folders dropped on the evidence field, or chosen in the system's dialog.
 * Only the desktop app can do either (its preload gives a dropped file's path, its main process opens the dialog and
 * checks every path); in a browser a drop explains that the path has to be typed or pasted.
 */
import { useState, type DragEvent, type ReactNode } from 'react';
import { api, droppedPaths, hostKind } from '../../bridge.js';

interface Props {
  disabled: boolean;
  onPaths(paths: string[]): void;
  children: ReactNode;
  /** More buttons for the same row (Use demo evidence). */
  actions?: ReactNode;
}

type Message = { tone: 'notice' | 'error'; text: string } | null;

/** Wraps the evidence field: a drop target, and in the app the Choose files / Choose folder buttons. */
export function EvidenceDrop({ disabled, onPaths, children, actions }: Props) {
  const [over, setOver] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const [picking, setPicking] = useState(false);

  function dragOver(e: DragEvent) {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
    setOver(true);
  }

  function drop(e: DragEvent) {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    setOver(false);
    if (disabled) return;
    const files = Array.from(e.dataTransfer.files);
    const paths = droppedPaths(files);
    if (paths === null) {
      const names = files.map((f) => f.name).slice(0, 3).join(', ');
      setMessage({ tone: 'notice', text: `A browser cannot tell Leakscope where ${names || 'a dropped file'} is on disk: type or paste its full path (one per line) in the field above, or drop it in the desktop app.` });
      return;
    }
    if (paths.length === 0) {
      setMessage({ tone: 'error', text: 'What was dropped has no path on disk (a file from another application\'s memory?): save it to a folder first, then drop or choose that.' });
      return;
    }
    setMessage(paths.length < files.length ? { tone: 'notice', text: `${files.length - paths.length} of the dropped items had no path on disk and were left out.` } : null);
    onPaths(paths);
  }

  async function pick(what: 'files' | 'folders') {
    setPicking(true);
    const r = await api['evidence.pick']({ what });
    setPicking(false);
    if (!r.ok) return setMessage({ tone: 'error', text: r.error.message });
    const refused = r.value.refused.map((x) => `${x.path} (${x.reason})`);
    setMessage(refused.length ? { tone: 'error', text: `Left out: ${refused.join('; ')}` } : null);
    if (r.value.paths.length) onPaths(r.value.paths);
  }

  return (
    <div
      className={`evidence-drop${over ? ' evidence-drop-over' : ''}`}
      data-testid="evidence-drop"
      onDragOver={dragOver}
      onDragEnter={dragOver}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      {children}
      <div className="field-actions">
        {actions}
        {hostKind === 'electron' ? (
          <>
            <button type="button" className="button-secondary" data-testid="pick-files" disabled={disabled || picking} onClick={() => void pick('files')}>
              Choose files…
            </button>
            <button type="button" className="button-secondary" data-testid="pick-folders" disabled={disabled || picking} onClick={() => void pick('folders')}>
              Choose folder…
            </button>
            <span className="muted">or drop files and folders here</span>
          </>
        ) : (
          <span className="muted" data-testid="evidence-typed-only">
            Type or paste paths here; drag-and-drop and the file picker are in the desktop app.
          </span>
        )}
      </div>
      {message && (
        <div className={message.tone === 'error' ? 'error-box' : 'notice'} role="alert" data-testid="evidence-drop-message">
          {message.text}
        </div>
      )}
    </div>
  );
}
