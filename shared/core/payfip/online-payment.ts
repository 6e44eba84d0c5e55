import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { isUniqueViolation } from '../../db/unique-violation';
import { audit, type AuditCtx } from '../audit/audit-log';
import { today, type Clock } from '../clock';
import type { Actor } from '../context';
import { insertPayment } from '../billing/payments';
import { isThrottled, recordLoginAttempt } from '../accounts/login-throttle';
import { debitNotices, debitSentence } from '../billing/sepa/debit-notices';
import {
  payfipDate,
  payfipLinkEndsOn,
  payfipMel,
  payfipObjet,
  payfipOutcome,
  payfipRefdet,
  payfipUrlModeAddress,
} from '../../domain/payfip';
import { creerPaiementSecurise, PayfipError, recupererDetailPaiementSecurise, type PaymentDetail } from './soap-client';

const PAYFIP_ACTOR: Actor = { kind: 'system', label: 'PayFiP' };
/** PayFiP's operation ids live about 15 minutes: an attempt younger than this may still be paid. */
const ATTEMPT_IN_FLIGHT_MS = 20 * 60_000;
/** A web-service attempt with no answer after a day is given up (PayFiP keeps nothing longer). */
const ATTEMPT_EXPIRES_MS = 24 * 3600_000;

export interface PayfipSettings {
  numcli: string;
  mode: 'ws' | 'url';
  saisie: string;
  linkDaysAfterDue: number;
  wsUrl: string;
  paymentPageUrl: string;
  urlModeUrl: string;
  portalBaseUrl: string;
}

/** A setting that starts with « / » is on the portal itself (the demo's PayFiP simulator). */
export function absolutePayfipUrl(setting: string, portalBaseUrl: string): string {
  return setting.startsWith('/') ? `${portalBaseUrl.replace(/\/$/, '')}${setting}` : setting;
}

export async function payfipSettings(db: Knex, fallbackBaseUrl: string): Promise<PayfipSettings> {
  const s = await db('commune_settings').where({ id: 1 }).first();
  return {
    numcli: s?.payfip_client_number ?? '',
    mode: s?.payfip_mode === 'url' ? 'url' : 'ws',
    saisie: s?.payfip_saisie || 'T',
    linkDaysAfterDue: Number(s?.payfip_link_days_after_due ?? 30),
    wsUrl: s?.payfip_ws_url ?? '',
    paymentPageUrl: s?.payfip_payment_page_url ?? '',
    urlModeUrl: s?.payfip_url_mode_url ?? '',
    portalBaseUrl: (s?.portal_public_url || fallbackBaseUrl).replace(/\/$/, ''),
  };
}

export interface PayableInvoice {
  id: number;
  number: string;
  sequence: number;
  prefix: string;
  issuedOn: string;
  dueOn: string;
  remainingCents: number;
  numcli: string;
  linkEndsOn: string;
}

export type Payability = { payable: true; invoice: PayableInvoice } | { payable: false; reason: string };

/**
 * Whether the family may pay this invoice online today, and why not: already paid, cancelled,
 * no PayFiP contract, or past the manual's limit (« actif 30 jours après la date d'échéance »).
 */
