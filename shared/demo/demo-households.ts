import type { Knex } from 'knex';
import { hashPassword } from '../core/accounts/password-hash';
import { issuePortalToken } from '../core/accounts/portal-tokens';
import { insertId } from '../db/insert-id';
import { foldForSearch } from '../domain/search-text';
import type { ShippedSchoolYear } from '../db/school-calendar-data';
import { DEMO_LOGINS } from './demo-reference';
import { seededRandom } from './seeded-random';

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

export interface DemoHouseholds {
  dupont: { familyId: number; lea: number; hugo: number };
  martin: { familyId: number; tom: number; zoe: number };
  robert: { familyId: number; noe: number };
  /** The commune's other households, in the order of their family numbers. */
  others: Array<{ familyId: number; childIds: number[] }>;
}

/**
 * The manual's DUPONT family, the MARTIN family (a second account, to try by hand that
 * households stay apart), the ROBERT family (an account awaiting activation) and sixty others.
 * Dated records (quotient familial, insurance) are valid for the demo's school year.
 */
export async function seedDemoHouseholds(trx: Knex.Transaction, now: Date, year: ShippedSchoolYear): Promise<DemoHouseholds> {
  const at = now.toISOString();
  const yearEnd = `${year.endsOn.slice(0, 4)}-08-31`;
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
    quotient_valid_from: year.startsOn,
    quotient_valid_to: yearEnd,
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
    insurance_valid_to: yearEnd,
    updated_at: at,
  });
  await trx('child_information').insert({
    child_id: hugo,
    photo_allowed: true,
    outings_allowed: true,
    insurance_company: 'MAE',
    insurance_policy: 'MAE-778813',
    insurance_valid_to: yearEnd,
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
  const grandmother = {
    last_name: 'DURAND',
    first_name: 'MONIQUE',
    relationship: 'Grand-mère',
    phone: '06 11 22 33 44',
    can_pick_up: true,
    emergency_contact: true,
  };
  await trx('authorized_persons').insert([lea, hugo].map((child_id) => ({ child_id, ...grandmother })));
  await trx('portal_accounts').insert({
    family_id: dupont.familyId,
    login: DEMO_LOGINS.parent.login,
    password_hash: await hashPassword(DEMO_LOGINS.parent.password),
    must_change_password: false,
    status: 'active',
    created_at: at,
    updated_at: at,
  });

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

  const [noe] = robert.childIds as [number];
  return {
    dupont: { familyId: dupont.familyId, lea, hugo },
    martin: { familyId: martin.familyId, tom, zoe },
    robert: { familyId: robert.familyId, noe },
    others,
  };
}
