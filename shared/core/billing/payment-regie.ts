import type { Knex } from 'knex';
import type { OpenInvoicesByRegie } from '../../contracts/billing';
import { OperationError } from '../errors';
import { openInvoices } from './payments';
import { refuseWhileInBatch } from './sepa/debit-guard';

/** A family's invoices still to pay, by régie, oldest due date first (régies too): what a payment at the counter may settle. */
export async function openInvoicesByRegie(db: Knex, familyId: number): Promise<OpenInvoicesByRegie> {
  const open = await openInvoices(db, familyId);
  if (!open.length) return [];
  const regieOf = new Map(
    (
      await db('invoices as i')
        .join('regies as r', 'r.id', 'i.regie_id')
        .whereIn(
          'i.id',
          open.map((i) => i.id),
        )
        .select('i.id', 'r.id as regie_id', 'r.name')
    ).map((row) => [Number(row.id), { id: Number(row.regie_id), name: row.name as string }]),
  );
  const groups = new Map<number, OpenInvoicesByRegie[number]>();
  for (const invoice of open) {
    const regie = regieOf.get(invoice.id)!;
    const group = groups.get(regie.id) ?? { regieId: regie.id, regie: regie.name, invoices: [] };
    group.invoices.push(invoice);
    groups.set(regie.id, group);
  }
  // In the order of each régie's oldest invoice: the first is the default, which settles the oldest invoice.
  return [...groups.values()];
}

/**
 * The invoices a payment recorded by an agent settles, never across régies (each régie's money
 * goes to its own account): those chosen, all of one régie; otherwise the chosen régie's open
 * invoices, oldest first; with no régie chosen, the family's only régie with something due.
 */
export async function invoicesToSettle(
  db: Knex,
  input: { familyId: number; regieId?: number; invoiceIds?: number[] },
): Promise<{ regieId: number | null; invoiceIds: number[] }> {
  const chosen = await chosenInvoices(db, input);
  await refuseWhileInBatch(db, chosen.invoiceIds, 'd’enregistrer un autre règlement');
  return chosen;
}

async function chosenInvoices(
  db: Knex,
  input: { familyId: number; regieId?: number; invoiceIds?: number[] },
): Promise<{ regieId: number | null; invoiceIds: number[] }> {
  const groups = await openInvoicesByRegie(db, input.familyId);
  if (input.invoiceIds) {
    const rows = await db('invoices').whereIn('id', input.invoiceIds).where({ family_id: input.familyId }).select('id', 'regie_id');
    if (rows.length !== new Set(input.invoiceIds).size) {
      throw new OperationError('validation', 'Ces factures ne sont pas toutes celles de cette famille.');
    }
    const regies = new Set(rows.map((r) => Number(r.regie_id)));
    if (regies.size > 1 || (input.regieId && !regies.has(input.regieId) && rows.length)) {
      throw new OperationError(
        'validation',
        'Un règlement ne porte que sur les factures d’une seule régie : choisissez-les dans une même régie.',
        {
          invoiceIds: 'Factures de plusieurs régies.',
        },
      );
    }
    return { regieId: rows.length ? Number(rows[0]!.regie_id) : (input.regieId ?? null), invoiceIds: input.invoiceIds };
  }
  if (input.regieId) {
    if (!(await db('regies').where({ id: input.regieId }).first('id'))) {
      throw new OperationError('validation', 'Cette régie n’existe pas.', { regieId: 'Régie inconnue.' });
    }
    const group = groups.find((g) => g.regieId === input.regieId);
    return { regieId: input.regieId, invoiceIds: group ? group.invoices.map((i) => i.id) : [] };
  }
  if (groups.length > 1) {
    throw new OperationError(
      'validation',
      `Cette famille doit des factures à plusieurs régies (${groups.map((g) => g.regie).join(', ')}) : choisissez celle que ce règlement paie.`,
      { regieId: 'Choisissez la régie.' },
    );
  }
  return { regieId: groups[0]?.regieId ?? null, invoiceIds: groups[0]?.invoices.map((i) => i.id) ?? [] };
}
