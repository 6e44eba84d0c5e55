import type { z } from '../../../contracts/zod-fr';
import { open, seal } from '../../../security/sealed-secrets';
import type { SepaBatchView, SepaDebitView, sepaBatchInput, sepaRejectInput } from '../../../contracts/billing';
import { addDays, formatShortFrenchDate } from '../../../domain/french-dates';
import { formatEuros } from '../../../domain/money';
import type { DbRow } from '../../../db/db-row';
import { isUniqueViolation } from '../../../db/unique-violation';
import { audit } from '../../audit/audit-log';
import { today } from '../../clock';
import { OperationError } from '../../errors';
import { queueStaffEmail } from '../../mail/queue';
import type { StaffCtx } from '../../operation';
import { responsableOf } from '../../families/responsable-join';
import { bool } from '../../families/presenter';
import { cancelPayment } from '../payment-cancel';
import { insertPayment } from '../payments';
import { lapseMandates, maskedMandateIban } from './mandates';
import { pain008File } from './pain008';
import { PRE_NOTIFICATION_DAYS, presentedDebits } from './debit-notices';

function present(row: DbRow): SepaBatchView {
  return {
    id: Number(row.id),
    messageId: row.message_id,
    collectionDate: row.collection_date,
    debitCount: Number(row.debit_count),
    totalCents: Number(row.total_cents),
    status: row.status,
    fileName: row.file_name,
  };
}

/**
 * The month's debit batch: every invoice still due on the collection date of a family with an
 * active mandate signed by its date, issued at least 14 days before (the invoice is the
 * pre-notification), not titred and never in a debit before (but one withdrawn) (a unique index: two agents preparing at once make one
 * batch). One debit per invoice, FRST on a mandate never collected, RCUR after.
 */
