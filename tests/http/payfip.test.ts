import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../support/pdf-text';
import { CookieClient, csrfFrom, portalParent } from '../support/http-client';
import { startTestServers, TEST_NOW, type TestServers } from '../support/test-app';
import { TestClock } from '../support/test-clock';
import { PAYFIP_NAMESPACE, soapBody } from '../../shared/core/payfip/soap-client';
import { checkPendingPayfipTransactions, startOnlinePayment } from '../../shared/core/payfip/online-payment';
import { tableRows } from '../support/html-table';

// Today in tests: Monday 30 November 2026. AL-23 (DUPONT, October's Wednesdays, 40.20 €) and GP-64 (MARTIN, October's canteen and garderie, 91.99 €)
// fall due on 31 December; their PayFiP link stays active until 30 January.
let servers: TestServers;
let clock: TestClock;

beforeAll(async () => {
  clock = new TestClock(TEST_NOW);
  servers = await startTestServers({ clock });
});
afterAll(async () => {
  await servers?.destroy();
});

const logIn = (login: string, password: string) => portalParent(servers.portalUrl, login, password);
const dupont = () => logIn('jean.dupont', 'Bonbons2015');
const martin = () => logIn('marie.martin', 'Cantine2015');

/** The family clicks « Payer … avec PayFiP » on an invoice page. */
async function askToPay(parent: CookieClient, number: string): Promise<Response> {
  const page = await (await parent.get(`/factures/${number}`)).text();
  return parent.postForm(`/factures/${number}/payer`, { _csrf: csrfFrom(page) });
}

/** PayFiP's page (the simulator): the family's choice, then back to where PayFiP sends it. */
async function decideOnPayfip(parent: CookieClient, payfipPage: string, resultrans: 'P' | 'R' | 'A'): Promise<Response> {
  const page = await (await parent.get(payfipPage)).text();
  const idop = /name="idop" value="([^"]+)"/.exec(page)?.[1];
  expect(idop).toBeTruthy();
  const decided = await parent.postForm(new URL(payfipPage, 'http://x').pathname, { idop: idop!, resultrans });
  expect(decided.status).toBe(303);
  return parent.get(new URL(decided.headers.get('location')!).pathname);
}

const paymentsOf = async (number: string) =>
  servers
    .db('payment_allocations as pa')
    .join('invoices as i', 'i.id', 'pa.invoice_id')
    .join('payments as p', 'p.id', 'pa.payment_id')
    .where('i.number', number)
    .select('p.type', 'p.status', 'p.amount_cents', 'p.reference', 'pa.amount_cents as allocated');

