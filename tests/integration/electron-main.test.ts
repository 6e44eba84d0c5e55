import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// The Electron binary cannot run on the build machines: the main process is exercised with a
// fake `electron` module that records what it is asked to do.
const recorded = vi.hoisted(() => ({
  handlers: new Map<string, (event: { sender: { id: number } }, ...args: unknown[]) => Promise<unknown>>(),
  windows: [] as Array<{ options: any; loaded: string[] }>,
  appEvents: new Map<string, () => unknown>(),
}));

vi.mock('electron', () => {
  class BrowserWindow {
    loaded: string[] = [];
    webContents = { id: 42, setWindowOpenHandler() {}, on() {} };
    constructor(readonly options: unknown) {
      recorded.windows.push(this as never);
    }
    once() {}
    on() {}
    show() {}
    async loadURL(url: string) {
      this.loaded.push(url);
    }
    async loadFile(file: string) {
      this.loaded.push(file);
    }
  }
  return {
    app: {
      whenReady: async () => undefined,
      getAppPath: () => process.cwd(),
      on: (event: string, listener: () => unknown) => {
        recorded.appEvents.set(event, listener);
      },
      quit() {},
      exit() {},
    },
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, listener: never) => {
        recorded.handlers.set(channel, listener);
      },
    },
  };
});

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-electron-'));
const savedEnv = { ...process.env };
Object.assign(process.env, { DATA_DIR: dataDir, PORT: '0', STAFF_PORT: '0' });
delete process.env.DATABASE_URL;

afterAll(async () => {
  await recorded.appEvents.get('window-all-closed')?.();
  process.env = savedEnv;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the Electron main process', () => {
  it('starts the servers on a new demo database, registers the IPC door and opens an isolated window', async () => {
    await import('../../src-main/index');
    await vi.waitFor(() => expect(recorded.windows).toHaveLength(1), { timeout: 20_000, interval: 100 });
    const [window] = recorded.windows;
    expect(window!.options.webPreferences).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true });
    expect(window!.options.webPreferences.preload).toMatch(/preload[\\/]index\.cjs$/);
    expect(window!.loaded[0]).toMatch(/renderer[\\/]index\.html$/);
    expect(fs.existsSync(path.join(dataDir, 'portail-famille.sqlite'))).toBe(true);

    const invoke = recorded.handlers.get('staff-api')!;
    expect(await invoke({ sender: { id: 42 } }, 'families.list', {})).toMatchObject({ ok: false, error: { type: 'unauthenticated' } });
    expect(await invoke({ sender: { id: 42 } }, 'auth.login', { username: 'agent', password: 'Mairie2015' })).toMatchObject({ ok: true });
    expect(await invoke({ sender: { id: 42 } }, 'families.list', { search: 'dupont' })).toMatchObject({ ok: true, value: { total: 1 } });
  });
});
