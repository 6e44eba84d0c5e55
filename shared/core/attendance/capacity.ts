import type { z } from 'zod';
import type { capacityMonthInput, CapacityDay } from '../../contracts/attendance';
import { addDays } from '../../domain/french-dates';
import type { Ctx } from '../context';
import { notFound } from '../errors';

/** Booked / capacity per day of a month for one service, with the waiting list: two grouped queries. */
export async function capacityMonth(ctx: Ctx, input: z.output<typeof capacityMonthInput>): Promise<CapacityDay[]> {
  const service = await ctx.db('services').where({ id: input.serviceId }).first('capacity_per_day');
  if (!service) throw notFound('Prestation');
  const first = `${input.month}-01`;
  const days: string[] = [];
  for (let d = first; d.startsWith(input.month); d = addDays(d, 1)) days.push(d);
  const last = days[days.length - 1]!;
  const booked = await ctx
    .db('planning_days')
    .where('service_id', input.serviceId)
    .whereBetween('date', [first, last])
    .whereIn('state', ['reserved', 'regular'])
    .groupBy('date')
    .select('date')
    .count<{ date: string; n: number | string }[]>({ n: '*' });
  const waiting = await ctx
    .db('waiting_list')
    .where('service_id', input.serviceId)
    .whereBetween('date', [first, last])
    .whereIn('state', ['waiting', 'offered'])
    .groupBy('date', 'state')
    .select('date', 'state')
    .count<{ date: string; state: string; n: number | string }[]>({ n: '*' });
  const bookedBy = new Map(booked.map((r) => [r.date, Number(r.n)]));
  return days.map((date) => ({
    date,
    booked: bookedBy.get(date) ?? 0,
    capacity: service.capacity_per_day == null ? null : Number(service.capacity_per_day),
    waiting: Number(waiting.find((w) => w.date === date && w.state === 'waiting')?.n ?? 0),
    offered: Number(waiting.find((w) => w.date === date && w.state === 'offered')?.n ?? 0),
  }));
}
