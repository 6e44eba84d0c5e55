import type { z } from '../../contracts/zod-fr';
import type { ReminderView, RemindersSent, remindersSendInput } from '../../contracts/billing';
import { addDays, formatLongFrenchDate, formatShortFrenchDate, isoDateInTimeZone } from '../../domain/french-dates';
import { formatEuros } from '../../domain/money';
import type { DbRow } from '../../db/db-row';
import { isUniqueViolation } from '../../db/unique-violation';
import { audit } from '../audit/audit-log';
import { today } from '../clock';
import { queueStaffEmail } from '../mail/queue';
import type { StaffCtx } from '../operation';
import { pdfFileName } from '../pdf/pdf-maker';
import { renderPdf } from '../pdf/pdf-workers';
import { bool } from '../families/presenter';
import { responsableOf } from '../families/responsable-join';
import { linkDaysAfterDue, unpaidColumns, unpaidInvoicesQuery } from './unpaid';

const LEVEL_TITLES = ['', '1re relance', '2e relance', 'Dernier avis avant transmission à la trésorerie'];
/** Two weeks between two reminders of one invoice: a family is never sent two at once (two agents, a double click). */
const DAYS_BETWEEN_LEVELS = 14;

/**
 * Sends the next reminder of each chosen overdue invoice: level 1, then 2, then the last notice;
 * by e-mail when the family has an address and accepts e-mails (or as a printed letter). The reminder row is
 * written first, under a unique (invoice, level) index: an invoice reminded by another agent at
 * the same moment is skipped, so no family gets the same reminder twice.
 */