export async function onlinePayability(
  db: Knex,
  familyId: number,
  number: string,
  todayIso: string,
  settings: PayfipSettings,
): Promise<Payability | null> {
  const row = await db('invoices as i')
    .join('regies as r', 'r.id', 'i.regie_id')
    .where({ 'i.family_id': familyId, 'i.number': number })
    .first(
      'i.id',
      'i.number',
      'i.sequence',
      'i.kind',
      'i.status',
      'i.issued_on',
      'i.due_on',
      'i.total_cents',
      'r.invoice_prefix',
      'r.payfip_client_number',
    );
  if (!row) return null;
  const paid = await db('payment_allocations')
    .where({ invoice_id: row.id })
    .sum<{ s: number | string | null }[]>({ s: 'amount_cents' })
    .first();
  const remainingCents = Number(row.total_cents) - Number(paid?.s ?? 0);
  const numcli = row.payfip_client_number || settings.numcli;
  const linkEndsOn = payfipLinkEndsOn(row.due_on, settings.linkDaysAfterDue);
  if (row.kind !== 'invoice') return { payable: false, reason: 'Un avoir ne se paie pas.' };
  const debit = (await debitNotices(db, [Number(row.id)], todayIso)).get(Number(row.id));
  if (debit) return { payable: false, reason: `${debitSentence(debit)} : vous n’avez rien à faire.` };
  const titre = await db('titre_pieces').where({ invoice_id: row.id }).first('ormc_number');
  if (titre) {
    return {
      payable: false,
      reason: `Cette facture a été transmise à la trésorerie (titre ORMC n° ${titre.ormc_number}) : la trésorerie vous adresse un avis de sommes à payer, à régler auprès d’elle (en ligne sur payfip.gouv.fr avec les références de l’avis, ou à ses guichets).`,
    };
  }
  if (row.status !== 'issued') return { payable: false, reason: 'Cette facture a été annulée par un avoir.' };
  if (remainingCents <= 0) return { payable: false, reason: 'Cette facture est réglée.' };
  if (!numcli) return { payable: false, reason: 'La commune ne propose pas le paiement en ligne.' };
  if (remainingCents < 100) return { payable: false, reason: 'Le paiement en ligne n’est possible qu’à partir de 1.00 €.' };
  if (todayIso > linkEndsOn) {
    return {
      payable: false,
      reason: `Le paiement en ligne était possible jusqu’au ${linkEndsOn.split('-').reverse().join('/')}, 30 jours après la date d’échéance : la facture a été transmise à la trésorerie, qui vous adressera un avis de paiement.`,
    };
  }
  return {
    payable: true,
    invoice: {
      id: row.id,
      number: row.number,
      sequence: Number(row.sequence),
      prefix: row.invoice_prefix,
      issuedOn: row.issued_on,
      dueOn: row.due_on,
      remainingCents,
      numcli,
      linkEndsOn,
    },
  };
}

async function familyEmail(db: Knex, familyId: number): Promise<string | null> {
  const adults = await db('family_adults').where({ family_id: familyId }).orderBy('role', 'desc').select('email');
  for (const a of adults) {
    const mel = payfipMel(a.email ?? '');
    if (mel) return mel;
  }
  return null;
}

export type StartOutcome = { redirect: string } | { error: string };

const ATTEMPT_IN_PROGRESS =
  'Un paiement en ligne de cette facture est en cours d’ouverture : patientez quelques secondes puis cliquez à nouveau sur « Payer ».';

/** The URL mode's « urlcl »: the attempt's own token in the path, so that a return names its attempt. */
function urlModeReturnAddress(settings: PayfipSettings, token: string): string {
  return `${settings.portalBaseUrl}/payfip/retour/${token}`;
}

interface OpenAttemptRow {
  id: number;
  mode: string;
  id_op: string | null;
  amount_cents: number;
  numcli: string;
  exer: string;
  refdet: string;
  objet: string;
  mel: string;
  saisie: string;
  return_token: string | null;
}

async function openAttempt(db: Knex, invoiceId: number): Promise<OpenAttemptRow | undefined> {
  return db('payfip_transactions').where({ invoice_id: invoiceId, status: 'pending' }).first();
}

/**
 * The invoice's attempt already open (a double click, a second tab, a family back from PayFiP's
 * page before paying): the family is sent to that same payment, never to a second one. An
 * attempt for another amount (a payment came in meanwhile) is closed and the family clicks again.
 */
async function resumeAttempt(
  db: Knex,
  clock: Clock,
  attempt: OpenAttemptRow,
  remainingCents: number,
  settings: PayfipSettings,
): Promise<StartOutcome> {
  if (Number(attempt.amount_cents) !== remainingCents) {
    await db('payfip_transactions')
      .where({ id: attempt.id, status: 'pending' })
      .update({ status: 'expired', updated_at: clock.now().toISOString() });
    return { error: 'Le montant restant à payer a changé depuis votre première demande : cliquez à nouveau sur « Payer ».' };
  }
  if (attempt.mode === 'url' && attempt.return_token) {
    return {
      redirect: payfipUrlModeAddress(settings.urlModeUrl, {
        numcli: attempt.numcli,
        exer: attempt.exer,
        refdet: attempt.refdet,
        objet: attempt.objet,
        montant: Number(attempt.amount_cents),
        mel: attempt.mel,
        saisie: attempt.saisie,
        urlcl: urlModeReturnAddress(settings, attempt.return_token),
      }),
    };
  }
  // The first click is asking PayFiP for its operation id: a double click waits for it (a few seconds at most).
  let idOp = attempt.id_op;
  for (let wait = 0; attempt.mode === 'ws' && !idOp && wait < 20; wait += 1) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    const row = await db('payfip_transactions').where({ id: attempt.id, status: 'pending' }).first('id_op');
    if (!row) break;
    idOp = row.id_op;
  }
  if (attempt.mode === 'ws' && idOp) return { redirect: `${settings.paymentPageUrl}?idop=${encodeURIComponent(idOp)}` };
  return { error: ATTEMPT_IN_PROGRESS };
}

