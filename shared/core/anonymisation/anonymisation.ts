import type { Knex } from 'knex';
import type { z } from 'zod';
import {
  type AnonymisationView,
  ANONYMISE_YEARS,
  anonymisationConfirmInput,
  anonymisationYearsInput,
  type GoneFamilyView,
} from '../../contracts/anonymisation';
import { z as zod } from '../../contracts/zod-fr';
import { audit, type AuditCtx } from '../audit/audit-log';
import { type Clock, nowIso, today } from '../clock';
import { conflict } from '../errors';
import { staffOperation, type StaffCtx } from '../operation';
import { anonymiseFamily } from './anonymise-family';
import { type GoneBounds, goneFamilies, goneFamiliesAfter, goneFamiliesQuery, TITRE_RECOVERY_YEARS, yearsBefore } from './gone-families';

/** How many families the preview lists, and one run anonymises at most (the next run takes the rest). */
const SHOWN = 200;
const PER_RUN = 500;
/** Families read at a time by the job, outside any transaction; each is then anonymised in its own. */
const BATCH = 25;
export const ANONYMISATION_JOB = 'anonymisation';
const JOB_ACTOR = { kind: 'system' as const, label: 'anonymisation' };

type Db = Knex | Knex.Transaction;

async function setting(db: Db): Promise<{ years: number; enabledAt: string | null }> {
  const row = await db('commune_settings').where({ id: 1 }).first('anonymise_after_years', 'anonymisation_enabled_at');
  return { years: Number(row?.anonymise_after_years ?? ANONYMISE_YEARS.default), enabledAt: row?.anonymisation_enabled_at ?? null };
}

function boundsOn(todayIso: string, years: number): GoneBounds {
  return { goneBefore: yearsBefore(todayIso, years), titresSince: yearsBefore(todayIso, TITRE_RECOVERY_YEARS) };
}

export async function anonymisationView(db: Db, todayIso: string): Promise<AnonymisationView> {
  const { years, enabledAt } = await setting(db);
  const bounds = boundsOn(todayIso, years);
  const { total, families } = await goneFamilies(db, bounds, SHOWN);
  const done = await db('families').whereNotNull('anonymised_at').count<{ n: number | string }[]>({ n: '*' }).first();
  return { years, enabledAt, goneBefore: bounds.goneBefore, total, families, anonymisedSoFar: Number(done?.n ?? 0) };
}

/**
 * Anonymises one family in the caller's transaction, if it is still gone: its row locked first
 * (PostgreSQL; SQLite's one writer serialises anyway), then checked again, then claimed by one
 * conditional UPDATE — a parent logging in meanwhile, an agent's edit, another process: the
 * family is left alone, or anonymised once.
 */
async function anonymiseIfStillGone(ctx: AuditCtx, family: GoneFamilyView, bounds: GoneBounds, years: number): Promise<boolean> {
  await ctx.db('families').where({ id: family.familyId }).forUpdate().first('id');
  const still = await goneFamiliesQuery(ctx.db, bounds).where('f.id', family.familyId).first('f.id');
  if (!still) return false;
  const at = nowIso(ctx.clock);
  const claimed = await ctx.db('families').where({ id: family.familyId }).whereNull('anonymised_at').update({ anonymised_at: at });
  if (claimed !== 1) return false;
  await anonymiseFamily(ctx.db, family.familyId, at);
  await audit(ctx, {
    action: 'family.anonymise',
    entity: 'family',
    entityId: family.familyId,
    details: { familyNumber: family.familyNumber, lastActivityOn: family.lastActivityOn, years },
  });
  return true;
}

/**
 * The job: nothing until an admin has switched it on; then the families due, read BATCH at a time
 * outside any transaction (keyset paging, no count), each anonymised in a short transaction of its
 * own — a SQLite writer is never held for long — PER_RUN at most per run.
 */
