import type { Knex } from 'knex';
import { z } from '../../contracts/zod-fr';
import { entityId } from '../../contracts/common';
import type { DbRow } from '../../db/db-row';
import { audit } from '../audit/audit-log';
import { nowIso } from '../clock';
import { notFound } from '../errors';
import { formatShortFrenchDate } from '../../domain/french-dates';
import { staffOperation, type StaffCtx } from '../operation';
import type { PdfSpec } from '../pdf/pdf-maker';
import { renderPdf } from '../pdf/pdf-workers';
import { open, type SealedPurpose } from '../../security/sealed-secrets';
import { openedProposal } from '../requests/family-requests';

/**
 * Everything held about one family, for its right of access (RGPD, article 15): one section per
 * kind of record, each row as stored. Never a secret of the application's own (password hashes,
 * link and calendar tokens, the search index), and files by their name and size, not content.
 */
export interface PersonalData {
  exportedAt: string;
  familyNumber: string;
  sections: Array<{ title: string; rows: DbRow[] }>;
}

const SECRET_COLUMN = /password|token|hash|secret|search_text/;

/** The family reads its own account numbers: the columns kept sealed are opened, and nothing else is. */
const SEALED_HERE: Record<string, Record<string, SealedPurpose>> = {
  family_bank: { iban: 'family_bank.iban' },
  sepa_mandates: { iban: 'sepa_mandates.iban' },
};

/** A stored row as the family may read it: secrets left out, files summarised, its sealed values opened. */
function readable(table: string, row: DbRow): DbRow {
  const out: DbRow = {};
  for (const [key, value] of Object.entries(row)) {
    if (SECRET_COLUMN.test(key)) continue;
    const purpose = SEALED_HERE[table]?.[key];
    if (purpose) out[key] = open(value as string | null, purpose);
    else if (table === 'requests' && (key === 'proposed_json' || key === 'previous_json'))
      out[key] = JSON.stringify(openedProposal(String(row.category), value));
    else out[key] = Buffer.isBuffer(value) ? `[fichier de ${value.length} octets]` : value;
  }
  return out;
}

/** `sealed`: the table whose sealed columns the section's rows hold (opened for the family). */
type Section = { title: string; sealed?: string; rows: (db: Knex, familyId: number, childIds: number[]) => Knex.QueryBuilder };

/** Each kind of record about the family, in the order a reader expects: the family, its children, its dealings. */
const SECTIONS: Section[] = [
  { title: 'Famille', rows: (db, id) => db('families').where({ id }) },
  { title: 'Responsable et conjoint', rows: (db, id) => db('family_adults').where({ family_id: id }).orderBy('id') },
  { title: 'Informations fiscales', rows: (db, id) => db('family_fiscal').where({ family_id: id }) },
  { title: 'Informations CAF', rows: (db, id) => db('family_caf').where({ family_id: id }) },
  { title: 'Coordonnées bancaires', sealed: 'family_bank', rows: (db, id) => db('family_bank').where({ family_id: id }) },
  {
    title: 'Mandats de prélèvement SEPA',
    sealed: 'sepa_mandates',
    rows: (db, id) => db('sepa_mandates').where({ family_id: id }).orderBy('id'),
  },
  { title: 'Enfants', rows: (db, id) => db('children').where({ family_id: id }).orderBy('id') },
  { title: 'Informations des enfants', rows: (db, _id, children) => db('child_information').whereIn('child_id', children) },
  { title: 'Données sanitaires', rows: (db, _id, children) => db('child_health').whereIn('child_id', children) },
  { title: 'Vaccinations', rows: (db, _id, children) => db('child_vaccinations').whereIn('child_id', children).orderBy('id') },
  { title: 'Personnes autorisées', rows: (db, _id, children) => db('authorized_persons').whereIn('child_id', children).orderBy('id') },
  { title: 'Inscriptions', rows: (db, _id, children) => db('enrolments').whereIn('child_id', children).orderBy('id') },
  {
    title: 'Planning (réservations, présences, absences)',
    rows: (db, _id, children) =>
      db('planning_days as p')
        .leftJoin('planning_day_invoices as held', 'held.planning_day_id', 'p.id')
        .whereIn('p.child_id', children)
        .orderBy(['p.child_id', 'p.date', 'p.service_id'])
        .select('p.*', 'held.invoice_id'),
  },
  { title: 'Liste d’attente', rows: (db, _id, children) => db('waiting_list').whereIn('child_id', children).orderBy('id') },
  { title: 'Demandes', sealed: 'requests', rows: (db, id) => db('requests').where({ family_id: id }).orderBy('id') },
  { title: 'Certificats d’absence', rows: (db, id) => db('absence_certificates').where({ family_id: id }).orderBy('id') },
  { title: 'Messages', rows: (db, id) => db('messages').where({ family_id: id }).orderBy('id') },
  {
    title: 'Pièces jointes des messages',
    rows: (db, id) =>
      db('message_attachments')
        .whereIn('message_id', db('messages').where({ family_id: id }).select('id'))
        .orderBy('id'),
  },
  { title: 'Factures', rows: (db, id) => db('invoices').where({ family_id: id }).orderBy('id') },
  {
    title: 'Lignes des factures',
    rows: (db, id) =>
      db('invoice_lines')
        .whereIn('invoice_id', db('invoices').where({ family_id: id }).select('id'))
        .orderBy('id'),
  },
  { title: 'Relances', rows: (db, id) => db('invoice_reminders').where({ family_id: id }).orderBy('id') },
  { title: 'Règlements', rows: (db, id) => db('payments').where({ family_id: id }).orderBy('id') },
  {
    title: 'Affectation des règlements',
    rows: (db, id) =>
      db('payment_allocations')
        .whereIn('payment_id', db('payments').where({ family_id: id }).select('id'))
        .orderBy('id'),
  },
  { title: 'Paiements en ligne (PayFiP)', rows: (db, id) => db('payfip_transactions').where({ family_id: id }).orderBy('id') },
  {
    title: 'Prélèvements',
    rows: (db, id) =>
      db('sepa_debits')
        .whereIn('mandate_id', db('sepa_mandates').where({ family_id: id }).select('id'))
        .orderBy('id'),
  },
  { title: 'Comptes du portail', rows: (db, id) => db('portal_accounts').where({ family_id: id }).orderBy('id') },
  { title: 'Rappels par courriel', rows: (db, id) => db('booking_reminder_families').where({ family_id: id }) },
  { title: 'Agendas sur téléphone', rows: (db, id) => db('calendar_feeds').where({ family_id: id }).orderBy('id') },
  { title: 'Journal des modifications', rows: (db, id) => db('audit_log').where({ family_id: id }).orderBy('id') },
];

