import { z } from './zod-fr';
import { entityId } from './common';
import { SECTIONS, type SectionKey, type SectionValues } from './record-sections';
import { authorizedPersonInput, vaccinationInput } from './requests';

export const sectionRefInput = z.object({
  section: z.enum(Object.keys(SECTIONS) as [SectionKey, ...SectionKey[]]),
  /** The family (family sections) or the child (child sections). */
  ownerId: entityId,
});

export const sectionUpdateInput = sectionRefInput.extend({
  values: z.record(z.string(), z.unknown()),
  /** The section as the agent loaded it: if it changed since, the save is refused, not applied over it. */
  expected: z.record(z.string(), z.unknown()),
});

export const personsUpdateInput = z.object({
  childId: entityId,
  persons: z.array(authorizedPersonInput).max(8, { error: '8 personnes au maximum.' }),
  expected: z.array(z.record(z.string(), z.unknown())),
});

export interface SectionView {
  values: SectionValues;
}

export const vaccinationsUpdateInput = z.object({
  childId: entityId,
  vaccinations: z.array(vaccinationInput).max(20, { error: '20 vaccins au maximum.' }),
  expected: z.array(z.record(z.string(), z.unknown())),
});
