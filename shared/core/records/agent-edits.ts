import type { z } from 'zod';
import { sectionSchema, SECTIONS, type SectionValues } from '../../contracts/record-sections';
import type {
  personsUpdateInput,
  sectionRefInput,
  sectionUpdateInput,
  SectionView,
  vaccinationsUpdateInput,
} from '../../contracts/record-edits';
import type { AuthorizedPersonInput, VaccinationInput } from '../../contracts/requests';
import { audit, diff } from '../audit/audit-log';
import { nowIso, today } from '../clock';
import { checkVaccinationDates } from './vaccination-dates';
import type { Ctx } from '../context';
import { conflict, notFound } from '../errors';
import { validationError } from '../validation';
import { currentPersons, currentVaccinations, replacePersons, replaceVaccinations } from '../requests/apply';
import { emptySection, readSection, writeSection } from './sections';

const CHANGED_MEANWHILE =
  "Ces informations ont été modifiées par quelqu'un d'autre depuis que vous les avez ouvertes : rechargez la fiche.";
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

async function assertOwner(ctx: Ctx, owner: 'family' | 'child', id: number): Promise<void> {
  if (
    !(await ctx
      .db(owner === 'family' ? 'families' : 'children')
      .where({ id })
      .whereNull('archived_at')
      .first('id'))
  ) {
    throw notFound(owner === 'family' ? 'Famille' : 'Enfant');
  }
}

async function currentSection(ctx: Ctx, section: z.output<typeof sectionRefInput>['section'], ownerId: number): Promise<SectionValues> {
  return (await readSection(ctx.db, section, ownerId)) ?? emptySection(section);
}

export async function getSection(ctx: Ctx, input: z.output<typeof sectionRefInput>): Promise<SectionView> {
  await assertOwner(ctx, SECTIONS[input.section].owner, input.ownerId);
  return { values: await currentSection(ctx, input.section, input.ownerId) };
}

/** An agent edits a section of a record directly: validated like a family's request, logged field by field. */
export async function updateSection(ctx: Ctx, input: z.output<typeof sectionUpdateInput>): Promise<SectionView> {
  const owner = SECTIONS[input.section].owner;
  await assertOwner(ctx, owner, input.ownerId);
  const before = await currentSection(ctx, input.section, input.ownerId);
  if (!same(before, Object.fromEntries(Object.keys(before).map((k) => [k, input.expected[k] ?? null])))) throw conflict(CHANGED_MEANWHILE);
  const parsed = sectionSchema(input.section).safeParse(input.values);
  if (!parsed.success) throw validationError(parsed.error);
  await writeSection(ctx.db, input.section, input.ownerId, parsed.data as SectionValues, nowIso(ctx.clock));
  const after = await currentSection(ctx, input.section, input.ownerId);
  await audit(ctx, {
    action: `record.update.${input.section}`,
    entity: owner,
    entityId: input.ownerId,
    details: { changes: diff(before, after) },
  });
  return { values: after };
}

export async function getPersons(ctx: Ctx, childId: number): Promise<{ persons: AuthorizedPersonInput[] }> {
  await assertOwner(ctx, 'child', childId);
  return { persons: await currentPersons(ctx.db, childId) };
}

/** Replaces one of a child's lists, refusing when it changed since the agent loaded it. */
async function replaceChildList<T>(
  ctx: Ctx,
  childId: number,
  expected: unknown,
  list: { name: string; read: () => Promise<T[]>; write: () => Promise<void> },
): Promise<T[]> {
  await assertOwner(ctx, 'child', childId);
  const before = await list.read();
  if (!same(before, expected)) throw conflict(CHANGED_MEANWHILE);
  await list.write();
  const after = await list.read();
  await audit(ctx, { action: `record.update.${list.name}`, entity: 'child', entityId: childId, details: { before, after } });
  return after;
}

export async function updatePersons(ctx: Ctx, input: z.output<typeof personsUpdateInput>): Promise<{ persons: AuthorizedPersonInput[] }> {
  const persons = await replaceChildList(ctx, input.childId, input.expected, {
    name: 'authorized_persons',
    read: () => currentPersons(ctx.db, input.childId),
    write: () => replacePersons(ctx.db, input.childId, input.persons),
  });
  return { persons };
}

export async function getVaccinations(ctx: Ctx, childId: number): Promise<{ vaccinations: VaccinationInput[] }> {
  await assertOwner(ctx, 'child', childId);
  return { vaccinations: await currentVaccinations(ctx.db, childId) };
}

export async function updateVaccinations(
  ctx: Ctx,
  input: z.output<typeof vaccinationsUpdateInput>,
): Promise<{ vaccinations: VaccinationInput[] }> {
  checkVaccinationDates(input.vaccinations, today(ctx.clock));
  const vaccinations = await replaceChildList(ctx, input.childId, input.expected, {
    name: 'vaccinations',
    read: () => currentVaccinations(ctx.db, input.childId),
    write: () => replaceVaccinations(ctx.db, input.childId, input.vaccinations),
  });
  return { vaccinations };
}
