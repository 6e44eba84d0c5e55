import path from 'node:path';

/** Options of the back-office window: the renderer gets only the preload's bridge. */
export function mainWindowOptions(preloadPath: string) {
  return {
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    title: 'Portail Famille — Back-office',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      spellcheck: true,
    },
  } as const;
}

export interface WindowLike {
  once(event: 'ready-to-show', listener: () => void): void;
  show(): void;
  loadURL(url: string): Promise<void>;
  loadFile(file: string): Promise<void>;
  webContents: {
    id: number;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
    on(event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void): void;
  };
}

/** Creates the window and keeps it on the back-office: no pop-ups, no navigation away. */
export async function openMainWindow<W extends WindowLike>(
  BrowserWindow: new (options: ReturnType<typeof mainWindowOptions>) => W,
  paths: { preload: string; rendererDir: string; devServerUrl?: string },
): Promise<W> {
  const window = new BrowserWindow(mainWindowOptions(paths.preload));
  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event, url) => {
    if (!paths.devServerUrl || !url.startsWith(paths.devServerUrl)) event.preventDefault();
  });
  if (paths.devServerUrl) await window.loadURL(paths.devServerUrl);
  else await window.loadFile(path.join(paths.rendererDir, 'index.html'));
  return window;
}
