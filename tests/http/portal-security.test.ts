import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CookieClient, csrfFrom } from '../support/http-client';
import { startTestServers, TEST_NOW, type TestServers } from '../support/test-app';
import { TestClock } from '../support/test-clock';
import { lastLinkTo as lastLinkIn } from '../support/outbox';
import { forgetReferenceData } from '../../shared/core/reference/reference-data';

let servers: TestServers;
let clock: TestClock;
let agentToken: string;

const TABS = [
  '/accueil',
  '/mon-compte',
  '/mes-enfants',
  '/releve-de-compte',
  '/boite-de-reception',
  '/liste-des-demandes',
  '/infos-documents',
  '/fiche-inscription',
];

async function staffLogin(): Promise<string> {
  const login = await servers.dispatch({
    name: 'auth.login',
    input: { username: 'agent', password: 'Mairie2015' },
    sessionToken: null,
    source: '127.0.0.1',
  });
  return login.sessionToken!;
}

/** Calls the staff API as the demo agent, logging in again when the test clock ended the session. */
async function staff(name: string, input: unknown) {
  let result = await servers.dispatch({ name, input, sessionToken: agentToken, source: '127.0.0.1' });
  if (!result.response.ok && result.response.error.type === 'unauthenticated') {
    agentToken = await staffLogin();
    result = await servers.dispatch({ name, input, sessionToken: agentToken, source: '127.0.0.1' });
  }
  if (!result.response.ok) throw new Error(result.response.error.message);
  return result.response.value as any;
}

async function loginPage(client: CookieClient) {
  return csrfFrom(await (await client.get('/connexion')).text());
}

async function tryLogin(login: string, password: string, client = new CookieClient(servers.portalUrl)) {
  const response = await client.postForm('/connexion', { _csrf: await loginPage(client), login, password });
  return { client, response, html: response.status === 302 ? '' : await response.text() };
}

async function loggedIn(login: string, password: string) {
  const { client, response } = await tryLogin(login, password);
  expect(response.status).toBe(302);
  return client;
}

const lastLinkTo = (address: string) => lastLinkIn(servers.db, address);

/** Demo households whose responsable has an e-mail address and no portal account yet. */
async function familiesWithEmail(count: number): Promise<number[]> {
  const rows = await servers
    .db('families as f')
    .join('family_adults as a', function () {
      this.on('a.family_id', '=', 'f.id').andOnVal('a.role', '=', 'responsable');
    })
    .leftJoin('portal_accounts as p', 'p.family_id', 'f.id')
    .whereNull('p.id')
    .whereNot('a.email', '')
    .where('f.family_number', '>=', '1001001010400')
    .orderBy('f.id')
    .limit(count)
    .select('f.id');
  return rows.map((r) => r.id);
}

async function familyId(number: string): Promise<number> {
  return (await servers.db('families').where({ family_number: number }).first('id')).id;
}

beforeAll(async () => {
  clock = new TestClock(TEST_NOW);
  servers = await startTestServers({ clock });
  agentToken = await staffLogin();
});
afterAll(async () => {
  await servers?.destroy();
});

