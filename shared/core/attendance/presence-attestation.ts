import type { Knex } from 'knex';
import { addDays, formatShortFrenchDate, isCalendarDate, monthName } from '../../domain/french-dates';
import { attestationIssuer, issuerBlock, signatureBlock } from '../billing/attestation-issuer';
import { type Clock, today } from '../clock';
import { OperationError } from '../errors';
import type { PdfSpec } from '../pdf/pdf-maker';

/** A year at most: what employers and the CAF ask for, and a bounded amount of work. */
export const PRESENCE_MAX_DAYS = 366;

export interface PresencePeriod {
  from: string;
  to: string;
}

/** The period asked, checked: real dates, in order, not after today, a year at most. French messages per field. */
export function checkPresencePeriod(clock: Clock, period: { from: unknown; to: unknown }): PresencePeriod {
  const fields: Record<string, string> = {};
  if (!isCalendarDate(period.from)) fields.du = 'Indiquez une date réelle, par exemple 01/09/2026.';
  if (!isCalendarDate(period.to)) fields.au = 'Indiquez une date réelle, par exemple 30/11/2026.';
  if (!Object.keys(fields).length) {
    const from = period.from as string;
    const to = period.to as string;
    if (from > to) fields.au = 'La fin de la période est avant son début.';
    else if (to > today(clock)) fields.au = `La période ne peut pas finir après aujourd’hui (${formatShortFrenchDate(today(clock))}).`;
    else if (addDays(from, PRESENCE_MAX_DAYS - 1) < to) fields.au = 'Une attestation couvre un an au plus.';
  }
  if (Object.keys(fields).length) throw new OperationError('validation', 'L’attestation n’est pas établie : corrigez la période.', fields);
  return { from: period.from as string, to: period.to as string };
}

export interface PresenceMonth {
  month: string;
  service: string;
  days: number;
}

/**
 * The days a child was there (marked present at roll call) in a period, per month and service,
 * as a PDF signed for the commune; null when the child is not this household's.
 */
export async function presenceAttestationSpec(
  db: Knex,
  clock: Clock,
  familyId: number,
  childId: number,
  period: PresencePeriod,
): Promise<{ spec: PdfSpec; months: PresenceMonth[]; fileName: string[] } | null> {
  const child = await db('children').where({ id: childId, family_id: familyId }).first('first_name', 'last_name', 'birth_date');
  if (!child) return null;
  const issuer = await attestationIssuer(db);
  const rows = await db('planning_days as d')
    .join('services as s', 's.id', 'd.service_id')
    .where({ 'd.child_id': childId, 'd.attendance': 'present' })
    .whereBetween('d.date', [period.from, period.to])
    .orderBy(['d.date', 's.position'])
    .select('d.date', 's.name as service');
  const counts = new Map<string, PresenceMonth>();
  for (const row of rows) {
    const key = `${String(row.date).slice(0, 7)}|${row.service}`;
    const entry = counts.get(key) ?? { month: String(row.date).slice(0, 7), service: String(row.service), days: 0 };
    entry.days += 1;
    counts.set(key, entry);
  }
  const months = [...counts.values()];
  const name = `${child.first_name} ${child.last_name}`;
  // A signed paper saying « accueilli(e) » over a period without one day there would contradict itself.
  if (!months.length)
    throw new OperationError('validation', 'L’attestation n’est pas établie : aucune présence sur cette période.', {
      au: `Aucune présence de ${child.first_name} n’est enregistrée du ${formatShortFrenchDate(period.from)} au ${formatShortFrenchDate(period.to)} : choisissez une autre période.`,
    });
  const monthLabel = (month: string) => `${monthName(Number(month.slice(5, 7)))} ${month.slice(0, 4)}`;
  const content = [
    ...issuerBlock(issuer),
    { text: 'Attestation de présence', style: 'title' },
    {
      text: `${issuer.signatoryTitle}${issuer.signatoryName ? `, ${issuer.signatoryName},` : ''} atteste que l’enfant ${name}${child.birth_date ? `, né(e) le ${formatShortFrenchDate(child.birth_date)},` : ''} a été accueilli(e) par les services de la commune du ${formatShortFrenchDate(period.from)} au ${formatShortFrenchDate(period.to)} :`,
      margin: [0, 8, 0, 10],
    },
    {
      table: {
        headerRows: 1,
        widths: ['auto', '*', 'auto'],
        body: [
          [
            { text: 'Mois', bold: true },
            { text: 'Service', bold: true },
            { text: 'Journées de présence', bold: true, alignment: 'right' },
          ],
          ...months.map((m) => [monthLabel(m.month), m.service, { text: String(m.days), alignment: 'right' }]),
          [{ text: 'Total', bold: true, colSpan: 2 }, '', { text: String(rows.length), bold: true, alignment: 'right' }],
        ],
      },
    },
    {
      text: 'Sont comptées les journées où l’enfant a été pointé présent ; une journée à plusieurs services compte une fois par service.',
      fontSize: 8,
      margin: [0, 8, 0, 14],
    },
    ...signatureBlock(issuer, today(clock)),
  ];
  const spec: PdfSpec = {
    info: { title: `Attestation de présence — ${name}`, author: issuer.name },
    pageSize: 'A4',
    pageMargins: [48, 48, 48, 56],
    content: content as PdfSpec['content'],
    styles: { commune: { fontSize: 13, bold: true }, title: { fontSize: 14, bold: true, margin: [0, 8, 0, 2] } },
    pageFooter: `${issuer.name} — attestation de présence`,
  };
  return { spec, months, fileName: ['attestation-presence', String(child.first_name), period.from, period.to] };
}
