import { APPLICATION_NODE_ENV, applicationEnv } from '../portal-server/react-production';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain } from 'electron';
import { startApplication, startupBanner, type Application } from '../portal-server/application';
import { registerStaffIpcDoor } from './ipc-door';
import { openMainWindow } from './window';
import { collectGarbageSooner } from '../shared/runtime/heap-growth';

// The Electron main process: the same servers as `npm run serve`, plus the back-office window
// talking to the core through the IPC door.
let application: Application | undefined;
const here = path.dirname(fileURLToPath(import.meta.url));

async function main() {
  await app.whenReady();
  process.env.PORTAL_STATIC_DIR ??= path.join(app.getAppPath(), 'portal-server', 'static');
  const env = applicationEnv();
  collectGarbageSooner(env);
  application = await startApplication({ rendererDir: path.join(here, '../renderer'), env });
  console.log(startupBanner(application, APPLICATION_NODE_ENV === 'production'));
  const door = registerStaffIpcDoor(ipcMain, application.dispatch);
  const window = await openMainWindow(BrowserWindow, {
    preload: path.join(here, '../preload/index.cjs'),
    rendererDir: path.join(here, '../renderer'),
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
  });
  const windowId = window.webContents.id;
  window.on('closed', () => door.forgetWindow(windowId));
}

app.on('window-all-closed', async () => {
  await application?.close();
  app.quit();
});

main().catch((error) => {
  console.error('Le back-office n’a pas pu démarrer :', error);
  app.exit(1);
});
