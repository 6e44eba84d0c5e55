import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/core/clock';
import { formatEuros } from '../../shared/domain/money';
import { portalParent, type CookieClient } from '../support/http-client';
import { pdfText } from '../support/pdf-text';
import { startTestServers, type TestServers } from '../support/test-app';

// « Attestations » in January 2027: the demo (built on 30/11/2026) has the canteen, garderie and
// Wednesdays of September to November 2026 billed and mostly paid. ZOÉ MARTIN, born 30/01/2021,
// was under 6 on 1 January 2026; her brother TOM (2018) and the DUPONT children were not.
let servers: TestServers;
let martin: CookieClient;
let zoe: number;
let martinFamily: number;
let agentToken: string;
const staff = async (name: string, input: unknown) =>
  (await servers.dispatch({ name, input, sessionToken: agentToken, source: 'test' })).response as any;

/** What MARTIN paid in 2026 for ZOÉ, read straight from the ledger: care, and meals apart. */
async function zoePaidIn2026() {
  const allocations = await servers
    .db('payment_allocations as pa')
    .join('payments as p', 'p.id', 'pa.payment_id')
    .join('invoices as i', 'i.id', 'pa.invoice_id')
    .where({ 'p.family_id': martinFamily, 'p.status': 'confirmed' })
    .whereBetween('p.paid_on', ['2026-01-01', '2026-12-31'])
    .select('pa.invoice_id', 'pa.amount_cents', 'i.total_cents');
  // The demo pays each invoice in full: then what was paid for a line is the line itself.
  expect(allocations.length).toBeGreaterThan(0);
  for (const a of allocations) expect(Number(a.amount_cents)).toBe(Number(a.total_cents));
  const lines = await servers
    .db('invoice_lines as l')
    .join('services as s', 's.id', 'l.service_id')
    .whereIn(
      'l.invoice_id',
      allocations.map((a) => a.invoice_id),
    )
    .where('l.child_id', zoe)
    .select('s.unit', 'l.amount_cents');
  const sum = (meal: boolean) => lines.filter((l) => (l.unit === 'meal') === meal).reduce((s, l) => s + Number(l.amount_cents), 0);
  return { care: sum(false), meals: sum(true) };
}

beforeAll(async () => {
  servers = await startTestServers({ clock: fixedClock('2027-01-15T09:00:00Z') });
  martinFamily = (await servers.db('families').where({ family_number: '1001001010332' }).first('id')).id;
  zoe = (await servers.db('children').where({ family_id: martinFamily, first_name: 'ZOÉ' }).first('id')).id;
  martin = await portalParent(servers.portalUrl, 'marie.martin', 'Cantine2015');
  agentToken = (
    await servers.dispatch({ name: 'auth.login', input: { username: 'agent', password: 'Mairie2015' }, sessionToken: null, source: 'test' })
  ).sessionToken!;
});
afterAll(async () => {
  await servers?.destroy();
});

