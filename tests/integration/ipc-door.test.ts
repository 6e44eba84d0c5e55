import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerStaffIpcDoor, STAFF_API_CHANNEL, type IpcMainLike } from '../../src-main/ipc-door';
import { mainWindowOptions, openMainWindow, type WindowLike } from '../../src-main/window';
import { staffOperationNames } from '../../shared/core/staff-operations';
import { createTestCore, type TestCore } from '../support/test-app';

/** A stand-in for Electron's ipcMain: records handlers and lets a test invoke them as a window would. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: { sender: { id: number } }, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: { sender: { id: number } }, ...args: unknown[]) => Promise<unknown>) {
    this.handlers.set(channel, listener);
  }
  invoke(windowId: number, name: string, input: unknown) {
    const handler = this.handlers.get(STAFF_API_CHANNEL);
    if (!handler) throw new Error('no handler');
    return handler({ sender: { id: windowId } }, name, input) as Promise<{ ok: boolean; value?: any; error?: any }>;
  }
}

let core: TestCore;
let ipc: FakeIpcMain;
let door: ReturnType<typeof registerStaffIpcDoor>;

beforeAll(async () => {
  core = await createTestCore();
  ipc = new FakeIpcMain();
  door = registerStaffIpcDoor(ipc, core.dispatch);
});
afterAll(async () => {
  await core?.destroy();
});

describe('the IPC door', () => {
  it('registers one channel', () => {
    expect([...ipc.handlers.keys()]).toEqual([STAFF_API_CHANNEL]);
  });

  it.each(staffOperationNames.filter((n) => n !== 'auth.login'))('refuses %s to a window that has not logged in', async (name) => {
    expect(await ipc.invoke(1, name, {})).toEqual({ ok: false, error: { type: 'unauthenticated', message: 'Veuillez vous connecter.' } });
  });

  it('keeps the session per window, in the main process', async () => {
    const login = await ipc.invoke(7, 'auth.login', { username: 'agent', password: 'Mairie2015' });
    expect(login).toMatchObject({ ok: true, value: { username: 'agent' } });
    expect(JSON.stringify(login)).not.toMatch(/token/i); // the renderer never holds the token
    const page = await ipc.invoke(7, 'families.list', { pageSize: 5, search: 'dupont' });
    expect(page).toMatchObject({ ok: true, value: { total: 1, rows: [{ responsableName: 'DUPONT JEAN' }] } });
    expect((await ipc.invoke(8, 'families.list', {})).ok).toBe(false); // another window is not logged in
  });

  it('forgets the session at logout and when the window closes', async () => {
    await ipc.invoke(9, 'auth.login', { username: 'agent', password: 'Mairie2015' });
    await ipc.invoke(9, 'auth.logout', {});
    expect((await ipc.invoke(9, 'auth.me', {})).ok).toBe(false);
    await ipc.invoke(10, 'auth.login', { username: 'agent', password: 'Mairie2015' });
    door.forgetWindow(10);
    expect((await ipc.invoke(10, 'auth.me', {})).ok).toBe(false);
  });

  it('passes French validation errors through unchanged', async () => {
    await ipc.invoke(11, 'auth.login', { username: 'agent', password: 'Mairie2015' });
    const result = await ipc.invoke(11, 'families.create', { responsable: { civility: 'Monsieur', lastName: '', firstName: 'A' } });
    expect(result).toMatchObject({
      ok: false,
      error: { type: 'validation', fields: { 'responsable.lastName': 'Le nom est obligatoire.' } },
    });
  });
});

describe('the back-office window', () => {
  it('isolates the renderer: context isolation and sandbox on, Node integration off', () => {
    const options = mainWindowOptions('/app/out/preload/index.cjs');
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      preload: '/app/out/preload/index.cjs',
    });
  });

  it('opens the built back-office, refuses pop-ups and navigation away', async () => {
    const calls: string[] = [];
    let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
    let navigate: ((e: { preventDefault(): void }, url: string) => void) | undefined;
    class FakeWindow implements WindowLike {
      webContents = {
        id: 1,
        setWindowOpenHandler: (h: typeof openHandler) => {
          openHandler = h;
        },
        on: (_event: 'will-navigate', l: typeof navigate) => {
          navigate = l;
        },
      };
      constructor(readonly options: ReturnType<typeof mainWindowOptions>) {}
      once() {}
      show() {}
      async loadURL(url: string) {
        calls.push(`url:${url}`);
      }
      async loadFile(file: string) {
        calls.push(`file:${file}`);
      }
    }
    await openMainWindow(FakeWindow as never, { preload: '/p.cjs', rendererDir: '/app/out/renderer' });
    expect(calls).toEqual(['file:/app/out/renderer/index.html']);
    expect(openHandler!({ url: 'https://exemple.fr' })).toEqual({ action: 'deny' });
    let prevented = false;
    navigate!(
      {
        preventDefault: () => {
          prevented = true;
        },
      },
      'https://exemple.fr',
    );
    expect(prevented).toBe(true);
  });
});
