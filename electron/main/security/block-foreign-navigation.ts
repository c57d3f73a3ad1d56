import type { WebContents } from 'electron';
import { isAppUrl } from '../app-origin.js';

/** Keeps every frame on the app's origin: navigations and redirects anywhere else are cancelled. */
export function blockForeignNavigation(contents: Pick<WebContents, 'on'>): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
}
