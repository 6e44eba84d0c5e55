import { type ChildProcess, spawn } from 'node:child_process';
import { TEST_DATA_KEY } from './test-data-key';

/** An `npm run serve` process for a test: its output, and its two addresses once the banner is printed. */
export interface ServeProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the portal's and the staff door's addresses when the server is up. */
  ready: Promise<{ portalUrl: string; staffUrl: string }>;
  /** Resolves when the process has exited. */
  exited: Promise<unknown>;
}

/** The sources under tsx's loader; the built server (`npm run serve`) is `['out/main/serve.js']`. */
const FROM_SOURCES = ['--import', 'tsx', 'portal-server/serve.ts'];

/**
 * Starts the server as Node itself (not the tsx command: a SIGKILL must reach the server, not a
 * wrapper whose node child would live on).
 */
export function spawnServe(env: NodeJS.ProcessEnv, nodeArgs: string[] = FROM_SOURCES): ServeProcess {
  // The tests' key unless the test says otherwise: processes sharing a database share its key.
  const child = spawn(process.execPath, nodeArgs, { env: { DATA_KEY: TEST_DATA_KEY, ...env } });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<{ portalUrl: string; staffUrl: string }>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`pas de bannière : ${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk;
      const portal = /Portail des familles : (\S+)/.exec(output);
      const staff = /Back-office \(navigateur\) : (\S+)/.exec(output);
      if (portal && staff) {
        clearTimeout(timer);
        resolve({ portalUrl: portal[1]!.replace('localhost', '127.0.0.1'), staffUrl: staff[1]! });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk) => {
      output += chunk;
    });
    // Stopped before its banner: said at once, not after the timeout (a no-op once ready).
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`arrêté avant sa bannière : ${output}`));
    });
  });
  // A process killed before its banner (on purpose, in the crash tests) is not ready, and nobody waits for it.
  ready.catch(() => undefined);
  return { child, output: () => output, ready, exited };
}