describe('password rules on the « Changer mot de passe » form', () => {
  it.each([
    ['Bon2015', 'Le mot de passe doit contenir au moins 8 caractères.'],
    ['bonbons2016', 'Le mot de passe doit contenir au moins 1 majuscule.'],
    ['BONBONS2016', 'Le mot de passe doit contenir au moins 1 minuscule.'],
    ['Bonbonsdeux', 'Le mot de passe doit contenir au moins 1 caractère numérique.'],
    ['Marie.Martin2016', 'Le mot de passe ne doit pas contenir votre identifiant.'],
    ['Azerty123', 'Ce mot de passe est trop courant : choisissez-en un autre.'],
  ])('refuses « %s » with « %s » next to the field, and keeps the old password', async (password, message) => {
    const parent = await loggedIn('marie.martin', 'Cantine2015');
    const form = await (await parent.get('/changer-mot-de-passe')).text();
    const response = await parent.postForm('/changer-mot-de-passe', {
      _csrf: csrfFrom(form),
      current: 'Cantine2015',
      password,
      confirm: password,
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(`<p class="field-error" id="password-error">${message}</p>`);
    expect(html).toMatch(/id="password"[^>]*aria-invalid="true"[^>]*aria-describedby="password-rules password-error"/);
    expect((await tryLogin('marie.martin', 'Cantine2015')).response.status).toBe(302);
  });

  it('asks for the current password and a matching confirmation', async () => {
    const parent = await loggedIn('marie.martin', 'Cantine2015');
    const csrf = csrfFrom(await (await parent.get('/changer-mot-de-passe')).text());
    const wrongCurrent = await (
      await parent.postForm('/changer-mot-de-passe', { _csrf: csrf, current: 'Faux2015', password: 'Gouter2026x', confirm: 'Gouter2026x' })
    ).text();
    expect(wrongCurrent).toContain('<p class="field-error" id="current-error">Le mot de passe actuel est incorrect.</p>');
    const mismatch = await (
      await parent.postForm('/changer-mot-de-passe', {
        _csrf: csrf,
        current: 'Cantine2015',
        password: 'Gouter2026x',
        confirm: 'Gouter2026y',
      })
    ).text();
    expect(mismatch).toContain('Les deux mots de passe saisis ne sont pas identiques.');
    const everything = await (
      await parent.postForm('/changer-mot-de-passe', { _csrf: csrf, current: 'Faux2015', password: 'abc', confirm: 'abd' })
    ).text();
    expect(everything).toContain('id="current-error">Le mot de passe actuel est incorrect.');
    expect(everything).toContain('id="password-error">Le mot de passe doit contenir au moins 8 caractères.');
    expect(everything).toContain('id="confirm-error">Les deux mots de passe saisis ne sont pas identiques.');
  });
});

describe('a password an agent gives by phone must be changed at first login', () => {
  let neighbour: number;
  beforeAll(async () => {
    neighbour = await familyId('1001001010400');
    await staff('portalAccounts.create', { familyId: neighbour, login: 'famille.voisine' });
    await staff('portalAccounts.setTemporaryPassword', { familyId: neighbour, password: 'Provisoire2026' });
  });

  it('sends every portal page to the password change until it is done', async () => {
    const { client, response } = await tryLogin('famille.voisine', 'Provisoire2026');
    expect(response.headers.get('location')).toBe('/changer-mot-de-passe');
    for (const url of [...TABS, '/mes-enfants/1', '/factures/AL-23', '/messages/1', '/connexion']) {
      const page = await client.get(url);
      expect({ url, status: page.status, location: page.headers.get('location') }).toEqual({
        url,
        status: 302,
        location: '/changer-mot-de-passe',
      });
    }
    const form = await (await client.get('/changer-mot-de-passe')).text();
    expect(form).toContain('vous devez choisir un nouveau mot de passe avant de continuer');
    expect(form).not.toContain('href="/mon-compte"'); // no tab bar until it is done
    expect((await client.postForm('/demandes/1/retirer', { _csrf: csrfFrom(form) })).status).toBe(403);

    const done = await client.postForm('/changer-mot-de-passe', {
      _csrf: csrfFrom(form),
      current: 'Provisoire2026',
      password: 'Goûter-2026',
      confirm: 'Goûter-2026',
    });
    expect(done.headers.get('location')).toBe('/changer-mot-de-passe?fait=1');
    expect((await client.get('/accueil')).status).toBe(200);
    expect((await tryLogin('famille.voisine', 'Provisoire2026')).response.status).toBe(401);
    expect((await tryLogin('famille.voisine', 'Goûter-2026')).response.headers.get('location')).toBe('/accueil');
  });
});

describe('« Mot de passe oublié »', () => {
  it('answers the same for a known and an unknown identifiant, and e-mails only the known one', async () => {
    const before = Number((await servers.db('email_outbox').count<{ n: number }[]>({ n: '*' }).first())!.n);
    const answers: string[] = [];
    for (const login of ['jean.dupont', 'personne.inconnue']) {
      const client = new CookieClient(servers.portalUrl);
      const form = await (await client.get('/mot-de-passe-oublie')).text();
      const response = await client.postForm('/mot-de-passe-oublie', { _csrf: csrfFrom(form), login });
      expect(response.headers.get('location')).toBe('/mot-de-passe-oublie?envoye=1');
      answers.push(await (await client.get('/mot-de-passe-oublie?envoye=1')).text());
    }
    expect(answers[0]).toBe(answers[1]);
    expect(answers[0]).toContain('Si cet identifiant correspond à un compte actif');
    const after = Number((await servers.db('email_outbox').count<{ n: number }[]>({ n: '*' }).first())!.n);
    expect(after - before).toBe(1);
    const mail = await servers.db('email_outbox').orderBy('id', 'desc').first();
    expect(mail.to_address).toBe('jean.dupont@wanadoo.fr');
    expect(mail.text_body).not.toMatch(/Bonbons2015/);
  });

  it('gives a link that works once', async () => {
    const link = await lastLinkTo('jean.dupont@wanadoo.fr');
    const client = new CookieClient(servers.portalUrl);
    const page = await client.get(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const form = await page.text();
    const weak = await client.postForm(link, { _csrf: csrfFrom(form), password: 'bonbons', confirm: 'bonbons' });
    expect(weak.status).toBe(400);
    expect(await weak.text()).toContain('Le mot de passe doit contenir au moins 1 majuscule.');
    const done = await client.postForm(link, { _csrf: csrfFrom(form), password: 'Tartine-Chocolat26', confirm: 'Tartine-Chocolat26' });
    expect(done.headers.get('location')).toBe('/connexion?fin=active');
    expect((await client.get(link)).status).toBe(410);
    const again = await client.postForm(link, { _csrf: csrfFrom(form), password: 'Tartine-Confiture26', confirm: 'Tartine-Confiture26' });
    expect(again.status).toBe(410);
    expect((await tryLogin('jean.dupont', 'Tartine-Chocolat26')).response.status).toBe(302);
    expect((await tryLogin('jean.dupont', 'Tartine-Confiture26')).response.status).toBe(401);
  });

  it('sends each e-mail once when four requests arrive together', async () => {
    const emlCount = () => fs.readdirSync(servers.outboxDir).filter((f) => f.endsWith('.eml')).length;
    const filesBefore = emlCount();
    const before = Number((await servers.db('email_outbox').max<{ id: number }[]>({ id: 'id' }).first())?.id ?? 0);
    const clients = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const client = new CookieClient(servers.portalUrl);
        return { client, csrf: csrfFrom(await (await client.get('/mot-de-passe-oublie')).text()) };
      }),
    );
    await Promise.all(clients.map(({ client, csrf }) => client.postForm('/mot-de-passe-oublie', { _csrf: csrf, login: 'marie.martin' })));
    const queued = () => servers.db('email_outbox').where('id', '>', before);
    // Deliveries run after each answer: wait until none is left to send.
    for (let i = 0; i < 100 && (await queued().clone().whereIn('status', ['pending', 'sending']).first()); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const rows = await queued().select('status');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(emlCount() - filesBefore).toBe(rows.length);
  });

  it('gives a link that expires after one hour', async () => {
    const client = new CookieClient(servers.portalUrl);
    const form = await (await client.get('/mot-de-passe-oublie')).text();
    await client.postForm('/mot-de-passe-oublie', { _csrf: csrfFrom(form), login: 'jean.dupont' });
    const link = await lastLinkTo('jean.dupont@wanadoo.fr');
    clock.advanceMinutes(59);
    expect((await client.get(link)).status).toBe(200);
    clock.advanceMinutes(2);
    const expired = await client.get(link);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('Ce lien n’est plus valable');
  });
});

describe('account activation by e-mail', () => {
  it('sends a one-time link, never a password, and activates the account', async () => {
    const [family] = await familiesWithEmail(1);
    const account = await staff('portalAccounts.create', { familyId: family });
    expect(account.status).toBe('pending');
    const adult = await servers.db('family_adults').where({ family_id: family, role: 'responsable' }).first('email');
    const mail = await servers.db('email_outbox').where({ to_address: adult.email }).orderBy('id', 'desc').first();
    expect(mail.text_body).toContain(`Votre identifiant : ${account.login}`);
    expect(mail.text_body).not.toMatch(/mot de passe\s*:/i);
    const link = await lastLinkTo(adult.email);
    expect(link).toMatch(/^\/activation\/[A-Za-z0-9_-]{43}$/);
    expect((await tryLogin(account.login, 'Goûter-Mercredi7')).response.status).toBe(401); // not active yet
    const client = new CookieClient(servers.portalUrl);
    const form = await (await client.get(link)).text();
    const done = await client.postForm(link, { _csrf: csrfFrom(form), password: 'Goûter-Mercredi7', confirm: 'Goûter-Mercredi7' });
    expect(done.headers.get('location')).toBe('/connexion?fin=active');
    expect((await tryLogin(account.login, 'Goûter-Mercredi7')).response.status).toBe(302);
    expect((await staff('portalAccounts.get', { familyId: family })).status).toBe('active');
  });

  it('lets an agent resend the link (the old one stops working), change the identifiant and disable the account', async () => {
    const [family, other] = await familiesWithEmail(2);
    const account = await staff('portalAccounts.create', { familyId: family });
    const adult = await servers.db('family_adults').where({ family_id: family, role: 'responsable' }).first('email');
    const first = await lastLinkTo(adult.email);
    await staff('portalAccounts.sendActivation', { familyId: family });
    const second = await lastLinkTo(adult.email);
    expect(second).not.toBe(first);
    expect((await new CookieClient(servers.portalUrl).get(first)).status).toBe(410);
    const renamed = await staff('portalAccounts.regenerateLogin', { familyId: family, login: 'nouvel.identifiant' });
    expect(renamed.login).toBe('nouvel.identifiant');
    await expect(staff('portalAccounts.create', { familyId: family })).rejects.toThrow('Cette famille a déjà un compte portail.');
    await expect(staff('portalAccounts.create', { familyId: other, login: 'nouvel.identifiant' })).rejects.toThrow(
      "L'identifiant « nouvel.identifiant » est déjà utilisé.",
    );
    const disabled = await staff('portalAccounts.disable', { familyId: family });
    expect(disabled.status).toBe('disabled');
    expect((await new CookieClient(servers.portalUrl).get(await lastLinkTo(adult.email))).status).toBe(410);
    expect(account.login).not.toBe('nouvel.identifiant');
  });
});

describe('lockout against guessing', () => {
  // Each case starts from identifiants and an address with no failure behind them (the form tests above leave some).
  const forgetFailures = async () => {
    await servers.db('portal_login_lockouts').delete();
    await servers.db('login_attempts').delete();
  };
  beforeEach(forgetFailures);
  afterAll(forgetFailures);
  it('locks the identifiant after 5 failures, says so even with the right password, and unlocks after the delay', async () => {
    for (let i = 1; i <= 4; i += 1) {
      expect((await tryLogin('marie.martin', `Mauvais${i}x`)).html).toContain('Identifiant ou mot de passe incorrect.');
    }
    const fifth = await tryLogin('marie.martin', 'Mauvais5x');
    expect(fifth.html).toContain('cet identifiant est bloqué pour 5 minutes');
    const right = await tryLogin('marie.martin', 'Cantine2015');
    expect(right.response.status).toBe(401);
    expect(right.html).toContain('cet identifiant est bloqué pour 5 minutes');
    clock.advanceMinutes(5);
    expect((await tryLogin('marie.martin', 'Cantine2015')).response.status).toBe(302);
    const actions = (await servers.db('audit_log').where({ actor_label: 'marie.martin' }).select('action')).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(['portal.login.failed', 'portal.login.lockout', 'portal.login.refused_locked', 'portal.login']),
    );
  });

  it('locks longer each time', async () => {
    for (let round = 0; round < 2; round += 1) {
      for (let i = 1; i <= 5; i += 1) await tryLogin('marie.martin', `Mauvais${i}x`);
      const locked = await tryLogin('marie.martin', 'Cantine2015');
      expect(locked.html).toContain(round === 0 ? 'bloqué pour 5 minutes' : 'bloqué pour 15 minutes');
      clock.advanceMinutes(round === 0 ? 5 : 15);
    }
    expect((await tryLogin('marie.martin', 'Cantine2015')).response.status).toBe(302);
  });

  it('answers an unknown identifiant exactly like a known one, at every attempt and in every countdown', async () => {
    // Two rounds of lockout, then a minute into the second lock: the same page for both, word for word.
    const answers = async (login: string) => {
      const seen: Array<[number, string]> = [];
      for (let round = 0; round < 2; round += 1) {
        for (let i = 1; i <= 6; i += 1) {
          const { response, html } = await tryLogin(login, `Mauvais${i}x`);
          seen.push([response.status, /<p class="error"[^>]*>([^<]*)</.exec(html)?.[1] ?? '']);
        }
        clock.advanceMinutes(1);
        const { response, html } = await tryLogin(login, 'Mauvais7x');
        seen.push([response.status, /<p class="error"[^>]*>([^<]*)</.exec(html)?.[1] ?? '']);
        clock.advanceMinutes(round === 0 ? 4 : 14);
      }
      return seen;
    };
    const known = await answers('marie.martin');
    const unknown = await answers('inconnu.total');
    expect(unknown).toEqual(known);
    expect(known.map(([, text]) => text)).toContain(
      'Trop de tentatives de connexion infructueuses : cet identifiant est bloqué pour 14 minutes. Réessayez plus tard ou utilisez « Mot de passe oublié ».',
    );
    expect((await tryLogin('marie.martin', 'Cantine2015')).response.status).toBe(302);
  });

  it('counts wrong current passwords in « Changer mot de passe » as failed logins: same lockout, same audit', async () => {
    const wrongCurrent = () => servers.db('audit_log').where({ actor_label: 'marie.martin', action: 'portal.password.wrong_current' });
    const before = (await wrongCurrent()).length;
    const client = await loggedIn('marie.martin', 'Cantine2015');
    for (let i = 1; i <= 4; i += 1) {
      const page = await (await client.get('/changer-mot-de-passe')).text();
      const answer = await client.postForm('/changer-mot-de-passe', {
        _csrf: csrfFrom(page),
        current: `Devine${i}x`,
        password: 'Nouveau-Mot2026',
        confirm: 'Nouveau-Mot2026',
      });
      expect(await answer.text()).toContain('Le mot de passe actuel est incorrect.');
    }
    const page = await (await client.get('/changer-mot-de-passe')).text();
    const fifth = await client.postForm('/changer-mot-de-passe', {
      _csrf: csrfFrom(page),
      current: 'Devine5x',
      password: 'Nouveau-Mot2026',
      confirm: 'Nouveau-Mot2026',
    });
    expect(fifth.headers.get('location')).toBe('/connexion?fin=bloque');
    expect((await client.get('/accueil')).status).toBe(302); // the guessing session is over
    expect((await tryLogin('marie.martin', 'Cantine2015')).html).toContain('cet identifiant est bloqué pour 5 minutes');
    expect((await wrongCurrent()).length - before).toBe(5);
    clock.advanceMinutes(5);
    expect((await tryLogin('marie.martin', 'Cantine2015')).response.status).toBe(302);
  });
});

