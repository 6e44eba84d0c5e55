#!/usr/bin/env node
// `npm start`: build, then open the back-office in Electron; where Electron cannot start
// (no binary, no display), say so in one line and serve the back-office to a browser instead.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function serveInBrowser(reason) {
  const staffPort = process.env.STAFF_PORT || '3001';
  console.log(
    `Electron ne peut pas démarrer ici (${reason}) : le back-office est servi dans le navigateur sur http://127.0.0.1:${staffPort}`,
  );
  // The build's own server (just built above): Node alone, without tsx's compiler in memory.
  const child = spawn(process.execPath, ['out/main/serve.js'], { stdio: 'inherit', env: process.env });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

run(npx, ['electron-vite', 'build', '--logLevel', 'warn']);

const headlessLinux = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1' || headlessLinux) {
  serveInBrowser(headlessLinux ? 'pas d’affichage graphique' : 'binaire Electron non installé');
} else {
  let electronPath;
  try {
    electronPath = require('electron'); // fetches the binary on first launch (Electron 42+)
  } catch {
    electronPath = undefined;
  }
  if (!electronPath) {
    serveInBrowser('binaire Electron introuvable');
  } else {
    const startedAt = Date.now();
    const child = spawn(electronPath, ['.'], { stdio: 'inherit', env: process.env });
    child.on('error', () => serveInBrowser('lancement impossible'));
    child.on('exit', (code) => {
      // A crash in the first seconds means Electron could not run on this machine.
      if (code !== 0 && Date.now() - startedAt < 15_000) serveInBrowser(`Electron s’est arrêté, code ${code}`);
      else process.exit(code ?? 0);
    });
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  }
}
