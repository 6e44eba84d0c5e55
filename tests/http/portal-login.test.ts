import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieClient, csrfFrom } from '../support/http-client';
import { startTestServers, type TestServers } from '../support/test-app';
import { tableRows } from '../support/html-table';

let servers: TestServers;
beforeAll(async () => {
  servers = await startTestServers();
});
afterAll(async () => {
  await servers?.destroy();
});

async function loggedInParent(): Promise<CookieClient> {
  const parent = new CookieClient(servers.portalUrl);
  const page = await (await parent.get('/connexion')).text();
  const response = await parent.postForm('/connexion', { _csrf: csrfFrom(page), login: 'jean.dupont', password: 'Bonbons2015' });
  expect(response.status).toBe(302);
  return parent;
}

describe('« Accès famille »', () => {
  it('shows the manual’s login box', async () => {
    const response = await new CookieClient(servers.portalUrl).get('/connexion');
    const html = await response.text();
    for (const text of [
      'Accès famille',
      'Identifiez-vous pour vous connecter à votre application enfance !',
      'Identifiant',
      'Mot de passe',
      'Mot de passe oublié',
      'Connexion',
    ]) {
      expect(html).toContain(text);
    }
    expect(html).toContain('02 48 66 61 61');
  });

  it('sends security headers with every page', async () => {
    const response = await fetch(`${servers.portalUrl}/connexion`);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('refuses a wrong password with a clear message and opens no session', async () => {
    const parent = new CookieClient(servers.portalUrl);
    const page = await (await parent.get('/connexion')).text();
    const response = await parent.postForm('/connexion', { _csrf: csrfFrom(page), login: 'jean.dupont', password: 'Mauvais2015' });
    expect(response.status).toBe(401);
    const html = await response.text();
    expect(html).toContain('Identifiant ou mot de passe incorrect.');
    expect(html).toContain('value="jean.dupont"'); // the identifiant typed is kept
    expect(parent.cookie('pf_session')).toBeUndefined();
  });

  it('asks for both fields when one is empty', async () => {
    const parent = new CookieClient(servers.portalUrl);
    const page = await (await parent.get('/connexion')).text();
    const response = await parent.postForm('/connexion', { _csrf: csrfFrom(page), login: 'jean.dupont', password: '' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Veuillez saisir votre identifiant et votre mot de passe.');
  });

  it('refuses a login form without its CSRF token, even with the right password', async () => {
    const parent = new CookieClient(servers.portalUrl);
    await parent.get('/connexion');
    const response = await parent.postForm('/connexion', { login: 'jean.dupont', password: 'Bonbons2015' });
    expect(response.status).toBe(403);
    expect(parent.cookie('pf_session')).toBeUndefined();
  });

  it('opens an HttpOnly SameSite=Lax session and shows the home page', async () => {
    const parent = new CookieClient(servers.portalUrl);
    const page = await (await parent.get('/connexion')).text();
    const response = await parent.postForm('/connexion', { _csrf: csrfFrom(page), login: 'Jean.Dupont', password: 'Bonbons2015' });
    expect(response.headers.get('location')).toBe('/accueil');
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('pf_session='))!;
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=lax/i);
    const home = await (await parent.get('/accueil')).text();
    expect(home).toContain('Bienvenue <strong>JEAN DUPONT</strong>, vous avez <a href="/boite-de-reception">1 Nouveau(x) Message(s)</a>');
    expect(home).toContain('Lundi 30 Novembre 2026');
  });
});

describe('the home page (« Onglet Accueil »)', () => {
  it('shows the Responsable card, the balance and the unpaid invoice AL-23', async () => {
    const parent = await loggedInParent();
    const html = await (await parent.get('/accueil')).text();
    expect(html).toContain('Bienvenue sur le Portail Famille');
    expect(html).toMatch(/Civilité :<\/dt><dd>Monsieur/);
    expect(html).toMatch(/N° Famille :<\/dt><dd>1001001010331/);
    expect(html).toContain('Votre compte présente un solde de <strong>40.20 €</strong>, à régler.');
    expect(tableRows(html)).toContainEqual(['AL-23', '05/11/2026', '31/12/2026', '40.20']);
    expect(html).toContain('FACTURES = 40.20');
    expect(html).not.toContain('GP-63'); // paid in full
    // The balance is followed here: the note says what the trésorerie follows, never that nothing is.
    expect(html).toContain('adressez-vous à la trésorerie des Aix d&#x27;Angillon au');
    expect(html).not.toContain('ne sera pas possible');
    for (const tab of [
      'Accueil',
      'Mon compte',
      'Mes enfants',
      'Relevé de compte',
      'Boîte de réception',
      'Liste des demandes',
      'Déconnexion',
    ]) {
      expect(html).toContain(`>${tab}<`);
    }
  });

  it('says in words what the balance means when a payment waits to be set against an invoice', async () => {
    const parent = await loggedInParent();
    const family = (await servers.db('families').where({ family_number: '1001001010331' }).first('id')).id;
    const [row] = await servers
      .db('payments')
      .insert({
        family_id: family,
        type: 'virement',
        reference: 'Virement sans référence',
        paid_on: '2026-11-28',
        amount_cents: 5_000,
        created_at: '2026-11-28T10:00:00.000Z',
      })
      .returning('id');
    try {
      const html = await (await parent.get('/accueil')).text();
      expect(html).toContain(
        'Votre compte présente un solde de <strong>9.80 €</strong> en votre faveur : il sera déduit de vos prochaines factures.',
      );
      expect(html).toContain('Vos factures impayées s’élèvent à 40.20 € : 50.00 € déjà réglés n’y sont pas encore affectés');
    } finally {
      await servers
        .db('payments')
        .where({ id: typeof row === 'object' ? row.id : row })
        .del();
    }
  });

  it('answers an unknown address with a French page and the same security headers', async () => {
    const response = await fetch(`${servers.portalUrl}/wp-admin/../etc/passwd`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await response.text();
    expect(html).toContain('Page introuvable');
    expect(html).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('sends a visitor without a session back to the login page', async () => {
    const response = await new CookieClient(servers.portalUrl).get('/accueil');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/connexion?fin=expiree');
  });
});

describe('« Déconnexion »', () => {
  it('needs the page’s CSRF token: a forged logout changes nothing', async () => {
    const parent = await loggedInParent();
    const response = await parent.postForm('/deconnexion', {});
    expect(response.status).toBe(403);
    expect((await parent.get('/accueil')).status).toBe(200);
  });

  it('destroys the session and returns to the login page', async () => {
    const parent = await loggedInParent();
    const token = parent.cookie('pf_session')!;
    const home = await (await parent.get('/accueil')).text();
    const response = await parent.postForm('/deconnexion', { _csrf: csrfFrom(home) });
    expect(response.headers.get('location')).toBe('/connexion?fin=deconnexion');
    const stale = await fetch(`${servers.portalUrl}/accueil`, { headers: { Cookie: `pf_session=${token}` }, redirect: 'manual' });
    expect(stale.status).toBe(302);
    expect(await (await parent.get('/connexion?fin=deconnexion')).text()).toContain('Vous êtes déconnecté(e).');
  });
});
