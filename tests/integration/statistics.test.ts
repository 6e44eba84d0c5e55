import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertId } from '../../shared/db/insert-id';
import { householdWithDays } from '../support/billing-fixtures';
import { useStaffCore } from '../support/staff-core';

// « Statistiques » on a small fixture whose figures are counted by hand: a service of its own
// (1 h 30 a day, 10 places, Monday, Tuesday, Thursday, Friday in school periods), its own régie,
// two families of a commune of their own, November 2026.
const fixture = useStaffCore();
const staff = fixture.staff;
let serviceId: number;

beforeAll(async () => {
  const db = fixture.core.db;
  const structureId = Number((await db('structures').orderBy('id').first('id')).id);
  const regieId = await insertId(db, 'regies', {
    name: 'Régie des statistiques',
    invoice_prefix: 'ST',
    last_invoice_number: 0,
    payfip_client_number: '018110',
  });
  const statsStructure = await insertId(db, 'structures', { regie_id: regieId, name: 'Accueil statistique', position: 9 });
  expect(structureId).toBeGreaterThan(0);
  serviceId = await insertId(db, 'services', {
    structure_id: statsStructure,
    code: 'STAT',
    name: 'Accueil du soir',
    unit: 'day',
    runs_school_days: true,
    runs_wednesdays: false,
    runs_holidays: false,
    weekdays: '1,2,4,5',
    capacity_per_day: 10,
    minutes_per_day: 90,
    validation_mode: 'automatic',
    position: 1,
    active: true,
  });
  const year = Number(
    (await db('school_years').where('starts_on', '<=', '2026-11-01').where('ends_on', '>=', '2026-11-30').first('id')).id,
  );
  await db('tariffs').insert([
    // The first band written « up to 700 » (no minimum), as the Tarifs screen allows.
    { service_id: serviceId, school_year_id: year, qf_min: null, qf_max: 700, unit_price_cents: 100, is_default: false },
    { service_id: serviceId, school_year_id: year, qf_min: 701, qf_max: 1200, unit_price_cents: 200, is_default: false },
    { service_id: serviceId, school_year_id: year, qf_min: 1201, qf_max: null, unit_price_cents: 300, is_default: false },
    { service_id: serviceId, school_year_id: year, qf_min: null, qf_max: null, unit_price_cents: 300, is_default: true },
  ]);
  // Family A: CAF quotient 650; the child turns 6 on Monday 16 November.
  const a = await householdWithDays(db, {
    number: 'STAT-A',
    lastName: 'ALPHA',
    cafQf: 650,
    city: 'Ville-Test',
    birthDate: '2020-11-16',
    days: [
      ['STAT', '2026-11-13', 'regular', 'present'],
      ['STAT', '2026-11-16', 'regular', 'present'],
      ['STAT', '2026-11-17', 'reserved', 'present'],
      ['STAT', '2026-11-19', 'reserved', null],
    ],
  });
  // Family B: no CAF quotient, 1 500 from the tax notice; an 11-year-old.
  await householdWithDays(db, {
    number: 'STAT-B',
    lastName: 'BETA',
    fiscalQf: 1500,
    city: 'VILLE TEST',
    birthDate: '2015-01-01',
    days: [
      ['STAT', '2026-11-16', 'regular', 'present'],
      ['STAT', '2026-11-17', 'absent_billed', 'absent_billed'],
      ['STAT', '2026-12-03', 'regular', 'present'], // outside the period
    ],
  });
  const at = '2026-12-01T08:00:00.000Z';
  const invoice = (sequence: number, kind: string, cents: number, period = '2026-11') =>
    insertId(db, 'invoices', {
      regie_id: regieId,
      family_id: a.familyId,
      sequence,
      number: `ST-${sequence}`,
      kind,
      period_month: period,
      issued_on: '2026-12-01',
      due_on: '2026-12-15',
      total_cents: cents,
      created_at: at,
    });
  const line = (invoiceId: number, cents: number) =>
    db('invoice_lines').insert({
      invoice_id: invoiceId,
      child_id: a.childId,
      service_id: serviceId,
      label: 'Accueil du soir',
      quantity: 1,
      unit_price_cents: Math.abs(cents),
      amount_cents: cents,
    });
  await line(await invoice(1, 'invoice', 1234), 1234);
  await line(await invoice(2, 'invoice', 766), 766);
  await line(await invoice(3, 'credit_note', -766), -766);
  await line(await invoice(4, 'invoice', 999, '2026-10'), 999); // another month
  const payment = (paidOn: string, cents: number, status: string) =>
    db('payments').insert({
      family_id: a.familyId,
      regie_id: regieId,
      type: 'cheque',
      paid_on: paidOn,
      amount_cents: cents,
      status,
      created_at: at,
    });
  await payment('2026-11-20', 800, 'confirmed');
  await payment('2026-11-21', 300, 'rejected');
  await payment('2026-12-01', 500, 'confirmed');
  // An unpaid invoice handed to the Trésor public: a « titre », not money the régie received.
  await db('payments').insert({
    family_id: a.familyId,
    regie_id: regieId,
    type: 'titre',
    paid_on: '2026-11-25',
    amount_cents: 999,
    status: 'confirmed',
    created_at: at,
  });
});

