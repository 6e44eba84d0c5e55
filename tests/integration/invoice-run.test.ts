import { describe, expect, it } from 'vitest';
import { accountStatement } from '../../shared/core/billing/statement';
import { householdWithDays, lastNumber, type DaySpec } from '../support/billing-fixtures';
import { useStaffCore } from '../support/staff-core';
import { insertStaffUser } from '../../shared/core/accounts/staff-auth';

// Today in tests: Monday 30 November 2026. The month billed: November 2026.
const fixture = useStaffCore();
const db = () => fixture.core.db;

// A month with an absence of every kind (CAF QF 650: canteen 2.42 €, Wednesday afternoon 7.70 €).
const NOVEMBER: DaySpec[] = [
  ['RESTO', '2026-11-02', 'regular', 'present'],
  ['RESTO', '2026-11-03', 'regular', 'present'],
  ['RESTO', '2026-11-05', 'regular', 'present'],
  ['RESTO', '2026-11-06', 'regular', 'present'],
  ['RESTO', '2026-11-09', 'regular', 'present'],
  ['RESTO', '2026-11-10', 'regular', 'absent_billed'], // absent, billed at roll call
  ['RESTO', '2026-11-12', 'absent_excused', 'absent_excused'],
  ['RESTO', '2026-11-13', 'absent_excused', null], // excused: free
  ['RESTO', '2026-11-16', 'absent_billed', null], // cancelled after the deadline
  ['RESTO', '2026-11-17', 'reserved', null], // nobody marked the roll call
  ['RESTO', '2026-11-19', 'closed', null],
  ['RESTO', '2026-11-20', 'absence_processing', null],
  ['ALSH_MER_PM', '2026-11-04', 'reserved', 'present'],
  ['ALSH_MER_PM', '2026-11-18', 'reserved', 'present'],
  ['ALSH_MER_PM', '2026-11-25', 'reserved', 'present'],
];

