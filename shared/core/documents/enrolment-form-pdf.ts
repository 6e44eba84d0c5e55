import type { DbRow } from '../../db/db-row';
import type { Knex } from 'knex';
import { formatShortFrenchDate } from '../../domain/french-dates';
import { renderPdf } from '../pdf/pdf-workers';

/** The school year a dossier d'inscription is for: the one starting next September. */
export function comingSchoolYear(todayIso: string): string {
  const year = Number(todayIso.slice(0, 4));
  const first = Number(todayIso.slice(5, 7)) >= 9 ? year + 1 : year;
  return `${first}-${first + 1}`;
}

type Row = DbRow;
interface ChildForm {
  family: Row;
  responsable: Row | null;
  conjoint: Row | null;
  caf: Row | null;
  child: Row;
  information: Row | null;
  health: Row | null;
  vaccinations: Row[];
  persons: Row[];
}

const BLANK = '……………………………………';
// The standard fonts have no ballot-box glyphs: blank forms ask to circle the answer.
const yesNo = (v: unknown) =>
  v === null || v === undefined ? 'Oui  /  Non  (entourer)' : v === true || v === 1 || v === '1' ? 'Oui' : 'Non';

function fieldsTable(pairs: Array<[string, string]>) {
  return {
    table: { widths: [150, '*'], body: pairs.map(([label, value]) => [{ text: label, bold: true }, { text: value || BLANK }]) },
    layout: 'lightHorizontalLines',
    margin: [0, 0, 0, 6],
  };
}

