/**
 * The sandboxed preload: exposes exactly `window.leakscope.invoke(channel, payload)` and `pathForFile(file)` (the
 * path of a file dropped on the page, from Electron's webUtils). A channel
 * outside the contract is refused here, without touching IPC; allowed ones go to main under
 * the `leakscope:` prefix, where the payload is validated. Imports only `electron` and shared/.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { BRIDGE_GLOBAL, ipcChannelName, type LeakscopeBridge } from '../../shared/bridge.js';
import { isChannel } from '../../shared/channels.js';
import type { Result } from '../../shared/result.js';

const bridge: LeakscopeBridge = {
  async invoke(channel, payload): Promise<Result<unknown>> {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'BAD_REQUEST', message: `Unknown channel: ${String(channel).slice(0, 80)}` } };
    }
    try {
      return (await ipcRenderer.invoke(ipcChannelName(channel), payload)) as Result<unknown>;
    } catch (e) {
      const message = typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : String(e);
      return { ok: false, error: { code: 'INTERNAL', message: `IPC failed for ${channel}: ${message}` } };
    }
  },
  pathForFile(file): string | null {
    try {
      const p = webUtils.getPathForFile(file as File);
      return typeof p === 'string' && p.length > 0 ? p : null;
    } catch {
      return null; // not a File (webUtils throws), or one with no path on disk
    }
  },
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