/**
 * Starts an online payment: the attempt is recorded first (a new one each time: PayFiP refuses
 * a second try on the same operation), then PayFiP is asked for an operation id (web-service
 * mode) or the browser is sent with every parameter (URL mode).
 */
export async function startOnlinePayment(
  db: Knex,
  clock: Clock,
  input: { familyId: number; invoiceNumber: string; fallbackBaseUrl: string; source: string },
): Promise<StartOutcome | null> {
  const settings = await payfipSettings(db, input.fallbackBaseUrl);
  const payability = await onlinePayability(db, input.familyId, input.invoiceNumber, today(clock), settings);
  if (!payability) return null;
  if (!payability.payable) return { error: payability.reason };
  const invoice = payability.invoice;

  // An attempt still in flight may yet be paid: ask PayFiP before letting the family pay twice.
  const inFlightSince = new Date(clock.now().getTime() - ATTEMPT_IN_FLIGHT_MS).toISOString();
  const recent = await db('payfip_transactions')
    .where({ invoice_id: invoice.id, status: 'pending' })
    .where('created_at', '>', inFlightSince)
    .select('*');
  for (const tx of recent) {
    if (tx.mode === 'ws' && tx.id_op) await refreshTransaction(db, clock, tx.id, settings);
  }
  // An older attempt gives way (« expired » still takes a late answer from PayFiP, paid included),
  // and so does a URL-mode attempt from before return tokens, whose payment page cannot be rebuilt.
  await db('payfip_transactions')
    .where({ invoice_id: invoice.id, status: 'pending' })
    .where((w) => w.where('created_at', '<=', inFlightSince).orWhere((u) => u.where({ mode: 'url' }).whereNull('return_token')))
    .update({ status: 'expired', updated_at: clock.now().toISOString() });
  const after = await onlinePayability(db, input.familyId, input.invoiceNumber, today(clock), settings);
  if (!after?.payable) return { error: after?.reason ?? 'Cette facture n’est plus payable en ligne.' };
  const open = await openAttempt(db, invoice.id);
  if (open) return resumeAttempt(db, clock, open, after.invoice.remainingCents, settings);

  const mel = await familyEmail(db, input.familyId);
  if (!mel) return { error: 'PayFiP demande une adresse électronique : ajoutez-la dans « Mon compte » avant de payer en ligne.' };
  const at = clock.now().toISOString();
  const commune = await db('commune_settings').where({ id: 1 }).first('name');
  const refdet = payfipRefdet(invoice.prefix, invoice.sequence);
  const tx = {
    invoice_id: invoice.id,
    family_id: input.familyId,
    mode: settings.mode,
    refdet,
    exer: invoice.issuedOn.slice(0, 4),
    amount_cents: after.invoice.remainingCents,
    numcli: invoice.numcli,
    mel,
    objet: payfipObjet(`${commune?.name ?? 'Commune'} facture ${invoice.number}`),
    saisie: settings.saisie,
    status: 'pending',
    return_token: randomBytes(24).toString('base64url'),
    created_at: at,
    updated_at: at,
  };
  let txId: number;
  try {
    txId = await db.transaction(async (trx) => {
      const [row] = await trx('payfip_transactions').insert(tx).returning('id');
      const id = Number(typeof row === 'object' ? row.id : row);
      await audit(
        { actor: { kind: 'system', label: `famille ${input.familyId}` }, db: trx, clock, source: input.source },
        {
          action: 'payfip.start',
          entity: 'invoice',
          entityId: invoice.id,
          details: { transaction: id, mode: settings.mode, amountCents: tx.amount_cents },
        },
      );
      return id;
    });
  } catch (error) {
    // Another click, tab or process opened the invoice's one attempt first (unique index over pending attempts).
    if (!isUniqueViolation(error)) throw error;
    const first = await openAttempt(db, invoice.id);
    if (!first) return { error: ATTEMPT_IN_PROGRESS };
    return resumeAttempt(db, clock, first, after.invoice.remainingCents, settings);
  }

  if (settings.mode === 'url') {
    return {
      redirect: payfipUrlModeAddress(settings.urlModeUrl, {
        numcli: tx.numcli,
        exer: tx.exer,
        refdet,
        objet: tx.objet,
        montant: tx.amount_cents,
        mel,
        saisie: tx.saisie,
        urlcl: urlModeReturnAddress(settings, tx.return_token),
      }),
    };
  }
  try {
    const idOp = await creerPaiementSecurise(absolutePayfipUrl(settings.wsUrl, settings.portalBaseUrl), {
      exer: tx.exer,
      mel,
      montant: String(tx.amount_cents),
      numcli: tx.numcli,
      objet: tx.objet,
      refdet,
      saisie: tx.saisie,
      urlnotif: `${settings.portalBaseUrl}/payfip/notification`,
      urlredirect: `${settings.portalBaseUrl}/factures/${encodeURIComponent(invoice.number)}/paiement/${txId}`,
    });
    await db('payfip_transactions').where({ id: txId }).update({ id_op: idOp, updated_at: clock.now().toISOString() });
    return { redirect: `${settings.paymentPageUrl}?idop=${encodeURIComponent(idOp)}` };
  } catch (error) {
    const message = error instanceof PayfipError ? `${error.code}: ${error.message}` : String(error);
    await db('payfip_transactions')
      .where({ id: txId })
      .update({ status: 'failed', failure: message.slice(0, 200), updated_at: clock.now().toISOString() });
    return { error: 'Le service de paiement PayFiP ne répond pas pour le moment : réessayez plus tard ou réglez par un autre moyen.' };
  }
}

