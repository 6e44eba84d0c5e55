import { z } from './zod-fr';
import { entityId, isoDate, optionalText } from './common';

export const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'Mois attendu au format AAAA-MM.' });

export const invoiceRunInput = z
  .object({
    month: yearMonth,
    /** Only these structures (all when empty). */
    structureIds: z.array(entityId).max(50).optional(),
    /** Only these families (all when empty). */
    familyIds: z.array(entityId).max(5000).optional(),
    /** Invoice date (today when absent). */
    issuedOn: isoDate.optional(),
  })
  .strict();
export type InvoiceRunInput = z.infer<typeof invoiceRunInput>;

export const invoicesListInput = z
  .object({
    page: z.number().int().min(0).default(0),
    pageSize: z.number().int().min(1).max(100).default(25),
    search: optionalText(100),
    month: yearMonth.optional(),
    regieId: entityId.optional(),
    familyId: entityId.optional(),
    status: z.enum(['all', 'unpaid', 'paid', 'cancelled', 'credit_note']).default('all'),
    sort: z.enum(['number', 'issuedOn', 'dueOn', 'total', 'family']).default('issuedOn'),
    direction: z.enum(['asc', 'desc']).default('desc'),
  })
  .strict();

export const invoiceCancelInput = z
  .object({
    invoiceId: entityId,
    reason: z.string().trim().min(3, { error: 'Indiquez le motif de l’avoir.' }).max(200, { error: '200 caractères au maximum.' }),
  })
  .strict();

/**
 * A month is printed in parts of this many invoices: one document stays a few megabytes and a
 * couple of seconds of work, whatever the city's size (a whole month at 20 000 families is
 * 23 000 invoices: one PDF would take gigabytes and hold the database for over a minute).
 */
export const INVOICES_PER_PRINT = 500;

export const invoicePdfInput = z.union([
  z.object({ invoiceIds: z.array(entityId).min(1).max(INVOICES_PER_PRINT) }).strict(),
  z.object({ month: yearMonth, regieId: entityId.optional(), part: z.number().int().min(1).max(10_000).optional() }).strict(),
]);

/** A print run too big for one file comes in parts, each its own PDF. */
export interface PdfPart {
  fileName: string;
  base64: string;
  /** Documents in this part. */
  count: number;
  /** Which part this is, out of how many (1 of 1 for documents chosen one by one). */
  part: number;
  parts: number;
  /** Documents in the whole selection (the month's invoices, the year's attestations…). */
  total: number;
}

export type InvoicesPdf = PdfPart;

export const PAYMENT_TYPES = ['virement', 'especes', 'cheque', 'carte', 'prelevement', 'titre'] as const;
export type PaymentType = (typeof PAYMENT_TYPES)[number];

export const paymentRecordInput = z
  .object({
    familyId: entityId,
    type: z.enum(PAYMENT_TYPES, { error: 'Choisissez le type de règlement.' }),
    amountCents: z
      .number({ error: 'Montant attendu.' })
      .int({ error: 'Montant en centimes entiers.' })
      .min(1, { error: 'Le montant doit être positif.' })
      .max(100_000_00, { error: 'Montant trop élevé.' }),
    paidOn: isoDate,
    reference: optionalText(60),
    ormcNumber: optionalText(30),
    /** The régie whose invoices it settles (needed when the family owes to several). */
    regieId: entityId.optional(),
    /** Invoices to settle, in this order, all of one régie (that régie's oldest unpaid ones when absent). */
    invoiceIds: z.array(entityId).max(100).optional(),
  })
  .strict()
  .refine((p) => p.type !== 'titre' || p.ormcNumber !== '', { error: 'Le numéro ORMC du titre est obligatoire.', path: ['ormcNumber'] });

export const paymentDecisionInput = z
  .object({
    paymentId: entityId,
    reason: optionalText(200),
  })
  .strict();

export const paymentsListInput = z
  .object({
    familyId: entityId.optional(),
    status: z.enum(['all', 'to_confirm', 'refund_due']).default('all'),
    page: z.number().int().min(0).default(0),
    pageSize: z.number().int().min(1).max(100).default(25),
  })
  .strict();

export const tariffsListInput = z.object({ schoolYearId: entityId.optional() }).strict();

const cents = z.number().int().min(0, { error: 'Prix positif attendu.' }).max(100_000, { error: 'Prix trop élevé.' });
const qf = z.number().int().min(0).max(100_000).nullable();
export const tariffSaveInput = z
  .object({
    serviceId: entityId,
    schoolYearId: entityId,
    defaultPriceCents: cents,
    bands: z.array(z.object({ qfMin: qf, qfMax: qf, unitPriceCents: cents }).strict()).max(20),
  })
  .strict();