describe('the monthly invoice run', () => {
  let households: { a: number; b: number; c: number };

  it('previews amounts computed in cents from the QF bands, one invoice per family and régie', async () => {
    const a = await householdWithDays(db(), { number: '2001', lastName: 'ARNAUD', cafQf: 650, cafValidTo: '2026-12-31', days: NOVEMBER });
    // An expired CAF quotient gives way to the tax one (1300: top band, 3.97 €).
    const b = await householdWithDays(db(), {
      number: '2002',
      lastName: 'BLANC',
      cafQf: 650,
      cafValidTo: '2026-10-31',
      fiscalQf: 1300,
      days: [
        ['RESTO', '2026-11-02', 'regular', 'present'],
        ['RESTO', '2026-11-03', 'regular', 'present'],
      ],
    });
    // No quotient at all: the default price (3.97 €).
    const c = await householdWithDays(db(), { number: '2003', lastName: 'COLIN', days: [['RESTO', '2026-11-05', 'regular', 'present']] });
    households = { a: a.familyId, b: b.familyId, c: c.familyId };

    const preview = await fixture.staff('billing.preview', { month: '2026-11', familyIds: [a.familyId, b.familyId, c.familyId] });
    expect(preview.ok).toBe(true);
    const p = preview.value;
    expect(p).toMatchObject({
      month: '2026-11',
      billedUpTo: '2026-11-30',
      issuedOn: '2026-11-30',
      dueOn: '2026-12-31',
      problems: [],
      uncheckedDays: 1,
      invoiceCount: 4,
    });
    expect(p.totalCents).toBe(8 * 242 + 3 * 770 + 2 * 397 + 397);
    const arnaud = p.sample.filter((i: any) => i.familyNumber === '2001').sort((x: any, y: any) => y.regie.localeCompare(x.regie));
    expect(arnaud.map((i: any) => [i.regie, i.totalCents])).toEqual([
      ['GP', 1936],
      ['AL', 2310],
    ]);
    expect(arnaud[0].lines).toEqual([
      {
        label: 'Restauration scolaire — PAUL ARNAUD',
        details: '5 présences, 2 absences facturées, 1 réservation non pointée',
        quantity: 8,
        unitPriceCents: 242,
        amountCents: 1936,
      },
    ]);
    expect(arnaud[1].lines).toEqual([
      { label: 'ALSH Mercredi après-midi — PAUL ARNAUD', details: '3 présences', quantity: 3, unitPriceCents: 770, amountCents: 2310 },
    ]);
    expect(p.sample.find((i: any) => i.familyNumber === '2002').totalCents).toBe(794);
    expect(p.sample.find((i: any) => i.familyNumber === '2003').totalCents).toBe(397);
    // A preview changes nothing.
    expect(await db()('invoices').whereIn('family_id', Object.values(households)).first()).toBeUndefined();
  });

  it('issues them in one transaction with the next numbers of each régie, and marks the days billed', async () => {
    const [gp, al] = [await lastNumber(db(), 'GP'), await lastNumber(db(), 'AL')];
    const issued = await fixture.staff('billing.issue', { month: '2026-11', familyIds: Object.values(households) });
    expect(issued.ok).toBe(true);
    expect(issued.value.invoices).toBe(4);
    const rows = await db()('invoices')
      .whereIn('family_id', Object.values(households))
      .orderBy('id')
      .select('number', 'family_id', 'total_cents', 'issued_on', 'due_on', 'period_month');
    expect(rows.map((r) => r.number).sort()).toEqual([`AL-${al + 1}`, `GP-${gp + 1}`, `GP-${gp + 2}`, `GP-${gp + 3}`].sort());
    expect(rows.every((r) => r.issued_on === '2026-11-30' && r.due_on === '2026-12-31' && r.period_month === '2026-11')).toBe(true);
    expect([await lastNumber(db(), 'GP'), await lastNumber(db(), 'AL')]).toEqual([gp + 3, al + 1]);
    const billedDays = await db()('planning_days as pd')
      .join('children as c', 'c.id', 'pd.child_id')
      .join('planning_day_invoices as held', 'held.planning_day_id', 'pd.id')
      .where('c.family_id', households.a)
      .count<{ n: number }[]>({ n: '*' })
      .first();
    expect(Number(billedDays!.n)).toBe(11); // 8 canteen days + 3 Wednesdays; excused, closed and pending days stay free
    // Each day points at the invoice whose line bills its child and service, as many days as the line's quantity
    // (the days are marked in one insert … select through a temporary table: this pins what it must give).
    const lines = await db()('invoice_lines as l')
      .join('invoices as i', 'i.id', 'l.invoice_id')
      .whereIn('i.family_id', Object.values(households))
      .where('i.period_month', '2026-11')
      .select('l.invoice_id', 'l.child_id', 'l.service_id', 'l.quantity');
    for (const line of lines) {
      const marked = await db()('planning_days as pd')
        .join('planning_day_invoices as held', 'held.planning_day_id', 'pd.id')
        .where({ 'held.invoice_id': line.invoice_id, 'pd.child_id': line.child_id, 'pd.service_id': line.service_id })
        .count<{ n: number }[]>({ n: '*' })
        .first();
      expect(Number(marked!.n)).toBe(Number(line.quantity));
    }
    expect(await db()('audit_log').where({ action: 'invoices.run' }).first()).toBeTruthy();
  });

  it('does not bill the same days twice when run again', async () => {
    const again = await fixture.staff('billing.issue', { month: '2026-11', familyIds: Object.values(households) });
    expect(again).toMatchObject({
      ok: false,
      error: { type: 'validation', message: 'Rien à facturer pour ce mois : tous les jours facturables le sont déjà.' },
    });
    // A day added later (a roll call corrected) is billed on its own by the next run.
    const child = await db()('children').where({ family_id: households.c }).first('id');
    await db()('planning_days').insert({
      child_id: child.id,
      service_id: (await db()('services').where({ code: 'RESTO' }).first('id')).id,
      date: '2026-11-06',
      state: 'regular',
      attendance: 'present',
      updated_at: 'x',
      updated_by: 'test',
    });
    const extra = await fixture.staff('billing.issue', { month: '2026-11', familyIds: [households.c] });
    expect(extra.value).toMatchObject({ invoices: 1, totalCents: 397 });
  });

  it('refuses to issue while a service has no price, and changes nothing', async () => {
    const service = await db()('services').where({ code: 'GARD_MATIN' }).first('id');
    const year = await db()('school_years').where({ label: '2026-2027' }).first('id');
    const saved = await db()('tariffs').where({ service_id: service.id, school_year_id: year.id });
    await db()('tariffs').where({ service_id: service.id, school_year_id: year.id }).delete();
    const d = await householdWithDays(db(), {
      number: '2004',
      lastName: 'DURAND',
      days: [
        ['GARD_MATIN', '2026-11-02', 'regular', 'present'],
        ['RESTO', '2026-11-02', 'regular', 'present'],
      ],
    });
    const gp = await lastNumber(db(), 'GP');
    const preview = await fixture.staff('billing.preview', { month: '2026-11', familyIds: [d.familyId] });
    expect(preview.value.problems).toEqual(['Aucun tarif pour « Garderie matin » en 2026-2027 : saisissez-le avant de facturer.']);
    const refused = await fixture.staff('billing.issue', { month: '2026-11', familyIds: [d.familyId] });
    expect(refused).toMatchObject({ ok: false, error: { type: 'validation' } });
    expect(await lastNumber(db(), 'GP')).toBe(gp);
    expect(await db()('invoices').where({ family_id: d.familyId }).first()).toBeUndefined();
    await db()('tariffs').insert(saved.map(({ id: _id, ...t }) => t));
  });

  it('cancels an invoice with an avoir that takes the next number and frees its days for the next run', async () => {
    const invoice = await db()('invoices').where({ family_id: households.b, kind: 'invoice' }).first();
    const gp = await lastNumber(db(), 'GP');
    const cancelled = await fixture.staff('invoices.cancel', { invoiceId: invoice.id, reason: 'Repas du 3 novembre non consommé' });
    expect(cancelled.value).toEqual({ creditNoteId: expect.any(Number), creditNoteNumber: `GP-${gp + 1}` });
    const avoir = await db()('invoices').where({ id: cancelled.value.creditNoteId }).first();
    expect(avoir).toMatchObject({ kind: 'credit_note', cancels_invoice_id: invoice.id, total_cents: -794 });
    expect(await db()('invoices').where({ id: invoice.id }).first('status')).toEqual({ status: 'cancelled' });
    expect(await db()('planning_day_invoices').where({ invoice_id: invoice.id }).first()).toBeUndefined();
    const twice = await fixture.staff('invoices.cancel', { invoiceId: invoice.id, reason: 'Encore' });
    expect(twice).toMatchObject({ ok: false, error: { type: 'conflict' } });
    expect(await lastNumber(db(), 'GP')).toBe(gp + 1);
    // The corrected month is billed again: one day now excused.
    const child = await db()('children').where({ family_id: households.b }).first('id');
    await db()('planning_days')
      .where({ child_id: child.id, date: '2026-11-03' })
      .update({ attendance: 'absent_excused', state: 'absent_excused' });
    const rerun = await fixture.staff('billing.issue', { month: '2026-11', familyIds: [households.b] });
    expect(rerun.value).toMatchObject({
      invoices: 1,
      totalCents: 397,
      numbers: [{ regie: 'GP', from: `GP-${gp + 2}`, to: `GP-${gp + 2}` }],
    });
  });

  it('numbers concurrent runs without gaps or duplicates', async () => {
    const families = await Promise.all(
      ['2010', '2011', '2012', '2013'].map((number, i) =>
        householdWithDays(db(), {
          number,
          lastName: `RUN${i}`,
          cafQf: 900,
          days: [
            ['RESTO', '2026-11-02', 'regular', 'present'],
            ['ALSH_MER_PM', '2026-11-04', 'reserved', 'present'],
          ],
        }),
      ),
    );
    const [gp, al] = [await lastNumber(db(), 'GP'), await lastNumber(db(), 'AL')];
    const ids = families.map((f) => f.familyId);
    const results = await Promise.all([
      fixture.staff('billing.issue', { month: '2026-11', familyIds: ids.slice(0, 2) }),
      fixture.staff('billing.issue', { month: '2026-11', familyIds: ids.slice(2) }),
      fixture.staff('billing.issue', { month: '2026-11', familyIds: ids }), // overlaps both: bills only what is left
    ]);
    const numbers = (await db()('invoices').whereIn('family_id', ids).select('number')).map((r) => r.number as string);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(
      numbers
        .filter((n) => n.startsWith('GP-'))
        .map((n) => Number(n.slice(3)))
        .sort((x, y) => x - y),
    ).toEqual([gp + 1, gp + 2, gp + 3, gp + 4]);
    expect(
      numbers
        .filter((n) => n.startsWith('AL-'))
        .map((n) => Number(n.slice(3)))
        .sort((x, y) => x - y),
    ).toEqual([al + 1, al + 2, al + 3, al + 4]);
    expect(results.filter((r) => r.ok).reduce((s, r) => s + r.value.invoices, 0)).toBe(8);
    const billedTwice = await db()('planning_days as pd')
      .join('children as c', 'c.id', 'pd.child_id')
      .leftJoin('planning_day_invoices as held', 'held.planning_day_id', 'pd.id')
      .whereIn('c.family_id', ids)
      .whereNull('held.invoice_id')
      .first();
    expect(billedTwice).toBeUndefined();
  });
});