export async function prepareSepaBatch(ctx: StaffCtx, input: z.output<typeof sepaBatchInput>): Promise<SepaBatchView & { base64: string }> {
  const todayIso = today(ctx.clock);
  if (input.collectionDate <= todayIso || input.collectionDate > addDays(todayIso, 60)) {
    throw new OperationError('validation', 'La date de prélèvement doit être dans les 60 prochains jours, à partir de demain.', {
      collectionDate: 'Date hors délai.',
    });
  }
  const settings = await ctx
    .db('commune_settings')
    .where({ id: 1 })
    .first('sepa_ics', 'sepa_creditor_name', 'sepa_creditor_iban', 'sepa_creditor_bic');
  const missing = [
    !settings?.sepa_ics && 'l’identifiant créancier SEPA (ICS)',
    !settings?.sepa_creditor_name && 'le nom du créancier',
    !settings?.sepa_creditor_iban && 'l’IBAN du compte de la régie',
    !settings?.sepa_creditor_bic && 'le BIC du compte de la régie',
  ].filter(Boolean);
  if (missing.length)
    throw new OperationError('validation', `Le fichier de prélèvement ne peut pas être préparé : il manque ${missing.join(', ')}.`);
  await lapseMandates(ctx.db, todayIso);
  const paid = ctx.db('payment_allocations').groupBy('invoice_id').select('invoice_id', ctx.db.raw('sum(amount_cents) as paid_cents'));
  const rows: DbRow[] = await ctx
    .db('invoices as i')
    .leftJoin(paid.as('p'), 'p.invoice_id', 'i.id')
    .join('sepa_mandates as m', (j) => j.on('m.family_id', 'i.family_id').andOn('m.status', ctx.db.raw('?', ['active'])))
    .join('families as f', 'f.id', 'i.family_id')
    .leftJoin('family_adults as a', responsableOf('f.id'))
    .where({ 'i.kind': 'invoice', 'i.status': 'issued' })
    .whereRaw('i.total_cents > coalesce(p.paid_cents, 0)')
    .where('i.due_on', '<=', input.collectionDate)
    // Told 14 days before at least: dated and issued (the notice left that day) by then.
    .where('i.issued_on', '<=', addDays(input.collectionDate, -PRE_NOTIFICATION_DAYS))
    .where('i.created_at', '<', `${addDays(input.collectionDate, 1 - PRE_NOTIFICATION_DAYS)}T00:00:00.000Z`)
    // The mandate covers the invoices issued once it was signed; older ones the family pays itself.
    .whereRaw('i.issued_on >= m.signed_on')
    .whereNotExists(ctx.db('titre_pieces as tp').whereRaw('tp.invoice_id = i.id').select(ctx.db.raw('1')))
    // A rejected debit is not presented again (the family was told to pay that invoice itself);
    // one the commune withdrew from its batch may be.
    .whereNotExists(presentedDebits(ctx.db))
    .orderBy('i.id')
    .select(
      'i.id',
      'i.number',
      'm.id as mandate_id',
      'm.rum',
      'm.signed_on',
      'm.holder',
      'm.iban',
      'm.bic',
      ctx.db.raw('i.total_cents - coalesce(p.paid_cents, 0) as remaining'),
    );
  if (!rows.length)
    throw new OperationError(
      'validation',
      'Aucune facture à prélever à cette date (familles avec un mandat actif, factures échues émises 14 jours avant au moins).',
    );
  const collected = new Set(
    (
      await ctx
        .db('sepa_debits')
        .whereIn(
          'mandate_id',
          rows.map((r) => Number(r.mandate_id)),
        )
        .where({ status: 'collected' })
        .distinct('mandate_id')
    ).map((r) => Number(r.mandate_id)),
  );
  const count = Number((await ctx.db('sepa_batches').count<{ n: number | string }[]>({ n: '*' }).first())?.n ?? 0);
  const messageId = `PF-${input.collectionDate.replace(/-/g, '')}-${String(count + 1).padStart(4, '0')}`;
  const debits = rows.map((r) => ({
    invoiceId: Number(r.id),
    mandateId: Number(r.mandate_id),
    endToEndId: r.number as string,
    amountCents: Number(r.remaining),
    rum: r.rum as string,
    signedOn: r.signed_on as string,
    sequence: collected.has(Number(r.mandate_id)) ? ('RCUR' as const) : ('FRST' as const),
    debtorName: r.holder as string,
    debtorIban: open(r.iban as string, 'sepa_mandates.iban'),
    debtorBic: r.bic as string,
    remittance: `Facture ${r.number}`,
  }));
  const file = pain008File({
    messageId,
    createdAt: ctx.clock.now().toISOString(),
    collectionDate: input.collectionDate,
    creditor: {
      name: settings.sepa_creditor_name,
      iban: open(settings.sepa_creditor_iban, 'commune_settings.sepa_creditor_iban'),
      bic: settings.sepa_creditor_bic,
      ics: settings.sepa_ics,
    },
    debits,
  });
  const totalCents = debits.reduce((s, d) => s + d.amountCents, 0);
  const fileName = `prelevements-${input.collectionDate}-${String(count + 1).padStart(4, '0')}.xml`;
  const batch = {
    message_id: messageId,
    collection_date: input.collectionDate,
    debit_count: debits.length,
    total_cents: totalCents,
    status: 'prepared',
    file_name: fileName,
    // The file names every debtor's account: kept sealed like the accounts themselves.
    xml_base64: seal(file.toString('base64'), 'sepa_batches.xml_base64'),
    created_by: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
    created_at: ctx.clock.now().toISOString(),
  };
  try {
    const [inserted] = await ctx.db('sepa_batches').insert(batch).returning('id');
    const batchId = Number(typeof inserted === 'object' ? inserted.id : inserted);
    await ctx.db('sepa_debits').insert(
      debits.map((d) => ({
        batch_id: batchId,
        invoice_id: d.invoiceId,
        mandate_id: d.mandateId,
        amount_cents: d.amountCents,
        sequence: d.sequence,
        status: 'pending',
      })),
    );
    await audit(ctx, {
      action: 'sepa.prepare',
      entity: 'sepa_batch',
      entityId: batchId,
      details: { messageId, debits: debits.length, totalCents },
    });
    return {
      ...present({ id: batchId, ...batch }),
      base64: file.toString('base64'),
    };
  } catch (error) {
    if (isUniqueViolation(error))
      throw new OperationError('conflict', 'Un autre poste vient de préparer ce prélèvement : rechargez la liste des lots.');
    throw error;
  }
}