describe('an invoice and its PDF', () => {
  it('shows the lines, the PDF link and how to pay online', async () => {
    const html = await (await (await dupont()).get('/factures/AL-23')).text();
    expect(html).toContain('<h1>Facture AL-23</h1>');
    expect(html).toContain('href="/factures/AL-23/pdf"');
    expect(html).toContain('<dt>N° client de la commune :</dt><dd>018110</dd>');
    expect(html).toContain('<dt>Référence de la facture :</dt><dd>AL000023</dd>');
    expect(html).toContain('Payer 40.20 € avec PayFiP');
    expect(html).toContain('<strong>30/01/2027</strong>');
  });

  it('prints a valid PDF whose text holds the number, the lines, the total and how to pay', async () => {
    const response = await (await dupont()).get('/factures/AL-23/pdf');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('inline; filename="facture-al-23.pdf"');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(bytes);
    for (const expected of [
      'FACTURE N° AL-23',
      'ALSH Mercredi journée — HUGO DUPONT',
      'ALSH Mercredi après-midi — LÉA DUPONT',
      '29.20 €',
      '11.00 €',
      '40.20 €',
      'Date Echéance : 31/12/2026',
      '018110',
      'AL000023',
      "Trésorerie des Aix d'Angillon",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('refuses another family’s invoice and its PDF, whatever the URL says', async () => {
    const parent = await martin();
    for (const url of ['/factures/AL-23', '/factures/AL-23/pdf', '/factures/GP-63/pdf', '/factures/..%2FAL-23/pdf']) {
      expect((await parent.get(url)).status).toBe(404);
    }
    const page = await (await parent.get('/factures/GP-64')).text();
    const tries = await servers.db('payfip_transactions').count<{ n: number }[]>({ n: '*' }).first();
    expect((await parent.postForm('/factures/AL-23/payer', { _csrf: csrfFrom(page) })).status).toBe(404);
    expect(await servers.db('payfip_transactions').count<{ n: number }[]>({ n: '*' }).first()).toEqual(tries);
  });
});

describe('paying online with PayFiP (web-service mode)', () => {
  it('records the attempt with PayFiP’s parameters, then the payment from PayFiP’s own answer', async () => {
    const parent = await dupont();
    const started = await askToPay(parent, 'AL-23');
    expect(started.status).toBe(303);
    const location = started.headers.get('location')!;
    expect(location).toMatch(/^\/simulateur-payfip\/tpa\/paiementws\.web\?idop=[0-9a-f-]{36}$/);
    const tx = await servers.db('payfip_transactions').orderBy('id', 'desc').first();
    expect(tx).toMatchObject({
      mode: 'ws',
      status: 'pending',
      refdet: 'AL000023',
      exer: '2026',
      amount_cents: 4020,
      numcli: '018110',
      mel: 'jean.dupont@wanadoo.fr',
      objet: 'Mairie de Saint Martin d Auxigny facture AL 23',
      saisie: 'T',
      id_op: location.split('=')[1],
    });
    const payfipPage = await (await parent.get(location)).text();
    for (const shown of ['018110', 'AL000023', '40.20 €']) expect(payfipPage).toContain(shown);

    const back = await decideOnPayfip(parent, location, 'P');
    expect(await back.text()).toContain('PayFiP confirme votre paiement');
    expect(await paymentsOf('AL-23')).toEqual([
      {
        type: 'carte',
        status: 'confirmed',
        amount_cents: 4020,
        reference: expect.stringMatching(/^PayFiP n° SIM\d{6}$/),
        allocated: 4020,
      },
    ]);
    expect(await servers.db('payfip_transactions').where({ id: tx.id }).first('status', 'result_code')).toEqual({
      status: 'paid',
      result_code: 'P',
    });

    const statement = await (await parent.get('/releve-de-compte')).text();
    expect(tableRows(statement)).toContainEqual(expect.arrayContaining(['Carte bancaire (PayFiP)']));
    expect(await (await parent.get('/factures/AL-23')).text()).toContain('Cette facture est réglée.');
  });

  it('records one payment however often the notification or the return come back', async () => {
    const tx = await servers.db('payfip_transactions').where({ refdet: 'AL000023' }).orderBy('id', 'desc').first();
    for (let i = 0; i < 3; i += 1) {
      const notified = await fetch(`${servers.portalUrl}/payfip/notification`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `idop=${tx.id_op}`,
      });
      expect(notified.status).toBe(200);
    }
    const parent = await dupont();
    expect(await (await parent.get(`/factures/AL-23/paiement/${tx.id}`)).text()).toContain('PayFiP confirme votre paiement');
    expect(await paymentsOf('AL-23')).toHaveLength(1);
  });

  it('ignores a forged notification and a return for someone else’s attempt', async () => {
    const before = await servers.db('payments').count<{ n: number }[]>({ n: '*' }).first();
    for (const idop of ['00000000-0000-0000-0000-000000000000', "x' or 1=1 --", '']) {
      const forged = await fetch(`${servers.portalUrl}/payfip/notification`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ idop, resultrans: 'P', montant: '4020' }),
      });
      expect(forged.status).toBe(200);
    }
    const tx = await servers.db('payfip_transactions').where({ refdet: 'AL000023' }).first('id');
    expect((await (await martin()).get(`/factures/AL-23/paiement/${tx.id}`)).status).toBe(404);
    expect(await servers.db('payments').count<{ n: number }[]>({ n: '*' }).first()).toEqual(before);
  });

  it('changes nothing when the card is refused or the family gives up', async () => {
    const parent = await martin();
    for (const [choice, text, status] of [
      ['R', 'Le paiement a été refusé', 'refused'],
      ['A', 'Vous avez abandonné le paiement', 'abandoned'],
    ] as const) {
      const started = await askToPay(parent, 'GP-64');
      expect(started.status).toBe(303);
      const back = await decideOnPayfip(parent, started.headers.get('location')!, choice);
      expect(await back.text()).toContain(text);
      expect((await servers.db('payfip_transactions').orderBy('id', 'desc').first('status')).status).toBe(status);
    }
    expect(await paymentsOf('GP-64')).toEqual([]);
    expect(await (await parent.get('/accueil')).text()).toContain('Votre compte présente un solde de <strong>91.99 €</strong>');
  });

  it('does not let the family pay twice while an attempt is still open at PayFiP', async () => {
    const parent = await martin();
    const first = await askToPay(parent, 'GP-64');
    expect(first.status).toBe(303);
    // A second click, or a second tab, goes back to the same operation at PayFiP: never a second one.
    const second = await askToPay(parent, 'GP-64');
    expect(second.status).toBe(303);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(await servers.db('payfip_transactions').where({ refdet: 'GP000064', status: 'pending' }).count({ n: '*' }).first()).toEqual({
      n: 1,
    });
  });

  it('records nothing when PayFiP’s answer does not match the attempt', async () => {
    const parent = await martin();
    const open = await servers.db('payfip_transactions').where({ refdet: 'GP000064', status: 'pending' }).first();
    // Someone alters the recorded amount: PayFiP's answer no longer matches what was asked.
    await servers.db('payfip_transactions').where({ id: open.id }).update({ amount_cents: 100 });
    const back = await decideOnPayfip(parent, `/simulateur-payfip/tpa/paiementws.web?idop=${open.id_op}`, 'P');
    expect(await back.text()).toContain('La réponse de PayFiP ne correspond pas au paiement demandé');
    expect((await servers.db('payfip_transactions').where({ id: open.id }).first('status')).status).toBe('mismatch');
    expect(await paymentsOf('GP-64')).toEqual([]);
    expect(await servers.db('audit_log').where({ action: 'payfip.mismatch' }).first()).toBeTruthy();
  });
});