export type AttemptOutcome =
  | 'paid'
  | 'to_confirm'
  | 'refused'
  | 'abandoned'
  | 'pending'
  | 'mismatch'
  | 'failed'
  | 'expired'
  | 'unmatched'
  | 'throttled';

interface TransactionRow {
  id: number;
  invoice_id: number;
  family_id: number;
  mode: string;
  refdet: string;
  exer: string;
  amount_cents: number;
  numcli: string;
  id_op: string | null;
  status: string;
}

/**
 * Records what PayFiP says happened to an attempt, once: the status moves out of « pending »
 * in one conditional UPDATE, and only the call that moved it records the payment, so a
 * notification and a return arriving together (or twice) make one payment.
 */
async function applyOutcome(
  db: Knex,
  clock: Clock,
  tx: TransactionRow,
  answer: {
    resultrans: string;
    numauto: string;
    dattrans: string;
    heurtrans: string;
    refdet: string;
    montant: string;
    numcli: string;
    exer: string;
    idOp?: string;
  },
  source: string,
): Promise<AttemptOutcome> {
  const at = clock.now().toISOString();
  const mismatches = [
    answer.refdet !== tx.refdet && 'refdet',
    Number(answer.montant) !== Number(tx.amount_cents) && 'montant',
    answer.numcli !== tx.numcli && 'numcli',
    answer.exer !== tx.exer && 'exer',
    tx.mode === 'ws' && answer.idOp !== tx.id_op && 'idOp',
  ].filter(Boolean) as string[];
  const outcome = payfipOutcome(answer.resultrans);
  return db.transaction(async (trx) => {
    const ctx: AuditCtx = { actor: PAYFIP_ACTOR, db: trx, clock, source };
    if (mismatches.length && tx.mode === 'url') {
      // An unsigned return that does not match is someone's forgery or an error: noted, and the
      // attempt stays open for PayFiP's genuine answer.
      await audit(ctx, { action: 'payfip.mismatch', entity: 'payfip_transaction', entityId: tx.id, details: { mismatches, answer } });
      return 'mismatch';
    }
    if (mismatches.length) {
      const moved = await trx('payfip_transactions')
        .where({ id: tx.id })
        .whereIn('status', ['pending', 'expired'])
        .update({ status: 'mismatch', failure: `Réponse incohérente : ${mismatches.join(', ')}`, updated_at: at });
      if (moved)
        await audit(ctx, { action: 'payfip.mismatch', entity: 'payfip_transaction', entityId: tx.id, details: { mismatches, answer } });
      return 'mismatch';
    }
    if (outcome === 'unknown') {
      await trx('payfip_transactions').where({ id: tx.id }).update({ last_checked_at: at });
      return 'pending';
    }
    const status = outcome === 'paid' ? 'paid' : outcome;
    // A paid answer wins over an earlier refusal or abandon (the card was debited: it must be
    // recorded); an abandon or a refusal never overrides a paid attempt.
    const moved = await trx('payfip_transactions')
      .where({ id: tx.id })
      .whereIn('status', outcome === 'paid' ? ['pending', 'expired', 'abandoned', 'refused'] : ['pending', 'expired'])
      .update({
        status,
        result_code: answer.resultrans.slice(0, 2),
        numauto: answer.numauto.slice(0, 30) || null,
        dattrans: answer.dattrans.slice(0, 8) || null,
        heurtrans: answer.heurtrans.slice(0, 4) || null,
        paid_at: outcome === 'paid' ? at : null,
        updated_at: at,
        last_checked_at: at,
      });
    if (!moved) {
      const current = await trx('payfip_transactions').where({ id: tx.id }).first('status');
      return current?.status === 'paid'
        ? tx.mode === 'url'
          ? 'to_confirm'
          : 'paid'
        : ((current?.status as AttemptOutcome) ?? 'unmatched');
    }
    await audit(ctx, {
      action: `payfip.${status}`,
      entity: 'payfip_transaction',
      entityId: tx.id,
      details: { invoiceId: tx.invoice_id, resultrans: answer.resultrans, numauto: answer.numauto },
    });
    if (outcome !== 'paid') return outcome;
    const recorded = await insertPayment(ctx, {
      familyId: tx.family_id,
      type: answer.resultrans.toUpperCase() === 'V' ? 'prelevement' : 'carte',
      amountCents: Number(tx.amount_cents),
      paidOn: payfipDate(answer.dattrans) ?? today(clock),
      reference: `PayFiP n° ${answer.numauto || tx.refdet}`.slice(0, 60),
      // The URL mode's return is not signed: its payment waits for the trésorerie's statement.
      status: tx.mode === 'url' ? 'to_confirm' : 'confirmed',
      payfipTransactionId: tx.id,
      invoiceIds: [tx.invoice_id],
      // Its invoice's régie, even when it settles nothing (paid twice: a refund of that régie).
      regieId: (await trx('invoices').where({ id: tx.invoice_id }).first('regie_id'))?.regie_id ?? null,
    });
    // Paid for an invoice already settled (a second card payment, or a counter payment in
    // between): what the invoice did not need is a refund for an agent to make, not credit.
    const allocated = recorded.allocations.reduce((sum, a) => sum + a.amountCents, 0);
    const refundDueCents = Number(tx.amount_cents) - allocated;
    if (refundDueCents > 0) {
      await trx('payments').where({ id: recorded.paymentId }).update({ refund_due_cents: refundDueCents });
      await audit(ctx, {
        action: 'payfip.refund_due',
        entity: 'payment',
        entityId: recorded.paymentId,
        details: { invoiceId: tx.invoice_id, refundDueCents },
      });
    }
    return tx.mode === 'url' ? 'to_confirm' : 'paid';
  });
}