/** Reads every section for the family (one query each: bounded by one family's records). */
export async function familyPersonalData(ctx: StaffCtx, familyId: number): Promise<PersonalData> {
  const family = await ctx.db('families').where({ id: familyId }).first('family_number');
  if (!family) throw notFound('Famille');
  const childIds = (await ctx.db('children').where({ family_id: familyId }).pluck('id')).map(Number);
  const sections = [];
  for (const section of SECTIONS) {
    const rows = await section.rows(ctx.db as unknown as Knex, familyId, childIds);
    sections.push({ title: section.title, rows: rows.map((row: DbRow) => readable(section.sealed ?? '', row)) });
  }
  return { exportedAt: nowIso(ctx.clock), familyNumber: family.family_number, sections };
}

const personalDataInput = z.object({ familyId: entityId, format: z.enum(['json', 'pdf']) }).strict();

/** One row as a readable line: « date : 2026-12-03 · state : reserved … », empty fields left out. */
const rowLine = (row: DbRow) =>
  Object.entries(row)
    .filter(([, value]) => value !== null && value !== '')
    .map(([key, value]) => `${key} : ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(' · ');

async function personalDataFile(ctx: StaffCtx, input: z.output<typeof personalDataInput>): Promise<{ fileName: string; base64: string }> {
  const data = await familyPersonalData(ctx, input.familyId);
  await audit(ctx, {
    action: 'family.personalData',
    entity: 'family',
    entityId: input.familyId,
    details: { familyId: input.familyId, format: input.format },
  });
  const fileName = `donnees-famille-${data.familyNumber}.${input.format}`;
  if (input.format === 'json') return { fileName, base64: Buffer.from(JSON.stringify(data, null, 2), 'utf8').toString('base64') };
  const commune = await ctx.db('commune_settings').where({ id: 1 }).first('name');
  const content: Array<Record<string, unknown>> = [
    { text: commune?.name ?? '', style: 'commune' },
    { text: `Données détenues sur la famille n° ${data.familyNumber}`, style: 'title' },
    {
      text: `Extraites le ${formatShortFrenchDate(data.exportedAt)}, à sa demande (RGPD, droit d’accès).`,
      margin: [0, 0, 0, 10],
    },
  ];
  for (const section of data.sections) {
    content.push({ text: `${section.title} (${section.rows.length})`, style: 'section', margin: [0, 10, 0, 4] });
    if (section.rows.length === 0) content.push({ text: 'Aucune donnée.', italics: true });
    for (const row of section.rows) content.push({ text: rowLine(row), fontSize: 7, margin: [0, 0, 0, 2] });
  }
  const pdf = await renderPdf({
    info: { title: `Données de la famille ${data.familyNumber}`, author: commune?.name ?? '' },
    pageSize: 'A4',
    pageMargins: [36, 36, 36, 48],
    content: content as PdfSpec['content'],
    pageFooter: `Famille n° ${data.familyNumber}`,
    styles: { commune: { fontSize: 9 }, title: { fontSize: 14, bold: true }, section: { fontSize: 11, bold: true } },
  });
  return { fileName, base64: pdf.toString('base64') };
}

/** This file's operation, merged into the staff handler table. */
export const personalDataOperations = {
  'families.personalData': staffOperation({ input: personalDataInput, access: 'agent', run: personalDataFile }),
};