/** Once the bank has collected (on or after the collection date): each debit becomes a payment « Prélèvement ». */
export async function confirmSepaBatch(ctx: StaffCtx, batchId: number) {
  const batch = await ctx.db('sepa_batches').where({ id: batchId }).first();
  if (!batch) throw new OperationError('not_found', 'Ce lot de prélèvements n’existe pas.');
  if (today(ctx.clock) < batch.collection_date) {
    throw new OperationError(
      'validation',
      `Le lot se confirme à partir du ${formatShortFrenchDate(batch.collection_date)}, date du prélèvement.`,
    );
  }
  const moved = await ctx
    .db('sepa_batches')
    .where({ id: batchId, status: 'prepared' })
    .update({ status: 'confirmed', confirmed_at: ctx.clock.now().toISOString() });
  if (!moved) throw new OperationError('conflict', 'Ce lot est déjà confirmé.');
  const debits: DbRow[] = await ctx
    .db('sepa_debits as d')
    .join('invoices as i', 'i.id', 'd.invoice_id')
    .join('sepa_mandates as m', 'm.id', 'd.mandate_id')
    .where('d.batch_id', batchId)
    .where('d.status', 'pending')
    .select('d.id', 'd.amount_cents', 'd.invoice_id', 'i.family_id', 'i.regie_id', 'm.rum');
  for (const d of debits) {
    const { paymentId } = await insertPayment(ctx, {
      familyId: Number(d.family_id),
      type: 'prelevement',
      amountCents: Number(d.amount_cents),
      paidOn: batch.collection_date,
      reference: `Prélèvement ${batch.message_id} (mandat ${d.rum})`.slice(0, 60),
      status: 'confirmed',
      recordedBy: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
      invoiceIds: [Number(d.invoice_id)],
      regieId: Number(d.regie_id),
    });
    await ctx.db('sepa_debits').where({ id: d.id }).update({ status: 'collected', payment_id: paymentId });
  }
  await audit(ctx, { action: 'sepa.confirm', entity: 'sepa_batch', entityId: batchId, details: { debits: debits.length } });
  return { confirmed: debits.length };
}

/** A debit the bank returned: its payment is cancelled (the invoice is due again) and the family told why. */
export async function rejectSepaDebit(ctx: StaffCtx, input: z.output<typeof sepaRejectInput>) {
  const debit = await ctx
    .db('sepa_debits as d')
    .join('invoices as i', 'i.id', 'd.invoice_id')
    .join('sepa_mandates as m', 'm.id', 'd.mandate_id')
    .where('d.id', input.debitId)
    .first('d.*', 'i.number', 'i.family_id', 'm.iban');
  if (!debit) throw new OperationError('not_found', 'Ce prélèvement n’existe pas.');
  const moved = await ctx
    .db('sepa_debits')
    .where({ id: debit.id, status: 'collected' })
    .update({ status: 'rejected', reject_code: input.reasonCode });
  if (!moved)
    throw new OperationError(
      'conflict',
      debit.status === 'rejected' ? 'Ce prélèvement est déjà rejeté.' : 'Ce prélèvement n’a pas encore été confirmé.',
    );
  await cancelPayment(ctx, { paymentId: Number(debit.payment_id), reason: `Prélèvement rejeté par la banque (motif ${input.reasonCode})` });
  const adult = await ctx
    .db('family_adults')
    .where({ family_id: debit.family_id, role: 'responsable' })
    .first('email', 'email_allowed', 'first_name', 'last_name');
  // By e-mail to a family that accepts them; the others are written to by the régie.
  if (adult?.email && bool(adult.email_allowed)) {
    await queueStaffEmail(ctx, {
      to: adult.email,
      subject: `Prélèvement rejeté — facture ${debit.number}`,
      text: `Bonjour ${adult.first_name} ${adult.last_name},\n\nLe prélèvement de ${formatEuros(Number(debit.amount_cents))} pour la facture ${debit.number} sur le compte ${maskedMandateIban(debit.iban)} a été rejeté par votre banque (motif ${input.reasonCode}). La facture est de nouveau à régler : en ligne sur le Portail Famille ou auprès de la régie.`,
    });
  }
  await audit(ctx, {
    action: 'sepa.reject',
    entity: 'sepa_debit',
    entityId: debit.id,
    details: { invoice: debit.number, reasonCode: input.reasonCode },
  });
  return { rejected: true as const };
}