export interface InvoiceRunPreview {
  month: string;
  billedUpTo: string;
  issuedOn: string;
  dueOn: string;
  problems: string[];
  uncheckedDays: number;
  invoiceCount: number;
  totalCents: number;
  /** The first invoices, for a look before issuing. */
  sample: Array<{
    familyNumber: string;
    familyName: string;
    regie: string;
    totalCents: number;
    lines: Array<{ label: string; details: string; quantity: number; unitPriceCents: number; amountCents: number }>;
  }>;
  byRegie: Array<{ regie: string; invoices: number; totalCents: number }>;
}

export interface InvoiceRow {
  id: number;
  number: string;
  kind: 'invoice' | 'credit_note';
  status: 'issued' | 'cancelled';
  familyId: number;
  familyNumber: string;
  familyName: string;
  regie: string;
  periodMonth: string;
  issuedOn: string;
  dueOn: string;
  totalCents: number;
  paidCents: number;
  remainingCents: number;
}
export interface InvoicesPage {
  rows: InvoiceRow[];
  total: number;
}

export interface InvoiceDetail extends InvoiceRow {
  lines: Array<{ label: string; details: string; quantity: number; unitPriceCents: number; amountCents: number }>;
  allocations: Array<{ paymentId: number; paidOn: string; typeLabel: string; amountCents: number }>;
  cancelReason: string | null;
  creditNote: { id: number; number: string } | null;
  cancels: { id: number; number: string } | null;
  payfip: Array<{ id: number; mode: string; status: string; amountCents: number; createdAt: string; numauto: string | null }>;
}

export interface PaymentRow {
  id: number;
  familyId: number;
  familyNumber: string;
  familyName: string;
  type: PaymentType;
  typeLabel: string;
  reference: string;
  paidOn: string;
  amountCents: number;
  allocatedCents: number;
  /** Paid online for an invoice already settled: what the régie must pay back. */
  refundDueCents: number;
  status: 'confirmed' | 'to_confirm' | 'rejected';
  invoices: string[];
}
export interface PaymentsPage {
  rows: PaymentRow[];
  total: number;
}

export interface TariffView {
  serviceId: number;
  service: string;
  schoolYearId: number;
  schoolYear: string;
  defaultPriceCents: number | null;
  bands: Array<{ qfMin: number | null; qfMax: number | null; unitPriceCents: number }>;
}
export interface TariffsView {
  schoolYears: Array<{ id: number; label: string }>;
  schoolYearId: number | null;
  tariffs: TariffView[];
}

/** A period « from … to »: in order, and no longer than `maxDays` (the work one request asks is bounded). */
function boundedPeriod(maxDays: number, tooLong: string) {
  return (p: { from: string; to: string }, ctx: z.RefinementCtx) => {
    if (p.from > p.to) ctx.addIssue({ code: 'custom', message: 'La date de début doit précéder la date de fin.', path: ['to'] });
    else if (Date.parse(p.to) - Date.parse(p.from) > maxDays * 86_400_000)
      ctx.addIssue({ code: 'custom', message: tooLong, path: ['from'] });
  };
}

/** « Règlements »: every payment of a period, by mode and régie; paged on the server. */
export const paymentsJournalInput = z
  .object({
    from: isoDate,
    to: isoDate,
    type: z.enum(PAYMENT_TYPES).optional(),
    regieId: entityId.optional(),
    page: z.number().int().min(0).max(100_000).default(0),
    pageSize: z.number().int().min(1).max(100).default(25),
  })
  .strict()
  .superRefine(boundedPeriod(731, 'Deux ans au plus par recherche.'));

export interface JournalRow {
  id: number;
  paidOn: string;
  familyId: number;
  familyNumber: string;
  familyName: string;
  type: PaymentType;
  typeLabel: string;
  reference: string;
  amountCents: number;
  regie: string;
  invoices: string[];
  /** Who recorded it (an agent), or « PayFiP » / the demo's history when no agent did. */
  recordedBy: string;
  status: 'confirmed' | 'to_confirm' | 'rejected';
  /** This entry cancels that payment (its opposite entry). */
  cancelsPaymentId: number | null;
  /** This payment was cancelled by that entry. */
  cancelledByPaymentId: number | null;
  cancelReason: string | null;
}

export interface PaymentsJournal {
  rows: JournalRow[];
  total: number;
  /** Over the whole filter, not the page: what each mode brought in (cancellations deducted). */
  totals: Array<{ type: PaymentType; label: string; count: number; amountCents: number }>;
  totalCents: number;
}

