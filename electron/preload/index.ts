/**
 * The sandboxed preload: exposes exactly `window.leakscope.invoke(channel, payload)`. A channel
 * outside the contract is refused here, without touching IPC; allowed ones go to main under
 * the `leakscope:` prefix, where the payload is validated. Imports only `electron` and shared/.
 */
import { contextBridge, ipcRenderer } from 'electron';
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
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
