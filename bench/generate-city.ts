import type { Knex } from 'knex';
import { dropSecondaryIndexes } from './bulk-load';
import { suspendAttendanceTallies } from '../migrations/20261206000034_attendance_tallies';
import { hashPassword } from '../shared/core/accounts/password-hash';
import { publicHolidaysBetween } from '../shared/core/planning/public-holidays';
import { addDays, isoWeekday } from '../shared/domain/french-dates';
import { foldForSearch } from '../shared/domain/search-text';
import { isPostgres } from '../shared/db/connection';

/** Every generated parent logs in with this password (hashed once: scrypt is slow on purpose). */
export const BENCH_PASSWORD = 'Banc-Essai-2026';
export const benchLogin = (index: number) => `famille${index}`;
/** Generated family numbers start here, after the demo commune's. */
const FIRST_NUMBER = 2_000_000_000_000n;

/** A small deterministic generator (mulberry32): the same city for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LAST = [
  'MARTIN',
  'BERNARD',
  'THOMAS',
  'PETIT',
  'ROBERT',
  'RICHARD',
  'DURAND',
  'DUBOIS',
  'MOREAU',
  'LAURENT',
  'SIMON',
  'MICHEL',
  'LEFEBVRE',
  'LEROY',
  'ROUX',
  'DAVID',
  'BERTRAND',
  'MOREL',
  'FOURNIER',
  'GIRARD',
  'BONNET',
  'DUPUIS',
  'LAMBERT',
  'FONTAINE',
  'ROUSSEAU',
  'VINCENT',
  'MULLER',
  'LEFEVRE',
  'FAURE',
  'ANDRE',
  'MERCIER',
  'BLANC',
  'GUERIN',
  'BOYER',
  'GARNIER',
  'CHEVALIER',
  'FRANCOIS',
  'LEGRAND',
  'GAUTHIER',
  'GARCIA',
];
const FIRST = [
  'CAMILLE',
  'LÉA',
  'MANON',
  'CHLOÉ',
  'EMMA',
  'INÈS',
  'JADE',
  'LOUISE',
  'LUCAS',
  'HUGO',
  'LOUIS',
  'GABRIEL',
  'ARTHUR',
  'JULES',
  'NATHAN',
  'RAPHAËL',
  'ADAM',
  'PAUL',
  'ZOÉ',
  'ALICE',
  'ANNA',
  'LINA',
  'NOAH',
  'ETHAN',
  'SACHA',
  'TOM',
  'MAËL',
  'ROSE',
  'MILA',
  'LÉON',
];
const ADULT = [
  'NICOLAS',
  'JULIEN',
  'SÉBASTIEN',
  'STÉPHANIE',
  'AURÉLIE',
  'CÉLINE',
  'JULIE',
  'SANDRINE',
  'FRÉDÉRIC',
  'DAVID',
  'ÉMILIE',
  'CAROLINE',
  'THOMAS',
  'ANTOINE',
  'MARIE',
  'SOPHIE',
];
const STREETS = [
  'RUE DE LA RÉPUBLIQUE',
  'AVENUE JEAN JAURÈS',
  'RUE VICTOR HUGO',
  'RUE DES ÉCOLES',
  'PLACE DE LA MAIRIE',
  'RUE PASTEUR',
  'ALLÉE DES TILLEULS',
  'CHEMIN DES VIGNES',
];

export interface CityOptions {
  families: number;
  seed: number;
  now: Date;
  log?: (line: string) => void;
}
export interface CitySummary {
  families: number;
  children: number;
  planningDays: number;
  invoices: number;
  payments: number;
  requests: number;
  messages: number;
}

/** Inserts rows in multi-row statements sized under SQLite's bound-variable limit. */
async function bulk(db: Knex, table: string, rows: Array<Record<string, unknown>>): Promise<void> {
  if (!rows.length) return;
  const perRow = Object.keys(rows[0]!).length;
  // SQLite: knex writes « insert … select … union all select … », at most 500 terms.
  const size = Math.max(1, Math.min(isPostgres(db) ? 5000 : 500, Math.floor(30_000 / perRow)));
  for (let i = 0; i < rows.length; i += size) await db(table).insert(rows.slice(i, i + size));
}

async function nextId(db: Knex, table: string): Promise<number> {
  const row = await db(table).max({ m: 'id' }).first();
  return Number(row?.m ?? 0) + 1;
}

