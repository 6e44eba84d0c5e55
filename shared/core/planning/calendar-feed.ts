import { createHash, randomBytes } from 'node:crypto';
import ical from 'ical-generator';
import type { Knex } from 'knex';
import { isPostgres } from '../../db/connection';
import { addDays } from '../../domain/french-dates';
import { DAY_MARKS } from '../../domain/planning-legend';
import { closureCovers } from '../../domain/closures';
import { audit } from '../audit/audit-log';
import { type Clock, today } from '../clock';
import { familyActor, type FamilyActorRef } from '../messages/family-messaging';
import { referenceData } from '../reference/reference-data';
import { computedPublicHolidaysBetween } from './public-holidays';

/** The feed covers a month back (yesterday's canteen stays visible) and a year ahead. */
export const FEED_DAYS_BACK = 31;
export const FEED_DAYS_AHEAD = 366;
/** The secret part of the address: 32 random bytes in base64url. */
export const FEED_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export interface CalendarFeedState {
  /** When the live address was made; null when the child has none. */
  since: string | null;
}

/** Whether the child has a live address, and since when; null when the child is not this household's. */
export async function calendarFeedSince(db: Knex, familyId: number, childId: number): Promise<CalendarFeedState | null> {
  const child = await db('children').where({ id: childId, family_id: familyId }).whereNull('archived_at').first('id');
  if (!child) return null;
  const live = await db('calendar_feeds').where({ child_id: childId, family_id: familyId }).whereNull('revoked_at').first('created_at');
  return { since: live ? String(live.created_at) : null };
}

/**
 * A new subscription address for a child's days; the one before it stops working. The token is
 * returned once and only its hash is kept. Two clicks at once give one live address: the child's
 * row is locked on PostgreSQL (SQLite writes one transaction at a time), and a unique index keeps
 * one live feed per child whatever happens. Returns null when the child is not this household's.
 */
export async function createCalendarFeed(db: Knex, clock: Clock, who: FamilyActorRef, childId: number): Promise<string | null> {
  return db.transaction(async (trx) => {
    const childQuery = trx('children').where({ id: childId, family_id: who.familyId }).whereNull('archived_at');
    const child = await (isPostgres(trx) ? childQuery.forUpdate() : childQuery).first('id');
    if (!child) return null;
    const at = clock.now().toISOString();
    await trx('calendar_feeds').where({ child_id: childId }).whereNull('revoked_at').update({ revoked_at: at });
    const token = randomBytes(32).toString('base64url');
    await trx('calendar_feeds').insert({ family_id: who.familyId, child_id: childId, token_hash: hashOf(token), created_at: at });
    await audit(
      { actor: familyActor(who), db: trx, clock, source: who.source },
      { action: 'calendar.create', entity: 'child', entityId: childId },
    );
    return token;
  });
}

/** The address stops working at once; false when there was none for this household's child. */
export async function revokeCalendarFeed(db: Knex, clock: Clock, who: FamilyActorRef, childId: number): Promise<boolean> {
  return db.transaction(async (trx) => {
    const changed = await trx('calendar_feeds')
      .where({ child_id: childId, family_id: who.familyId })
      .whereNull('revoked_at')
      .update({ revoked_at: clock.now().toISOString() });
    if (changed)
      await audit(
        { actor: familyActor(who), db: trx, clock, source: who.source },
        { action: 'calendar.revoke', entity: 'child', entityId: childId },
      );
    return changed > 0;
  });
}

/** What each day's state reads as in a calendar: only what the child does, never why. */
const EVENT_OF_STATE: Record<string, (service: string) => string> = {
  reserved: (service) => service,
  regular: (service) => service,
  out_of_contract: (service) => service,
  absent_billed: (service) => `Absent — ${service}`,
  absent_excused: (service) => `Absent — ${service}`,
};
const EVENT_OF_REQUEST: Record<string, (service: string) => string> = {
  reservation: (service) => `${service} (demande en attente)`,
  absence: (service) => `Absence demandée — ${service}`,
};

interface FeedEvent {
  uid: string;
  start: string;
  /** Exclusive end, as iCalendar's all-day events want it. */
  end: string;
  summary: string;
}

/** An all-day date as iCalendar's VALUE=DATE, with no time zone to shift it a day either way. */
const allDay = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * The child's days as an iCalendar file, read by the calendar apps on their own schedule: the
 * days booked and regular, absences, pending requests, the service's closures, the school
 * holidays and the public holidays. The child's first name only, no health data, no amounts:
 * the address is a secret, but calendars get shared. Null for an unknown or revoked address.
 */
