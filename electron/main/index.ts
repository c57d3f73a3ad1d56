/**
 * Electron entry point. Before ready: single-instance lock, the app:// scheme, the security
 * rules. On ready: session policy, the renderer's protocol, the IPC handlers, the window.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHandlers } from '../engine/handlers.js';
import { APP_SCHEME } from './app-origin.js';
import { APP_SCHEME_DEFINITION, serveRendererFile } from './app-protocol.js';
import { hostOnlyHandlers } from './hostOnly.js';
import { registerIpc } from './ipc.js';
import { isTrustedIpcSender, lockDownApp, lockDownSession } from './security/index.js';
import { openMainWindow } from './window.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const preloadPath = path.join(here, '../preload/index.cjs');
const rendererDir = path.join(here, '../../renderer');
/** Packaged, resources/ sits unpacked beside app.asar (see electron-builder.yml): DuckDB's native
 *  code reads the demo evidence and cannot see inside the archive. In development: the repo's. */
const resourcesDir = app.isPackaged ? path.join(process.resourcesPath, 'app.asar.unpacked', 'resources') : undefined;

let mainWindow: BrowserWindow | null = null;

/** Opens the window, or brings the existing one forward (second launch, macOS dock click). */
function showMainWindow(): void {
  if (!app.isReady()) return;
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    return;
  }
  mainWindow = openMainWindow(BrowserWindow, preloadPath);
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

/** Everything that needs the app to be ready, in the order it must happen. */
function startOnReady(): void {
  lockDownSession(session.defaultSession);
  protocol.handle(APP_SCHEME, (request) => serveRendererFile(rendererDir, request));
  const engine = createHandlers({ host: 'electron', version: app.getVersion(), resourcesDir, configDir: app.getPath('userData'), warmUp: true });
  registerIpc(ipcMain, { ...engine, ...hostOnlyHandlers({ dialog, shell, platform: process.platform }) }, isTrustedIpcSender);
  showMainWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_DEFINITION]);
  lockDownApp(app);
  app.on('second-instance', showMainWindow);
  app.on('activate', showMainWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app
    .whenReady()
    .then(startOnReady)
    .catch((error: unknown) => {
      console.error('Leakscope failed to start:', error);
      app.exit(1);
    });
}