/**
 * Takes a debit out of a batch not yet confirmed (the commune asks its bank to cancel it): the
 * invoice is paid otherwise, cancelled, or presented again in a later batch. The batch's file
 * stays as it was sent; confirming it books only the debits left.
 */
export async function withdrawSepaDebit(ctx: StaffCtx, debitId: number) {
  const debit = await ctx
    .db('sepa_debits as d')
    .join('invoices as i', 'i.id', 'd.invoice_id')
    .where('d.id', debitId)
    .first('d.id', 'd.status', 'i.number');
  if (!debit) throw new OperationError('not_found', 'Ce prélèvement n’existe pas.');
  const moved = await ctx
    .db('sepa_debits')
    .where({ id: debitId, status: 'pending' })
    .whereIn('batch_id', ctx.db('sepa_batches').where({ status: 'prepared' }).select('id'))
    .update({ status: 'withdrawn' });
  if (!moved) throw new OperationError('conflict', 'Ce prélèvement n’est plus dans un lot en attente : il ne peut plus être retiré.');
  await audit(ctx, { action: 'sepa.withdraw', entity: 'sepa_debit', entityId: debitId, details: { invoice: debit.number } });
  return { withdrawn: true as const };
}

export async function listSepaBatches(ctx: StaffCtx): Promise<SepaBatchView[]> {
  const rows: DbRow[] = await ctx.db('sepa_batches').orderBy('id', 'desc').limit(50).select('*');
  return rows.map(present);
}

export async function sepaBatchFile(ctx: StaffCtx, id: number): Promise<{ fileName: string; base64: string }> {
  const row = await ctx.db('sepa_batches').where({ id }).first('file_name', 'xml_base64');
  if (!row) throw new OperationError('not_found', 'Ce lot de prélèvements n’existe pas.');
  return { fileName: row.file_name, base64: open(row.xml_base64, 'sepa_batches.xml_base64') };
}

/** A batch's debits, to mark the ones the bank returned. */
export async function sepaBatchDebits(ctx: StaffCtx, batchId: number): Promise<SepaDebitView[]> {
  const rows: DbRow[] = await ctx
    .db('sepa_debits as d')
    .join('invoices as i', 'i.id', 'd.invoice_id')
    .join('families as f', 'f.id', 'i.family_id')
    .leftJoin('family_adults as a', responsableOf('f.id'))
    .where('d.batch_id', batchId)
    .orderBy('d.id')
    .select(
      'd.id',
      'i.number',
      'f.family_number',
      'a.last_name',
      'a.first_name',
      'd.amount_cents',
      'd.sequence',
      'd.status',
      'd.reject_code',
    );
  return rows.map((r) => ({
    id: Number(r.id),
    invoiceNumber: r.number,
    family: `${[r.last_name, r.first_name].filter(Boolean).join(' ')} (${r.family_number})`,
    amountCents: Number(r.amount_cents),
    sequence: r.sequence,
    status: r.status,
    rejectCode: r.reject_code ?? null,
  }));
}
