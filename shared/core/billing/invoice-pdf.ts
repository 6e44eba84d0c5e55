import type { Knex } from 'knex';
import { formatShortFrenchDate, monthName } from '../../domain/french-dates';
import { formatEuros } from '../../domain/money';
import { payfipLinkEndsOn, payfipRefdet } from '../../domain/payfip';
import { renderPdf } from '../pdf/pdf-workers';
import { responsableOf } from '../families/responsable-join';
import { type DebitNotice, debitNotices, debitSentence } from './sepa/debit-notices';

interface PrintableInvoice {
  id: number;
  number: string;
  kind: string;
  status: string;
  sequence: number;
  periodMonth: string;
  issuedOn: string;
  dueOn: string;
  totalCents: number;
  paidCents: number;
  /** Set when the invoice is (to be) debited from the family's account: no other way to pay is offered. */
  debit: DebitNotice | null;
  regie: { name: string; prefix: string; payfipClientNumber: string };
  family: { number: string; name: string; address: string; postalCode: string; city: string };
  lines: Array<{ label: string; details: string; quantity: number; unitPriceCents: number; amountCents: number }>;
}

const monthLabel = (ym: string) => `${monthName(Number(ym.slice(5, 7)))} ${ym.slice(0, 4)}`;

/** Invoices with everything printed on them, read in a fixed number of queries whatever their count. */
async function loadInvoices(db: Knex, ids: number[]): Promise<PrintableInvoice[]> {
  const out: PrintableInvoice[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const rows = await db('invoices as i')
      .join('regies as r', 'r.id', 'i.regie_id')
      .join('families as f', 'f.id', 'i.family_id')
      .leftJoin('family_adults as a', responsableOf('f.id'))
      .whereIn('i.id', part)
      .orderBy([{ column: 'r.invoice_prefix' }, { column: 'i.sequence' }])
      .select(
        'i.id',
        'i.number',
        'i.kind',
        'i.status',
        'i.sequence',
        'i.period_month',
        'i.issued_on',
        'i.due_on',
        'i.total_cents',
        'r.name as regie_name',
        'r.invoice_prefix',
        'r.payfip_client_number',
        'f.family_number',
        'f.anonymised_at',
        'a.civility',
        'a.last_name',
        'a.first_name',
        'a.address',
        'a.postal_code',
        'a.city',
      );
    const lines = await db('invoice_lines')
      .whereIn('invoice_id', part)
      .orderBy('id')
      .select('invoice_id', 'label', 'details', 'quantity', 'unit_price_cents', 'amount_cents');
    const paid = await db('payment_allocations')
      .whereIn('invoice_id', part)
      .groupBy('invoice_id')
      .select('invoice_id', db.raw('sum(amount_cents) as s'));
    const paidById = new Map(paid.map((p) => [Number(p.invoice_id), Number(p.s)]));
    const debits = await debitNotices(db, part);
    for (const r of rows) {
      out.push({
        id: r.id,
        number: r.number,
        kind: r.kind,
        status: r.status,
        sequence: Number(r.sequence),
        periodMonth: r.period_month,
        issuedOn: r.issued_on,
        dueOn: r.due_on,
        totalCents: Number(r.total_cents),
        paidCents: paidById.get(Number(r.id)) ?? 0,
        debit: debits.get(Number(r.id)) ?? null,
        regie: { name: r.regie_name, prefix: r.invoice_prefix, payfipClientNumber: r.payfip_client_number },
        family: {
          number: r.family_number,
          // A family anonymised (RGPD): the duplicate says so rather than print « ANONYME » as the addressee.
          name: r.anonymised_at
            ? `Duplicata — famille anonymisée le ${formatShortFrenchDate(r.anonymised_at)} (RGPD)`
            : [r.civility, r.last_name, r.first_name].filter(Boolean).join(' '),
          address: r.address ?? '',
          postalCode: r.postal_code ?? '',
          city: r.city ?? '',
        },
        lines: lines
          .filter((l) => l.invoice_id === r.id)
          .map((l) => ({
            label: l.label,
            details: l.details ?? '',
            quantity: Number(l.quantity),
            unitPriceCents: Number(l.unit_price_cents),
            amountCents: Number(l.amount_cents),
          })),
      });
    }
  }
  return out;
}

