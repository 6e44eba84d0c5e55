import type { Knex } from 'knex';
import type { DbRow } from '../../db/db-row';
import { formatShortFrenchDate, monthName } from '../../domain/french-dates';
import { formatEuros } from '../../domain/money';
import { queueEmails, type OutgoingEmail } from '../mail/mailer';
import { type DebitNotice, debitSentence, laterDay, plannedCollectionDate } from './sepa/debit-notices';
import { maskedMandateIban } from './sepa/mandates';

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

/** An invoice the run has just issued, as the run holds it (nothing is read back). */
export interface IssuedInvoice {
  familyId: number;
  regieId: number;
  number: string;
  totalCents: number;
}

/**
 * The new-invoice e-mail of a run, one per family that accepts e-mails (« Autorisation
 * courriel »), queued in the run's transaction: a rolled-back run sends nothing. For a family on
 * prélèvement it is the SEPA pre-notification (amount, date, account), at least 14 days before.
 * Built from the run's own invoices (just issued: nothing paid, debited or titred yet), with one
 * query for the régies, the mandates, and the recipients per 500 families.
 */
export async function queueInvoiceNotices(
  db: Knex | Knex.Transaction,
  run: { month: string; issuedOn: string; dueOn: string; invoices: IssuedInvoice[] },
  portalBaseUrl: string,
  at: string,
): Promise<number> {
  const commune = await db('commune_settings').where({ id: 1 }).first('name');
  const regies = new Map((await db('regies').select('id', 'name')).map((r) => [Number(r.id), r.name as string]));
  const mandates = new Map(
    (await db('sepa_mandates').where({ status: 'active' }).where('signed_on', '<=', run.issuedOn).select('family_id', 'iban', 'rum')).map(
      (m) => [Number(m.family_id), m],
    ),
  );
  // Counted from today, the day this e-mail leaves, even for a run dated earlier.
  const toldOn = laterDay(run.issuedOn, at.slice(0, 10));
  const collectionDate = plannedCollectionDate(toldOn, run.dueOn);
  const byFamily = new Map<number, IssuedInvoice[]>();
  for (const invoice of run.invoices) byFamily.set(invoice.familyId, [...(byFamily.get(invoice.familyId) ?? []), invoice]);
  const families = [...byFamily.keys()];
  const messages: OutgoingEmail[] = [];
  for (let i = 0; i < families.length; i += 500) {
    const recipients: DbRow[] = await db('family_adults')
      .whereIn('family_id', families.slice(i, i + 500))
      .where({ role: 'responsable', email_allowed: true })
      .whereNotNull('email')
      .whereNot('email', '')
      .orderBy('family_id')
      .select('family_id', 'email', 'civility', 'first_name', 'last_name');
    for (const r of recipients) {
      const mandate = mandates.get(Number(r.family_id));
      const debit = mandate ? { collectionDate, ibanMasked: maskedMandateIban(mandate.iban), rum: mandate.rum, inBatch: false } : undefined;
      const invoices = byFamily.get(Number(r.family_id))!.map((inv) => ({
        number: inv.number,
        regieName: regies.get(inv.regieId) ?? '',
        totalCents: inv.totalCents,
        dueOn: run.dueOn,
        debit,
      }));
      const name = [r.civility, r.first_name, r.last_name].filter(Boolean).join(' ');
      messages.push(noticeEmail(r.email, name ? `Bonjour ${name}` : 'Bonjour', run.month, invoices, commune?.name ?? '', portalBaseUrl));
    }
  }
  await queueEmails(db, messages, at);
  return messages.length;
}