describe('the older URL mode', () => {
  it('sends every parameter, and records a matching paid return « à confirmer », once', async () => {
    await servers.db('commune_settings').update({ payfip_mode: 'url' });
    clock.advanceMinutes(30);
    const parent = await martin();
    const started = await askToPay(parent, 'GP-64');
    expect(started.status).toBe(303);
    const url = new URL(started.headers.get('location')!, 'http://portail');
    expect(url.pathname).toBe('/simulateur-payfip/tpa/paiement.web');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      numcli: '018110',
      exer: '2026',
      refdet: 'GP000064',
      objet: 'Mairie de Saint Martin d Auxigny facture GP 64',
      montant: '9199',
      mel: 'marie.martin@exemple.fr',
      urlcl: expect.stringMatching(new RegExp(`^${servers.portalUrl}/payfip/retour/[A-Za-z0-9_-]{32}$`)),
      saisie: 'T',
    });
    const page = await (await parent.get(url.pathname + url.search)).text();
    expect(page).toContain('91.99 €');
    const form = Object.fromEntries(url.searchParams);
    const decided = await parent.postForm('/simulateur-payfip/tpa/paiement.web', { ...form, resultrans: 'P' });
    const returnUrl = new URL(decided.headers.get('location')!);
    expect(returnUrl.searchParams.get('resultrans')).toBe('P');

    // A return without the attempt's token matches nothing; with it but for another amount, it is noted and changes nothing.
    const untokened = await parent.get(`/payfip/retour${returnUrl.search}`);
    expect(untokened.status).toBe(404);
    expect(await untokened.text()).toContain('Ce retour ne correspond à aucun paiement en cours');
    const forged = new URLSearchParams(returnUrl.search);
    forged.set('montant', '1');
    expect(await (await parent.get(`${returnUrl.pathname}?${forged}`)).text()).toContain('ne correspond pas au paiement demandé');
    expect(await paymentsOf('GP-64')).toEqual([]);

    const back = await (await parent.get(returnUrl.pathname + returnUrl.search)).text();
    expect(back).toContain('Paiement accepté, à confirmer');
    expect(await (await parent.get(returnUrl.pathname + returnUrl.search)).text()).toContain('à confirmer'); // replayed
    const payments = await paymentsOf('GP-64');
    expect(payments).toEqual([
      { type: 'carte', status: 'to_confirm', amount_cents: 9199, reference: expect.stringMatching(/^PayFiP n° SIM/), allocated: 9199 },
    ]);
    expect(await (await parent.get('/releve-de-compte')).text()).toContain('Carte bancaire (PayFiP) — à confirmer');
  });

  it('lets an agent confirm it against the trésorerie’s statement, or reject it so the invoice is due again', async () => {
    const agent = await servers.dispatch({
      name: 'auth.login',
      input: { username: 'agent', password: 'Mairie2015' },
      sessionToken: null,
      source: 'test',
    });
    const call = (name: string, input: unknown) =>
      servers.dispatch({ name, input, sessionToken: agent.sessionToken!, source: 'test' }).then((r) => r.response as any);
    const waiting = await call('payments.list', { status: 'to_confirm' });
    expect(waiting.value.rows.map((p: any) => [p.familyNumber, p.amountCents, p.invoices])).toEqual([['1001001010332', 9199, ['GP-64']]]);
    const payment = waiting.value.rows[0].id;
    expect(await call('payments.reject', { paymentId: payment, reason: '' })).toMatchObject({ ok: false, error: { type: 'validation' } });
    expect(await call('payments.reject', { paymentId: payment, reason: 'Absent du relevé de la trésorerie' })).toMatchObject({ ok: true });
    expect(await paymentsOf('GP-64')).toEqual([]);
    expect(await call('payments.confirm', { paymentId: payment })).toMatchObject({ ok: false, error: { type: 'conflict' } });
    const parent = await martin();
    expect(await (await parent.get('/accueil')).text()).toContain('Votre compte présente un solde de <strong>91.99 €</strong>');
    await servers.db('commune_settings').update({ payfip_mode: 'ws' });
  });
});