describe('the commune’s and the CAF’s statistics', () => {
  it('counts days and hours of presence per month, by age band, by QF band and by commune, as counted by hand', async () => {
    const answer = await staff('statistics.get', { from: '2026-11', to: '2026-11' });
    expect(answer.ok).toBe(true);
    const stats = answer.value;
    const mine = (rows: any[]) => rows.filter((r) => r.serviceId === serviceId);
    // A: 13, 16, 17 present; B: 16 present (17 absent, 3 December outside).
    expect(mine(stats.attendance)).toEqual([{ serviceId, service: 'Accueil du soir', month: '2026-11', children: 2, days: 4, hours: 6 }]);
    expect(mine(stats.byAge)).toEqual([
      { serviceId, service: 'Accueil du soir', band: '3 à 5 ans', children: 1, days: 1, hours: 1.5 },
      { serviceId, service: 'Accueil du soir', band: '6 à 11 ans', children: 2, days: 3, hours: 4.5 },
    ]);
    expect(mine(stats.byQuotient)).toEqual([
      { serviceId, service: 'Accueil du soir', band: 'QF 0 à 700', children: 1, days: 3, hours: 4.5 },
      { serviceId, service: 'Accueil du soir', band: `QF 1${'\u202f'}201 et plus`, children: 1, days: 1, hours: 1.5 },
    ]);
    // « Ville-Test » and « VILLE TEST » are one commune.
    expect(stats.byCommune.filter((c: any) => c.commune.replace(/[- ]/g, '') === 'VILLETEST')).toEqual([
      { commune: 'VILLE-TEST', days: 4, hours: 6 },
    ]);
  });

  it('measures occupancy against the days the service ran, and revenue per régie and service', async () => {
    const stats = (await staff('statistics.get', { from: '2026-11', to: '2026-11' })).value;
    // November 2026, Mondays, Tuesdays, Thursdays and Fridays from the 2nd (after the Toussaint holidays): 5 + 4 + 4 + 4 = 17 days.
    // Places held: A 13, 16, 17, 19 and B 16 = 5 of 170, 2.9 % (B's absence on the 17th freed its place).
    expect(stats.occupancy.filter((r: any) => r.serviceId === serviceId)).toEqual([
      {
        serviceId,
        service: 'Accueil du soir',
        month: '2026-11',
        openDays: 17,
        capacity: 10,
        placesOffered: 170,
        booked: 5,
        present: 4,
        ratePercent: 2.9,
      },
    ]);
    expect(stats.revenue.filter((r: any) => r.regie === 'Régie des statistiques')).toEqual([
      {
        regie: 'Régie des statistiques',
        service: 'Accueil statistique — Accueil du soir',
        invoicedCents: 2000,
        creditedCents: -766,
        netCents: 1234,
      },
    ]);
    expect(stats.collected.filter((r: any) => r.regie === 'Régie des statistiques')).toEqual([
      { regie: 'Régie des statistiques', collectedCents: 800 },
    ]);
  });

  it('exports each table as the screen shows it, hours with a decimal comma', async () => {
    const answer = await staff('exports.grid', { grid: 'statsQuotient', filter: { from: '2026-11', to: '2026-11' }, format: 'csv' });
    const lines = Buffer.from(answer.value.base64, 'base64')
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toBe('Prestation;Tranche de QF;Enfants;Journées;Heures');
    expect(lines).toContain('Accueil du soir;QF 0 à 700;1;3;4,5');
    const roll = await staff('exports.grid', { grid: 'rollCall', filter: { serviceId, date: '2026-11-16' }, format: 'csv' });
    const rollLines = Buffer.from(roll.value.base64, 'base64').toString('utf8').split('\r\n');
    expect(rollLines.filter((l) => l.startsWith('ALPHA PAUL;') || l.startsWith('BETA PAUL;'))).toEqual([
      'ALPHA PAUL;;ALPHA ANNE;Régulier;Présent;',
      'BETA PAUL;;BETA ANNE;Régulier;Présent;',
    ]);
    const capacity = await staff('exports.grid', { grid: 'capacity', filter: { serviceId, month: '2026-11' }, format: 'xlsx' });
    expect(capacity.value.rows).toBe(30);
  });

  it('opens back in Excel with the screen’s rows, numbers as numbers', async () => {
    const period = { from: '2026-11', to: '2026-11' };
    const stats = (await staff('statistics.get', period)).value;
    const exported = await staff('exports.grid', { grid: 'statsAttendance', filter: period, format: 'xlsx' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(exported.value.base64, 'base64') as never);
    const sheet = workbook.worksheets[0]!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(['Prestation', 'Mois', 'Enfants', 'Journées', 'Heures']);
    expect(rows.slice(1)).toEqual(
      stats.attendance.map((r: any) => [r.service, r.month, r.children, r.days, ...(r.hours === null ? [] : [r.hours])]),
    );
    expect(rows.slice(1).find((r) => r[0] === 'Accueil du soir')).toEqual(['Accueil du soir', '2026-11', 2, 4, 6]);
  });

  it('refuses a period longer than a year or upside down', async () => {
    expect((await staff('statistics.get', { from: '2026-01', to: '2026-12' })).ok).toBe(true);
    expect((await staff('statistics.get', { from: '2026-01', to: '2027-01' })).error.fields.to).toBe('12 mois au plus à la fois.');
    expect((await staff('statistics.get', { from: '2026-11', to: '2026-10' })).error.fields.to).toBe(
      'Le mois de fin doit suivre le mois de début.',
    );
    expect((await staff('statistics.get', { from: '2026-13', to: '2026-12' })).ok).toBe(false);
  });
});
