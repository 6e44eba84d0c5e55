import type { z } from 'zod';
import type { ChildSummary, childCreateInput, childUpdateInput, ChildInput } from '../../contracts/families';
import { audit, diff } from '../audit/audit-log';
import { nowIso, today } from '../clock';
import type { Ctx } from '../context';
import { conflict, notFound, OperationError } from '../errors';
import { refreshFamilySearchText } from '../families/service';
import { presentChild } from '../families/presenter';

type ParsedChild = z.output<typeof childCreateInput> | z.output<typeof childUpdateInput>;

function childColumns(input: Omit<ParsedChild, 'id' | 'familyId' | 'expectedVersion'> & Partial<ChildInput>) {
  return {
    last_name: input.lastName.toUpperCase(),
    first_name: input.firstName.toUpperCase(),
    sex: input.sex,
    birth_date: input.birthDate,
    school: input.school,
    grade: input.grade,
  };
}

function assertBornInThePast(ctx: Ctx, birthDate: string): void {
  if (birthDate > today(ctx.clock)) {
    throw new OperationError('validation', 'La date de naissance ne peut pas être dans le futur.', { birthDate: 'Date dans le futur.' });
  }
}

export async function createChild(ctx: Ctx, input: z.output<typeof childCreateInput>): Promise<ChildSummary> {
  assertBornInThePast(ctx, input.birthDate);
  const family = await ctx.db('families').where({ id: input.familyId }).whereNull('archived_at').first('id');
  if (!family) throw notFound('Famille');
  const at = nowIso(ctx.clock);
  const [created] = await ctx
    .db('children')
    .insert({ family_id: input.familyId, ...childColumns(input), created_at: at, updated_at: at })
    .returning('id');
  const id = typeof created === 'object' ? created.id : created;
  await refreshFamilySearchText(ctx.db, input.familyId);
  await audit(ctx, { action: 'child.create', entity: 'child', entityId: id, details: { familyId: input.familyId } });
  return presentChild(await ctx.db('children').where({ id }).first());
}

export async function updateChild(ctx: Ctx, input: z.output<typeof childUpdateInput>): Promise<ChildSummary> {
  assertBornInThePast(ctx, input.birthDate);
  const before = await ctx.db('children').where({ id: input.id }).whereNull('archived_at').first();
  if (!before) throw notFound('Enfant');
  const at = nowIso(ctx.clock);
  const columns = childColumns(input);
  const updated = await ctx
    .db('children')
    .where({ id: input.id, version: input.expectedVersion })
    .update({ ...columns, updated_at: at, version: input.expectedVersion + 1 });
  if (updated !== 1) throw conflict("Cet enfant a été modifié par quelqu'un d'autre : rechargez la fiche.");
  await refreshFamilySearchText(ctx.db, before.family_id);
  await audit(ctx, { action: 'child.update', entity: 'child', entityId: input.id, details: { changes: diff(before, columns) } });
  return presentChild(await ctx.db('children').where({ id: input.id }).first());
}