/** Asks PayFiP (web-service mode) what became of an attempt, and records it. */
export async function refreshTransaction(
  db: Knex,
  clock: Clock,
  txId: number,
  settings: PayfipSettings,
  source = 'payfip',
): Promise<AttemptOutcome> {
  const tx = (await db('payfip_transactions').where({ id: txId }).first()) as TransactionRow | undefined;
  if (!tx) return 'unmatched';
  if (tx.mode !== 'ws' || !tx.id_op || !['pending', 'expired'].includes(tx.status)) {
    return tx.status === 'paid' ? (tx.mode === 'url' ? 'to_confirm' : 'paid') : (tx.status as AttemptOutcome);
  }
  let detail: PaymentDetail;
  try {
    detail = await recupererDetailPaiementSecurise(absolutePayfipUrl(settings.wsUrl, settings.portalBaseUrl), tx.id_op);
  } catch {
    // Not finished yet, or PayFiP unreachable: asked again on the next return, notification or check.
    await db('payfip_transactions').where({ id: tx.id }).update({ last_checked_at: clock.now().toISOString() });
    return 'pending';
  }
  return applyOutcome(db, clock, tx, detail, source);
}

/**
 * PayFiP's notification carries only an operation id; the server asks PayFiP itself what
 * happened, so a forged or replayed notification can change nothing.
 */
export async function handlePayfipNotification(
  db: Knex,
  clock: Clock,
  idOp: string,
  fallbackBaseUrl: string,
  source: string,
): Promise<AttemptOutcome> {
  if (!/^[A-Za-z0-9-]{8,64}$/.test(idOp)) return 'unmatched';
  const tx = await db('payfip_transactions').where({ id_op: idOp, mode: 'ws' }).first('id');
  if (!tx) return 'unmatched';
  return refreshTransaction(db, clock, tx.id, await payfipSettings(db, fallbackBaseUrl), source);
}