/** After rows inserted with explicit ids, PostgreSQL's sequences must follow. */
async function syncSequences(db: Knex, tables: string[]): Promise<void> {
  if (!isPostgres(db)) return;
  for (const table of tables)
    await db.raw(`select setval(pg_get_serial_sequence(?, 'id'), coalesce((select max(id) from ??), 1))`, [table, table]);
}

/**
 * A city in a database that already holds the demo commune (services, tariffs, calendar):
 * `families` more households with their children, enrolments, a whole school year of planning
 * (attendance and absences of each kind up to today, reservations after), portal accounts, the
 * previous school year's invoices and payments, this year's months billed by the real invoice
 * run, requests and messages. Everything is written in bulk with ids chosen here.
 */
export async function generateCity(db: Knex, options: CityOptions): Promise<CitySummary> {
  const log = options.log ?? (() => undefined);
  const random = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const at = options.now.toISOString();
  const today = at.slice(0, 10);
  const services = new Map((await db('services').select('id', 'code', 'structure_id')).map((s) => [s.code as string, Number(s.id)]));
  const year = await db('school_years').where({ label: '2026-2027' }).first('id', 'starts_on', 'ends_on');
  const zone = (await db('commune_settings').where({ id: 1 }).first('school_zone'))?.school_zone ?? 'B';
  const holidays = await db('holidays').whereIn('zone', [zone, '*']).select('starts_on', 'ends_on');
  const publicHolidays = await publicHolidaysBetween(db, year.starts_on, year.ends_on);
  const schoolDays: string[] = [];
  for (let d = year.starts_on as string; d <= year.ends_on; d = addDays(d, 1)) {
    if (isoWeekday(d) > 5 || publicHolidays.has(d) || holidays.some((h) => d >= h.starts_on && d <= h.ends_on)) continue;
    schoolDays.push(d);
  }
  const passwordHash = await hashPassword(BENCH_PASSWORD);

  let familyId = await nextId(db, 'families');
  let adultId = await nextId(db, 'family_adults');
  let childId = await nextId(db, 'children');
  let enrolmentId = await nextId(db, 'enrolments');
  const summary: CitySummary = { families: 0, children: 0, planningDays: 0, invoices: 0, payments: 0, requests: 0, messages: 0 };
  const CHUNK = 1000;
  const rebuildPlanningIndexes = await dropSecondaryIndexes(db, 'planning_days');
  // Millions of days: their tallies are counted once at the end, not upserted day by day.
  const resumeAttendanceTallies = await suspendAttendanceTallies(db);
  for (let start = 0; start < options.families; start += CHUNK) {
    const families: Array<Record<string, unknown>> = [];
    const adults: Array<Record<string, unknown>> = [];
    const cafs: Array<Record<string, unknown>> = [];
    const children: Array<Record<string, unknown>> = [];
    const enrolments: Array<Record<string, unknown>> = [];
    const planning: Array<Record<string, unknown>> = [];
    const accounts: Array<Record<string, unknown>> = [];
    const requests: Array<Record<string, unknown>> = [];
    const messages: Array<Record<string, unknown>> = [];
    for (let i = start; i < Math.min(options.families, start + CHUNK); i += 1) {
      const last = pick(LAST);
      const first = pick(ADULT);
      const city = pick(['BOURGES', 'VIERZON', 'SAINT-DOULCHARD', 'MEHUN-SUR-YÈVRE']);
      const number = String(FIRST_NUMBER + BigInt(i));
      const kidNames: string[] = [];
      const fid = familyId++;
      const kids = random() < 0.5 ? 1 : 2;
      for (let k = 0; k < kids; k += 1) {
        const cid = childId++;
        const name = pick(FIRST);
        kidNames.push(name);
        children.push({
          id: cid,
          family_id: fid,
          last_name: last,
          first_name: name,
          sex: random() < 0.5 ? 'F' : 'M',
          birth_date: `${2015 + Math.floor(random() * 8)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
          school: 'École Jules Ferry',
          grade: pick(['CP', 'CE1', 'CE2', 'CM1', 'CM2']),
          created_at: at,
          updated_at: at,
        });
        const enrol = (code: string, weekdays: string) => {
          const id = enrolmentId++;
          enrolments.push({
            id,
            child_id: cid,
            service_id: services.get(code),
            school_year_id: year.id,
            starts_on: year.starts_on,
            ends_on: year.ends_on,
            regular_weekdays: weekdays,
            status: 'active',
            created_at: at,
          });
          return id;
        };
        const days = (code: string, weekdays: number[], eid: number, booked: number) => {
          for (const d of schoolDays) {
            if (!weekdays.includes(isoWeekday(d)) || random() > booked) continue;
            const past = d < today;
            const roll = random();
            const attendance = !past ? null : roll < 0.04 ? 'absent_excused' : roll < 0.06 ? 'absent_billed' : 'present';
            planning.push({
              child_id: cid,
              service_id: services.get(code),
              date: d,
              enrolment_id: eid,
              state:
                attendance === 'absent_excused'
                  ? 'absent_excused'
                  : attendance === 'absent_billed'
                    ? 'absent_billed'
                    : code.startsWith('ALSH')
                      ? 'reserved'
                      : 'regular',
              attendance,
              late_cancellation: false,
              updated_at: at,
              updated_by: 'bench',
            });
          }
        };
        if (random() < 0.8) days('RESTO', [1, 2, 4, 5], enrol('RESTO', '1,2,4,5'), 1);
        if (random() < 0.2) days('GARD_MATIN', [1, 4], enrol('GARD_MATIN', '1,4'), 1);
        if (random() < 0.2) days('ALSH_MER_PM', [3], enrol('ALSH_MER_PM', ''), 0.6);
      }
      families.push({
        id: fid,
        family_number: number,
        situation: pick(['Marié', 'Pacsé', 'Séparé', 'Célibataire']),
        search_text: foldForSearch(`${last} ${first} ${kidNames.join(' ')} ${number} ${city}`),
        created_at: at,
        updated_at: at,
      });
      adults.push({
        id: adultId++,
        family_id: fid,
        role: 'responsable',
        civility: pick(['Madame', 'Monsieur']),
        last_name: last,
        first_name: first,
        address: `${1 + Math.floor(random() * 90)} ${pick(STREETS)}`,
        postal_code: '18000',
        city,
        phone_mobile: '06 12 34 56 78',
        email: `famille${i}@exemple.fr`,
        email_allowed: random() < 0.7,
        created_at: at,
        updated_at: at,
      });
      if (random() < 0.6)
        adults.push({
          id: adultId++,
          family_id: fid,
          role: 'conjoint',
          civility: 'Monsieur',
          last_name: last,
          first_name: pick(ADULT),
          address: '',
          postal_code: '18000',
          city,
          phone_mobile: '',
          email: '',
          email_allowed: false,
          created_at: at,
          updated_at: at,
        });
      if (random() < 0.8)
        cafs.push({
          family_id: fid,
          caf_number: String(1_000_000 + i),
          quotient_familial: 300 + Math.floor(random() * 1700),
          quotient_valid_from: '2026-01-01',
          quotient_valid_to: '2026-12-31',
          updated_at: at,
        });
      accounts.push({
        family_id: fid,
        login: benchLogin(i),
        password_hash: passwordHash,
        must_change_password: false,
        status: 'active',
        created_at: at,
        updated_at: at,
      });
      if (random() < 0.1)
        requests.push({
          family_id: fid,
          child_id: null,
          category: 'responsable',
          proposed_json: JSON.stringify({ phoneMobile: '07 98 76 54 32' }),
          previous_json: JSON.stringify({ phoneMobile: '06 12 34 56 78' }),
          state: 'pending',
          family_comment: '',
          created_at: new Date(options.now.getTime() - Math.floor(random() * 20) * 86_400_000).toISOString(),
        });
      messages.push({
        family_id: fid,
        structure_id: null,
        direction: 'to_family',
        subject: 'Rentrée scolaire',
        body: 'Bienvenue à tous les enfants.',
        created_at: '2026-09-01T08:00:00.000Z',
        read_by_family_at: random() < 0.6 ? '2026-09-02T08:00:00.000Z' : null,
      });
    }
    await db.transaction(async (trx) => {
      await bulk(trx, 'families', families);
      await bulk(trx, 'family_adults', adults);
      await bulk(trx, 'family_caf', cafs);
      await bulk(trx, 'children', children);
      await bulk(trx, 'enrolments', enrolments);
      await bulk(trx, 'planning_days', planning);
      await bulk(trx, 'portal_accounts', accounts);
      await bulk(trx, 'requests', requests);
      await bulk(trx, 'messages', messages);
    });
    summary.families += families.length;
    summary.children += children.length;
    summary.planningDays += planning.length;
    summary.requests += requests.length;
    summary.messages += messages.length;
    log(`  ${summary.families} familles, ${summary.children} enfants, ${summary.planningDays} journées de planning`);
  }
  log('  index du planning…');
  await rebuildPlanningIndexes();
  await resumeAttendanceTallies();
  await syncSequences(db, ['families', 'family_adults', 'children', 'enrolments']);
  Object.assign(summary, await previousYearAccounts(db, options, random));
  return summary;
}

/**
 * Last school year's accounts: a canteen invoice per family and month, most of them paid, a
 * few handed to the trésorerie as titres — written in bulk with numbers that follow each other.
 */
async function previousYearAccounts(db: Knex, options: CityOptions, random: () => number): Promise<{ invoices: number; payments: number }> {
  const at = options.now.toISOString();
  // Last year's invoices were numbered by last year's régie sequence: « P25-1 », « P25-2 »…
  const [regieRow] = await db('regies')
    .insert({ name: 'Régie Périscolaire (2025-2026)', invoice_prefix: 'P25', last_invoice_number: 0, payfip_client_number: '018110' })
    .returning('id');
  const regie = { id: Number(typeof regieRow === 'object' ? regieRow.id : regieRow) };
  const resto = await db('services').where({ code: 'RESTO' }).first('id');
  const year = await db('school_years').where({ label: '2025-2026' }).first('id');
  const families = (await db('families').where('family_number', '>=', String(FIRST_NUMBER)).orderBy('id').select('id')).map((f) =>
    Number(f.id),
  );
  const months = ['2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];
  let invoiceId = await nextId(db, 'invoices');
  let paymentId = await nextId(db, 'payments');
  let sequence = 0;
  const counts = { invoices: 0, payments: 0 };
  for (const month of months) {
    const next = month === '2025-12' ? '2026-01' : `${month.slice(0, 5)}${String(Number(month.slice(5)) + 1).padStart(2, '0')}`;
    const issuedOn = `${next}-05`;
    const invoices: Array<Record<string, unknown>> = [];
    const lines: Array<Record<string, unknown>> = [];
    const payments: Array<Record<string, unknown>> = [];
    const allocations: Array<Record<string, unknown>> = [];
    for (const familyId of families) {
      const meals = 8 + Math.floor(random() * 10);
      const total = meals * 345;
      const id = invoiceId++;
      sequence += 1;
      invoices.push({
        id,
        regie_id: regie.id,
        family_id: familyId,
        sequence,
        number: `P25-${sequence}`,
        kind: 'invoice',
        period_month: month,
        school_year_id: year?.id ?? null,
        issued_on: issuedOn,
        due_on: `${next}-28`,
        total_cents: total,
        status: 'issued',
        created_at: at,
      });
      lines.push({
        invoice_id: id,
        service_id: resto.id,
        label: 'Restauration scolaire',
        details: `${meals} présences`,
        quantity: meals,
        unit_price_cents: 345,
        amount_cents: total,
      });
      const roll = random();
      if (roll < 0.97) {
        const pid = paymentId++;
        const type = roll < 0.03 ? 'titre' : pick4(random);
        payments.push({
          id: pid,
          family_id: familyId,
          type,
          reference: type === 'titre' ? '' : `Règlement ${month}`,
          ormc_number: type === 'titre' ? `2026-${String(pid).padStart(6, '0')}` : null,
          paid_on: `${next}-20`,
          amount_cents: total,
          status: 'confirmed',
          created_at: at,
        });
        allocations.push({ payment_id: pid, invoice_id: id, amount_cents: total });
      }
    }
    await db.transaction(async (trx) => {
      await bulk(trx, 'invoices', invoices);
      await bulk(trx, 'invoice_lines', lines);
      await bulk(trx, 'payments', payments);
      await bulk(trx, 'payment_allocations', allocations);
    });
    counts.invoices += invoices.length;
    counts.payments += payments.length;
  }
  await db('regies').where({ id: regie.id }).update({ last_invoice_number: sequence });
  await syncSequences(db, ['invoices', 'payments']);
  return counts;
}

function pick4(random: () => number): string {
  return ['virement', 'cheque', 'carte', 'prelevement', 'especes'][Math.floor(random() * 5)]!;
}