describe('payments and the account statement', () => {
  it('allocates a payment to the oldest invoices first and keeps the rest as credit', async () => {
    const f = await householdWithDays(db(), {
      number: '2020',
      lastName: 'EVRARD',
      days: [
        ['RESTO', '2026-09-07', 'regular', 'present'],
        ['RESTO', '2026-10-05', 'regular', 'present'],
        ['RESTO', '2026-10-06', 'regular', 'present'],
      ],
    });
    await fixture.staff('billing.issue', { month: '2026-09', familyIds: [f.familyId], issuedOn: '2026-10-05' });
    await fixture.staff('billing.issue', { month: '2026-10', familyIds: [f.familyId], issuedOn: '2026-11-05' });
    const [september, october] = await db()('invoices')
      .where({ family_id: f.familyId })
      .orderBy('id')
      .select('id', 'number', 'total_cents');
    expect([september.total_cents, october.total_cents]).toEqual([397, 794]);
    const paid = await fixture.staff('payments.record', {
      familyId: f.familyId,
      type: 'cheque',
      amountCents: 1500,
      paidOn: '2026-11-20',
      reference: 'Chèque n° 1',
    });
    expect(paid.value).toMatchObject({
      allocations: [
        { number: september.number, amountCents: 397 },
        { number: october.number, amountCents: 794 },
      ],
      creditCents: 309,
    });
    const statement = await accountStatement(db(), f.familyId, '2026-2027', '2026-11-30');
    expect(statement).toMatchObject({ previousBalanceCents: 0, invoicedCents: 1191, paidCents: 1500, balanceCents: -309 });
    expect(statement.invoices.map((i) => i.remainingCents)).toEqual([0, 0]);
  });

  it('carries the previous school years into « Ancien Solde » and balances each year as invoices minus payments', async () => {
    const f = await householdWithDays(db(), {
      number: '2021',
      lastName: 'FABRE',
      days: [
        ['RESTO', '2026-06-08', 'regular', 'present'],
        ['RESTO', '2026-11-02', 'regular', 'present'],
      ],
    });
    await fixture.staff('billing.issue', { month: '2026-06', familyIds: [f.familyId], issuedOn: '2026-07-03' });
    await fixture.staff('billing.issue', { month: '2026-11', familyIds: [f.familyId] });
    await fixture.staff('payments.record', {
      familyId: f.familyId,
      type: 'titre',
      ormcNumber: '2026-000999',
      amountCents: 100,
      paidOn: '2026-09-15',
      reference: '',
    });
    const last = await accountStatement(db(), f.familyId, '2025-2026', '2026-11-30');
    expect(last).toMatchObject({ previousBalanceCents: 0, balanceCents: last.invoicedCents });
    const current = await accountStatement(db(), f.familyId, '2026-2027', '2026-11-30');
    expect(current.previousBalanceCents).toBe(last.balanceCents);
    expect(current.payments).toEqual([
      { id: expect.any(Number), paidOn: '2026-09-15', typeLabel: 'Titre émis (ORMC n°2026-000999)', reference: '', amountCents: 100 },
    ]);
    const invoiced = Number((await db()('invoices').where({ family_id: f.familyId }).sum({ s: 'total_cents' }).first())!.s);
    expect(current.balanceCents).toBe(invoiced - 100);
  });

  it('refuses a titre without its ORMC number and a payment dated in the future, recording nothing', async () => {
    const family = await db()('families').where({ family_number: '2020' }).first('id');
    const before = await db()('payments').count<{ n: number }[]>({ n: '*' }).first();
    const noOrmc = await fixture.staff('payments.record', { familyId: family.id, type: 'titre', amountCents: 100, paidOn: '2026-11-20' });
    expect(noOrmc).toMatchObject({
      ok: false,
      error: { type: 'validation', fields: { ormcNumber: 'Le numéro ORMC du titre est obligatoire.' } },
    });
    const future = await fixture.staff('payments.record', { familyId: family.id, type: 'especes', amountCents: 100, paidOn: '2026-12-24' });
    expect(future).toMatchObject({ ok: false, error: { type: 'validation' } });
    const negative = await fixture.staff('payments.record', {
      familyId: family.id,
      type: 'especes',
      amountCents: -5,
      paidOn: '2026-11-20',
    });
    expect(negative.ok).toBe(false);
    expect(await db()('payments').count<{ n: number }[]>({ n: '*' }).first()).toEqual(before);
  });

  it('lists invoices on the server, filtered by what is left to pay', async () => {
    const unpaid = await fixture.staff('invoices.list', { status: 'unpaid', search: 'dupont', pageSize: 10 });
    expect(unpaid.value.rows.map((r: any) => r.number)).toEqual(['AL-23']);
    const paid = await fixture.staff('invoices.list', { status: 'paid', search: 'dupont' });
    expect(paid.value.rows.map((r: any) => r.number)).toEqual(['GP-63', 'GP-1', 'AL-1']); // newest first
    const detail = await fixture.staff('invoices.get', { id: paid.value.rows[0].id });
    expect(detail.value.allocations).toEqual([
      { paymentId: expect.any(Number), paidOn: '2026-11-17', typeLabel: 'Chèque', amountCents: 7455 },
    ]);
  });
});

