import type { z } from '../../contracts/zod-fr';
import { ATTESTATIONS_PER_PRINT, childcareAttestationsInput, type ChildcareAttestationsPdf } from '../../contracts/attestations';
import { today } from '../clock';
import { OperationError } from '../errors';
import { staffOperation, type StaffCtx } from '../operation';
import { pdfFileName } from '../pdf/pdf-maker';
import { renderPdf } from '../pdf/pdf-workers';
import { attestationIssuer } from './attestation-issuer';
import { attestedPayments, checkAttestationYear, childcareAttestations, childcareAttestationsSpec } from './childcare-attestation';

/**
 * The families that may have something to attest for `year`: a payment the attestation counts,
 * on an invoice with a line for a child born in the last six years. Ordered by family number, as
 * the agent files them.
 */
function candidateFamilies(ctx: StaffCtx, year: number) {
  return attestedPayments(ctx.db, year)
    .join('invoice_lines as l', 'l.invoice_id', 'pa.invoice_id')
    .join('children as c', 'c.id', 'l.child_id')
    .join('families as f', 'f.id', 'p.family_id')
    .whereBetween('c.birth_date', [`${year - 6}-01-01`, `${year}-12-31`]);
}

/** An agent prints the attestations fiscales of a year for every family concerned, a part at a time. */
export async function childcareAttestationsPdf(
  ctx: StaffCtx,
  input: z.infer<typeof childcareAttestationsInput>,
): Promise<ChildcareAttestationsPdf> {
  checkAttestationYear(ctx.clock, input.year);
  const issuer = await attestationIssuer(ctx.db);
  const total = Number(
    (await candidateFamilies(ctx, input.year).countDistinct<{ n: number | string }[]>({ n: 'p.family_id' }).first())?.n ?? 0,
  );
  if (!total)
    throw new OperationError('validation', `Aucune famille n’a réglé de frais de garde d’enfant de moins de 6 ans en ${input.year}.`);
  const parts = Math.ceil(total / ATTESTATIONS_PER_PRINT);
  const part = input.part ?? 1;
  if (part > parts)
    throw new OperationError('validation', `Cette année compte ${parts} partie(s) à imprimer : la partie ${part} n’existe pas.`);
  const ids = (
    await candidateFamilies(ctx, input.year)
      .distinct('p.family_id', 'f.family_number')
      .orderBy('f.family_number')
      .offset((part - 1) * ATTESTATIONS_PER_PRINT)
      .limit(ATTESTATIONS_PER_PRINT)
  ).map((r) => Number(r.family_id));
  const attestations = await childcareAttestations(ctx.db, ids, input.year);
  if (!attestations.length) throw new OperationError('validation', 'Aucune attestation dans cette partie.');
  const pdf = await renderPdf(childcareAttestationsSpec(attestations, issuer, today(ctx.clock)));
  const name =
    parts > 1
      ? ['attestations-fiscales', String(input.year), 'partie', String(part), 'sur', String(parts)]
      : ['attestations-fiscales', String(input.year)];
  return {
    fileName: pdfFileName(...name),
    base64: pdf.toString('base64'),
    count: attestations.length,
    part,
    parts,
    total,
    careCents: attestations.reduce((sum, a) => sum + a.careCents, 0),
    mealCents: attestations.reduce((sum, a) => sum + a.mealCents, 0),
  };
}

/** This folder's operations, merged into the staff handler table. */
export const attestationOperations = {
  'attestations.childcare': staffOperation({ input: childcareAttestationsInput, access: 'agent', run: childcareAttestationsPdf }),
};
