import type { Knex } from 'knex';
import { seal } from '../security/sealed-secrets';
import { hashPassword } from '../core/accounts/password-hash';
import { insertId } from '../db/insert-id';
import { installShippedCalendar } from '../db/shipped-calendar';
import { PAYFIP_SIMULATOR_PREFIX } from '../domain/payfip';

export const DEMO_LOGINS = {
  parent: { login: 'jean.dupont', password: 'Bonbons2015' },
  secondParent: { login: 'marie.martin', password: 'Cantine2015' },
  staff: { login: 'agent', password: 'Mairie2015' },
  /** An admin, so that tariffs, settings and agents' accounts can be tried in the demo. */
  admin: { login: 'directrice', password: 'Direction2015' },
};

/** The manual's two structures and seven services, with their booking days and base price. */
const SERVICES = [
  {
    structure: 'Accueil de Loisirs',
    code: 'ALSH_MER_PM',
    minutes: 300,
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
    minutes: 600,
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
    minutes: 300,
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
    minutes: 600,
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
    minutes: 300,
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
    minutes: 90,
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
    minutes: 120,
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

export type DemoServiceCode = (typeof SERVICES)[number]['code'];

export interface DemoReference {
  agentId: number;
  yearIds: Record<string, number>;
  regies: { al: number; gp: number };
  structures: { alsh: number; periscolaire: number };
  services: Record<string, number>;
}

/** The commune, its agent, its calendar, régies, structures, services, booking rules and tariffs. */
export async function seedDemoReference(trx: Knex.Transaction, at: string): Promise<DemoReference> {
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
    signatory_name: 'Claire MOREAU',
    signatory_title: 'Le Maire',
    home_message: 'Bienvenue sur le Portail Famille',
    school_zone: 'B',
    payfip_client_number: '018110',
    // PayFiP's part is played by the simulator built into the demo portal.
    payfip_ws_url: `${PAYFIP_SIMULATOR_PREFIX}/services/securite`,
    payfip_payment_page_url: `${PAYFIP_SIMULATOR_PREFIX}/tpa/paiementws.web`,
    payfip_url_mode_url: `${PAYFIP_SIMULATOR_PREFIX}/tpa/paiement.web`,
    invoice_due_rule: 'end_of_next_month',
    // The identifiers of the commune's PES V2 files (a demo's: the trésorerie gives the real ones).
    pes_id_post: '018011',
    pes_siret: '21180233600017',
    pes_cod_col: '233',
    pes_cod_bud: '01',
    pes_sigle: 'MAIRIE ST MARTIN D AUXIGNY',
    // The commune as SEPA creditor (a demo ICS, with its check digits; the Banque de France gives the real one).
    sepa_ics: 'FR72ZZZ123456',
    sepa_creditor_name: 'REGIE PERISCOLAIRE ST MARTIN D AUXIGNY',
    sepa_creditor_iban: seal('FR7630006000011234567890189', 'commune_settings.sepa_creditor_iban'),
    sepa_creditor_bic: 'AGRIFRPPXXX',
    smtp_from: 'Portail Famille <contact@stmartin-auxigny.fr>',
    created_at: at,
    updated_at: at,
  });
  const agentId = await insertId(trx, 'staff_users', {
    username: DEMO_LOGINS.staff.login,
    display_name: 'Agent périscolaire',
    email: 'contact@stmartin-auxigny.fr',
    password_hash: await hashPassword(DEMO_LOGINS.staff.password),
    role: 'agent',
    active: true,
    created_at: at,
    updated_at: at,
  });

  await insertId(trx, 'staff_users', {
    username: DEMO_LOGINS.admin.login,
    display_name: 'Directrice des services',
    email: 'direction@stmartin-auxigny.fr',
    password_hash: await hashPassword(DEMO_LOGINS.admin.password),
    role: 'admin',
    active: true,
    created_at: at,
    updated_at: at,
  });

  // Calendar: school years, zone B holidays (and the all-zone ones), public holidays.
  const yearIds = await installShippedCalendar(trx);

  // Numbers start at 1 in each régie: the invoice runs of the demo's months take them in turn.
  const regies = {
    al: await insertId(trx, 'regies', {
      name: 'Régie Accueil de Loisirs',
      invoice_prefix: 'AL',
      last_invoice_number: 0,
      payfip_client_number: '018110',
    }),
    gp: await insertId(trx, 'regies', {
      name: 'Régie Périscolaire',
      invoice_prefix: 'GP',
      last_invoice_number: 0,
      payfip_client_number: '018110',
    }),
  };
  const structures = {
    alsh: await insertId(trx, 'structures', {
      regie_id: regies.al,
      name: 'Accueil de Loisirs',
      phone: '02 48 66 61 62',
      email: 'alsh@stmartin-auxigny.fr',
      position: 1,
    }),
    periscolaire: await insertId(trx, 'structures', {
      regie_id: regies.gp,
      name: 'Garderie périscolaire',
      phone: '02 48 66 61 63',
      email: 'periscolaire@stmartin-auxigny.fr',
      position: 2,
    }),
  };
  const services: Record<string, number> = {};
  for (const [index, s] of SERVICES.entries()) {
    const id = await insertId(trx, 'services', {
      structure_id: s.structure === 'Accueil de Loisirs' ? structures.alsh : structures.periscolaire,
      code: s.code,
      name: s.name,
      unit: s.unit,
      runs_school_days: s.school,
      runs_wednesdays: s.wed,
      runs_holidays: s.hol,
      weekdays: s.weekdays,
      capacity_per_day: s.capacity,
      minutes_per_day: s.minutes,
      validation_mode: s.school ? 'automatic' : 'agent',
      bill_late_cancellation: true,
      position: index + 1,
      active: true,
      // The budget's product codes and natures: 7067 « redevances des services périscolaires ».
      pes_product_code: s.structure === 'Accueil de Loisirs' ? 'ALSH' : 'PERI',
      pes_nature: '7067',
    });
    services[s.code] = id;
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
      const yearId = yearIds[label];
      await trx('tariffs').insert([
        {
          service_id: id,
          school_year_id: yearId,
          qf_min: 0,
          qf_max: 700,
          unit_price_cents: Math.round((s.price * 70) / 100),
          is_default: false,
        },
        { service_id: id, school_year_id: yearId, qf_min: 701, qf_max: 1200, unit_price_cents: s.price, is_default: false },
        {
          service_id: id,
          school_year_id: yearId,
          qf_min: 1201,
          qf_max: null,
          unit_price_cents: Math.round((s.price * 115) / 100),
          is_default: false,
        },
        {
          service_id: id,
          school_year_id: yearId,
          qf_min: null,
          qf_max: null,
          unit_price_cents: Math.round((s.price * 115) / 100),
          is_default: true,
        },
      ]);
    }
  }
  return { agentId, yearIds, regies, structures, services };
}
