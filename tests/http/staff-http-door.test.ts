import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffOperationNames } from '../../shared/core/staff-operations';
import { CookieClient } from '../support/http-client';
import { startTestServers, type TestServers } from '../support/test-app';

let servers: TestServers;
beforeAll(async () => {
  servers = await startTestServers();
});
afterAll(async () => {
  await servers?.destroy();
});

describe('the staff HTTP door', () => {
  it.each(staffOperationNames.filter((n) => n !== 'auth.login'))('answers 401 to %s without a staff session', async (name) => {
    const response = await new CookieClient(servers.staffUrl).postStaffApi(name, {});
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ ok: false, error: { type: 'unauthenticated', message: 'Veuillez vous connecter.' } });
  });

  it('refuses a call without its JSON content type and header, as a cross-site form would send it', async () => {
    const response = await fetch(`${servers.staffUrl}/staff-api/auth.login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'username=agent&password=Mairie2015',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('refuses GET on an operation', async () => {
    expect((await fetch(`${servers.staffUrl}/staff-api/families.list`)).status).toBe(405);
  });

  it('logs an agent in with an HttpOnly, SameSite=Strict cookie, then serves the grid', async () => {
    const client = new CookieClient(servers.staffUrl);
    const login = await client.postStaffApi('auth.login', { username: 'agent', password: 'Mairie2015' });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^pf_staff=/);
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=strict/i);
    const page = await client.postStaffApi('families.list', { pageSize: 10, page: 1 });
    const body = await page.json();
    expect(body.value.rows).toHaveLength(10);
    expect(body.value.total).toBe(63);
  });

  it('refuses a bad password with 401 and a French message', async () => {
    const response = await new CookieClient(servers.staffUrl).postStaffApi('auth.login', { username: 'agent', password: 'faux' });
    expect(response.status).toBe(401);
    expect((await response.json()).error.message).toBe('Identifiant ou mot de passe incorrect.');
  });

  it('answers a validation error with 400 and the fields', async () => {
    const client = new CookieClient(servers.staffUrl);
    await client.postStaffApi('auth.login', { username: 'agent', password: 'Mairie2015' });
    const response = await client.postStaffApi('families.create', {
      responsable: { civility: 'Monsieur', lastName: 'A', firstName: 'B', email: 'x' },
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.fields).toEqual({ 'responsable.email': 'Adresse e-mail invalide.' });
  });

  it('is not reachable on the portal’s public port', async () => {
    const response = await new CookieClient(servers.portalUrl).postStaffApi('auth.login', { username: 'agent', password: 'Mairie2015' });
    expect(response.status).toBe(404);
    expect(response.headers.get('set-cookie') ?? '').not.toMatch(/pf_staff/);
  });
});

describe('the staff door and other sites', () => {
  /** node:http, as fetch does not let a page choose its Host header (a rebinding page's browser sends its own name). */
  const raw = (pathname: string, headers: Record<string, string>, body?: string) =>
    new Promise<{ status: number; json: () => unknown }>((resolve, reject) => {
      const url = new URL(servers.staffUrl);
      const request = http.request(
        { host: url.hostname, port: url.port, path: pathname, method: body ? 'POST' : 'GET', headers },
        (response) => {
          let text = '';
          response.on('data', (chunk) => {
            text += chunk;
          });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, json: () => JSON.parse(text) }));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  const login = (headers: Record<string, string>) =>
    raw(
      '/staff-api/auth.login',
      { 'Content-Type': 'application/json', 'X-Staff-Api': '1', ...headers },
      JSON.stringify({ username: 'agent', password: 'Mairie2015' }),
    );

  it('refuses a request whose Host or Origin is not its own (DNS rebinding), before any operation runs', async () => {
    const port = new URL(servers.staffUrl).port;
    const before = Number((await servers.db('login_attempts').count({ n: '*' }).first())?.n);
    for (const headers of [
      { Host: `rebind.attaquant.example:${port}` },
      { Host: `127.0.0.1:${port}`, Origin: `http://rebind.attaquant.example:${port}` },
      { Host: `127.0.0.1:${port}`, Origin: 'null' },
    ] as Array<Record<string, string>>) {
      const response = await login(headers);
      expect(response.status, JSON.stringify(headers)).toBe(421);
      expect(response.json()).toMatchObject({ ok: false, error: { message: 'Requête refusée : adresse du back-office inconnue.' } });
    }
    expect((await raw('/', { Host: 'rebind.attaquant.example' })).status).toBe(421);
    expect(Number((await servers.db('login_attempts').count({ n: '*' }).first())?.n)).toBe(before);
    // Its own names, with or without Origin, still work.
    expect((await login({ Origin: servers.staffUrl })).status).toBe(200);
    expect((await login({ Host: `localhost:${port}`, Origin: `http://localhost:${port}` })).status).toBe(200);
  });

  it('answers 413, in French, to a body over 2 MB', async () => {
    const response = await fetch(`${servers.staffUrl}/staff-api/families.list`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Staff-Api': '1' },
      body: JSON.stringify({ search: 'x'.repeat(3 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      ok: false,
      error: { message: 'Requête refusée : les données envoyées dépassent 2 Mo.' },
    });
  });
});

describe('agents sharing one workstation', () => {
  const attempt = (username: string, password: string) =>
    new CookieClient(servers.staffUrl).postStaffApi('auth.login', { username, password }).then((r) => r.json());

  it('do not lock each other out, while a guesser trying identifiant after identifiant is stopped', async () => {
    await servers.db('login_attempts').delete();
    // Seven colleagues each mistype their password four times: 28 failures from 127.0.0.1.
    for (let colleague = 0; colleague < 7; colleague += 1) {
      for (let i = 0; i < 4; i += 1) await attempt(`collegue${colleague}`, 'faux');
    }
    expect(await attempt('agent', 'Mairie2015')).toMatchObject({ ok: true });
    // One identifiant is locked after five failures, for that identifiant only.
    for (let i = 0; i < 5; i += 1) await attempt('admin', 'faux');
    expect(await attempt('admin', 'faux')).toMatchObject({ error: { message: expect.stringContaining('Trop de tentatives') } });
    expect(await attempt('agent', 'Mairie2015')).toMatchObject({ ok: true });
    // Ten identifiants failed from one address: that address is stopped, whatever it tries next.
    for (let i = 0; i < 3; i += 1) await attempt(`devine${i}`, 'faux');
    expect(await attempt('agent', 'Mairie2015')).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('Trop de tentatives') },
    });
    await servers.db('login_attempts').delete();
  });
});