describe('a parent prints the attestation fiscale of the year just over', () => {
  it('finds it from the statement with the amount to declare, and the PDF says the same', async () => {
    const statement = await (await martin.get('/releve-de-compte')).text();
    expect(statement).toContain('href="/attestations"');
    const expected = await zoePaidIn2026();
    expect(expected.care).toBeGreaterThan(0);
    expect(expected.meals).toBeGreaterThan(0);
    const page = await (await martin.get('/attestations')).text();
    expect(page).toContain('Attestation fiscale 2026 (PDF)');
    expect(page.replace(/&#x202F;|\u202f|\u00a0|&nbsp;/g, ' ')).toContain(formatEuros(expected.care).replace(/\u202f|\u00a0/g, ' '));
    expect(page).toContain('L’attestation de l’année 2027 sera disponible à partir du 01/01/2028.');

    const pdf = await martin.get('/attestations/fiscale/2026.pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = (await pdfText(await pdf.arrayBuffer())).replace(/\u202f|\u00a0/g, ' ');
    const euros = (cents: number) => formatEuros(cents).replace(/\u202f|\u00a0/g, ' ');
    expect(text).toContain('Attestation de frais de garde des jeunes enfants — année 2026');
    expect(text).toContain('Article 200 quater B du code général des impôts');
    expect(text).toContain('ZOÉ MARTIN');
    expect(text).toContain('né(e) le 30/01/2021');
    expect(text).not.toContain('TOM MARTIN'); // 8 on 1 January 2026: not covered
    expect(text).toContain(`Montant à déclarer au titre des frais de garde des enfants de moins de 6 ans : ${euros(expected.care)}.`);
    expect(text).toContain(euros(expected.meals)); // meals shown apart
    expect(text).toContain('Restauration scolaire');
    expect(text).toContain('SIRET 211 802 336 00017');
    expect(text).toContain('Claire MOREAU');
    expect(text).toContain('Fait à');
  });

  it('says so when nothing was paid for a child under 6, and serves no other year nor household', async () => {
    const dupont = await portalParent(servers.portalUrl, 'jean.dupont', 'Bonbons2015');
    const page = await (await dupont.get('/attestations')).text();
    expect(page.replace(/&nbsp;|\u00a0/g, ' ')).toContain(
      'Années 2024, 2025 et 2026 : aucune somme réglée pour la garde d’un enfant de moins de 6 ans au 1er janvier de l’année.',
    );
    for (const path of [
      '/attestations/fiscale/2026.pdf',
      '/attestations/fiscale/2027.pdf',
      '/attestations/fiscale/2019.pdf',
      '/attestations/fiscale/x.pdf',
    ])
      expect((await dupont.get(path)).status, path).toBe(404);
    expect((await martin.get('/attestations/fiscale/2027.pdf')).status).toBe(404); // the year is not over
  });

  it('is not issued without the commune’s SIRET, and the page says who can fix it', async () => {
    const before = await servers.db('commune_settings').where({ id: 1 }).first('pes_siret');
    await servers.db('commune_settings').where({ id: 1 }).update({ pes_siret: '' });
    try {
      const page = await martin.get('/attestations/fiscale/2026.pdf');
      expect(page.status).toBe(400);
      expect(await page.text()).toContain('le SIRET de la commune n’est pas renseigné');
    } finally {
      await servers.db('commune_settings').where({ id: 1 }).update({ pes_siret: before.pes_siret });
    }
  });
});

describe('an agent prints every family’s attestation for the year', () => {
  it('one page per family concerned, the amounts the families see', async () => {
    const expected = await zoePaidIn2026();
    const printed = await staff('attestations.childcare', { year: 2026 });
    expect(printed.ok).toBe(true);
    expect(printed.value.total).toBeGreaterThan(0);
    expect(printed.value.count).toBe(Math.min(printed.value.total, 200));
    const text = (await pdfText(Buffer.from(printed.value.base64, 'base64'))).replace(/\u202f|\u00a0/g, ' ');
    expect(text).toContain('ZOÉ MARTIN');
    expect(text).toContain(formatEuros(expected.care).replace(/\u202f|\u00a0/g, ' '));
    expect(text.match(/Attestation de frais de garde des jeunes enfants — année 2026/g)?.length).toBe(printed.value.count);
    const refused = await staff('attestations.childcare', { year: 2027 });
    expect(refused.ok).toBe(false);
    expect(refused.error.message).toContain('à partir du 1er janvier suivant');
  });
});

describe('a parent prints an attestation de présence for a period', () => {
  it('counts the days marked present, month by month', async () => {
    const present = await servers
      .db('planning_days')
      .where({ child_id: zoe, attendance: 'present' })
      .whereBetween('date', ['2026-09-01', '2026-11-30'])
      .count<{ n: number }[]>({ n: '*' })
      .first();
    expect(Number(present!.n)).toBeGreaterThan(0);
    const pdf = await martin.get(`/attestations/presence?enfant=${zoe}&du=2026-09-01&au=2026-11-30`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(await pdf.arrayBuffer());
    expect(text).toContain('Attestation de présence');
    expect(text).toContain('ZOÉ MARTIN');
    expect(text).toContain('du 01/09/2026 au 30/11/2026');
    expect(text).toContain('Septembre 2026');
    expect(text).toMatch(new RegExp(`Total\\s+${Number(present!.n)}\\b`));
  });

  it('refuses an impossible period or another family’s child, keeping what was typed', async () => {
    for (const [query, message] of [
      [`enfant=${zoe}&du=2026-02-30&au=2026-11-30`, 'Indiquez une date réelle'],
      [`enfant=${zoe}&du=2026-11-30&au=2026-09-01`, 'La fin de la période est avant son début.'],
      [`enfant=${zoe}&du=2025-01-01&au=2026-11-30`, 'Une attestation couvre un an au plus.'],
      [`enfant=${zoe}&du=2026-12-01&au=2027-02-01`, 'La période ne peut pas finir après aujourd’hui'],
      [`enfant=${zoe}&du=2026-08-01&au=2026-08-15`, 'Aucune présence de ZOÉ n’est enregistrée du 01/08/2026 au 15/08/2026'],
    ] as const) {
      const response = await martin.get(`/attestations/presence?${query}`);
      expect(response.status, query).toBe(400);
      const html = await response.text();
      expect(html, query).toContain(message);
      expect(html).toContain(`value="${new URLSearchParams(query).get('du')}"`);
    }
    const lea = (await servers.db('children').where({ first_name: 'LÉA', last_name: 'DUPONT' }).first('id')).id;
    const other = await martin.get(`/attestations/presence?enfant=${lea}&du=2026-09-01&au=2026-11-30`);
    expect(other.status).toBe(400);
    const html = await other.text();
    expect(html).toContain('Choisissez un de vos enfants.');
    expect(html).not.toContain('LÉA');
  });
});

describe('what the attestation no longer counts', () => {
  const declared = async () => {
    const text = (await pdfText(await (await martin.get('/attestations/fiscale/2026.pdf')).arrayBuffer())).replace(/\u202f|\u00a0/g, ' ');
    const amount = /Montant à déclarer au titre des frais de garde des enfants de moins de 6 ans : ([\d ]+[.,]\d\d) €/.exec(text)![1]!;
    return Math.round(Number(amount.replace(/ /g, '').replace(',', '.')) * 100);
  };
  /** MARTIN's invoices paid in full in 2026 that bill ZOÉ's garderie, with what they bill for it. */
  const zoeCareInvoices = async () =>
    servers
      .db('payment_allocations as pa')
      .join('payments as p', 'p.id', 'pa.payment_id')
      .join('invoice_lines as l', 'l.invoice_id', 'pa.invoice_id')
      .join('services as s', 's.id', 'l.service_id')
      .where({ 'p.family_id': martinFamily, 'l.child_id': zoe })
      .whereNot('s.unit', 'meal')
      .whereNull('p.cancels_payment_id')
      .whereBetween('p.paid_on', ['2026-01-01', '2026-12-31'])
      .groupBy('p.id', 'pa.invoice_id')
      .orderBy('pa.invoice_id')
      .select('p.id as payment_id', 'pa.invoice_id', servers.db.raw('sum(l.amount_cents) as care_cents'));

  it('a cancelled payment counts in no year, and the attestation never goes below what was paid', async () => {
    const before = await declared();
    const [first] = await zoeCareInvoices();
    expect(Number(first.care_cents)).toBeGreaterThan(0);
    const cancelled = await staff('payments.cancel', { paymentId: first.payment_id, reason: 'Chèque impayé' });
    expect(cancelled.ok).toBe(true);
    expect(await declared()).toBe(before - Number(first.care_cents));
  });

  it('money on an invoice an avoir cancelled is the account’s credit, not care paid', async () => {
    const before = await declared();
    const standing = await servers.db('payments').whereNotNull('cancels_payment_id').pluck('cancels_payment_id');
    const next = (await zoeCareInvoices()).find((row) => !standing.includes(row.payment_id))!;
    const avoir = await staff('invoices.cancel', { invoiceId: next.invoice_id, reason: 'Erreur de tarif' });
    expect(avoir.ok).toBe(true);
    expect(await declared()).toBe(before - Number(next.care_cents));
  });
});
