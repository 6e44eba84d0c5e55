import { electronicFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';
import { open, seal } from '../../../security/sealed-secrets';
import type { Knex } from 'knex';
import type { z } from '../../../contracts/zod-fr';
import type { MandateView, mandateRecordInput, SepaSettingsView, sepaSettingsInput } from '../../../contracts/billing';
import { addDays } from '../../../domain/french-dates';
import type { DbRow } from '../../../db/db-row';
import { isUniqueViolation } from '../../../db/unique-violation';
import { audit } from '../../audit/audit-log';
import { today } from '../../clock';
import { OperationError } from '../../errors';
import type { StaffCtx } from '../../operation';
import { refuseWhileInBatch } from './debit-guard';

/** A mandate unused for 36 months lapses (SEPA Core rulebook). */
const LAPSE_DAYS = 36 * 30 + 15;

/** « FR76 …1234 »: the account as the family and the invoice show it. */
/** « FR76 …0189 ». */
export function maskedIban(iban: string): string {
  return `${iban.slice(0, 4)} …${iban.slice(-4)}`;
}

/** A mandate's account as the pages and e-mails show it, from the sealed value the table keeps. */
export function maskedMandateIban(stored: string): string {
  return maskedIban(open(stored, 'sepa_mandates.iban'));
}

/** The IBAN in its electronic form when valid, or a French validation error naming the field. */
export function checkedAccount(iban: string, bic: string): { iban: string; bic: string } {
  const electronic = electronicFormatIBAN(iban) ?? '';
  if (!isValidIBAN(electronic))
    throw new OperationError('validation', 'IBAN invalide : vérifiez les caractères et la clé de contrôle.', { iban: 'IBAN invalide.' });
  const code = bic.replace(/\s/g, '').toUpperCase();
  if (!isValidBIC(code))
    throw new OperationError('validation', 'BIC invalide (8 ou 11 caractères, par exemple BNPAFRPPXXX).', { bic: 'BIC invalide.' });
  return { iban: electronic, bic: code };
}

/** The day of the last debit collected on each mandate (rejected ones do not count). */
async function lastCollected(db: Knex, mandateIds: number[]): Promise<Map<number, string>> {
  if (!mandateIds.length) return new Map();
  const rows: DbRow[] = await db('sepa_debits as d')
    .join('sepa_batches as b', 'b.id', 'd.batch_id')
    .whereIn('d.mandate_id', mandateIds)
    .where('d.status', 'collected')
    .groupBy('d.mandate_id')
    .select('d.mandate_id', db.raw('max(b.collection_date) as last_on'));
  return new Map(rows.map((r) => [Number(r.mandate_id), r.last_on as string]));
}

/** Mandates whose last use (or signature) is more than 36 months old lapse now. */
export async function lapseMandates(db: Knex, todayIso: string): Promise<void> {
  const active: DbRow[] = await db('sepa_mandates').where({ status: 'active' }).select('id', 'signed_on');
  const last = await lastCollected(
    db,
    active.map((m) => Number(m.id)),
  );
  const limit = addDays(todayIso, -LAPSE_DAYS);
  const lapsed = active.filter((m) => (last.get(Number(m.id)) ?? m.signed_on) < limit).map((m) => Number(m.id));
  if (lapsed.length) await db('sepa_mandates').whereIn('id', lapsed).update({ status: 'lapsed' });
}

export async function familyMandates(ctx: StaffCtx, familyId: number): Promise<MandateView[]> {
  await lapseMandates(ctx.db, today(ctx.clock));
  const rows: DbRow[] = await ctx.db('sepa_mandates').where({ family_id: familyId }).orderBy('id', 'desc').select('*');
  const last = await lastCollected(
    ctx.db,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    rum: r.rum,
    signedOn: r.signed_on,
    holder: r.holder,
    ibanMasked: maskedMandateIban(r.iban),
    status: r.status,
    nextSequence: last.has(Number(r.id)) ? 'RCUR' : 'FRST',
    lastCollectedOn: last.get(Number(r.id)) ?? null,
  }));
}

/**
 * Records the mandate a family signed: a unique RUM (« PF-<family>-<n> »), the account checked
 * with ibantools; it replaces the family's active one (one active mandate per family, by index).
 */
