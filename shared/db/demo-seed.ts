import type { Knex } from 'knex';
import { insertId } from './insert-id';
import { seedDemoDocuments } from './demo-documents';
import { PAYFIP_SIMULATOR_PREFIX as SIMULATOR_PREFIX } from '../domain/payfip';
import { BILLABLE_ATTENDANCE, BILLABLE_UNMARKED_STATES, monthBounds } from '../domain/billing-rules';
import { addDays, isoWeekday, shiftMonth } from '../domain/french-dates';
import { frenchPublicHolidays } from '../domain/public-holidays';
import { foldForSearch } from '../domain/search-text';
import { hashPassword } from '../core/accounts/password-hash';
import { issuePortalToken } from '../core/accounts/portal-tokens';
import { SHIPPED_SCHOOL_YEARS } from './school-calendar-data';
import { installShippedCalendar } from './shipped-calendar';

/** The demo's two invoice runs, dated from today (see the billing part of the seed). */
export function demoBillingDates(todayIso: string) {
  const thisMonth = todayIso.slice(0, 7);
  const lastIssuedOn = todayIso < `${thisMonth}-05` ? todayIso : `${thisMonth}-05`;
  const previousMonth = shiftMonth(thisMonth, -1);
  return {
    last: { period: previousMonth, issuedOn: lastIssuedOn, dueOn: monthBounds(thisMonth).to },
    previous: { period: shiftMonth(thisMonth, -2), issuedOn: `${previousMonth}-05`, dueOn: monthBounds(previousMonth).to },
    previousPaidOn: `${previousMonth}-20`,
    lastPaidOn: lastIssuedOn,
  };
}

export const DEMO_LOGINS = {
  parent: { login: 'jean.dupont', password: 'Bonbons2015' },
  secondParent: { login: 'marie.martin', password: 'Cantine2015' },
  staff: { login: 'agent', password: 'Mairie2015' },
};

