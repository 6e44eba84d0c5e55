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
