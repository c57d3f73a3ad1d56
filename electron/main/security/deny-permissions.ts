import type { Session } from 'electron';

/** Denies camera, notifications, clipboard, geolocation and every other web permission, asked or checked. */
export function denyPermissionRequests(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