describe('the SOAP requests PayFiP receives', () => {
  it('carry exactly the web service’s parameters, and a SOAP fault leaves the invoice unpaid', async () => {
    const received: Array<Record<string, any>> = [];
    let answer: 'ok' | 'fault' = 'ok';
    const fake = http.createServer(async (req, res) => {
      let xml = '';
      for await (const chunk of req) xml += chunk;
      const body = soapBody(xml);
      received.push(body);
      res.setHeader('content-type', 'text/xml');
      if (answer === 'fault') {
        res.statusCode = 500;
        res.end(
          '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>Erreur</faultstring><detail><ns2:FonctionnelleErreur xmlns:ns2="x"><code>P4</code><libelle>numcli inconnu</libelle></ns2:FonctionnelleErreur></detail></soap:Fault></soap:Body></soap:Envelope>',
        );
        return;
      }
      const idOp = 'c0ffee00-0000-4000-8000-000000000001';
      res.end(
        body.creerPaiementSecurise
          ? `<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><ns2:creerPaiementSecuriseResponse xmlns:ns2="${PAYFIP_NAMESPACE}"><return><idOp>${idOp}</idOp></return></ns2:creerPaiementSecuriseResponse></S:Body></S:Envelope>`
          : `<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><ns2:recupererDetailPaiementSecuriseResponse xmlns:ns2="${PAYFIP_NAMESPACE}"><return><dattrans>30112026</dattrans><exer>2026</exer><heurtrans>1012</heurtrans><idOp>${idOp}</idOp><mel>marie.martin@exemple.fr</mel><montant>9199</montant><numauto>000042</numauto><numcli>018110</numcli><objet>x</objet><refdet>GP000064</refdet><resultrans>V</resultrans><saisie>T</saisie></return></ns2:recupererDetailPaiementSecuriseResponse></S:Body></S:Envelope>`,
      );
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/tpa/services/securite`;
    await servers
      .db('commune_settings')
      .update({ payfip_ws_url: fakeUrl, payfip_payment_page_url: 'https://www.payfip.gouv.fr/tpa/paiementws.web' });
    try {
      clock.advanceMinutes(30);
      const parent = await martin();
      answer = 'fault';
      const failed = await askToPay(parent, 'GP-64');
      expect(failed.status).toBe(422);
      expect(await failed.text()).toContain('Le service de paiement PayFiP ne répond pas pour le moment');
      expect((await servers.db('payfip_transactions').orderBy('id', 'desc').first()).status).toBe('failed');

      answer = 'ok';
      received.length = 0;
      const page = await (await parent.get('/factures/GP-64')).text();
      const started = await parent.postForm('/factures/GP-64/payer', { _csrf: csrfFrom(page) });
      expect(started.headers.get('location')).toBe(
        'https://www.payfip.gouv.fr/tpa/paiementws.web?idop=c0ffee00-0000-4000-8000-000000000001',
      );
      const tx = await servers.db('payfip_transactions').orderBy('id', 'desc').first();
      expect(received[0]!.creerPaiementSecurise.arg0).toEqual({
        exer: '2026',
        mel: 'marie.martin@exemple.fr',
        montant: '9199',
        numcli: '018110',
        objet: 'Mairie de Saint Martin d Auxigny facture GP 64',
        refdet: 'GP000064',
        saisie: 'T',
        urlnotif: `${servers.portalUrl}/payfip/notification`,
        urlredirect: `${servers.portalUrl}/factures/GP-64/paiement/${tx.id}`,
      });
      // The invoice page let the form go to PayFiP's real address.
      expect((await parent.get('/factures/GP-64')).headers.get('content-security-policy')).toContain(
        "form-action 'self' https://www.payfip.gouv.fr",
      );

      await fetch(`${servers.portalUrl}/payfip/notification`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'idop=c0ffee00-0000-4000-8000-000000000001',
      });
      expect(received[1]!.recupererDetailPaiementSecurise.arg0).toEqual({ idOp: 'c0ffee00-0000-4000-8000-000000000001' });
      expect(await paymentsOf('GP-64')).toEqual([
        { type: 'prelevement', status: 'confirmed', amount_cents: 9199, reference: 'PayFiP n° 000042', allocated: 9199 },
      ]);
    } finally {
      fake.closeAllConnections();
      await new Promise((resolve) => fake.close(resolve));
    }
  });
});

describe('attempts whose result never came back', () => {
  it('are asked of PayFiP again by the periodic check, and expire after a day without answer', async () => {
    // The notification and the return are lost: the portal's public address does not answer.
    await servers.db('commune_settings').update({
      portal_public_url: 'http://127.0.0.1:9',
      payfip_ws_url: `${servers.portalUrl}/simulateur-payfip/services/securite`,
      payfip_payment_page_url: '/simulateur-payfip/tpa/paiementws.web',
    });
    try {
      const invoice = await servers.db('invoices').where({ number: 'AL-28' }).first('family_id');
      const started = await startOnlinePayment(servers.db, clock, {
        familyId: invoice.family_id,
        invoiceNumber: 'AL-28',
        fallbackBaseUrl: servers.portalUrl,
        source: 'test',
      });
      expect(started).toMatchObject({ redirect: expect.stringMatching(/^\/simulateur-payfip\/tpa\/paiementws\.web\?idop=/) });
      const browser = new CookieClient(servers.portalUrl);
      const location = (started as { redirect: string }).redirect;
      const page = await (await browser.get(location)).text();
      const decided = await browser.postForm('/simulateur-payfip/tpa/paiementws.web', {
        idop: /name="idop" value="([^"]+)"/.exec(page)![1]!,
        resultrans: 'P',
      });
      expect(decided.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:9\/factures\/AL-28\/paiement\/\d+$/);
      const online = async (number: string) => (await paymentsOf(number)).filter((p) => p.type === 'carte');
      expect(await online('AL-28')).toEqual([]);

      clock.advanceMinutes(2);
      expect(await checkPendingPayfipTransactions(servers.db, clock, servers.portalUrl)).toBe(1);
      expect(await online('AL-28')).toEqual([expect.objectContaining({ type: 'carte', status: 'confirmed' })]);

      // An attempt nobody finished is given up a day later.
      const stale = await startOnlinePayment(servers.db, clock, {
        familyId: (await servers.db('invoices').where({ number: 'AL-32' }).first('family_id')).family_id,
        invoiceNumber: 'AL-32',
        fallbackBaseUrl: servers.portalUrl,
        source: 'test',
      });
      expect(stale).toHaveProperty('redirect');
      clock.advanceMinutes(25 * 60);
      await checkPendingPayfipTransactions(servers.db, clock, servers.portalUrl);
      expect((await servers.db('payfip_transactions').where({ refdet: 'AL000032' }).first('status')).status).toBe('expired');
      expect(await online('AL-32')).toEqual([]);
    } finally {
      await servers.db('commune_settings').update({ portal_public_url: '', payfip_ws_url: '/simulateur-payfip/services/securite' });
    }
  });
});

describe('the payment link', () => {
  it('is gone 30 days after the due date, and the page says why', async () => {
    clock.advanceMinutes(62 * 24 * 60); // 31 January 2027: due on 31 December, payable online until 30 January
    await servers
      .db('payment_allocations')
      .whereIn('invoice_id', servers.db('invoices').where({ number: 'GP-64' }).select('id'))
      .delete(); // due again
    const parent = await martin();
    const html = await (await parent.get('/factures/GP-64')).text();
    expect(html).not.toContain('avec PayFiP</button>');
    expect(html).toContain('Le paiement en ligne était possible jusqu’au 30/01/2027, 30 jours après la date d’échéance');
    const tries = await servers.db('payfip_transactions').count<{ n: number }[]>({ n: '*' }).first();
    const refused = await askToPay(parent, 'GP-64');
    expect(refused.status).toBe(422);
    expect(await servers.db('payfip_transactions').count<{ n: number }[]>({ n: '*' }).first()).toEqual(tries);
  });
});

describe('the demo’s PayFiP simulator', () => {
  it('talks only to the portal it is part of: no notification to, and no redirect to, another site', async () => {
    const params = {
      numcli: '018110',
      exer: '2026',
      refdet: 'GP000064',
      objet: 'Facture GP 64',
      montant: '9199',
      mel: 'marie.martin@exemple.fr',
      saisie: 'T',
      urlcl: 'https://attaquant.example/vol',
    };
    const page = await fetch(`${servers.portalUrl}/simulateur-payfip/tpa/paiement.web?${new URLSearchParams(params)}`);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('urlcl doit mener au portail de la commune');
    const decided = await fetch(`${servers.portalUrl}/simulateur-payfip/tpa/paiement.web`, {
      method: 'POST',
      body: new URLSearchParams({ ...params, resultrans: 'P' }),
      redirect: 'manual',
    });
    expect(decided.status).toBe(400);
    expect(decided.headers.get('location')).toBeNull();
    const soap = await fetch(`${servers.portalUrl}/simulateur-payfip/services/securite`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><ns2:creerPaiementSecurise xmlns:ns2="${PAYFIP_NAMESPACE}"><arg0><exer>2026</exer><mel>a@b.fr</mel><montant>100</montant><numcli>018110</numcli><objet>x</objet><refdet>GP000064</refdet><saisie>T</saisie><urlnotif>http://169.254.169.254/latest</urlnotif><urlredirect>${servers.portalUrl}/accueil</urlredirect></arg0></ns2:creerPaiementSecurise></soap:Body></soap:Envelope>`,
    });
    expect(soap.status).toBe(500);
    expect(await soap.text()).toContain('urlnotif et urlredirect doivent mener au portail de la commune');
  });
});

describe('a payment’s receipt from « Relevé de compte »', () => {
  it('is linked on each payment of the statement, as a PDF of the family’s own payment only', async () => {
    const parent = await dupont();
    const statement = await (await parent.get('/releve-de-compte')).text();
    const links = [...statement.matchAll(/href="(\/reglements\/(\d+)\/recu)"/g)];
    expect(links.length).toBeGreaterThan(0);
    const [, path] = links[0]!;
    const response = await parent.get(path!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(new Uint8Array(await response.arrayBuffer()));
    expect(text).toContain('Reçu de : DUPONT JEAN');
    // MARTIN asks for DUPONT's receipt: the same answer as for a payment that does not exist.
    const other = await (await martin()).get(path!);
    expect(other.status).toBe(404);
    expect((await (await martin()).get('/reglements/999999999/recu')).status).toBe(404);
  });
});