export async function calendarFeedText(db: Knex, clock: Clock, token: string): Promise<string | null> {
  if (!FEED_TOKEN_PATTERN.test(token)) return null;
  const feed = await db('calendar_feeds as f')
    .join('children as c', 'c.id', 'f.child_id')
    .where('f.token_hash', hashOf(token))
    // A family whose portal access an agent disabled publishes nothing any more either.
    .join('portal_accounts as a', 'a.family_id', 'f.family_id')
    .where('a.status', 'active')
    .whereNull('f.revoked_at')
    .whereNull('c.archived_at')
    .first('f.id', 'f.child_id', 'c.first_name');
  if (!feed) return null;
  const from = addDays(today(clock), -FEED_DAYS_BACK);
  const to = addDays(today(clock), FEED_DAYS_AHEAD);
  const reference = await referenceData(db);
  const serviceName = new Map(reference.services.map((s) => [s.id, s.name]));
  const serviceIdByCode = new Map(reference.services.map((s) => [s.code, s.id]));
  const structureOf = new Map(reference.services.map((s) => [s.id, s.structureId]));
  const zone = (await db('commune_settings').where({ id: 1 }).first('school_zone'))?.school_zone ?? 'B';
  const [days, pending, enrolments, closures, holidays] = await Promise.all([
    db('planning_days')
      .where('child_id', feed.child_id)
      .whereBetween('date', [from, to])
      .orderBy(['date', 'service_id'])
      .select('service_id', 'date', 'state'),
    db('requests')
      .where({ child_id: feed.child_id, state: 'pending' })
      .whereIn('category', Object.keys(EVENT_OF_REQUEST))
      .select('id', 'category', 'proposed_json'),
    db('enrolments').where('child_id', feed.child_id).where('starts_on', '<=', to).where('ends_on', '>=', from).distinct('service_id'),
    // Read with their ids, which make each event's UID unique (two closures may start the same day).
    db('closures')
      .where('ends_on', '>=', from)
      .where('starts_on', '<=', to)
      .select('id', 'structure_id', 'service_id', 'starts_on', 'ends_on', 'reason'),
    db('holidays')
      .whereIn('zone', ['*', zone])
      .where('ends_on', '>=', from)
      .where('starts_on', '<=', to)
      .select('id', 'kind', 'name', 'starts_on', 'ends_on'),
  ]);
  const firstName = String(feed.first_name);
  const events: FeedEvent[] = [];
  for (const day of days) {
    const summary = EVENT_OF_STATE[day.state]?.(serviceName.get(day.service_id) ?? 'Service');
    if (summary)
      events.push({
        uid: `${day.date}-${day.service_id}`,
        start: day.date,
        end: addDays(day.date, 1),
        summary: `${firstName} — ${summary}`,
      });
  }
  for (const request of pending) {
    let proposed: { serviceCode?: unknown; dates?: unknown };
    try {
      proposed = JSON.parse(String(request.proposed_json)) ?? {};
    } catch {
      continue; // a request that cannot be read shows nothing rather than breaking the feed
    }
    const serviceId = serviceIdByCode.get(String(proposed.serviceCode ?? ''));
    const dates = Array.isArray(proposed.dates) ? proposed.dates.filter((d): d is string => typeof d === 'string') : [];
    for (const date of dates.filter((d) => d >= from && d <= to))
      events.push({
        uid: `${date}-${serviceId}-demande-${request.id}`,
        start: date,
        end: addDays(date, 1),
        summary: `${firstName} — ${EVENT_OF_REQUEST[request.category]!(serviceName.get(serviceId ?? -1) ?? 'Service')}`,
      });
  }
  const services = new Set(enrolments.map((e) => Number(e.service_id)));
  for (const closure of closures) {
    const scope = {
      serviceId: closure.service_id,
      structureId: closure.structure_id,
      startsOn: closure.starts_on,
      endsOn: closure.ends_on,
    };
    const concerned = [...services].filter((id) => closureCovers(scope, id, structureOf.get(id), closure.starts_on));
    for (const id of concerned)
      events.push({
        uid: `fermeture-${closure.id}-${id}`,
        start: closure.starts_on,
        end: addDays(closure.ends_on, 1),
        summary: `Fermeture — ${serviceName.get(id)}${closure.reason ? ` (${closure.reason})` : ''}`,
      });
  }
  for (const holiday of holidays) {
    const label = holiday.name || (DAY_MARKS[holiday.kind as keyof typeof DAY_MARKS] ?? 'Vacances scolaires');
    events.push({ uid: `vacances-${holiday.id}`, start: holiday.starts_on, end: addDays(holiday.ends_on, 1), summary: label });
  }
  const publicHolidays = new Set([
    ...computedPublicHolidaysBetween(from, to),
    ...reference.addedPublicHolidays.filter((d) => d >= from && d <= to),
  ]);
  for (const date of publicHolidays) events.push({ uid: `ferie-${date}`, start: date, end: addDays(date, 1), summary: DAY_MARKS.F });

  const calendar = ical({
    name: `${firstName} — ${reference.commune.name}`,
    prodId: { company: reference.commune.name, product: 'Portail Famille', language: 'FR' },
    ttl: 60 * 60 * 6,
  });
  const stamp = clock.now();
  for (const event of events)
    calendar.createEvent({
      id: `${feed.id}-${event.uid}@portail-famille`,
      start: allDay(event.start),
      end: allDay(event.end),
      allDay: true,
      summary: event.summary,
      stamp,
    });
  await db('calendar_feeds').where({ id: feed.id }).update({ last_read_at: stamp.toISOString() });
  return calendar.toString();
}