/** The family's return from PayFiP (web-service mode): only its own attempt, checked with PayFiP. */
export async function familyReturn(
  db: Knex,
  clock: Clock,
  input: { familyId: number; invoiceNumber: string; txId: number; fallbackBaseUrl: string; source: string },
): Promise<AttemptOutcome | null> {
  const tx = await db('payfip_transactions as t')
    .join('invoices as i', 'i.id', 't.invoice_id')
    .where({ 't.id': input.txId, 't.family_id': input.familyId, 'i.number': input.invoiceNumber })
    .first('t.id');
  if (!tx) return null;
  return refreshTransaction(db, clock, tx.id, await payfipSettings(db, input.fallbackBaseUrl), input.source);
}

/** Unsigned returns that name no attempt, per address and quarter of an hour, before the door stops answering. */
const UNMATCHED_RETURNS_PER_SOURCE = 10;

/**
 * The URL mode's return to « urlcl »: unsigned, so it counts only with the attempt's own token
 * (random, in the return address the portal gave PayFiP) and only when it matches what was
 * recorded before the family left (refdet, exercise, amount and client number); a paid one
 * waits for an agent's confirmation. An address that keeps naming no attempt is stopped.
 */
export async function handleUrlModeReturn(
  db: Knex,
  clock: Clock,
  token: string,
  params: Record<string, string>,
  source: string,
): Promise<{ outcome: AttemptOutcome; invoiceNumber: string | null; familyId: number | null }> {
  const none = { invoiceNumber: null, familyId: null };
  const now = clock.now();
  // A return with its attempt's token always counts (a family's genuine return is never
  // stopped); only returns that name no attempt are limited per address.
  const tx = /^[A-Za-z0-9_-]{32}$/.test(token)
    ? ((await db('payfip_transactions as t')
        .join('invoices as i', 'i.id', 't.invoice_id')
        .where({ 't.mode': 'url', 't.return_token': token })
        .first('t.*', 'i.number as invoice_number')) as (TransactionRow & { invoice_number: string }) | undefined)
    : undefined;
  if (!tx) {
    const throttled = await db.transaction(async (trx) => {
      if (await isThrottled(trx, 'payfip', '', source, now, { loginLimit: Infinity, sourceLimit: UNMATCHED_RETURNS_PER_SOURCE })) {
        return true;
      }
      await recordLoginAttempt(trx, 'payfip', '', source, false, now);
      return false;
    });
    return { outcome: throttled ? 'throttled' : 'unmatched', ...none };
  }
  const outcome = await applyOutcome(
    db,
    clock,
    tx,
    {
      resultrans: params.resultrans ?? '',
      numauto: params.numauto ?? '',
      dattrans: params.dattrans ?? '',
      heurtrans: params.heurtrans ?? '',
      refdet: params.refdet ?? '',
      montant: params.montant ?? '',
      numcli: params.numcli ?? '',
      exer: params.exer ?? '',
    },
    source,
  );
  return { outcome, invoiceNumber: tx.invoice_number, familyId: tx.family_id };
}

/**
 * Attempts whose result is not known yet are asked again (a family may close the tab before
 * the return, and a notification may be lost); after a day without an answer they expire.
 */
export async function checkPendingPayfipTransactions(db: Knex, clock: Clock, fallbackBaseUrl: string): Promise<number> {
  const now = clock.now().getTime();
  const settings = await payfipSettings(db, fallbackBaseUrl);
  await db('payfip_transactions')
    .where({ status: 'pending' })
    .where('created_at', '<', new Date(now - ATTEMPT_EXPIRES_MS).toISOString())
    .update({ status: 'expired', updated_at: clock.now().toISOString() });
  const due = await db('payfip_transactions')
    .where({ status: 'pending', mode: 'ws' })
    .whereNotNull('id_op')
    .where('created_at', '<', new Date(now - 60_000).toISOString())
    .where((w) => w.whereNull('last_checked_at').orWhere('last_checked_at', '<', new Date(now - 5 * 60_000).toISOString()))
    .orderBy('id')
    .limit(100)
    .select('id');
  for (const tx of due) await refreshTransaction(db, clock, tx.id, settings, 'payfip-check');
  return due.length;
}