describe('tariffs and billing settings', () => {
  let admin = '';
  const asAdmin = async (name: string, input: unknown) =>
    (await fixture.core.dispatch({ name, input, sessionToken: admin, source: 'test' })).response as any;

  it('are replaced by an admin only, and refuse overlapping bands', async () => {
    const service = await db()('services').where({ code: 'RESTO' }).first('id');
    const year = await db()('school_years').where({ label: '2026-2027' }).first('id');
    const input = {
      serviceId: service.id,
      schoolYearId: year.id,
      defaultPriceCents: 400,
      bands: [
        { qfMin: 0, qfMax: 800, unitPriceCents: 250 },
        { qfMin: 801, qfMax: null, unitPriceCents: 350 },
      ],
    };
    expect(await fixture.staff('tariffs.save', input)).toMatchObject({ ok: false, error: { type: 'forbidden' } });
    const list = await fixture.staff('tariffs.list', {});
    expect(list.value.tariffs.find((t: any) => t.serviceId === service.id)).toMatchObject({
      defaultPriceCents: 397,
      bands: [
        { qfMin: 0, qfMax: 700, unitPriceCents: 242 },
        { qfMin: 701, qfMax: 1200, unitPriceCents: 345 },
        { qfMin: 1201, qfMax: null, unitPriceCents: 397 },
      ],
    });

    await insertStaffUser(db(), { username: 'admin', displayName: 'Admin Mairie', password: 'Admin-2026-x', role: 'admin' }, 'x');
    admin = (
      await fixture.core.dispatch({
        name: 'auth.login',
        input: { username: 'admin', password: 'Admin-2026-x' },
        sessionToken: null,
        source: 'test',
      })
    ).sessionToken!;
    const overlapping = await asAdmin('tariffs.save', {
      ...input,
      bands: [
        { qfMin: 0, qfMax: 800, unitPriceCents: 250 },
        { qfMin: 800, qfMax: null, unitPriceCents: 350 },
      ],
    });
    expect(overlapping).toMatchObject({
      ok: false,
      error: { type: 'validation', message: 'Deux tranches de quotient familial se chevauchent.' },
    });
    const gap = await asAdmin('tariffs.save', {
      ...input,
      bands: [
        { qfMin: 0, qfMax: 700, unitPriceCents: 250 },
        { qfMin: 900, qfMax: null, unitPriceCents: 350 },
      ],
    });
    // The band at fault is named by its field: the screen marks where to correct it.
    expect(gap).toMatchObject({
      ok: false,
      error: { fields: { 'bands.1.qfMin': 'Les QF de 701 à 899 n’ont pas de tarif : la tranche doit commencer à 701.' } },
    });
    expect(await asAdmin('tariffs.save', input)).toMatchObject({ ok: true });
    const after = await fixture.staff('tariffs.list', { schoolYearId: year.id });
    expect(after.value.tariffs.find((t: any) => t.serviceId === service.id)).toMatchObject({ defaultPriceCents: 400, bands: input.bands });
    expect(await db()('audit_log').where({ action: 'tariffs.save' }).first()).toBeTruthy();
  });

  it('let an admin set PayFiP’s contract and the due date rule, refusing bad values', async () => {
    const current = (await fixture.staff('settings.get', {})).value.billing;
    expect(current).toEqual({
      payfipClientNumber: '018110',
      payfipMode: 'ws',
      payfipSaisie: 'T',
      payfipLinkDaysAfterDue: 30,
      invoiceDueRule: 'end_of_next_month',
      payfipWsUrl: '/simulateur-payfip/services/securite',
      payfipPaymentPageUrl: '/simulateur-payfip/tpa/paiementws.web',
      payfipUrlModeUrl: '/simulateur-payfip/tpa/paiement.web',
    });
    expect(await fixture.staff('settings.updateBilling', current)).toMatchObject({ ok: false, error: { type: 'forbidden' } });
    const bad = await asAdmin('settings.updateBilling', { ...current, payfipClientNumber: '18110', payfipWsUrl: 'http://payfip.example' });
    expect(bad).toMatchObject({
      ok: false,
      error: { type: 'validation', fields: { payfipClientNumber: expect.any(String), payfipWsUrl: expect.any(String) } },
    });
    const real = {
      ...current,
      payfipSaisie: 'W',
      payfipWsUrl: 'https://www.payfip.gouv.fr/tpa/services/securite',
      invoiceDueRule: 'days:30',
    };
    expect((await asAdmin('settings.updateBilling', real)).value.billing).toEqual(real);
    await asAdmin('settings.updateBilling', current);
  });
});

describe('the portal home view', () => {
  it('shows the balance and the unread count computed in single queries', async () => {
    const { homeView } = await import('../../shared/core/home/service');
    const { portalHeader } = await import('../../shared/core/home/household-header');
    const dupont = await db()('families').where({ family_number: '1001001010331' }).first('id');
    const view = await homeView(db(), await portalHeader(db(), fixture.core.clock, dupont.id), dupont.id);
    expect(view.balanceCents).toBe(4020);
    expect(view.unreadMessages).toBe(1);
    expect(view.unpaidInvoices.map((i) => i.number)).toEqual(['AL-23']);
  });
});
