import type { Knex } from 'knex';
import type { RequestDay } from '../../contracts/requests';
import { isPostgres } from '../../db/connection';
import { closureCovers } from '../../domain/closures';
import { formatShortFrenchDate } from '../../domain/french-dates';
import { OperationError } from '../errors';
import type { StoredRequest } from './apply';
import { storedProposal } from './family-requests';
import { listOf } from './request-summary';

const BOOKING_CATEGORIES = new Set(['reservation', 'cancellation', 'absence']);

/** The days a booking request asked, sorted, without repeats. */
export function askedDates(proposed: Record<string, unknown>): string[] {
  return [...new Set(listOf<unknown>(proposed.dates).filter((d): d is string => typeof d === 'string'))].sort();
}

/** The days an accepted request refused (none for a request accepted whole, or written before partial decisions). */
export function refusedDatesOf(request: { refused_dates_json?: string | null }): Set<string> {
  try {
    return new Set(listOf<unknown>(JSON.parse(request.refused_dates_json ?? '[]')).map(String));
  } catch {
    return new Set();
  }
}

/** The days of a booking request the decision applies: those asked, less those refused. */
export function appliedDates(request: StoredRequest & { refused_dates_json?: string | null }): string[] {
  const refused = refusedDatesOf(request);
  return askedDates(storedProposal(request.proposed_json)).filter((d) => !refused.has(d));
}

/**
 * Per day of a service, the places this child would find left: the capacity, less the days other
 * children booked (reserved or regular, as Capacité counts), less the places held for
 * waiting-list families other than this child. Two grouped queries, whatever the number of days.
 */
async function placesLeft(
  db: Knex | Knex.Transaction,
  serviceId: number,
  childId: number,
  dates: string[],
): Promise<Map<string, number> | null> {
  const service = await db('services').where({ id: serviceId }).first('capacity_per_day');
  if (service?.capacity_per_day == null) return null;
  // Other children's places: a day this child holds already is not a place it would take.
  const booked = await db('planning_days')
    .where('service_id', serviceId)
    .whereIn('date', dates)
    .whereIn('state', ['reserved', 'regular'])
    .whereNot('child_id', childId)
    .groupBy('date')
    .select('date')
    .count<{ date: string; n: number | string }[]>({ n: '*' });
  const held = await db('waiting_list')
    .where({ service_id: serviceId, state: 'offered' })
    .whereIn('date', dates)
    .whereNot('child_id', childId)
    .groupBy('date')
    .select('date')
    .count<{ date: string; n: number | string }[]>({ n: '*' });
  const taken = new Map<string, number>();
  for (const row of [...booked, ...held]) taken.set(row.date, (taken.get(row.date) ?? 0) + Number(row.n));
  const capacity = Number(service.capacity_per_day);
  return new Map(dates.map((d) => [d, capacity - (taken.get(d) ?? 0)]));
}

/** The days among these that a closure of the service (or of its structure, or of all) shuts. */
async function closedDays(
  db: Knex | Knex.Transaction,
  service: { id: number; structure_id: number },
  dates: string[],
): Promise<Set<string>> {
  if (dates.length === 0) return new Set();
  const closures = await db('closures')
    .where('starts_on', '<=', dates[dates.length - 1]!)
    .where('ends_on', '>=', dates[0]!)
    .select('service_id', 'structure_id', 'starts_on', 'ends_on');
  const scopes = closures.map((c) => ({ serviceId: c.service_id, structureId: c.structure_id, startsOn: c.starts_on, endsOn: c.ends_on }));
  return new Set(dates.filter((d) => scopes.some((c) => closureCovers(c, service.id, service.structure_id, d))));
}

/** Locks, on PostgreSQL, the services of these requests' reservations, in id order: before any request is claimed, as bookings lock a service before writing a request. */
export async function lockServicesOf(
  trx: Knex | Knex.Transaction,
  requests: Array<{ category: string; proposed_json: string }>,
): Promise<void> {
  if (!isPostgres(trx as Knex)) return;
  const codes = [
    ...new Set(
      requests
        .filter((r) => r.category === 'reservation')
        .map((r) => storedProposal(r.proposed_json).serviceCode)
        .filter((c): c is string => typeof c === 'string'),
    ),
  ];
  if (codes.length > 0) await trx('services').whereIn('code', codes).orderBy('id').forUpdate().select('id');
}