interface Commune {
  name: string;
  address: string;
  postal_code: string;
  city: string;
  phone: string;
  email: string;
  website: string;
  treasury_name: string;
  treasury_phone: string;
  treasury_address: string;
  payfip_client_number: string;
  payfip_link_days_after_due: number;
  portal_public_url: string;
  sepa_ics: string | null;
  sepa_creditor_name: string | null;
}

/** The pre-notification SEPA asks for: amount, date, account, mandate and creditor. */
function debitNoticeContent(inv: PrintableInvoice, debit: DebitNotice, commune: Commune): unknown[] {
  const remaining = inv.totalCents - inv.paidCents;
  return [
    { text: 'Prélèvement automatique', style: 'h2' },
    {
      text: [{ text: `${debitSentence(debit)} : ${formatEuros(remaining)}.`, bold: true }, ' Vous n’avez rien à faire.'],
      margin: [0, 2, 0, 2],
    },
    {
      text: `Mandat SEPA n° ${debit.rum}${commune.sepa_ics ? `, créancier ${commune.sepa_creditor_name || commune.name} (ICS ${commune.sepa_ics})` : ''}. En cas de rejet par votre banque, la facture sera de nouveau à régler auprès de la ${inv.regie.name}.`,
      margin: [0, 2, 0, 2],
      color: '#333333',
    },
  ];
}