export const paymentCancelInput = z
  .object({
    paymentId: entityId,
    reason: z
      .string()
      .trim()
      .min(1, { error: 'Indiquez pourquoi ce règlement est annulé.' })
      .max(200, { error: '200 caractères au maximum.' }),
  })
  .strict();

/** What a family still owes, by régie: the invoices a payment at the counter may settle. */
export type OpenInvoicesByRegie = Array<{
  regieId: number;
  regie: string;
  invoices: Array<{ id: number; number: string; dueOn: string; remainingCents: number }>;
}>;

/** The cheques of a régie not yet taken to the bank. */
export const pendingChequesInput = z.object({ regieId: entityId }).strict();

export interface PendingCheque {
  id: number;
  paidOn: string;
  familyName: string;
  familyNumber: string;
  reference: string;
  amountCents: number;
}

/** « Bordereau de remise de chèques »: the cheques chosen, deposited together on a date. */
export const chequeDepositInput = z
  .object({
    regieId: entityId,
    paymentIds: z
      .array(entityId)
      .min(1, { error: 'Choisissez au moins un chèque.' })
      .max(500, { error: '500 chèques au plus par bordereau.' }),
    depositedOn: isoDate,
  })
  .strict();

export interface ChequeDepositView {
  id: number;
  regie: string;
  number: number;
  label: string;
  depositedOn: string;
  chequeCount: number;
  totalCents: number;
}

/** « Journal de caisse »: the cash of a régie over a period. */
export const cashJournalInput = z
  .object({ regieId: entityId, from: isoDate, to: isoDate })
  .strict()
  .superRefine(boundedPeriod(366, 'Un an au plus par journal.'));

export const optionalRegie = z.object({ regieId: entityId.optional() }).strict();

export interface CashJournal {
  regie: string;
  from: string;
  to: string;
  lines: Array<{ paidOn: string; receipt: string; family: string; label: string; amountCents: number }>;
  totalCents: number;
}

/** « Impayés »: the invoices still due, by age. */
export const UNPAID_AGES = ['not_due', 'overdue', 'past_online_window'] as const;
export type UnpaidAge = (typeof UNPAID_AGES)[number];

export const unpaidListInput = z
  .object({
    age: z.enum(UNPAID_AGES).optional(),
    regieId: entityId.optional(),
    familyId: entityId.optional(),
    page: z.number().int().min(0).max(100_000).default(0),
    pageSize: z.number().int().min(1).max(100).default(25),
  })
  .strict();

export interface UnpaidRow {
  id: number;
  number: string;
  familyId: number;
  familyNumber: string;
  familyName: string;
  regie: string;
  dueOn: string;
  remainingCents: number;
  age: UnpaidAge;
  daysOverdue: number;
  /** The last reminder sent (1, 2 or 3), with its date; 0 when none. */
  reminderLevel: number;
  lastReminderOn: string | null;
}

export interface UnpaidPage {
  rows: UnpaidRow[];
  total: number;
  /** Over the filter: how many and how much, by age. */
  byAge: Array<{ age: UnpaidAge; count: number; remainingCents: number }>;
}

/** The three reminders a régie sends before a titre: « 1re relance », « 2e relance », « Dernier avis avant titre ». */
export const REMINDER_LEVELS = [1, 2, 3] as const;

export const remindersSendInput = z
  .object({
    invoiceIds: z
      .array(entityId)
      .min(1, { error: 'Choisissez au moins une facture.' })
      .max(500, { error: '500 factures au plus à la fois.' }),
    /** E-mail when the family has an address, else a printed letter; or letters for all. */
    channel: z.enum(['auto', 'letter']).default('auto'),
  })
  .strict();

export interface RemindersSent {
  emailed: number;
  letters: number;
  /** Already at their last level, not overdue any more, or sent by another agent meanwhile. */
  skipped: Array<{ number: string; reason: string }>;
  /** The printed letters, one per page, when there are any. */
  lettersPdf: { fileName: string; base64: string } | null;
}

/** A reminder as the family page lists it. */
export interface ReminderView {
  invoiceNumber: string;
  level: number;
  title: string;
  channel: 'email' | 'letter';
  sentOn: string;
  remainingCents: number;
  sentBy: string;
}

/** The invoices handed to the trésorerie in one bordereau (PES V2 PESORMC). */
export const titresInput = z
  .object({
    regieId: entityId,
    invoiceIds: z
      .array(entityId)
      .min(1, { error: 'Choisissez au moins une facture.' })
      .max(1000, { error: '1 000 factures au plus par bordereau.' }),
  })
  .strict();

