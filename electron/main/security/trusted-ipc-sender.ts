import type { IpcMainInvokeEvent } from 'electron';
import { isAppUrl } from '../app-origin.js';

/** Answers IPC only from frames showing the app's own pages; anything else gets UNAUTHORIZED. */
export function isTrustedIpcSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  return isAppUrl(event.senderFrame?.url);
}