export async function sendReminders(ctx: StaffCtx, input: z.output<typeof remindersSendInput>): Promise<RemindersSent> {
  const todayIso = today(ctx.clock);
  const linkDays = await linkDaysAfterDue(ctx.db);
  const commune = await ctx.db('commune_settings').where({ id: 1 }).first('name', 'address', 'postal_code', 'city', 'phone', 'email');
  const ids = [...new Set(input.invoiceIds)];
  const rows: DbRow[] = await ctx.db
    .from(
      unpaidInvoicesQuery(ctx.db, todayIso, linkDays)
        .whereIn('i.id', ids)
        .join('families as f', 'f.id', 'i.family_id')
        .leftJoin('family_adults as a', responsableOf('f.id'))
        .select(...unpaidColumns(ctx.db), 'a.civility', 'a.email', 'a.email_allowed', 'a.address', 'a.postal_code', 'a.city')
        .as('u'),
    )
    .orderBy('id')
    .select('*');
  const found = new Map(rows.map((r) => [Number(r.id), r]));
  const skipped: RemindersSent['skipped'] = [];
  const letters: DbRow[] = [];
  let emailed = 0;
  for (const id of ids) {
    const row = found.get(id);
    if (!row) {
      const invoice = await ctx.db('invoices').where({ id }).first('number');
      skipped.push({ number: invoice?.number ?? String(id), reason: 'Facture réglée, annulée ou inconnue.' });
      continue;
    }
    if (row.age === 'not_due') {
      skipped.push({ number: row.number, reason: 'Pas encore échue.' });
      continue;
    }
    const level = Number(row.reminder_level) + 1;
    // Dates in the commune's time zone: a reminder sent at 00:30 in Paris on 1 January is of 1 January.
    const remindedOn = row.reminded_at ? isoDateInTimeZone(new Date(row.reminded_at)) : null;
    const spacedUntil = remindedOn ? addDays(remindedOn, DAYS_BETWEEN_LEVELS) : null;
    if (spacedUntil && todayIso < spacedUntil) {
      skipped.push({
        number: row.number,
        reason: `Relance précédente envoyée le ${formatShortFrenchDate(remindedOn)} : la suivante est possible à partir du ${formatShortFrenchDate(spacedUntil)}.`,
      });
      continue;
    }
    if (level > 3) {
      skipped.push({ number: row.number, reason: 'Dernier avis déjà envoyé : la facture est à transmettre à la trésorerie.' });
      continue;
    }
    // By e-mail only to a family that accepts them (« Autorisation courriel »), as the invoice itself.
    const channel = input.channel === 'letter' || !row.email || !bool(row.email_allowed) ? 'letter' : 'email';
    try {
      // A savepoint: on PostgreSQL a unique violation would otherwise end the whole transaction.
      await ctx.db.transaction(async (trx) => {
        await trx('invoice_reminders').insert({
          invoice_id: id,
          family_id: row.family_id,
          level,
          channel,
          remaining_cents: Number(row.remaining),
          sent_by: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
          sent_at: ctx.clock.now().toISOString(),
        });
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      skipped.push({ number: row.number, reason: 'Cette relance vient d’être envoyée par un autre poste.' });
      continue;
    }
    const reminder = { ...row, level };
    if (channel === 'email') {
      await queueStaffEmail(ctx, { to: row.email, ...reminderEmail(reminder, commune, ctx.portalBaseUrl) });
      emailed += 1;
    } else {
      letters.push(reminder);
    }
  }
  await audit(ctx, {
    action: 'reminders.send',
    entity: 'invoice',
    details: { invoices: ids, emailed, letters: letters.map((l) => l.number), skipped: skipped.map((s) => s.number) },
  });
  return {
    emailed,
    letters: letters.length,
    skipped,
    lettersPdf: letters.length ? await lettersPdf(letters, commune, todayIso) : null,
  };
}

function greeting(row: DbRow): string {
  return `${row.civility ? `${row.civility} ` : ''}${[row.first_name, row.last_name].filter(Boolean).join(' ')}`;
}

function reminderText(row: DbRow, commune: DbRow | undefined): string[] {
  return [
    `${greeting(row)},`,
    `Sauf erreur de notre part, la facture ${row.number}, échue le ${formatShortFrenchDate(row.due_on)}, reste à régler pour ${formatEuros(Number(row.remaining))}.`,
    row.level === 3
      ? 'Sans règlement de votre part, elle sera transmise à la trésorerie, qui en assurera le recouvrement.'
      : 'Merci de la régler dès que possible, en ligne depuis le Portail Famille ou auprès de la régie.',
    'Si vous avez réglé entre-temps, ne tenez pas compte de ce courrier.',
    commune?.name ?? '',
  ];
}

function reminderEmail(row: DbRow, commune: DbRow | undefined, portalBaseUrl: string) {
  return {
    subject: `${LEVEL_TITLES[row.level]} — facture ${row.number}`,
    text: [...reminderText(row, commune), `Portail Famille : ${portalBaseUrl}/factures/${row.number}`].join('\n\n'),
  };
}

async function lettersPdf(letters: DbRow[], commune: DbRow | undefined, todayIso: string) {
  const pdf = await renderPdf({
    info: { title: `Relances (${letters.length})`, author: commune?.name ?? '' },
    pageSize: 'A4',
    pageMargins: [50, 50, 50, 60],
    content: letters.map((row, i) => ({
      stack: [
        { text: commune?.name ?? '', bold: true, fontSize: 13 },
        commune?.address ? { text: `${commune.address}\n${commune.postal_code} ${commune.city}` } : '',
        { text: [commune?.phone, commune?.email].filter(Boolean).join(' — '), margin: [0, 0, 0, 30] },
        { text: `${greeting(row)}\n${row.address ?? ''}\n${row.postal_code ?? ''} ${row.city ?? ''}`, margin: [280, 0, 0, 30] },
        { text: `Le ${formatLongFrenchDate(todayIso)}`, margin: [0, 0, 0, 10] },
        { text: `${LEVEL_TITLES[row.level]} — facture ${row.number} (famille n° ${row.family_number})`, bold: true, margin: [0, 0, 0, 12] },
        ...reminderText(row, commune).map((text) => ({ text, margin: [0, 0, 0, 8] })),
      ],
      ...(i < letters.length - 1 ? { pageBreak: 'after' } : {}),
    })),
    pageFooter: commune?.name ?? '',
  });
  return { fileName: pdfFileName('relances', todayIso), base64: pdf.toString('base64') };
}

/** The family's reminders, newest first: « recorded on the family page ». */
export async function familyReminders(ctx: StaffCtx, familyId: number): Promise<ReminderView[]> {
  const rows: DbRow[] = await ctx
    .db('invoice_reminders as rm')
    .join('invoices as i', 'i.id', 'rm.invoice_id')
    .leftJoin('staff_users as s', 's.id', 'rm.sent_by')
    .where('rm.family_id', familyId)
    .orderBy('rm.id', 'desc')
    .limit(100)
    .select('i.number', 'rm.level', 'rm.channel', 'rm.sent_at', 'rm.remaining_cents', 's.display_name');
  return rows.map((r) => ({
    invoiceNumber: r.number,
    level: Number(r.level),
    title: LEVEL_TITLES[Number(r.level)] ?? '',
    channel: r.channel,
    sentOn: isoDateInTimeZone(new Date(r.sent_at)),
    remainingCents: Number(r.remaining_cents),
    sentBy: r.display_name ?? '',
  }));
}