/** The days of a booking request as the agent decides them: places left on each while it is a pending reservation. */
export async function requestDays(
  db: Knex | Knex.Transaction,
  request: StoredRequest & { state: string; refused_dates_json?: string | null },
): Promise<RequestDay[]> {
  if (!BOOKING_CATEGORIES.has(request.category)) return [];
  const proposed = storedProposal(request.proposed_json);
  const dates = askedDates(proposed);
  const service =
    typeof proposed.serviceCode === 'string'
      ? await db('services').where({ code: proposed.serviceCode }).first('id', 'structure_id', 'capacity_per_day')
      : null;
  const counted = request.category === 'reservation' && request.state === 'pending' && service && request.child_id && dates.length > 0;
  const left = counted ? await placesLeft(db, service.id, request.child_id!, dates) : null;
  const closed = counted ? await closedDays(db, service, dates) : new Set<string>();
  const refused = refusedDatesOf(request);
  return dates.map((date) => ({
    date,
    placesLeft: left?.get(date) ?? null,
    capacity: counted && service.capacity_per_day != null ? Number(service.capacity_per_day) : null,
    closed: closed.has(date),
    refused: refused.has(date),
  }));
}

/**
 * Before the days of a reservation are booked: refused days must be days asked, at least one day
 * kept, and every day kept must still have a place (the queue may have waited while others
 * booked). The service's row is locked first on PostgreSQL, as the portal's bookings lock it:
 * a place is counted and taken by one transaction at a time (SQLite has one writer anyway).
 */
export async function checkDaysToAccept(trx: Knex | Knex.Transaction, request: StoredRequest, refusedDates: string[]): Promise<void> {
  const proposed = storedProposal(request.proposed_json);
  const asked = askedDates(proposed);
  if (refusedDates.length > 0) {
    if (request.category !== 'reservation') {
      throw new OperationError('validation', 'Seule une demande de réservation peut être acceptée pour une partie de ses jours.');
    }
    const strangers = refusedDates.filter((d) => !asked.includes(d));
    if (strangers.length > 0) {
      throw new OperationError('validation', `Ce jour n’est pas dans la demande : ${strangers.map(formatShortFrenchDate).join(', ')}.`, {
        refusedDates: 'Jour hors de la demande',
      });
    }
    if (asked.every((d) => refusedDates.includes(d))) {
      throw new OperationError('validation', 'Tous les jours sont refusés : gardez-en au moins un, ou refusez la demande.', {
        refusedDates: 'Aucun jour accepté',
      });
    }
  }
  if (request.category !== 'reservation' || typeof proposed.serviceCode !== 'string' || !request.child_id) return;
  const serviceQuery = trx('services').where({ code: proposed.serviceCode });
  const service = await (isPostgres(trx as Knex) ? serviceQuery.forUpdate() : serviceQuery).first('id', 'structure_id');
  if (!service) return;
  const kept = asked.filter((d) => !refusedDates.includes(d));
  // A closure added since the request shuts the day: nobody can be booked on it.
  const closed = [...(await closedDays(trx, service, kept))];
  if (closed.length > 0) {
    throw new OperationError(
      'conflict',
      `Fermé le ${closed.map(formatShortFrenchDate).join(', ')} : refusez ${closed.length > 1 ? 'ces jours' : 'ce jour'} avant d’accepter.`,
      { refusedDates: 'Jour fermé' },
    );
  }
  // A day the child already holds (booked since, by an agent) needs no new place.
  const held = new Set(
    (
      await trx('planning_days')
        .where({ child_id: request.child_id, service_id: service.id })
        .whereIn('date', kept)
        .whereIn('state', ['reserved', 'regular'])
        .pluck('date')
    ).map(String),
  );
  const left = await placesLeft(trx, service.id, request.child_id, kept);
  const full = left ? kept.filter((d) => !held.has(d) && (left.get(d) ?? 0) <= 0) : [];
  if (full.length > 0) {
    throw new OperationError(
      'conflict',
      `Complet le ${full.map(formatShortFrenchDate).join(', ')} : refusez ${full.length > 1 ? 'ces jours' : 'ce jour'} ou libérez une place avant d’accepter.`,
      { refusedDates: 'Jour complet' },
    );
  }
}
