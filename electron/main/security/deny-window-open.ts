import type { WebContents } from 'electron';

/** Refuses every `window.open` and target=_blank link: the app never opens a second window. */
export function denyWindowOpen(contents: Pick<WebContents, 'setWindowOpenHandler'>): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
