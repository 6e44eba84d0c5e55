import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startApplication } from '../../portal-server/application';
import { TEST_DATA_KEY } from '../support/test-data-key';
import { lockFile } from '../../shared/db/backup';

// Stopping the server (SIGTERM from the system, an update): what is being answered is answered.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-stop-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('a graceful stop', () => {
  it('takes no new connection, answers the request in flight, then closes the database and frees the lock', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
      DATA_KEY: TEST_DATA_KEY,
      PORT: '0',
      STAFF_PORT: '0',
    };
    delete env.DATABASE_URL;
    const app = await startApplication({ env, port: 0, staffPort: 0 });
    expect(fs.readFileSync(lockFile({ dataDir }), 'utf8')).toBe(String(process.pid));
    const { port } = new URL(app.portalUrl.replace('localhost', '127.0.0.1'));
    // A form half sent when the stop begins.
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const body = 'identifiant=jean&motDePasse=x';
    socket.write(
      `POST /connexion HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    let closed = false;
    const closing = app.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closed).toBe(false); // waiting for the request in flight
    const refused = await new Promise((resolve) => {
      const other = net.connect(Number(port), '127.0.0.1');
      other.once('error', (error: NodeJS.ErrnoException) => resolve(error.code));
      other.once('connect', () => {
        other.destroy();
        resolve('connected');
      });
    });
    expect(refused).toBe('ECONNREFUSED');
    const answer = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk) => {
        text += String(chunk);
      });
      socket.on('close', () => resolve(text));
    });
    socket.write(body.slice(10));
    expect(await answer).toMatch(/^HTTP\/1\.1 \d{3} /);
    await closing;
    expect(fs.existsSync(lockFile({ dataDir }))).toBe(false);
  });
});
