import type { Knex } from 'knex';
import type { DbRow } from '../../db/db-row';
import { formatShortFrenchDate, monthName } from '../../domain/french-dates';
import { formatEuros } from '../../domain/money';
import { queueEmails, type OutgoingEmail } from '../mail/mailer';
import { responsableOf } from '../families/responsable-join';
import { type DebitNotice, debitNotices, debitSentence } from './sepa/debit-notices';

interface NoticeInvoice {
  number: string;
  regieName: string;
  totalCents: number;
  dueOn: string;
  debit: DebitNotice | undefined;
}

function invoiceLine(inv: NoticeInvoice): string {
  const amount = `- Facture ${inv.number} (${inv.regieName}) : ${formatEuros(inv.totalCents)}`;
  if (inv.debit) return `${amount}. ${debitSentence(inv.debit)} : vous n’avez rien à faire.`;
  return `${amount}, à régler avant le ${formatShortFrenchDate(inv.dueOn)}.`;
}

function noticeEmail(
  to: string,
  greeting: string,
  month: string,
  invoices: NoticeInvoice[],
  communeName: string,
  portalBaseUrl: string,
): OutgoingEmail {
  const period = `${monthName(Number(month.slice(5, 7))).toLowerCase()} ${month.slice(0, 4)}`;
  const one = invoices.length === 1;
  const toPay = invoices.some((i) => !i.debit);
  return {
    to,
    subject: one ? `Votre facture ${invoices[0]!.number} de ${period}` : `Vos factures de ${period}`,
    text: [
      `${greeting},`,
      `${one ? 'Votre facture' : 'Vos factures'} de ${period} ${one ? 'est disponible' : 'sont disponibles'} sur le Portail Famille :`,
      invoices.map(invoiceLine).join('\n'),
      toPay
        ? 'Vous pouvez régler en ligne par carte bancaire depuis le Portail Famille, rubrique « Relevé de compte », ou auprès de la régie (chèque, espèces).'
        : '',
      `Portail Famille : ${portalBaseUrl}/factures/${invoices[0]!.number}`,
      communeName,
    ]
      .filter(Boolean)
      .join('\n\n'),
  };
}

/**
 * The new-invoice e-mail of a run, one per family that accepts e-mails (« Autorisation
 * courriel »), queued in the run's transaction: a rolled-back run sends nothing. For a family on
 * prélèvement it is the SEPA pre-notification (amount, date, account), at least 14 days before.
 */
export async function queueInvoiceNotices(
  db: Knex | Knex.Transaction,
  invoiceIds: number[],
  month: string,
  portalBaseUrl: string,
  at: string,
): Promise<number> {
  const commune = await db('commune_settings').where({ id: 1 }).first('name');
  const byFamily = new Map<number, { to: string; greeting: string; invoices: NoticeInvoice[] }>();
  for (let i = 0; i < invoiceIds.length; i += 500) {
    const part = invoiceIds.slice(i, i + 500);
    const debits = await debitNotices(db as Knex, part);
    const rows: DbRow[] = await db('invoices as i')
      .join('regies as r', 'r.id', 'i.regie_id')
      .join('families as f', 'f.id', 'i.family_id')
      .join('family_adults as a', responsableOf('f.id'))
      .whereIn('i.id', part)
      .where('a.email_allowed', true)
      .whereNot('a.email', '')
      .whereNotNull('a.email')
      .orderBy('i.id')
      .select(
        'i.id',
        'i.family_id',
        'i.number',
        'i.total_cents',
        'i.due_on',
        'r.name as regie_name',
        'a.email',
        'a.civility',
        'a.first_name',
        'a.last_name',
      );
    for (const r of rows) {
      const family = Number(r.family_id);
      let entry = byFamily.get(family);
      if (!entry) {
        const name = [r.civility, r.first_name, r.last_name].filter(Boolean).join(' ');
        entry = { to: r.email, greeting: name ? `Bonjour ${name}` : 'Bonjour', invoices: [] };
        byFamily.set(family, entry);
      }
      entry.invoices.push({
        number: r.number,
        regieName: r.regie_name,
        totalCents: Number(r.total_cents),
        dueOn: r.due_on,
        debit: debits.get(Number(r.id)),
      });
    }
  }
  const messages = [...byFamily.values()].map((f) => noticeEmail(f.to, f.greeting, month, f.invoices, commune?.name ?? '', portalBaseUrl));
  await queueEmails(db, messages, at);
  return messages.length;
}
