/**
 * Notes and bookmarks on one thing in the case (an export, a record, a jurisdiction, the case):
 * listed oldest first, privileged ones marked, and a form to add one. The engine checks the target,
 * records the note in custody and never edits it; a retraction is a new entry.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Note, NoteTarget } from '../../../../shared/notes.js';
import { api } from '../../bridge.js';
import { formatInstant } from '../../format.js';
import './notes.css';

/** The notes on `target`, and the form to add one. */
export function NotesPanel({ caseDir, target, investigator }: { caseDir: string; target: NoteTarget; investigator?: string }) {
  const [notes, setNotes] = useState<Note[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [tags, setTags] = useState('');
  const [privileged, setPrivileged] = useState(false);
  const [saving, setSaving] = useState(false);

  const { kind: targetKind, id: targetId } = target;
  const reload = useCallback(async () => {
    const r = await api['notes.list']({ caseDir, target: { kind: targetKind, id: targetId } });
    if (r.ok) setNotes(r.value.notes);
    else setError(r.error.message);
  }, [caseDir, targetKind, targetId]);

  useEffect(() => {
    void reload();
  }, [reload]);

  async function add(kind: 'note' | 'bookmark') {
    setSaving(true);
    setError(null);
    const r = await api['notes.add']({
      caseDir,
      note: { kind, target, text, tags: tags.split(',').map((t) => t.trim()).filter(Boolean), privileged },
      ...(investigator ? { investigator } : {}),
    });
    setSaving(false);
    if (!r.ok) return setError(r.error.message);
    setText('');
    setTags('');
    setPrivileged(false);
    await reload();
  }

  return (
    <div className="notes" data-testid="notes-panel">
      <h4>Notes {notes && notes.length > 0 && <span className="muted">{notes.length}</span>}</h4>
      {notes && notes.length === 0 && <p className="muted">No notes yet.</p>}
      {notes && notes.length > 0 && (
        <ul className="notes-list">
          {notes.map((n) => (
            <li key={n.id} data-testid="note" data-note-id={n.id} className={n.privileged ? 'note-privileged' : ''}>
              <div className="note-head">
                <span className="mono">{n.id}</span> · {formatInstant(n.at)} · {n.author}
                {n.kind === 'bookmark' && <span className="badge">bookmark</span>}
                {n.privileged && <span className="badge badge-privileged">privileged</span>}
                {n.tags.map((t) => (
                  <span key={t} className="chip">#{t}</span>
                ))}
              </div>
              {n.text && <p className="note-text">{n.text}</p>}
            </li>
          ))}
        </ul>
      )}
      <div className="note-form">
        <textarea data-testid="note-text" aria-label="Note" placeholder="Add a note (recorded in the custody log)" value={text} onChange={(e) => setText(e.target.value)} rows={2} />
        <input data-testid="note-tags" aria-label="Tags" placeholder="tags, comma-separated" value={tags} onChange={(e) => setTags(e.target.value)} />
        <label className="checkbox">
          <input type="checkbox" data-testid="note-privileged" checked={privileged} onChange={(e) => setPrivileged(e.target.checked)} /> Privileged (attorney work product)
        </label>
        <button type="button" className="button-primary" data-testid="note-add" disabled={saving || !text.trim()} onClick={() => void add('note')}>
          Add note
        </button>
        <button type="button" className="button-secondary" data-testid="bookmark-add" disabled={saving} onClick={() => void add('bookmark')}>
          Bookmark
        </button>
      </div>
      {error && (
        <div className="error-box" role="alert" data-testid="note-error">
          {error}
        </div>
      )}
    </div>
  );
}
