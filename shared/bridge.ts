/**
 * The shape of the bridge the preload exposes as `window.leakscope`, and the IPC naming both
 * sides of it share. Pure data and types, so the sandboxed preload can bundle it alone and the
 * renderer can type `window.leakscope` without importing anything from `electron/`.
 */
import type { Channel } from './channels.js';
import type { Result } from './result.js';

/** The global name the preload exposes the bridge under (`window.leakscope`). */
export const BRIDGE_GLOBAL = 'leakscope';

/** Every IPC channel carries this prefix, so main and preload never answer anyone else's. */
export const IPC_CHANNEL_PREFIX = 'leakscope:';

/** The one object the renderer may use to reach the engine. */
export interface LeakscopeBridge {
  invoke(channel: Channel, payload: unknown): Promise<Result<unknown>>;
  /**
   * The path on disk of a File dropped on the page (Electron's `webUtils.getPathForFile`), null for anything else. Only
   * the desktop app has it: a browser never tells a page where a dropped file lives.
   */
  pathForFile?(file: unknown): string | null;
}

/** Names the IPC channel for a contract channel, so main and preload cannot disagree on it. */
export function ipcChannelName(channel: Channel): string {
  return IPC_CHANNEL_PREFIX + channel;
}