describe('sessions', () => {
  it('sets HttpOnly and SameSite=Lax, Secure only over HTTPS', async () => {
    const { response } = await tryLogin('marie.martin', 'Cantine2015');
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('pf_session='))!;
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=lax/i);
    expect(cookie).not.toMatch(/secure/i);
  });

  it('changes the session id at login: a planted cookie is worthless', async () => {
    const attacker = await loggedIn('marie.martin', 'Cantine2015');
    const planted = attacker.cookie('pf_session')!;
    await attacker.postForm('/deconnexion', { _csrf: csrfFrom(await (await attacker.get('/accueil')).text()) });
    const victim = new CookieClient(servers.portalUrl);
    await victim.request('/connexion', { headers: { Cookie: `pf_session=${planted}` } });
    const { client } = await tryLogin('marie.martin', 'Cantine2015', victim);
    expect(client.cookie('pf_session')).not.toBe(planted);
    const first = await loggedIn('marie.martin', 'Cantine2015');
    const second = await loggedIn('marie.martin', 'Cantine2015');
    expect(first.cookie('pf_session')).not.toBe(second.cookie('pf_session'));
    expect(first.cookie('pf_session')).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 random bits
  });

  it('ends after 30 minutes without activity', async () => {
    const parent = await loggedIn('marie.martin', 'Cantine2015');
    clock.advanceMinutes(29);
    expect((await parent.get('/accueil')).status).toBe(200);
    clock.advanceMinutes(31);
    expect((await parent.get('/accueil')).headers.get('location')).toBe('/connexion?fin=expiree');
  });

  it('ends after 8 hours even when active', async () => {
    const parent = await loggedIn('marie.martin', 'Cantine2015');
    for (let minutes = 0; minutes < 8 * 60 - 20; minutes += 20) {
      clock.advanceMinutes(20);
      expect((await parent.get('/accueil')).status).toBe(200);
    }
    clock.advanceMinutes(25);
    expect((await parent.get('/accueil')).status).toBe(302);
  });
});

