import type { StaffDispatcher } from '../shared/core/staff-dispatcher';

export const STAFF_API_CHANNEL = 'staff-api';

/** The part of Electron's ipcMain this door needs (a fake one in tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { sender: { id: number } }, ...args: unknown[]) => Promise<unknown>): void;
}

/**
 * The IPC door: one channel, `invoke(name, input)`, into the same dispatcher as the HTTP door.
 * The session token stays in the main process, one per window: the renderer never sees it.
 */
export function registerStaffIpcDoor(ipcMain: IpcMainLike, dispatch: StaffDispatcher) {
  const sessions = new Map<number, string>();
  ipcMain.handle(STAFF_API_CHANNEL, async (event, name, input) => {
    const windowId = event.sender.id;
    const result = await dispatch({
      name: typeof name === 'string' ? name : '',
      input,
      sessionToken: sessions.get(windowId) ?? null,
      source: 'ipc',
    });
    if (result.sessionToken === null) sessions.delete(windowId);
    else if (result.sessionToken !== undefined) sessions.set(windowId, result.sessionToken);
    return result.response;
  });
  return {
    /** A closed window forgets its session. */
    forgetWindow(windowId: number) {
      sessions.delete(windowId);
    },
  };
}
