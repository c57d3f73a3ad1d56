import type { WebContents } from 'electron';

/** Refuses every `<webview>`: the app embeds no guest pages, so one appearing means injected markup. */
export function blockWebviews(contents: Pick<WebContents, 'on'>): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