/** Deterministic pseudo-random numbers, so that every demo database is the same. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const SERVICES = [
  {
    structure: 'Accueil de Loisirs',
    code: 'ALSH_MER_PM',
    name: 'ALSH Mercredi après-midi',
    unit: 'half_day',
    wed: true,
    hol: false,
    school: false,
    weekdays: '3',
    capacity: 40,
    price: 1100,
  },
  {
    structure: 'Accueil de Loisirs',
    code: 'ALSH_MER_J',
    name: 'ALSH Mercredi journée',
    unit: 'day',
    wed: true,
    hol: false,
    school: false,
    weekdays: '3',
    capacity: 40,
    price: 1460,
  },
  {
    structure: 'Accueil de Loisirs',
    code: 'ALSH_VAC_PM',
    name: 'ALSH Vacances après-midi',
    unit: 'half_day',
    wed: false,
    hol: true,
    school: false,
    weekdays: '1,2,3,4,5',
    capacity: 48,
    price: 1100,
  },
  {
    structure: 'Accueil de Loisirs',
    code: 'ALSH_VAC_J',
    name: 'ALSH Vacances journée',
    unit: 'day',
    wed: false,
    hol: true,
    school: false,
    weekdays: '1,2,3,4,5',
    capacity: 48,
    price: 1460,
  },
  {
    structure: 'Accueil de Loisirs',
    code: 'ALSH_VAC_AM',
    name: 'ALSH Vacances matin',
    unit: 'half_day',
    wed: false,
    hol: true,
    school: false,
    weekdays: '1,2,3,4,5',
    capacity: 48,
    price: 900,
  },
  {
    structure: 'Garderie périscolaire',
    code: 'GARD_MATIN',
    name: 'Garderie matin',
    unit: 'day',
    wed: false,
    hol: false,
    school: true,
    weekdays: '1,2,4,5',
    capacity: 30,
    price: 180,
  },
  {
    structure: 'Garderie périscolaire',
    code: 'RESTO',
    name: 'Restauration scolaire',
    unit: 'meal',
    wed: false,
    hol: false,
    school: true,
    weekdays: '1,2,4,5',
    capacity: 180,
    price: 345,
  },
];

const LAST_NAMES = [
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
  'LEFÈVRE',
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
  'LEFEBVRE',
  'FAURE',
  'ANDRÉ',
];
const MEN = ['PIERRE', 'NICOLAS', 'JULIEN', 'SÉBASTIEN', 'THOMAS', 'ANTOINE', 'MATHIEU', 'OLIVIER', 'FRANÇOIS', 'CÉDRIC'];
const WOMEN = ['MARIE', 'CAMILLE', 'ÉLODIE', 'SOPHIE', 'AURÉLIE', 'JULIE', 'CÉLINE', 'ÉMILIE', 'LAURA', 'HÉLÈNE'];
const KIDS = [
  'LÉA',
  'HUGO',
  'CHLOÉ',
  'LOUIS',
  'EMMA',
  'GABRIEL',
  'JADE',
  'JULES',
  'LOUISE',
  'ARTHUR',
  'ALICE',
  'RAPHAËL',
  'INÈS',
  'NOAH',
  'MANON',
];
const STREETS = ['RUE DES VERGERS', 'ROUTE DE BOURGES', 'RUE DU CHÂTEAU', 'ALLÉE DES POMMIERS', 'RUE DE LA MAIRIE', 'CHEMIN DES VIGNES'];

interface AdultSeed {
  civility: string;
  last_name: string;
  first_name: string;
  quality: string;
  address: string;
  postal_code: string;
  city: string;
  phone_home?: string;
  phone_mobile?: string;
  email?: string;
  email_allowed?: boolean;
  sms_allowed?: boolean;
  profession?: string;
}

async function insertFamily(
  db: Knex.Transaction,
  at: string,
  familyNumber: string,
  situation: string,
  responsable: AdultSeed,
  conjoint: AdultSeed | null,
  children: Array<{ first: string; last: string; sex: string; birth: string; grade: string }>,
) {
  const familyId = await insertId(db, 'families', {
    family_number: familyNumber,
    situation,
    attached_body: '0',
    created_at: at,
    updated_at: at,
  });
  for (const [role, adult] of [
    ['responsable', responsable],
    ['conjoint', conjoint],
  ] as const) {
    if (!adult) continue;
    await db('family_adults').insert({ family_id: familyId, role, ...adult, created_at: at, updated_at: at });
  }
  const childIds: number[] = [];
  for (const child of children) {
    childIds.push(
      await insertId(db, 'children', {
        family_id: familyId,
        last_name: child.last,
        first_name: child.first,
        sex: child.sex,
        birth_date: child.birth,
        school: 'École Jean Moulin',
        grade: child.grade,
        created_at: at,
        updated_at: at,
      }),
    );
  }
  const names = [
    familyNumber,
    responsable.last_name,
    responsable.first_name,
    responsable.city,
    responsable.email ?? '',
    conjoint?.last_name ?? '',
    conjoint?.first_name ?? '',
    ...children.flatMap((c) => [c.last, c.first]),
  ];
  await db('families')
    .where({ id: familyId })
    .update({ search_text: foldForSearch(names.join(' ')) });
  return { familyId, childIds };
}

/**
 * The demo commune, modelled on the manual: Saint-Martin-d'Auxigny, the DUPONT family,
 * the two structures and seven services of the manual's planning, the current school year,
 * a term of reservations and attendance, an unpaid invoice AL-36 and an unread message.
 */