export async function anonymisationJob(db: Knex, clock: Clock): Promise<number> {
  const { years, enabledAt } = await setting(db);
  if (!enabledAt) return 0;
  const bounds = boundsOn(today(clock), years);
  let done = 0;
  let afterId = 0;
  while (done < PER_RUN) {
    const families = await goneFamiliesAfter(db, bounds, afterId, BATCH);
    for (const family of families) {
      if (done >= PER_RUN) break;
      const anonymised = await db.transaction((trx) =>
        anonymiseIfStillGone({ actor: JOB_ACTOR, db: trx, clock, source: 'tâche' }, family, bounds, years),
      );
      if (anonymised) done += 1;
    }
    if (families.length < BATCH) break;
    afterId = families[families.length - 1]!.familyId;
  }
  return done;
}

/** The admin confirms what they read: the list's day must be today's, else they read it again. */
async function assertSameList(ctx: StaffCtx, goneBefore: string): Promise<void> {
  const { years } = await setting(ctx.db);
  if (boundsOn(today(ctx.clock), years).goneBefore !== goneBefore)
    throw conflict('La liste des familles à anonymiser a changé depuis que vous l’avez lue : relisez-la avant de confirmer.');
}

/** A shorter time brings more families in: the job stops until the admin has read the new list. */
async function setYears(ctx: StaffCtx, input: z.output<typeof anonymisationYearsInput>): Promise<AnonymisationView> {
  const before = await setting(ctx.db);
  const stops = before.enabledAt !== null && input.years < before.years;
  await ctx
    .db('commune_settings')
    .where({ id: 1 })
    .update({ anonymise_after_years: input.years, ...(stops ? { anonymisation_enabled_at: null } : {}) });
  await audit(ctx, {
    action: 'settings.anonymisation',
    entity: 'commune_settings',
    entityId: 1,
    details: { years: [before.years, input.years], ...(stops ? { stopped: true } : {}) },
  });
  return anonymisationView(ctx.db, today(ctx.clock));
}

async function switchJob(ctx: StaffCtx, on: boolean, goneBefore?: string): Promise<AnonymisationView> {
  if (on) await assertSameList(ctx, goneBefore!);
  await ctx
    .db('commune_settings')
    .where({ id: 1 })
    .update({ anonymisation_enabled_at: on ? nowIso(ctx.clock) : null });
  await audit(ctx, {
    action: on ? 'anonymisation.enable' : 'anonymisation.disable',
    entity: 'commune_settings',
    entityId: 1,
    details: { goneBefore },
  });
  return anonymisationView(ctx.db, today(ctx.clock));
}

/** « Anonymiser maintenant »: the job is made due at once (the scheduler runs it within a minute, in its short transactions). */
async function runSoon(ctx: StaffCtx, input: z.output<typeof anonymisationConfirmInput>): Promise<AnonymisationView> {
  await assertSameList(ctx, input.goneBefore);
  if (!(await setting(ctx.db)).enabledAt) throw conflict('Activez d’abord l’anonymisation.');
  await ctx.db('job_runs').insert({ name: ANONYMISATION_JOB }).onConflict('name').ignore();
  await ctx.db('job_runs').where({ name: ANONYMISATION_JOB }).update({ last_started_at: null });
  await audit(ctx, { action: 'anonymisation.run', entity: 'commune_settings', entityId: 1, details: { goneBefore: input.goneBefore } });
  return anonymisationView(ctx.db, today(ctx.clock));
}

/** This folder's operations, merged into the staff handler table: admins only (the families' whole records are at stake). */
export const anonymisationOperations = {
  'anonymisation.view': staffOperation({
    input: zod.object({}).strict(),
    access: 'admin',
    run: (ctx) => anonymisationView(ctx.db, today(ctx.clock)),
  }),
  'anonymisation.setYears': staffOperation({ input: anonymisationYearsInput, access: 'admin', run: setYears }),
  'anonymisation.enable': staffOperation({
    input: anonymisationConfirmInput,
    access: 'admin',
    run: (ctx, input) => switchJob(ctx, true, input.goneBefore),
  }),
  'anonymisation.disable': staffOperation({ input: zod.object({}).strict(), access: 'admin', run: (ctx) => switchJob(ctx, false) }),
  'anonymisation.run': staffOperation({ input: anonymisationConfirmInput, access: 'admin', run: runSoon }),
};