export interface TitresPreview {
  exer: string;
  /** What the export still needs, in French: it refuses to run while this is not empty. */
  missing: string[];
  pieces: Array<{ invoiceId: number; invoiceNumber: string; family: string; amountCents: number; lines: number }>;
  totalCents: number;
}

export interface TitreBordereauView {
  id: number;
  exer: string;
  number: number;
  regie: string;
  issuedOn: string;
  pieceCount: number;
  totalCents: number;
  fileName: string;
}

/** The commune's PES identifiers and each service's product code and budget nature (admins). */
export const pesSettingsInput = z
  .object({
    idPost: z
      .string()
      .trim()
      .regex(/^\d{6}$/, { error: 'Le code du poste comptable a 6 chiffres.' }),
    siret: z
      .string()
      .trim()
      .regex(/^\d{14}$/, { error: 'Le SIRET a 14 chiffres.' }),
    codCol: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{1,3}$/, { error: 'CodCol : 1 à 3 lettres ou chiffres.' }),
    codBud: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{1,10}$/, { error: 'CodBud : 1 à 10 lettres ou chiffres.' }),
    sigle: z.string().trim().min(1, { error: 'Le sigle de l’émetteur est obligatoire.' }).max(40),
    services: z
      .array(
        z
          .object({
            serviceId: entityId,
            productCode: z
              .string()
              .trim()
              .regex(/^[A-Za-z0-9]{1,4}$/, { error: 'Code produit : 1 à 4 lettres ou chiffres.' }),
            nature: z
              .string()
              .trim()
              .regex(/^\d{3,10}$/, { error: 'Nature : le compte budgétaire, par exemple 7067.' }),
          })
          .strict(),
      )
      .max(200),
  })
  .strict();

/** A payment's receipt; `copy` when it is printed again (« DUPLICATA »). */
export const receiptInput = z.object({ id: entityId, copy: z.boolean().default(false) }).strict();

export interface PesSettingsView {
  idPost: string;
  siret: string;
  codCol: string;
  codBud: string;
  sigle: string;
  services: Array<{ serviceId: number; name: string; productCode: string; nature: string }>;
}

/** The commune as SEPA creditor (admins): its ICS and the account debits are paid into. */
export const sepaSettingsInput = z
  .object({
    ics: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^FR\d{2}[A-Z0-9]{3}\d{6}$/, { error: 'ICS français : FR, 2 chiffres, 3 caractères, 6 chiffres (13 en tout).' }),
    creditorName: z.string().trim().min(1).max(70),
    iban: z.string().trim(),
    bic: z.string().trim(),
  })
  .strict();

/** A mandate the family signed, recorded by an agent from its « Coordonnées Bancaires ». */
export const mandateRecordInput = z
  .object({
    familyId: entityId,
    signedOn: isoDate,
    holder: z.string().trim().min(1, { error: 'Le titulaire du compte est obligatoire.' }).max(70),
    iban: z.string().trim().max(42),
    bic: z.string().trim().max(11),
  })
  .strict();

export interface MandateView {
  id: number;
  rum: string;
  signedOn: string;
  holder: string;
  ibanMasked: string;
  status: 'active' | 'revoked' | 'lapsed';
  /** FRST until a debit was collected on it, then RCUR. */
  nextSequence: 'FRST' | 'RCUR';
  lastCollectedOn: string | null;
}

export const sepaBatchInput = z.object({ collectionDate: isoDate }).strict();

export interface SepaBatchView {
  id: number;
  messageId: string;
  collectionDate: string;
  debitCount: number;
  totalCents: number;
  status: 'prepared' | 'confirmed';
  fileName: string;
}

/** A debit the commune takes out of a batch not yet confirmed. */
export const sepaWithdrawInput = z.object({ debitId: entityId }).strict();

/** A debit the bank returned: its ISO 20022 reason code (AC04 account closed, AM04 insufficient funds, MD01 no mandate…). */
export const sepaRejectInput = z
  .object({
    debitId: entityId,
    reasonCode: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}\d{2}$/, { error: 'Code motif attendu, par exemple AM04.' }),
  })
  .strict();

export interface SepaDebitView {
  id: number;
  invoiceNumber: string;
  family: string;
  amountCents: number;
  sequence: 'FRST' | 'RCUR';
  status: 'pending' | 'collected' | 'rejected' | 'withdrawn';
  rejectCode: string | null;
}

export interface SepaSettingsView {
  ics: string;
  creditorName: string;
  iban: string;
  bic: string;
}