function invoiceContent(inv: PrintableInvoice, commune: Commune, portalUrl: string, first: boolean): Record<string, unknown>[] {
  const isCredit = inv.kind === 'credit_note';
  const title = `${isCredit ? 'AVOIR' : 'FACTURE'} N° ${inv.number}`;
  const remaining = inv.totalCents - inv.paidCents;
  const numcli = inv.regie.payfipClientNumber || commune.payfip_client_number;
  const linkEnds = payfipLinkEndsOn(inv.dueOn, Number(commune.payfip_link_days_after_due ?? 30));
  const howToPay: unknown[] = [];
  if (inv.debit && remaining > 0) {
    howToPay.push(...debitNoticeContent(inv, inv.debit, commune));
  } else if (!isCredit && inv.status === 'issued' && remaining > 0) {
    howToPay.push({ text: 'Comment régler cette facture', style: 'h2' });
    if (numcli) {
      howToPay.push({
        text: [
          'Par carte bancaire ou prélèvement unique, en ligne sur le Portail Famille',
          portalUrl ? ` (${portalUrl})` : '',
          ', rubrique « Relevé de compte », ou sur www.payfip.gouv.fr avec le n° client ',
          { text: numcli, bold: true },
          ' et la référence ',
          { text: payfipRefdet(inv.regie.prefix, inv.sequence), bold: true },
          `, jusqu'au ${formatShortFrenchDate(linkEnds)}.`,
        ],
        margin: [0, 2, 0, 2],
      });
    }
    howToPay.push({
      text: `Par chèque à l'ordre du Trésor public, ou en espèces, auprès de la ${inv.regie.name}, en rappelant le n° ${inv.number}.`,
      margin: [0, 2, 0, 2],
    });
    if (commune.treasury_name) {
      howToPay.push({
        text: `Passé la date d'échéance, la facture est transmise à la ${commune.treasury_name}${commune.treasury_address ? `, ${commune.treasury_address}` : ''}${commune.treasury_phone ? ` (${commune.treasury_phone})` : ''}, qui émet un titre de recette.`,
        margin: [0, 2, 0, 2],
        color: '#333333',
      });
    }
  } else if (isCredit) {
    howToPay.push({
      text: 'Cet avoir annule la facture correspondante ; son montant est déduit du solde de votre compte.',
      margin: [0, 8, 0, 0],
    });
  } else if (inv.status === 'cancelled') {
    howToPay.push({ text: 'Cette facture a été annulée par un avoir.', margin: [0, 8, 0, 0], bold: true });
  } else {
    howToPay.push({ text: 'Cette facture est réglée. Merci.', margin: [0, 8, 0, 0], bold: true });
  }
  return [
    {
      columns: [
        {
          width: '*',
          stack: [
            { text: commune.name, style: 'commune' },
            commune.address ? { text: `${commune.address}\n${commune.postal_code} ${commune.city}` } : '',
            { text: [commune.phone, commune.email].filter(Boolean).join(' — ') },
            { text: inv.regie.name, margin: [0, 4, 0, 0], bold: true },
          ],
        },
        {
          width: 220,
          stack: [
            { text: title, style: 'title' },
            { text: `Date Facture : ${formatShortFrenchDate(inv.issuedOn)}` },
            { text: `Date Echéance : ${formatShortFrenchDate(inv.dueOn)}`, bold: true },
            { text: `Période : ${monthLabel(inv.periodMonth)}` },
          ],
          alignment: 'right',
        },
      ],
      ...(first ? {} : { pageBreak: 'before' }),
    },
    {
      margin: [280, 24, 0, 24],
      stack: [
        { text: inv.family.name, bold: true },
        inv.family.address ? { text: inv.family.address } : '',
        { text: `${inv.family.postalCode} ${inv.family.city}`.trim() },
        { text: `N° Famille : ${inv.family.number}`, margin: [0, 4, 0, 0], color: '#333333' },
      ],
    },
    {
      table: {
        headerRows: 1,
        widths: ['*', 50, 70, 70],
        body: [
          [
            { text: 'Prestation', style: 'th' },
            { text: 'Quantité', style: 'th', alignment: 'right' },
            { text: 'Prix unitaire', style: 'th', alignment: 'right' },
            { text: 'Montant', style: 'th', alignment: 'right' },
          ],
          ...inv.lines.map((l) => [
            { stack: [{ text: l.label }, l.details ? { text: l.details, fontSize: 8, color: '#333333' } : ''] },
            { text: String(l.quantity), alignment: 'right' },
            { text: formatEuros(l.unitPriceCents), alignment: 'right' },
            { text: formatEuros(l.amountCents), alignment: 'right' },
          ]),
        ],
      },
      layout: 'lightHorizontalLines',
    },
    {
      margin: [0, 10, 0, 10],
      table: {
        widths: ['*', 90],
        body: [
          [
            { text: isCredit ? 'Total de l’avoir' : 'Total de la facture', bold: true, alignment: 'right' },
            { text: formatEuros(inv.totalCents), bold: true, alignment: 'right' },
          ],
          ...(isCredit
            ? []
            : [
                [
                  { text: 'Déjà réglé', alignment: 'right' },
                  { text: formatEuros(inv.paidCents), alignment: 'right' },
                ],
                [
                  { text: 'Reste à payer', bold: true, alignment: 'right' },
                  { text: formatEuros(inv.status === 'issued' ? remaining : 0), bold: true, alignment: 'right' },
                ],
              ]),
        ],
      },
      layout: 'noBorders',
    },
    ...(howToPay as Record<string, unknown>[]),
  ];
}

/** One PDF holding the given invoices, one per page (or more when the lines run on). */
export async function invoicesPdf(
  db: Knex,
  ids: number[],
  fallbackPortalUrl: string,
): Promise<{ pdf: Buffer; count: number; numbers: string[] }> {
  const invoices = await loadInvoices(db, ids);
  const commune = (await db('commune_settings').where({ id: 1 }).first()) as Commune;
  const portalUrl = commune.portal_public_url || fallbackPortalUrl;
  const content = invoices.flatMap((inv, i) => invoiceContent(inv, commune, portalUrl, i === 0));
  const pdf = await renderPdf({
    info: {
      title:
        invoices.length === 1
          ? `${invoices[0].kind === 'credit_note' ? 'Avoir' : 'Facture'} ${invoices[0].number}`
          : `Factures (${invoices.length})`,
      author: commune.name,
    },
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 50],
    content: content.length ? content : [{ text: 'Aucune facture.' }],
    styles: {
      commune: { fontSize: 14, bold: true },
      title: { fontSize: 14, bold: true, margin: [0, 0, 0, 4] },
      h2: { fontSize: 11, bold: true, margin: [0, 8, 0, 4] },
      th: { bold: true },
    },
    pageFooter: commune.name,
  });
  return { pdf, count: invoices.length, numbers: invoices.map((i) => i.number) };
}
