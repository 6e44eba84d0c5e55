import { z } from '../../contracts/zod-fr';
import { entityId } from '../../contracts/common';
import { today } from '../clock';
import { OperationError } from '../errors';
import type { StaffCtx } from '../operation';
import { pdfFileName } from '../pdf/pdf-maker';
import { childrenOfService, comingSchoolYear, enrolmentFormsPdf } from './enrolment-form-pdf';

export const enrolmentFormsInput = z.union([
  z.object({ familyId: entityId }).strict(),
  z.object({ serviceId: entityId }).strict(),
  z.object({ blank: z.literal(true) }).strict(),
]);

/** Printing dossiers d'inscription: blank, pre-filled for one family, or for every family of a service. */
export async function staffEnrolmentForms(ctx: StaffCtx, input: z.infer<typeof enrolmentFormsInput>) {
  const now = today(ctx.clock);
  let childIds: number[] = [];
  let name: string;
  if ('familyId' in input) {
    const family = await ctx.db('families').where({ id: input.familyId }).first('family_number');
    if (!family) throw new OperationError('not_found', 'Famille introuvable.');
    childIds = (await ctx.db('children').where({ family_id: input.familyId }).whereNull('archived_at').select('id')).map((c) =>
      Number(c.id),
    );
    if (!childIds.length) throw new OperationError('validation', 'Cette famille n’a pas d’enfant.');
    name = `famille-${family.family_number}`;
  } else if ('serviceId' in input) {
    const service = await ctx.db('services').where({ id: input.serviceId }).first('code');
    if (!service) throw new OperationError('not_found', 'Prestation introuvable.');
    childIds = await childrenOfService(ctx.db, input.serviceId, now);
    if (!childIds.length) throw new OperationError('validation', 'Aucun enfant n’est inscrit à cette prestation aujourd’hui.');
    name = service.code;
  } else {
    name = 'vierge';
  }
  const pdf = await enrolmentFormsPdf(ctx.db, { childIds, todayIso: now });
  return {
    fileName: pdfFileName('dossier-inscription', comingSchoolYear(now), name),
    base64: pdf.toString('base64'),
    count: Math.max(1, childIds.length),
  };
}
