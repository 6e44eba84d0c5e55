import type { Knex } from 'knex';
import { type AnonymisationView, ANONYMISE_YEARS, anonymisationYearsInput } from '../../contracts/anonymisation';
import { z } from '../../contracts/zod-fr';
import { audit, type AuditCtx } from '../audit/audit-log';
import { type Clock, nowIso, today } from '../clock';
import { staffOperation, type StaffCtx } from '../operation';
import { anonymiseFamily } from './anonymise-family';
import { goneFamilies, goneFamiliesQuery, yearsBefore } from './gone-families';

/** How many families the preview lists, and one run anonymises (the next run takes the rest). */
const SHOWN = 200;
const PER_RUN = 500;
/** Families per transaction in the job: a SQLite writer is not held for long. */
const BATCH = 25;
const JOB_ACTOR = { kind: 'system' as const, label: 'anonymisation' };

type Db = Knex | Knex.Transaction;

async function settingYears(db: Db): Promise<number> {
  const row = await db('commune_settings').where({ id: 1 }).first('anonymise_after_years');
  return Number(row?.anonymise_after_years ?? ANONYMISE_YEARS.default);
}

export async function anonymisationView(db: Db, todayIso: string): Promise<AnonymisationView> {
  const years = await settingYears(db);
  const goneBefore = yearsBefore(todayIso, years);
  const { total, families } = await goneFamilies(db, goneBefore, SHOWN);
  const done = await db('families').whereNotNull('anonymised_at').count<{ n: number | string }[]>({ n: '*' }).first();
  return { years, goneBefore, total, families, anonymisedSoFar: Number(done?.n ?? 0) };
}

/**
 * Anonymises up to `limit` of the families gone for the commune's number of years, inside the
 * caller's transaction, each with its entry in the Journal. Each family is checked again and
 * claimed by one conditional UPDATE: one that came back since the list was read is left alone, and
 * of two processes (or two admins) only one anonymises it.
 */
export async function anonymiseDue(ctx: AuditCtx, limit: number): Promise<number> {
  const years = await settingYears(ctx.db);
  const goneBefore = yearsBefore(today(ctx.clock), years);
  const { families } = await goneFamilies(ctx.db, goneBefore, limit);
  let done = 0;
  for (const family of families) {
    const still = await goneFamiliesQuery(ctx.db, goneBefore).where('f.id', family.familyId).first('f.id');
    if (!still) continue;
    const at = nowIso(ctx.clock);
    const claimed = await ctx.db('families').where({ id: family.familyId }).whereNull('anonymised_at').update({ anonymised_at: at });
    if (claimed !== 1) continue;
    await anonymiseFamily(ctx.db, family.familyId, at);
    await audit(ctx, {
      action: 'family.anonymise',
      entity: 'family',
      entityId: family.familyId,
      details: { familyNumber: family.familyNumber, lastActivityOn: family.lastActivityOn, years },
    });
    done += 1;
  }
  return done;
}

/** The nightly job: batches of BATCH families, each batch one short transaction, PER_RUN at most per run. */
export async function anonymisationJob(db: Knex, clock: Clock): Promise<number> {
  let done = 0;
  while (done < PER_RUN) {
    const batch = await db.transaction((trx) => anonymiseDue({ actor: JOB_ACTOR, db: trx, clock, source: 'tâche' }, BATCH));
    done += batch;
    if (batch < BATCH) break;
  }
  return done;
}

/** « Anonymiser maintenant »: what is due, SHOWN families at most in this call (the job does the rest). */
async function anonymiseNow(ctx: StaffCtx): Promise<AnonymisationView & { anonymised: number }> {
  const anonymised = await anonymiseDue(ctx, SHOWN);
  return { ...(await anonymisationView(ctx.db, today(ctx.clock))), anonymised };
}

async function setYears(ctx: StaffCtx, input: z.output<typeof anonymisationYearsInput>): Promise<AnonymisationView> {
  const before = await settingYears(ctx.db);
  await ctx.db('commune_settings').where({ id: 1 }).update({ anonymise_after_years: input.years });
  await audit(ctx, {
    action: 'settings.anonymisation',
    entity: 'commune_settings',
    entityId: 1,
    details: { years: [before, input.years] },
  });
  return anonymisationView(ctx.db, today(ctx.clock));
}

/** This folder's operations, merged into the staff handler table: admins only (the families' whole records are at stake). */
export const anonymisationOperations = {
  'anonymisation.view': staffOperation({
    input: z.object({}).strict(),
    access: 'admin',
    run: (ctx) => anonymisationView(ctx.db, today(ctx.clock)),
  }),
  'anonymisation.setYears': staffOperation({ input: anonymisationYearsInput, access: 'admin', run: setYears }),
  'anonymisation.run': staffOperation({ input: z.object({}).strict(), access: 'admin', run: anonymiseNow }),
};
