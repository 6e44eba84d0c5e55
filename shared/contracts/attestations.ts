import type { PdfPart } from './billing';
import { z } from './zod-fr';

/** Attestations fiscales printed by an agent for a year, in parts of this many families. */
export const ATTESTATIONS_PER_PRINT = 200;

export const childcareAttestationsInput = z
  .object({
    year: z.number().int().min(2000).max(2099),
    part: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

/** `total` counts the families with something to attest that year. */
export interface ChildcareAttestationsPdf extends PdfPart {
  /** What the attestations of this part add up to (care, then meals shown apart). */
  careCents: number;
  mealCents: number;
}
