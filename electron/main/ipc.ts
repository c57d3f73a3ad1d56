/**
 * The one place Electron IPC reaches the engine. One `ipcMain.handle` per contract channel;
 * every payload goes through `dispatch` (zod validation), and only Results come back.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { ipcChannelName } from '../../shared/bridge.js';
import { CHANNELS } from '../../shared/channels.js';
import type { Handlers } from '../../shared/contract.js';
import { fail, type Result } from '../../shared/result.js';
import { dispatch } from '../engine/dispatch.js';

/** Registers every contract channel under the `leakscope:` prefix, refusing untrusted senders. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: Handlers,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(ipcChannelName(channel), async (event, payload: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event)) {
        return fail('UNAUTHORIZED', `Refused ${channel}: the request did not come from the app's own page`);
      }
      return dispatch(handlers, channel, payload);
    });
  }
}
