import type { z } from 'zod';
import type { Knex } from 'knex';
import type { Adult, FamilyDetail, FamiliesPage, familiesListInput, familyInput, familyUpdateInput } from '../../contracts/families';
import { foldForSearch } from '../../domain/search-text';
import { audit, diff } from '../audit/audit-log';
import { nowIso } from '../clock';
import type { Ctx } from '../context';
import { conflict, notFound } from '../errors';
import { presentAdult, presentChild, presentFamilyListRow } from './presenter';

const SORT_COLUMNS: Record<z.output<typeof familiesListInput>['sortField'], string[]> = {
  familyNumber: ['f.family_number'],
  responsableName: ['r.last_name', 'r.first_name'],
  city: ['r.city'],
  childrenCount: ['children_count'],
  updatedAt: ['f.updated_at'],
};

/** One page of the families grid: search, sort and paging all done by the database. */
export async function listFamilies(db: Knex | Knex.Transaction, input: z.output<typeof familiesListInput>): Promise<FamiliesPage> {
  const base = db('families as f')
    .join('family_adults as r', function joinResponsable() {
      this.on('r.family_id', '=', 'f.id').andOnVal('r.role', '=', 'responsable');
    })
    .whereNull('f.archived_at');
  const terms = foldForSearch(input.search).split(' ').filter(Boolean);
  for (const term of terms) {
    // Escape LIKE's wildcards so that a search for « 50% » means what it says.
    // SQLite has no default LIKE escape character: name it, for both databases.
    base.andWhereRaw("f.search_text like ? escape '\\'", [`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`]);
  }
  const countRow = await base.clone().count<{ n: number | string }[]>({ n: 'f.id' }).first();
  const childrenCount = db('children as ch').count('*').whereRaw('ch.family_id = f.id').whereNull('ch.archived_at').as('children_count');
  const query = base
    .clone()
    .leftJoin('family_adults as c', function joinConjoint() {
      this.on('c.family_id', '=', 'f.id').andOnVal('c.role', '=', 'conjoint');
    })
    .select(
      'f.id',
      'f.family_number',
      'f.updated_at',
      'r.last_name as r_last_name',
      'r.first_name as r_first_name',
      'r.city as r_city',
      'r.phone_mobile as r_phone_mobile',
      'r.phone_home as r_phone_home',
      'r.email as r_email',
      'c.last_name as c_last_name',
      'c.first_name as c_first_name',
      childrenCount,
    );
  for (const column of SORT_COLUMNS[input.sortField]) query.orderBy(column, input.sortDirection);
  query.orderBy('f.id', 'asc'); // a stable order, so that pages never overlap
  const rows = await query.limit(input.pageSize).offset(input.page * input.pageSize);
  return { rows: rows.map(presentFamilyListRow), total: Number(countRow?.n ?? 0) };
}

export async function getFamily(db: Knex | Knex.Transaction, id: number): Promise<FamilyDetail> {
  const family = await db('families').where({ id }).whereNull('archived_at').first();
  if (!family) throw notFound('Famille');
  const adults = await db('family_adults').where({ family_id: id });
  const children = await db('children').where({ family_id: id }).whereNull('archived_at').orderBy(['birth_date', 'first_name']);
  const responsable = adults.find((a) => a.role === 'responsable');
  if (!responsable) throw notFound('Responsable de la famille');
  const conjoint = adults.find((a) => a.role === 'conjoint');
  return {
    id: family.id,
    familyNumber: family.family_number,
    situation: family.situation,
    attachedBody: family.attached_body,
    responsable: presentAdult(responsable),
    conjoint: conjoint ? presentAdult(conjoint) : null,
    children: children.map(presentChild),
    version: Number(family.version),
    updatedAt: family.updated_at,
  };
}

function adultColumns(adult: Adult) {
  return {
    civility: adult.civility,
    last_name: adult.lastName.toUpperCase(),
    first_name: adult.firstName.toUpperCase(),
    quality: adult.quality,
    birth_date: adult.birthDate,
    address: adult.address,
    postal_code: adult.postalCode,
    city: adult.city,
    phone_home: adult.phoneHome,
    phone_work: adult.phoneWork,
    phone_mobile: adult.phoneMobile,
    email: adult.email,
    profession: adult.profession,
    csp: adult.csp,
    employer: adult.employer,
    employer_address: adult.employerAddress,
    email_allowed: adult.emailAllowed,
    sms_allowed: adult.smsAllowed,
  };
}