export async function recordMandate(ctx: StaffCtx, input: z.output<typeof mandateRecordInput>): Promise<MandateView> {
  if (input.signedOn > today(ctx.clock))
    throw new OperationError('validation', 'Un mandat ne peut pas être signé dans le futur.', { signedOn: 'Date dans le futur.' });
  const family = await ctx.db('families').where({ id: input.familyId }).first('id', 'family_number');
  if (!family) throw new OperationError('not_found', 'Famille introuvable.');
  const account = checkedAccount(input.iban, input.bic);
  const count = Number(
    (await ctx.db('sepa_mandates').where({ family_id: family.id }).count<{ n: number | string }[]>({ n: '*' }).first())?.n ?? 0,
  );
  const rum = `PF-${family.family_number}-${count + 1}`;
  await ctx.db('sepa_mandates').where({ family_id: family.id, status: 'active' }).update({ status: 'revoked' });
  try {
    await ctx.db('sepa_mandates').insert({
      family_id: family.id,
      rum,
      signed_on: input.signedOn,
      holder: input.holder,
      iban: seal(account.iban, 'sepa_mandates.iban'),
      bic: account.bic,
      status: 'active',
      recorded_by: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
      created_at: ctx.clock.now().toISOString(),
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new OperationError('conflict', 'Un autre poste vient d’enregistrer un mandat pour cette famille : rechargez la fiche.');
    throw error;
  }
  const onRecord = { direct_debit: true, direct_debit_wanted: true, sepa_mandate_rum: rum, mandate_signed_on: input.signedOn };
  const kept = await ctx.db('family_bank').where({ family_id: family.id }).update(onRecord);
  // A family with no bank details yet gets the mandate's: the record and the mandate agree.
  if (!kept) {
    await ctx.db('family_bank').insert({
      family_id: family.id,
      account_holder: input.holder,
      bank_name: '',
      iban: seal(account.iban, 'family_bank.iban'),
      bic: account.bic,
      updated_at: ctx.clock.now().toISOString(),
      ...onRecord,
    });
  }
  await audit(ctx, {
    action: 'sepa.mandate',
    entity: 'family',
    entityId: family.id,
    details: { rum, signedOn: input.signedOn, iban: maskedIban(account.iban) },
  });
  return (await familyMandates(ctx, family.id))[0]!;
}

export async function revokeMandate(ctx: StaffCtx, mandateId: number) {
  const mandate = await ctx.db('sepa_mandates').where({ id: mandateId }).first('id', 'family_id', 'rum');
  if (!mandate) throw new OperationError('not_found', 'Ce mandat n’existe pas.');
  const inBatch = await ctx.db('sepa_debits').where({ mandate_id: mandateId, status: 'pending' }).pluck('invoice_id');
  await refuseWhileInBatch(ctx.db, inBatch.map(Number), 'de révoquer le mandat');
  const updated = await ctx.db('sepa_mandates').where({ id: mandateId, status: 'active' }).update({ status: 'revoked' });
  if (!updated) throw new OperationError('conflict', 'Ce mandat n’est plus actif.');
  await ctx.db('family_bank').where({ family_id: mandate.family_id }).update({ direct_debit: false, direct_debit_wanted: false });
  await audit(ctx, { action: 'sepa.revoke', entity: 'family', entityId: mandate.family_id, details: { rum: mandate.rum } });
  return { revoked: true as const };
}

export async function updateSepaSettings(ctx: StaffCtx, input: z.output<typeof sepaSettingsInput>) {
  const account = checkedAccount(input.iban, input.bic);
  await ctx
    .db('commune_settings')
    .where({ id: 1 })
    .update({
      sepa_ics: input.ics,
      sepa_creditor_name: input.creditorName,
      sepa_creditor_iban: seal(account.iban, 'commune_settings.sepa_creditor_iban'),
      sepa_creditor_bic: account.bic,
    });
  await audit(ctx, { action: 'settings.sepa', entity: 'commune_settings', entityId: 1, details: { ics: input.ics } });
  return { saved: true as const };
}

export async function sepaSettings(ctx: StaffCtx): Promise<SepaSettingsView> {
  const s = await ctx
    .db('commune_settings')
    .where({ id: 1 })
    .first('sepa_ics', 'sepa_creditor_name', 'sepa_creditor_iban', 'sepa_creditor_bic');
  return {
    ics: s?.sepa_ics ?? '',
    creditorName: s?.sepa_creditor_name ?? '',
    iban: open(s?.sepa_creditor_iban, 'commune_settings.sepa_creditor_iban'),
    bic: s?.sepa_creditor_bic ?? '',
  };
}