function adultFields(adult: Row | null): Array<[string, string]> {
  const a = adult ?? {};
  return [
    ['Civilité, nom, prénom', [a.civility, a.last_name, a.first_name].filter(Boolean).join(' ')],
    ['Qualité', a.quality ?? ''],
    ['Adresse', [a.address, [a.postal_code, a.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')],
    [
      'Téléphones',
      [a.phone_home && `domicile ${a.phone_home}`, a.phone_mobile && `mobile ${a.phone_mobile}`, a.phone_work && `travail ${a.phone_work}`]
        .filter(Boolean)
        .join(' — '),
    ],
    ['Courriel', a.email ?? ''],
    ['Profession, employeur', [a.profession, a.employer].filter(Boolean).join(', ')],
    ['Autorisation courriel', adult ? yesNo(a.email_allowed) : yesNo(null)],
  ];
}

function childContent(form: ChildForm | null, ctx: { commune: Row; year: string; services: string[]; first: boolean }) {
  const c = form?.child ?? {};
  const info = form?.information;
  const health = form?.health;
  const childName = form ? `${c.first_name} ${c.last_name}` : '';
  const rows = (items: Row[], cells: (r: Row) => string[], empty: number, widths: number) =>
    items.length ? items.map(cells) : Array.from({ length: empty }, () => Array.from({ length: widths }, () => ' '));
  return [
    { text: ctx.commune.name, style: 'commune', ...(ctx.first ? {} : { pageBreak: 'before' }) },
    { text: `Dossier d'inscription aux services périscolaires — année scolaire ${ctx.year}`, style: 'title' },
    {
      text: form
        ? `Fiche pré-remplie de ${childName} : vérifiez, corrigez à la main ce qui a changé, signez et rendez-la à la mairie.`
        : 'Fiche vierge : une fiche par enfant, à rendre complétée et signée à la mairie.',
      italics: true,
      margin: [0, 0, 0, 8],
    },
    { text: 'Famille', style: 'h2' },
    fieldsTable([
      ['N° Famille', form?.family.family_number ?? ''],
      ['Situation', form?.family.situation ?? ''],
      ['N° allocataire CAF', form?.caf?.caf_number ?? ''],
      ['Quotient familial', form?.caf?.quotient_familial != null ? String(form.caf.quotient_familial) : ''],
    ]),
    { text: 'Responsable', style: 'h2' },
    fieldsTable(adultFields(form ? form.responsable : null)),
    { text: 'Conjoint', style: 'h2' },
    fieldsTable(adultFields(form ? form.conjoint : null)),
    { text: 'Enfant', style: 'h2' },
    fieldsTable([
      ['Nom, prénom', childName],
      ['Date de naissance', form ? formatShortFrenchDate(c.birth_date) : ''],
      ['Sexe', c.sex === 'F' ? 'Fille' : c.sex === 'M' ? 'Garçon' : ''],
      ['École, classe', [c.school, c.grade].filter(Boolean).join(', ')],
    ]),
    { text: "Informations de l'enfant", style: 'h2' },
    fieldsTable([
      ['Appareil dentaire', yesNo(info?.dental_appliance)],
      ['Lunettes', yesNo(info?.glasses)],
      ['Appareil auditif', yesNo(info?.hearing_aid)],
      ['Autorisation photo', yesNo(info?.photo_allowed)],
      ['Autorisation de sortie', yesNo(info?.outings_allowed)],
      ['Peut partir seul', yesNo(info?.may_leave_alone)],
      ['Assurance (compagnie, n°)', [info?.insurance_company, info?.insurance_policy].filter(Boolean).join(', ')],
      ["Valable jusqu'au", info?.insurance_valid_to ? formatShortFrenchDate(info.insurance_valid_to) : ''],
    ]),
    { text: 'Données sanitaires', style: 'h2' },
    fieldsTable([
      ['Médecin traitant', [health?.doctor_name, health?.doctor_phone].filter(Boolean).join(', ')],
      ['Allergies', health?.allergies ?? ''],
      ['Régime alimentaire', health?.diet ?? ''],
      ['PAI', health ? (health.has_pai ? `Oui — ${health.pai_details}` : 'Non') : yesNo(null)],
    ]),
    {
      table: {
        headerRows: 1,
        widths: ['*', 100, 100],
        body: [
          [
            { text: 'Vaccin', bold: true },
            { text: 'Date', bold: true },
            { text: 'Rappel', bold: true },
          ],
          ...rows(
            form?.vaccinations ?? [],
            (v) => [v.vaccine, formatShortFrenchDate(v.vaccinated_on), formatShortFrenchDate(v.booster_due_on)],
            3,
            3,
          ),
        ],
      },
      layout: 'lightHorizontalLines',
      margin: [0, 0, 0, 6],
    },
    { text: "Personnes autorisées à venir chercher l'enfant", style: 'h2' },
    {
      table: {
        headerRows: 1,
        widths: ['*', 110, 100],
        body: [
          [
            { text: 'Nom, prénom', bold: true },
            { text: 'Lien', bold: true },
            { text: 'Téléphone', bold: true },
          ],
          ...rows(form?.persons ?? [], (p) => [`${p.last_name} ${p.first_name}`, p.relationship, p.phone], 3, 3),
        ],
      },
      layout: 'lightHorizontalLines',
      margin: [0, 0, 0, 6],
    },
    { text: 'Services demandés', style: 'h2' },
    { text: 'Cochez les services souhaités :', margin: [0, 0, 0, 2] },
    {
      table: { widths: [14, '*'], body: ctx.services.map((s) => [{ text: ' ', margin: [0, 1, 0, 1] }, { text: s }]) },
      margin: [0, 0, 0, 6],
    },
    {
      text: "Je certifie l'exactitude de ces renseignements et m'engage à respecter le règlement des services périscolaires.",
      margin: [0, 8, 0, 4],
    },
    {
      columns: [{ text: 'Fait à ……………………, le ……………………' }, { text: 'Signature du responsable :', alignment: 'right' }],
      margin: [0, 4, 0, 0],
    },
  ];
}

async function loadForms(db: Knex, childIds: number[]): Promise<ChildForm[]> {
  if (!childIds.length) return [];
  const children = await db('children')
    .whereIn('id', childIds)
    .whereNull('archived_at')
    .orderBy([{ column: 'family_id' }, { column: 'birth_date' }]);
  const familyIds = [...new Set(children.map((c) => c.family_id))];
  const [families, adults, cafs, infos, healths, vaccinations, persons] = await Promise.all([
    db('families').whereIn('id', familyIds),
    db('family_adults').whereIn('family_id', familyIds),
    db('family_caf').whereIn('family_id', familyIds),
    db('child_information').whereIn('child_id', childIds),
    db('child_health').whereIn('child_id', childIds),
    db('child_vaccinations').whereIn('child_id', childIds).orderBy('id'),
    db('authorized_persons').whereIn('child_id', childIds).orderBy('id'),
  ]);
  return children.map((child) => ({
    child,
    family: families.find((f) => f.id === child.family_id),
    responsable: adults.find((a) => a.family_id === child.family_id && a.role === 'responsable') ?? null,
    conjoint: adults.find((a) => a.family_id === child.family_id && a.role === 'conjoint') ?? null,
    caf: cafs.find((c) => c.family_id === child.family_id) ?? null,
    information: infos.find((i) => i.child_id === child.id) ?? null,
    health: healths.find((h) => h.child_id === child.id) ?? null,
    vaccinations: vaccinations.filter((v) => v.child_id === child.id),
    persons: persons.filter((p) => p.child_id === child.id),
  }));
}

/**
 * The dossier d'inscription as a PDF: blank (childIds empty), or pre-filled with each child's
 * and its family's record, one form per child.
 */
export async function enrolmentFormsPdf(db: Knex, input: { childIds: number[]; todayIso: string }): Promise<Buffer> {
  const commune = await db('commune_settings').where({ id: 1 }).first();
  const services = (
    await db('services as s')
      .join('structures as st', 'st.id', 's.structure_id')
      .where('s.active', true)
      .orderBy([{ column: 'st.position' }, { column: 's.position' }])
      .select('s.name', 'st.name as structure')
  ).map((s) => `${s.structure} — ${s.name}`);
  const year = comingSchoolYear(input.todayIso);
  const forms = await loadForms(db, input.childIds);
  const content = forms.length
    ? forms.flatMap((form, i) => childContent(form, { commune, year, services, first: i === 0 }))
    : childContent(null, { commune, year, services, first: true });
  return renderPdf({
    info: { title: `Dossier d'inscription ${year}`, author: commune.name },
    pageSize: 'A4',
    pageMargins: [40, 36, 40, 44],
    content,
    styles: {
      commune: { fontSize: 12, bold: true },
      title: { fontSize: 14, bold: true, margin: [0, 2, 0, 4] },
      h2: { fontSize: 11, bold: true, margin: [0, 6, 0, 3], color: '#1d4e89' },
    },
    defaultStyle: { fontSize: 9 },
    pageFooter: `${commune.name} — dossier d'inscription ${year}`,
  });
}

/** Children of the families that have one enrolled in a service today (for printing a service's forms). */
export async function childrenOfService(db: Knex, serviceId: number, todayIso: string): Promise<number[]> {
  const rows = await db('enrolments as e')
    .join('children as c', 'c.id', 'e.child_id')
    .where({ 'e.service_id': serviceId, 'e.status': 'active' })
    .where('e.starts_on', '<=', todayIso)
    .where('e.ends_on', '>=', todayIso)
    .whereNull('c.archived_at')
    .distinct('c.id')
    .orderBy('c.id');
  return rows.map((r) => Number(r.id));
}