export async function seedDemoCommune(db: Knex, now: Date): Promise<void> {
  const at = now.toISOString();
  const todayIso = at.slice(0, 10);
  await db.transaction(async (trx) => {
    await trx('commune_settings').insert({
      id: 1,
      name: "Mairie de Saint-Martin-d'Auxigny",
      address: '1 place de la Mairie',
      postal_code: '18110',
      city: "Saint-Martin-d'Auxigny",
      phone: '02 48 66 61 61',
      email: 'contact@stmartin-auxigny.fr',
      treasury_name: "Trésorerie des Aix d'Angillon",
      treasury_phone: '02 48 64 40 72',
      home_message: 'Bienvenue sur le Portail Famille',
      school_zone: 'B',
      payfip_client_number: '018110',
      // PayFiP's part is played by the simulator built into the demo portal.
      payfip_ws_url: `${SIMULATOR_PREFIX}/services/securite`,
      payfip_payment_page_url: `${SIMULATOR_PREFIX}/tpa/paiementws.web`,
      payfip_url_mode_url: `${SIMULATOR_PREFIX}/tpa/paiement.web`,
      invoice_due_rule: 'end_of_next_month',
      smtp_from: 'Portail Famille <contact@stmartin-auxigny.fr>',
      created_at: at,
      updated_at: at,
    });
    await trx('staff_users').insert({
      username: DEMO_LOGINS.staff.login,
      display_name: 'Agent périscolaire',
      email: 'contact@stmartin-auxigny.fr',
      password_hash: await hashPassword(DEMO_LOGINS.staff.password),
      role: 'agent',
      active: true,
      created_at: at,
      updated_at: at,
    });

    // Calendar: school years, zone B holidays (and the all-zone ones), public holidays.
    const yearIds = await installShippedCalendar(trx);

    // Régies, structures, services, booking rules and tariffs.
    const regieAl = await insertId(trx, 'regies', {
      name: 'Régie Accueil de Loisirs',
      invoice_prefix: 'AL',
      last_invoice_number: 36,
      payfip_client_number: '018110',
    });
    const regieGp = await insertId(trx, 'regies', {
      name: 'Régie Périscolaire',
      invoice_prefix: 'GP',
      last_invoice_number: 13,
      payfip_client_number: '018110',
    });
    const structureIds: Record<string, number> = {
      'Accueil de Loisirs': await insertId(trx, 'structures', {
        regie_id: regieAl,
        name: 'Accueil de Loisirs',
        phone: '02 48 66 61 62',
        email: 'alsh@stmartin-auxigny.fr',
        position: 1,
      }),
      'Garderie périscolaire': await insertId(trx, 'structures', {
        regie_id: regieGp,
        name: 'Garderie périscolaire',
        phone: '02 48 66 61 63',
        email: 'periscolaire@stmartin-auxigny.fr',
        position: 2,
      }),
    };
    const serviceIds: Record<string, number> = {};
    for (const [index, s] of SERVICES.entries()) {
      const id = await insertId(trx, 'services', {
        structure_id: structureIds[s.structure],
        code: s.code,
        name: s.name,
        unit: s.unit,
        runs_school_days: s.school,
        runs_wednesdays: s.wed,
        runs_holidays: s.hol,
        weekdays: s.weekdays,
        capacity_per_day: s.capacity,
        validation_mode: s.school ? 'automatic' : 'agent',
        bill_late_cancellation: true,
        position: index + 1,
        active: true,
      });
      serviceIds[s.code] = id;
      await trx('booking_rules').insert(
        s.hol
          ? {
              service_id: id,
              reservation_kind: 'weekday_previous_week',
              reservation_weekday: 3,
              reservation_time: '18:00',
              reservation_days_before: 0,
              cancellation_kind: 'weekday_previous_week',
              cancellation_weekday: 3,
              cancellation_time: '18:00',
              cancellation_days_before: 0,
              business_days_only: true,
            }
          : {
              service_id: id,
              reservation_kind: 'days_before',
              reservation_days_before: 2,
              reservation_time: '10:00',
              cancellation_kind: 'days_before',
              cancellation_days_before: 2,
              cancellation_time: '10:00',
              business_days_only: true,
            },
      );
      for (const label of Object.keys(yearIds)) {
        await trx('tariffs').insert([
          {
            service_id: id,
            school_year_id: yearIds[label],
            qf_min: 0,
            qf_max: 700,
            unit_price_cents: Math.round((s.price * 70) / 100),
            is_default: false,
          },
          { service_id: id, school_year_id: yearIds[label], qf_min: 701, qf_max: 1200, unit_price_cents: s.price, is_default: false },
          {
            service_id: id,
            school_year_id: yearIds[label],
            qf_min: 1201,
            qf_max: null,
            unit_price_cents: Math.round((s.price * 115) / 100),
            is_default: false,
          },
          {
            service_id: id,
            school_year_id: yearIds[label],
            qf_min: null,
            qf_max: null,
            unit_price_cents: Math.round((s.price * 115) / 100),
            is_default: true,
          },
        ]);
      }
    }

    // The DUPONT family of the manual.
    const dupont = await insertFamily(
      trx,
      at,
      '1001001010331',
      'Séparé',
      {
        civility: 'Monsieur',
        last_name: 'DUPONT',
        first_name: 'JEAN',
        quality: 'Père',
        address: '12 RUE DES BONBONS',
        postal_code: '31400',
        city: 'SAINT - JEAN',
        phone_home: '01 02 03 04 05',
        email: 'jean.dupont@wanadoo.fr',
        email_allowed: true,
        sms_allowed: false,
      },
      {
        civility: 'Madame',
        last_name: 'DUPONT',
        first_name: 'JEANNE',
        quality: 'Mère',
        address: 'Lotissement les bons bonbons',
        postal_code: '31400',
        city: 'SAINT - JEAN',
        email_allowed: true,
        sms_allowed: false,
      },
      [
        { first: 'LÉA', last: 'DUPONT', sex: 'F', birth: '2017-03-14', grade: 'CM1' },
        { first: 'HUGO', last: 'DUPONT', sex: 'M', birth: '2019-09-02', grade: 'CP' },
      ],
    );
    const [lea, hugo] = dupont.childIds as [number, number];
    await trx('family_bank').insert({ family_id: dupont.familyId, account_holder: 'DUPONT JEAN', bank_name: '', updated_at: at });
    await trx('family_caf').insert({
      family_id: dupont.familyId,
      caf_number: '1234567',
      caf_office: 'CAF du Cher',
      quotient_familial: 850,
      quotient_valid_from: '2026-01-01',
      quotient_valid_to: '2026-12-31',
      updated_at: at,
    });
    // One insert per row: a multi-row insert fills the keys a row lacks with NULL, not defaults.
    await trx('child_information').insert({
      child_id: lea,
      glasses: true,
      photo_allowed: true,
      outings_allowed: true,
      insurance_company: 'MAE',
      insurance_policy: 'MAE-778812',
      insurance_valid_to: '2027-08-31',
      updated_at: at,
    });
    await trx('child_information').insert({
      child_id: hugo,
      photo_allowed: true,
      outings_allowed: true,
      insurance_company: 'MAE',
      insurance_policy: 'MAE-778813',
      insurance_valid_to: '2027-08-31',
      updated_at: at,
    });
    await trx('child_health').insert({
      child_id: lea,
      doctor_name: 'Dr MARCHAND',
      doctor_phone: '02 48 64 00 00',
      allergies: '',
      updated_at: at,
    });
    await trx('child_health').insert({
      child_id: hugo,
      doctor_name: 'Dr MARCHAND',
      doctor_phone: '02 48 64 00 00',
      allergies: 'Arachide',
      diet: 'Sans arachide',
      has_pai: true,
      pai_details: 'PAI alimentaire : trousse d’urgence au restaurant scolaire',
      updated_at: at,
    });
    await trx('child_vaccinations').insert([
      { child_id: lea, vaccine: 'DTPolio', vaccinated_on: '2023-03-20', booster_due_on: '2028-03-20' },
      { child_id: hugo, vaccine: 'DTPolio', vaccinated_on: '2025-09-10', booster_due_on: '2030-09-10' },
    ]);
    await trx('authorized_persons').insert([
      {
        child_id: lea,
        last_name: 'DURAND',
        first_name: 'MONIQUE',
        relationship: 'Grand-mère',
        phone: '06 11 22 33 44',
        can_pick_up: true,
        emergency_contact: true,
      },
      {
        child_id: hugo,
        last_name: 'DURAND',
        first_name: 'MONIQUE',
        relationship: 'Grand-mère',
        phone: '06 11 22 33 44',
        can_pick_up: true,
        emergency_contact: true,
      },
    ]);
    await trx('portal_accounts').insert({
      family_id: dupont.familyId,
      login: DEMO_LOGINS.parent.login,
      password_hash: await hashPassword(DEMO_LOGINS.parent.password),
      must_change_password: false,
      status: 'active',
      created_at: at,
      updated_at: at,
    });

    // Enrolments for the school year and the planning they generate, with attendance in the past.
    const year = SHIPPED_SCHOOL_YEARS.find((y) => y.label === '2026-2027')!;
    const yearId = yearIds[year.label];
    const publicHolidays = new Set([2026, 2027].flatMap((y) => frenchPublicHolidays(y).map((h) => h.date)));
    const holidays = year.holidays.filter((h) => h.zone === '*' || h.zone === 'B');
    const inHolidays = (d: string) => holidays.some((h) => d >= h.startsOn && d <= h.endsOn);
    const enrol = async (childId: number, code: string, weekdays: string) => {
      const enrolmentId = await insertId(trx, 'enrolments', {
        child_id: childId,
        service_id: serviceIds[code],
        school_year_id: yearId,
        starts_on: year.startsOn,
        ends_on: year.endsOn,
        regular_weekdays: weekdays,
        status: 'active',
        created_at: at,
      });
      return { childId, enrolmentId, serviceId: serviceIds[code]!, weekdays: weekdays ? weekdays.split(',').map(Number) : [] };
    };

    // The MARTIN family: a second portal account, to try by hand that households stay apart.
    const martin = await insertFamily(
      trx,
      at,
      '1001001010332',
      'Marié',
      {
        civility: 'Madame',
        last_name: 'MARTIN',
        first_name: 'MARIE',
        quality: 'Mère',
        address: '3 RUE DES VERGERS',
        postal_code: '18110',
        city: "SAINT-MARTIN-D'AUXIGNY",
        phone_mobile: '06 12 34 56 78',
        email: 'marie.martin@exemple.fr',
        email_allowed: true,
        sms_allowed: true,
      },
      {
        civility: 'Monsieur',
        last_name: 'MARTIN',
        first_name: 'PAUL',
        quality: 'Père',
        address: '3 RUE DES VERGERS',
        postal_code: '18110',
        city: "SAINT-MARTIN-D'AUXIGNY",
        phone_mobile: '06 98 76 54 32',
        email_allowed: false,
      },
      [
        { first: 'TOM', last: 'MARTIN', sex: 'M', birth: '2018-06-21', grade: 'CE2' },
        { first: 'ZOÉ', last: 'MARTIN', sex: 'F', birth: '2021-01-30', grade: 'MS' },
      ],
    );
    const [tom, zoe] = martin.childIds as [number, number];
    await trx('portal_accounts').insert({
      family_id: martin.familyId,
      login: DEMO_LOGINS.secondParent.login,
      password_hash: await hashPassword(DEMO_LOGINS.secondParent.password),
      must_change_password: false,
      status: 'active',
      created_at: at,
      updated_at: at,
    });
    // The ROBERT family: an account created by an agent, waiting for its activation link to be used.
    const robert = await insertFamily(
      trx,
      at,
      '1001001010333',
      'Célibataire',
      {
        civility: 'Madame',
        last_name: 'ROBERT',
        first_name: 'SOPHIE',
        quality: 'Mère',
        address: '8 ROUTE DE BOURGES',
        postal_code: '18110',
        city: "SAINT-MARTIN-D'AUXIGNY",
        phone_mobile: '07 11 22 33 44',
        email: 'sophie.robert@exemple.fr',
        email_allowed: true,
      },
      null,
      [{ first: 'NOÉ', last: 'ROBERT', sex: 'M', birth: '2019-11-05', grade: 'CP' }],
    );
    const robertAccount = await insertId(trx, 'portal_accounts', {
      family_id: robert.familyId,
      login: 'sophie.robert',
      status: 'pending',
      must_change_password: false,
      created_at: at,
      updated_at: at,
    });
    await issuePortalToken(trx, robertAccount, 'activation', now);

    const random = seededRandom(2015);
    const planningRows: Record<string, unknown>[] = [];
    const regular = [
      await enrol(lea, 'RESTO', '1,2,4,5'),
      await enrol(hugo, 'RESTO', '1,2,4,5'),
      await enrol(lea, 'GARD_MATIN', '1,4'),
      await enrol(tom, 'RESTO', '1,2,4,5'),
      await enrol(zoe, 'RESTO', '1,2,4,5'),
      await enrol(zoe, 'GARD_MATIN', '1,2,4,5'),
    ];
    const wednesdays = [await enrol(hugo, 'ALSH_MER_J', ''), await enrol(lea, 'ALSH_MER_PM', ''), await enrol(tom, 'ALSH_MER_J', '')];
    const planningEnd = addDays(todayIso, 45);
    for (let d = year.startsOn; d <= planningEnd && d <= year.endsOn; d = addDays(d, 1)) {
      if (publicHolidays.has(d) || inHolidays(d)) continue;
      const weekday = isoWeekday(d);
      const past = d < todayIso;
      for (const e of regular) {
        if (!e.weekdays.includes(weekday)) continue;
        const roll = random();
        const attendance = !past ? null : roll < 0.05 ? 'absent_excused' : roll < 0.07 ? 'absent_billed' : 'present';
        planningRows.push({
          child_id: e.childId,
          service_id: e.serviceId,
          date: d,
          enrolment_id: e.enrolmentId,
          state: attendance === 'absent_excused' ? 'absent_excused' : attendance === 'absent_billed' ? 'absent_billed' : 'regular',
          attendance,
          absence_reason: attendance === 'absent_excused' ? 'Maladie (certificat fourni)' : null,
          late_cancellation: false,
          updated_at: at,
          updated_by: 'demo',
        });
      }
      if (weekday === 3) {
        for (const e of wednesdays) {
          if (random() < 0.4) continue; // Wednesdays are booked one by one
          planningRows.push({
            child_id: e.childId,
            service_id: e.serviceId,
            date: d,
            enrolment_id: e.enrolmentId,
            state: 'reserved',
            attendance: past ? 'present' : null,
            absence_reason: null,
            late_cancellation: false,
            updated_at: at,
            updated_by: 'demo',
          });
        }
      }
    }
    await trx.batchInsert('planning_days', planningRows, 200);

    // Around today, every state of the manual's legend can be seen on HUGO's and LÉA's grids.
    const legendDays: Array<[number, string, string, string, string | null]> = [
      [lea, 'GARD_MATIN', addDays(todayIso, -6), 'out_of_contract', 'present'], // a morning without booking
      [hugo, 'RESTO', addDays(todayIso, -3), 'error', null],
      [lea, 'RESTO', addDays(todayIso, 10), 'leave', null],
      [lea, 'ALSH_MER_PM', addDays(todayIso, 16), 'reservation_refused', null],
      [hugo, 'ALSH_MER_J', addDays(todayIso, 23), 'pending_request', null],
    ];
    for (const [childId, code, date, state, attendance] of legendDays) {
      const where = { child_id: childId, service_id: serviceIds[code], date };
      await trx('planning_days').where(where).delete();
      await trx('planning_days').insert({
        ...where,
        state,
        attendance,
        absence_reason: null,
        late_cancellation: false,
        updated_at: at,
        updated_by: 'demo',
      });
    }
    await trx('closures').insert({
      structure_id: structureIds['Garderie périscolaire'],
      service_id: null,
      starts_on: addDays(todayIso, 24),
      ends_on: addDays(todayIso, 24),
      reason: 'Journée pédagogique',
    });

    // Billing dated from today: last month's invoices were issued on the 5th of this month and
    // fall due at its end (so their PayFiP link is active today); the month before's were issued
    // on the 5th of last month. AL-36 is the manual's unpaid invoice; GP-12 was paid by cheque.
    const billing = demoBillingDates(todayIso);
    const demoInvoice = async (
      regieId: number,
      prefix: string,
      sequence: number,
      familyId: number,
      issue: { period: string; issuedOn: string; dueOn: string },
      lines: Array<[number, string, string, number, number]>,
    ) => {
      const total = lines.reduce((sum, [, , , qty, price]) => sum + qty * price, 0);
      const id = await insertId(trx, 'invoices', {
        regie_id: regieId,
        family_id: familyId,
        sequence,
        number: `${prefix}-${sequence}`,
        kind: 'invoice',
        period_month: issue.period,
        school_year_id: yearId,
        issued_on: issue.issuedOn,
        due_on: issue.dueOn,
        total_cents: total,
        status: 'issued',
        created_at: at,
      });
      await trx('invoice_lines').insert(
        lines.map(([childId, code, label, quantity, price]) => ({
          invoice_id: id,
          child_id: childId,
          service_id: serviceIds[code],
          label,
          details: `${quantity} ${quantity > 1 ? 'présences' : 'présence'}`,
          quantity,
          unit_price_cents: price,
          amount_cents: quantity * price,
        })),
      );
      // The days these invoices stand for are billed: the next run will not bill them again.
      const { from, to } = monthBounds(issue.period);
      await trx('planning_days')
        .whereIn(
          'child_id',
          lines.map(([childId]) => childId),
        )
        .whereIn(
          'service_id',
          lines.map(([, code]) => serviceIds[code]),
        )
        .whereBetween('date', [from, to])
        .whereNull('invoice_id')
        .where((w) =>
          w
            .whereIn('attendance', [...BILLABLE_ATTENDANCE])
            .orWhere((u) => u.whereNull('attendance').whereIn('state', [...BILLABLE_UNMARKED_STATES])),
        )
        .update({ invoice_id: id });
      return { id, total };
    };
    const demoPayment = async (
      familyId: number,
      invoiceId: number,
      type: string,
      amount: number,
      paidOn: string,
      reference: string,
      extra: Record<string, unknown> = {},
    ) => {
      const paymentId = await insertId(trx, 'payments', {
        family_id: familyId,
        type,
        reference,
        paid_on: paidOn,
        amount_cents: amount,
        status: 'confirmed',
        created_at: at,
        ...extra,
      });
      await trx('payment_allocations').insert({ payment_id: paymentId, invoice_id: invoiceId, amount_cents: amount });
    };
    await demoInvoice(regieAl, 'AL', 36, dupont.familyId, billing.last, [
      [hugo, 'ALSH_MER_J', 'ALSH Mercredi journée — HUGO DUPONT', 6, 1460],
      [lea, 'ALSH_MER_PM', 'ALSH Mercredi après-midi — LÉA DUPONT', 3, 1100],
    ]);
    const gp12 = await demoInvoice(regieGp, 'GP', 12, dupont.familyId, billing.previous, [
      [lea, 'RESTO', 'Restauration scolaire — LÉA DUPONT', 20, 345],
      [hugo, 'RESTO', 'Restauration scolaire — HUGO DUPONT', 20, 345],
    ]);
    await demoPayment(dupont.familyId, gp12.id, 'cheque', gp12.total, billing.previousPaidOn, 'Chèque n° 4455102');
    // Messages: a thread answered and read, and one unread from the Accueil de Loisirs.
    const question = await insertId(trx, 'messages', {
      family_id: dupont.familyId,
      structure_id: structureIds['Accueil de Loisirs'],
      direction: 'from_family',
      subject: 'Sortie du mercredi',
      body: 'Bonjour, faut-il prévoir un pique-nique pour la sortie ? Merci.',
      read_by_staff_at: '2026-11-18T09:00:00.000Z',
      handled_at: '2026-11-18T09:05:00.000Z',
      created_at: '2026-11-17T18:12:00.000Z',
    });
    await trx('messages').insert([
      {
        family_id: dupont.familyId,
        structure_id: structureIds['Accueil de Loisirs'],
        parent_id: question,
        direction: 'to_family',
        subject: 'RE: Sortie du mercredi',
        body: 'Bonjour, oui, un pique-nique et une gourde. Bonne journée.',
        read_by_family_at: '2026-11-18T20:00:00.000Z',
        created_at: '2026-11-18T09:05:00.000Z',
      },
      {
        family_id: dupont.familyId,
        structure_id: structureIds['Accueil de Loisirs'],
        direction: 'to_family',
        subject: 'Spectacle de Noël',
        body: 'Le spectacle de Noël de l’Accueil de Loisirs aura lieu le mercredi 16 décembre à 16 h. Les familles sont les bienvenues.',
        created_at: '2026-11-26T14:30:00.000Z',
      },
    ]);

    // The MARTIN family's own invoice, payment and messages.
    await demoInvoice(regieGp, 'GP', 13, martin.familyId, billing.last, [
      [tom, 'RESTO', 'Restauration scolaire — TOM MARTIN', 8, 345],
      [zoe, 'RESTO', 'Restauration scolaire — ZOÉ MARTIN', 8, 345],
    ]);
    await trx('messages').insert([
      {
        family_id: martin.familyId,
        structure_id: structureIds['Garderie périscolaire'],
        direction: 'to_family',
        subject: 'Menus de décembre',
        body: 'Les menus du restaurant scolaire pour décembre sont affichés à l’école et en mairie.',
        created_at: '2026-11-27T10:00:00.000Z',
      },
      {
        family_id: martin.familyId,
        structure_id: null,
        direction: 'from_family',
        subject: 'Attestation de paiement',
        body: 'Bonjour, pourriez-vous m’envoyer une attestation de paiement pour 2025 ? Merci.',
        created_at: '2026-11-20T08:30:00.000Z',
      },
    ]);
    await trx('requests').insert({
      family_id: martin.familyId,
      child_id: zoe,
      category: 'absence',
      proposed_json: JSON.stringify({ serviceCode: 'GARD_MATIN', dates: ['2026-12-03'], reason: 'Rendez-vous' }),
      previous_json: '{}',
      state: 'pending',
      family_comment: '',
      created_at: new Date(now.getTime() - 86_400_000).toISOString(),
    });

    // Requests of the last month: one pending, one refused, one accepted.
    const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();
    await trx('requests').insert({
      family_id: dupont.familyId,
      child_id: hugo,
      category: 'reservation',
      proposed_json: JSON.stringify({ serviceCode: 'ALSH_MER_J', dates: ['2026-12-09'] }),
      previous_json: '{}',
      state: 'pending',
      family_comment: '',
      created_at: daysAgo(2),
    });
    await trx('requests').insert({
      family_id: dupont.familyId,
      child_id: lea,
      category: 'absence',
      proposed_json: JSON.stringify({
        serviceCode: 'ALSH_MER_PM',
        dates: [addDays(todayIso, (3 - isoWeekday(todayIso) + 7) % 7 || 7)],
        reason: 'Rendez-vous médical',
      }),
      previous_json: '{}',
      state: 'pending',
      family_comment: '',
      created_at: daysAgo(1),
    });
    await trx('requests').insert({
      family_id: dupont.familyId,
      child_id: lea,
      category: 'absence',
      proposed_json: JSON.stringify({ serviceCode: 'RESTO', dates: ['2026-11-20'], reason: 'Rendez-vous médical' }),
      previous_json: '{}',
      state: 'accepted',
      family_comment: '',
      created_at: daysAgo(12),
      decided_at: daysAgo(11),
    });
    await trx('requests').insert({
      family_id: dupont.familyId,
      child_id: null,
      category: 'responsable',
      proposed_json: JSON.stringify({ address: '14 RUE DES BONBONS' }),
      previous_json: JSON.stringify({ address: '12 RUE DES BONBONS' }),
      state: 'refused',
      family_comment: '',
      refusal_reason: 'Merci de fournir un justificatif de domicile.',
      created_at: daysAgo(20),
      decided_at: daysAgo(18),
    });

    await seedDemoDocuments(trx, at, year.label, todayIso);

    // Other households of the commune, so that the back-office grids have pages to turn.
    const rand = seededRandom(18110);
    const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
    const others: Array<{ familyId: number; childIds: number[] }> = [];
    for (let i = 0; i < 60; i += 1) {
      const last = pick(LAST_NAMES);
      const man = pick(MEN);
      const woman = pick(WOMEN);
      const street = `${1 + Math.floor(rand() * 60)} ${pick(STREETS)}`;
      const couple = rand() < 0.7;
      const kids = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => ({
        first: pick(KIDS),
        last,
        sex: rand() < 0.5 ? 'F' : 'M',
        birth: `${2015 + Math.floor(rand() * 8)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
        grade: '',
      }));
      const motherFirst = rand() < 0.5;
      const mother: AdultSeed = {
        civility: 'Madame',
        last_name: last,
        first_name: woman,
        quality: 'Mère',
        address: street,
        postal_code: '18110',
        city: "SAINT-MARTIN-D'AUXIGNY",
        phone_mobile: `06 ${String(10 + i).padStart(2, '0')} 45 67 89`,
        email: `${foldForSearch(woman)}.${foldForSearch(last)}${i}@exemple.fr`.replace(/\s/g, ''),
        email_allowed: true,
      };
      const father: AdultSeed = {
        civility: 'Monsieur',
        last_name: last,
        first_name: man,
        quality: 'Père',
        address: street,
        postal_code: '18110',
        city: "SAINT-MARTIN-D'AUXIGNY",
        phone_mobile: `07 ${String(10 + i).padStart(2, '0')} 12 34 56`,
        email_allowed: false,
      };
      const [first, second] = motherFirst ? [mother, father] : [father, mother];
      others.push(
        await insertFamily(trx, at, String(1001001010400n + BigInt(i)), couple ? 'Marié' : 'Séparé', first, couple ? second : null, kids),
      );
    }

    // Their invoices of the month before last, settled by each way of paying, and last month's,
    // some still due: the back-office's grids and the statement show every payment type.
    const settlements: Array<[string, string, Record<string, unknown>]> = [
      ['virement', 'Virement du 12/' + billing.previousPaidOn.slice(5, 7), {}],
      ['especes', 'Reçu n° 2026-0412', {}],
      ['carte', 'PayFiP n° 452817', {}],
      ['prelevement', 'Prélèvement SEPA', {}],
      ['titre', 'Titre de recette', { ormc_number: '2026-000318' }],
      ['cheque', 'Chèque n° 7781204', {}],
    ];
    // Numbers follow the dates within each régie: GP-1 to GP-11 came before DUPONT's GP-12.
    let alNumber = 36;
    for (const [index, family] of others.slice(0, 11).entries()) {
      const childId = family.childIds[0]!;
      const child = await trx('children').where({ id: childId }).first('first_name', 'last_name');
      const name = `${child.first_name} ${child.last_name}`;
      const meals = 10 + (index % 7);
      const older = await demoInvoice(regieGp, 'GP', index + 1, family.familyId, billing.previous, [
        [childId, 'RESTO', `Restauration scolaire — ${name}`, meals, 345],
      ]);
      if (index < settlements.length) {
        const [type, reference, extra] = settlements[index]!;
        await demoPayment(family.familyId, older.id, type, older.total, billing.previousPaidOn, reference, extra);
      }
      if (index % 3 === 0) {
        alNumber += 1;
        const recent = await demoInvoice(regieAl, 'AL', alNumber, family.familyId, billing.last, [
          [childId, 'ALSH_MER_PM', `ALSH Mercredi après-midi — ${name}`, 2 + (index % 4), 1100],
        ]);
        if (index === 3) await demoPayment(family.familyId, recent.id, 'virement', 1100, billing.lastPaidOn, 'Virement partiel');
      }
    }
    await trx('regies').where({ id: regieGp }).update({ last_invoice_number: 13 });
    await trx('regies').where({ id: regieAl }).update({ last_invoice_number: alNumber });
  });
}
