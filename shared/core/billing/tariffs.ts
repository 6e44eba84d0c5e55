import { audit } from '../audit/audit-log';
import { today } from '../clock';
import { OperationError } from '../errors';
import type { StaffCtx } from '../operation';
import type { z } from '../../contracts/zod-fr';
import type { TariffsView, tariffSaveInput, tariffsListInput } from '../../contracts/billing';
import { bandProblem } from '../../domain/billing-rules';

/** Every service's price for a school year: the default price and the QF bands. */
export async function listTariffs(ctx: StaffCtx, input: z.infer<typeof tariffsListInput>): Promise<TariffsView> {
  const db = ctx.db;
  const schoolYears = await db('school_years').orderBy('starts_on', 'desc').select('id', 'label', 'starts_on', 'ends_on');
  const now = today(ctx.clock);
  const schoolYearId =
    input.schoolYearId ?? (schoolYears.find((y) => y.starts_on <= now && now <= y.ends_on) ?? schoolYears[0])?.id ?? null;
  const year = schoolYears.find((y) => y.id === schoolYearId);
  const services = await db('services as s')
    .join('structures as st', 'st.id', 's.structure_id')
    .orderBy([{ column: 'st.position' }, { column: 's.position' }])
    .select('s.id', 's.name', 'st.name as structure');
  const rows = schoolYearId
    ? await db('tariffs')
        .where({ school_year_id: schoolYearId })
        .orderBy([{ column: 'service_id' }, { column: 'qf_min' }])
    : [];
  return {
    schoolYears: schoolYears.map((y) => ({ id: y.id, label: y.label })),
    schoolYearId,
    tariffs: services.map((s) => {
      const own = rows.filter((r) => r.service_id === s.id);
      const fallback = own.find((r) => r.is_default);
      return {
        serviceId: s.id,
        service: `${s.structure} — ${s.name}`,
        schoolYearId: schoolYearId ?? 0,
        schoolYear: year?.label ?? '',
        defaultPriceCents: fallback ? Number(fallback.unit_price_cents) : null,
        bands: own
          .filter((r) => !r.is_default)
          .map((r) => ({ qfMin: r.qf_min ?? null, qfMax: r.qf_max ?? null, unitPriceCents: Number(r.unit_price_cents) })),
      };
    }),
  };
}

/**
 * Replaces a service's prices for a school year. Invoices already issued keep the price they
 * were issued with (lines hold their unit price); the next run uses the new one.
 */
export async function saveTariff(ctx: StaffCtx, input: z.infer<typeof tariffSaveInput>) {
  const bands = input.bands.map((b) => ({ ...b, isDefault: false }));
  const problem = bandProblem(bands);
  if (problem) throw new OperationError('validation', problem.message, { [problem.field]: problem.message });
  if (bands.some((b) => b.qfMin === null && b.qfMax === null))
    throw new OperationError('validation', 'Chaque tranche doit avoir un QF minimum ou maximum.', { bands: 'Tranche sans bornes.' });
  const service = await ctx.db('services').where({ id: input.serviceId }).first('id', 'name');
  const year = await ctx.db('school_years').where({ id: input.schoolYearId }).first('id', 'label');
  if (!service || !year) throw new OperationError('not_found', 'Prestation ou année scolaire introuvable.');
  const before = await ctx
    .db('tariffs')
    .where({ service_id: input.serviceId, school_year_id: input.schoolYearId })
    .select('qf_min', 'qf_max', 'unit_price_cents', 'is_default');
  await ctx.db('tariffs').where({ service_id: input.serviceId, school_year_id: input.schoolYearId }).delete();
  await ctx.db('tariffs').insert([
    {
      service_id: input.serviceId,
      school_year_id: input.schoolYearId,
      qf_min: null,
      qf_max: null,
      unit_price_cents: input.defaultPriceCents,
      is_default: true,
    },
    ...input.bands.map((b) => ({
      service_id: input.serviceId,
      school_year_id: input.schoolYearId,
      qf_min: b.qfMin,
      qf_max: b.qfMax,
      unit_price_cents: b.unitPriceCents,
      is_default: false,
    })),
  ]);
  await audit(ctx, {
    action: 'tariffs.save',
    entity: 'service',
    entityId: input.serviceId,
    details: { schoolYear: year.label, before, after: input },
  });
  return { saved: true as const };
}