/** Recomputes the household's search text from its adults and children. */
export async function refreshFamilySearchText(db: Knex.Transaction, familyId: number): Promise<void> {
  const family = await db('families').where({ id: familyId }).first('family_number');
  const adults = await db('family_adults').where({ family_id: familyId }).select('last_name', 'first_name', 'city', 'email');
  const children = await db('children').where({ family_id: familyId }).whereNull('archived_at').select('last_name', 'first_name');
  const parts = [
    family?.family_number ?? '',
    ...adults.flatMap((a) => [a.last_name, a.first_name, a.city, a.email]),
    ...children.flatMap((c) => [c.last_name, c.first_name]),
  ];
  await db('families')
    .where({ id: familyId })
    .update({ search_text: foldForSearch(parts.join(' ')) });
}

/** The next « N° Famille »: 13 digits, as the manual's 1001001010331. */
async function nextFamilyNumber(db: Knex.Transaction): Promise<string> {
  const row = await db('families').max<{ max: string | null }[]>({ max: 'family_number' }).first();
  const last = row?.max && /^\d{13}$/.test(row.max) ? BigInt(row.max) : 1001001010000n;
  return String(last + 1n);
}

export async function createFamily(ctx: Ctx, input: z.output<typeof familyInput>): Promise<FamilyDetail> {
  const at = nowIso(ctx.clock);
  const familyNumber = await nextFamilyNumber(ctx.db);
  const [created] = await ctx
    .db('families')
    .insert({
      family_number: familyNumber,
      situation: input.situation,
      attached_body: input.attachedBody || '0',
      created_at: at,
      updated_at: at,
    })
    .returning('id');
  const id = typeof created === 'object' ? created.id : created;
  await ctx
    .db('family_adults')
    .insert({ family_id: id, role: 'responsable', ...adultColumns(input.responsable), created_at: at, updated_at: at });
  if (input.conjoint) {
    await ctx
      .db('family_adults')
      .insert({ family_id: id, role: 'conjoint', ...adultColumns(input.conjoint), created_at: at, updated_at: at });
  }
  await refreshFamilySearchText(ctx.db, id);
  await audit(ctx, { action: 'family.create', entity: 'family', entityId: id, details: { familyNumber } });
  return getFamily(ctx.db, id);
}

export async function updateFamily(ctx: Ctx, input: z.output<typeof familyUpdateInput>): Promise<FamilyDetail> {
  const before = await getFamily(ctx.db, input.id);
  if (before.version !== input.expectedVersion) {
    throw conflict("Cette famille a été modifiée par quelqu'un d'autre depuis que vous l'avez ouverte : rechargez-la avant d'enregistrer.");
  }
  const at = nowIso(ctx.clock);
  // Optimistic lock in the UPDATE itself: two agents saving at once cannot both pass.
  const updated = await ctx
    .db('families')
    .where({ id: input.id, version: input.expectedVersion })
    .update({ situation: input.situation, attached_body: input.attachedBody || '0', updated_at: at, version: input.expectedVersion + 1 });
  if (updated !== 1) throw conflict("Cette famille a été modifiée par quelqu'un d'autre : rechargez-la.");
  await ctx
    .db('family_adults')
    .where({ family_id: input.id, role: 'responsable' })
    .update({ ...adultColumns(input.responsable), updated_at: at });
  if (input.conjoint) {
    const columns = { ...adultColumns(input.conjoint), updated_at: at };
    const existing = await ctx.db('family_adults').where({ family_id: input.id, role: 'conjoint' }).first('id');
    if (existing) await ctx.db('family_adults').where({ id: existing.id }).update(columns);
    else await ctx.db('family_adults').insert({ family_id: input.id, role: 'conjoint', ...columns, created_at: at });
  } else {
    await ctx.db('family_adults').where({ family_id: input.id, role: 'conjoint' }).delete();
  }
  await refreshFamilySearchText(ctx.db, input.id);
  const after = await getFamily(ctx.db, input.id);
  const strip = (f: FamilyDetail) => ({
    situation: f.situation,
    attachedBody: f.attachedBody,
    responsable: { ...f.responsable, id: undefined },
    conjoint: f.conjoint ? { ...f.conjoint, id: undefined } : null,
  });
  await audit(ctx, {
    action: 'family.update',
    entity: 'family',
    entityId: input.id,
    details: { changes: diff(strip(before), strip(after)) },
  });
  return after;
}