describe('CSRF', () => {
  it('refuses a login form whose token and cookie were planted together: the token is signed by the server', async () => {
    const nonce = 'A'.repeat(43);
    const client = new CookieClient(servers.portalUrl);
    // Another site managed to set the cookie (a sibling subdomain, plain HTTP) and posts the same value as the token.
    const response = await client.request('/connexion', {
      method: 'POST',
      headers: { Cookie: `pf_login_csrf=${nonce}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: nonce, login: 'jean.dupont', password: 'Bonbons2015' }).toString(),
    });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie().some((c) => c.startsWith('pf_session='))).toBe(false);
    // The form the portal gives carries a token that is not the cookie's value.
    const page = await (await client.get('/connexion')).text();
    expect(csrfFrom(page)).not.toBe(client.cookie('pf_login_csrf'));
  });

  it('refuses a login posted by another site’s page, even with a pair the attacker fetched himself', async () => {
    const attacker = new CookieClient(servers.portalUrl);
    const token = csrfFrom(await (await attacker.get('/connexion')).text());
    const cookie = attacker.cookie('pf_login_csrf')!;
    for (const headers of [
      { Origin: 'https://attaquant.example' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' },
    ] as Array<Record<string, string>>) {
      const response = await new CookieClient(servers.portalUrl).request('/connexion', {
        method: 'POST',
        headers: { ...headers, Cookie: `pf_login_csrf=${cookie}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: token, login: 'marie.martin', password: 'Cantine2015' }).toString(),
      });
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
    // The same pair posted from the portal's own page logs in.
    const own = await new CookieClient(servers.portalUrl).request('/connexion', {
      method: 'POST',
      headers: { Origin: servers.portalUrl, Cookie: `pf_login_csrf=${cookie}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, login: 'marie.martin', password: 'Cantine2015' }).toString(),
    });
    expect(own.status).toBe(302);
  });

  it('refuses a password change without the token and changes nothing', async () => {
    const parent = await loggedIn('marie.martin', 'Cantine2015');
    const response = await parent.postForm('/changer-mot-de-passe', {
      current: 'Cantine2015',
      password: 'Volé-2026x',
      confirm: 'Volé-2026x',
    });
    expect(response.status).toBe(403);
    expect((await tryLogin('marie.martin', 'Cantine2015')).response.status).toBe(302);
  });

  it('refuses a request withdrawal with a wrong token and leaves the request pending', async () => {
    const parent = await loggedIn('marie.martin', 'Cantine2015');
    const request = await servers
      .db('requests')
      .where({ family_id: await familyId('1001001010332'), state: 'pending' })
      .first('id');
    expect((await parent.postForm(`/demandes/${request.id}/retirer`, { _csrf: 'x'.repeat(43) })).status).toBe(403);
    expect((await servers.db('requests').where({ id: request.id }).first('state')).state).toBe('pending');
  });
});

describe('a family cannot reach another household’s data, whatever the URL', () => {
  it('refuses the MARTIN invoice, child, message and request to the DUPONT family, and changes nothing', async () => {
    const martin = await familyId('1001001010332');
    const child = await servers.db('children').where({ family_id: martin }).first('id');
    const message = await servers.db('messages').where({ family_id: martin, direction: 'to_family' }).first('id');
    const request = await servers.db('requests').where({ family_id: martin, state: 'pending' }).first('id');
    const dupont = await loggedIn('jean.dupont', 'Tartine-Chocolat26');
    for (const url of ['/factures/GP-64', `/mes-enfants/${child.id}`, `/messages/${message.id}`]) {
      const response = await dupont.get(url);
      expect({ url, status: response.status }).toEqual({ url, status: 404 });
      const html = await response.text();
      expect(html).not.toContain('MARTIN');
      expect(html).not.toContain('Menus de décembre');
    }
    const home = await (await dupont.get('/accueil')).text();
    expect((await dupont.postForm(`/demandes/${request.id}/retirer`, { _csrf: csrfFrom(home) })).status).toBe(404);
    expect((await servers.db('requests').where({ id: request.id }).first('state')).state).toBe('pending');
    expect((await servers.db('messages').where({ id: message.id }).first('read_by_family_at')).read_by_family_at).toBeNull();
  });

  it('serves the same URLs to their own family', async () => {
    const martin = await familyId('1001001010332');
    const child = await servers.db('children').where({ family_id: martin }).first('id');
    const message = await servers.db('messages').where({ family_id: martin, direction: 'to_family' }).first('id');
    const parent = await loggedIn('marie.martin', 'Cantine2015');
    expect(await (await parent.get('/factures/GP-64')).text()).toContain('Restauration scolaire — TOM MARTIN');
    expect(await (await parent.get(`/mes-enfants/${child.id}`)).text()).toContain('Données sanitaires');
    expect(await (await parent.get(`/messages/${message.id}`)).text()).toContain('Menus de décembre');
    expect((await servers.db('messages').where({ id: message.id }).first('read_by_family_at')).read_by_family_at).not.toBeNull();
    const home = await (await parent.get('/accueil')).text();
    expect(home).toContain('vous avez <a href="/boite-de-reception">0 Nouveau(x) Message(s)</a>');
  });
});

describe('the home page (« Onglet Accueil »)', () => {
  it('shows the balance and the unpaid invoices from the database', async () => {
    const martin = await familyId('1001001010332');
    const parent = await loggedIn('marie.martin', 'Cantine2015');
    expect(await (await parent.get('/accueil')).text()).toContain('Votre compte présente un solde de <strong>91.99 €</strong>');
    const invoice = await servers.db('invoices').where({ number: 'GP-64' }).first('id');
    const [payment] = await servers
      .db('payments')
      .insert({
        family_id: martin,
        type: 'especes',
        reference: 'Reçu 118',
        paid_on: '2026-11-30',
        amount_cents: 2000,
        created_at: TEST_NOW,
      })
      .returning('id');
    await servers
      .db('payment_allocations')
      .insert({ payment_id: typeof payment === 'object' ? payment.id : payment, invoice_id: invoice.id, amount_cents: 2000 });
    const html = await (await parent.get('/accueil')).text();
    expect(html).toContain('Votre compte présente un solde de <strong>71.99 €</strong>');
    expect(html).toContain('FACTURES = 71.99');
  });

  it('has the three left icons, each leading to a page that exists', async () => {
    const parent = await loggedIn('marie.martin', 'Cantine2015');
    const html = await (await parent.get('/accueil')).text();
    for (const [href, label] of [
      ['/changer-mot-de-passe', 'Changer mot de passe'],
      ['/infos-documents', 'Infos./Documents'],
      ['/fiche-inscription', 'Fiche d&#x27;inscription'],
    ]) {
      expect(html).toContain(`href="${href}"`);
      expect(html).toContain(label);
      expect((await parent.get(href)).status).toBe(200);
    }
  });

  it('shows the commune’s message as an agent edits it, and the trésorerie notice only when the setting says so', async () => {
    await staff('settings.updateHomeMessage', { homeMessage: 'Inscriptions aux vacances de Noël ouvertes' });
    const parent = await loggedIn('marie.martin', 'Cantine2015');
    const html = await (await parent.get('/accueil')).text();
    expect(html).toContain('<p class="commune-message">Inscriptions aux vacances de Noël ouvertes</p>');
    expect(html).toContain('adressez-vous à la trésorerie');
    // Changed from another workstation: the portal shows it once its reference data is read again (at most 5 s).
    await servers.db('commune_settings').update({ payments_via_treasury: false });
    forgetReferenceData();
    expect(await (await parent.get('/accueil')).text()).not.toContain('adressez-vous à la trésorerie');
    await servers.db('commune_settings').update({ payments_via_treasury: true });
    forgetReferenceData();
  });
});

describe('behind a reverse proxy that terminates HTTPS', () => {
  it('marks the session cookie Secure when X-Forwarded-Proto says https', async () => {
    const proxied = await startTestServers({ trustProxy: 1 });
    try {
      const client = new CookieClient(proxied.portalUrl);
      const headers = { 'X-Forwarded-Proto': 'https' };
      const page = await (await client.request('/connexion', { headers })).text();
      // Over HTTPS the login form's cookie is « __Host- »: no sibling subdomain and no plain HTTP page can plant it.
      expect(client.cookie('__Host-pf_login_csrf') ?? '').toMatch(/^[A-Za-z0-9_-]{43}$/);
      const response = await client.request('/connexion', {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrfFrom(page), login: 'jean.dupont', password: 'Bonbons2015' }).toString(),
      });
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith('pf_session='))!;
      expect(cookie).toMatch(/;\s*secure/i);
      expect(cookie).toMatch(/httponly/i);
    } finally {
      await proxied.destroy();
    }
  });
});

describe('behind one trusted proxy, the client’s address is the one the proxy saw', () => {
  it('ignores what the client wrote in X-Forwarded-For: the per-address limit triggers and the audit log is true', async () => {
    const proxied = await startTestServers({ trustProxy: 1 });
    try {
      const answers: number[] = [];
      for (let i = 0; i < 21; i += 1) {
        const client = new CookieClient(proxied.portalUrl);
        // The client forges a new address each time; the proxy appends the one it really saw.
        const headers = { 'X-Forwarded-For': `10.0.${i}.1, 203.0.113.5` };
        const page = await (await client.request('/connexion', { headers })).text();
        const response = await client.request('/connexion', {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: csrfFrom(page), login: `devine.${i}`, password: 'Mauvais1x' }).toString(),
        });
        answers.push(response.status);
        if (i === 20) expect(await response.text()).toContain('Trop de tentatives de connexion échouées');
      }
      expect(answers.at(-1)).toBe(401);
      const sources = await proxied.db('audit_log').where('actor_label', 'like', 'devine.%').distinct('source');
      expect(sources).toEqual([{ source: '203.0.113.5' }]);
    } finally {
      await proxied.destroy();
    }
  });
});

describe('failures from one address', () => {
  it('are limited to 20 per quarter hour, whatever identifiants they try', async () => {
    clock.advanceMinutes(16);
    for (let i = 0; i < 20; i += 1) await tryLogin(`essai${i}`, 'Mauvais1x');
    const blocked = await tryLogin('jean.dupont', 'Tartine-Chocolat26');
    expect(blocked.response.status).toBe(401);
    expect(blocked.html).toContain('Trop de tentatives de connexion échouées : réessayez dans 15 minutes.');
    expect(await servers.db('audit_log').where({ action: 'portal.login.source_throttled' }).first()).toBeDefined();
    clock.advanceMinutes(16);
    expect((await tryLogin('jean.dupont', 'Tartine-Chocolat26')).response.status).toBe(302);
  });
});

describe('odd values in the URL', () => {
  it('answer as an unknown value would, never 500: « __proto__ », « constructor », « toString »', async () => {
    const anonymous = new CookieClient(servers.portalUrl);
    for (const odd of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const login = await anonymous.get(`/connexion?fin=${odd}`);
      expect(login.status, odd).toBe(200);
    }
    const parent = await loggedIn('marie.martin', 'Cantine2015');
    for (const odd of ['__proto__', 'constructor', 'toString']) {
      expect((await parent.get(`/boite-de-reception?fait=${odd}`)).status, odd).toBe(200);
      expect((await parent.get(`/mon-compte/demande/${odd}`)).status, odd).toBe(404);
      expect((await parent.get(`/liste-des-demandes?type=${odd}&vue=${odd}`)).status, odd).toBe(200);
    }
  });
});
