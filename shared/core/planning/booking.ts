import type { Knex } from 'knex';
import { beforeDeadline, deadlineFor } from '../../domain/booking-deadline';
import { deadlineRule, localNow } from './deadline-rules';
import { addDays, formatShortFrenchDate, isoWeekday } from '../../domain/french-dates';
import type { PortalSession } from '../accounts/portal-auth';
import type { Clock } from '../clock';
import { today } from '../clock';
import { bool } from '../families/presenter';
import { isPostgres } from '../../db/connection';
import { bookedCount, offerFreedPlaces, placesHeldForOthers } from './waiting-list';
import { publicHolidaysBetween } from './public-holidays';
import { invoiceHolding } from '../billing/billed-days';
import { retriedTransaction } from '../../db/retried-transaction';

export interface CheckedCertificate {
  filename: string;
  mimeType: string;
  content: Buffer;
}
const MEDICAL = /maladie|médical/i;

/** « Demande de Réserve », « Annuler ma réservation » (before the cancellation deadline), « Déclarer une absence ». */
export type BookingAction = 'reserve' | 'cancel' | 'absence';

export interface BookingOutcome {
  serviceName: string;
  date: string;
  result: 'accepted' | 'pending' | 'waiting_list' | 'refused';
  message: string;
}

/**
 * Who books. A family follows every rule. An agent booking for a family that phones or writes
 * follows the same rules, applied at once (the agent is the commune's validation); with a reason
 * recorded, the agent may pass a deadline or a full day, and each day so passed is named in the
 * audit log with that reason.
 */
export type BookingActor =
  | { kind: 'family'; familyId: number; accountId: number; login: string }
  | { kind: 'staff'; familyId: number; userId: number; username: string; overrideReason: string };

export function familyBooker(session: PortalSession): BookingActor {
  return { kind: 'family', familyId: session.actor.familyId, accountId: session.actor.accountId, login: session.actor.login };
}

/** The reason an agent gave to pass a rule, or null when the rules hold. */
const overrideOf = (actor: BookingActor) => (actor.kind === 'staff' && actor.overrideReason ? actor.overrideReason : null);

interface ServiceRow {
  id: number;
  code: string;
  name: string;
  weekdays: string;
  capacity_per_day: number | null;
  validation_mode: string;
  runs_school_days: unknown;
  runs_wednesdays: unknown;
  runs_holidays: unknown;
  bill_late_cancellation: unknown;
  structure_id: number;
}

/**
 * A family's reservations or absences for some days of a child, each checked on the server:
 * enrolment, a day the service runs (not a public holiday, not a closure), the deadline, the
 * capacity (a full day goes on the waiting list, said plainly). Services validated by an agent
 * get a pending request; the others are applied at once. One transaction.
 */
export function bookDays(db: Knex, clock: Clock, session: PortalSession, input: BookingInput): Promise<BookingOutcome[] | null> {
  return bookDaysAs(db, clock, familyBooker(session), input);
}

export interface BookingInput {
  childId: number;
  action: BookingAction;
  selections: Array<{ serviceId: number; date: string }>;
  reason: string;
  repeatWeekly: boolean;
  source: string;
  certificate?: CheckedCertificate;
}

export async function bookDaysAs(db: Knex, clock: Clock, actor: BookingActor, input: BookingInput): Promise<BookingOutcome[] | null> {
  const familyId = actor.familyId;
  const override = overrideOf(actor);
  const byAgent = actor.kind === 'staff';
  const actorLabel = actor.kind === 'staff' ? actor.username : actor.login;
  const nowLocal = localNow(clock);
  const at = clock.now().toISOString();
  return retriedTransaction(db, async (trx) => {
    const child = await trx('children').where({ id: input.childId, family_id: familyId }).whereNull('archived_at').first('id');
    if (!child) return null;
    const zone = (await trx('commune_settings').where({ id: 1 }).first('school_zone'))?.school_zone ?? 'B';
    const holidays = await trx('holidays').whereIn('zone', [zone, '*']).select('starts_on', 'ends_on');
    const inHolidays = (d: string) => holidays.some((h) => d >= h.starts_on && d <= h.ends_on);
    const outcomes: BookingOutcome[] = [];
    const schoolYears: SchoolYear[] = await trx('school_years').orderBy('starts_on').select('starts_on', 'ends_on');
    const byService = daysAsked(input.selections, input.repeatWeekly, {
      today: today(clock),
      holidayStarts: holidays.map((h) => h.starts_on as string).sort(),
      schoolYears,
    });
    // Deadlines count back over working days: take the public holidays from a month and a half
    // before the first day asked that lies in a school year (the others are refused unread).
    const inCalendar = [...byService.values()]
      .flat()
      .filter((d) => schoolYearOf(schoolYears, d))
      .sort();
    const publicHolidays = await publicHolidaysBetween(
      trx,
      addDays(inCalendar[0] ?? today(clock), -45),
      addDays(inCalendar[inCalendar.length - 1] ?? today(clock), 200),
    );

    for (const [serviceId, dates] of byService) {
      // Serialise bookings of one service: capacity is counted then taken under the lock.
      const serviceQuery = trx<ServiceRow>('services').where({ id: serviceId });
      const service = await (isPostgres(db) ? serviceQuery.forUpdate() : serviceQuery).first();
      if (!service) continue;
      const rules = await trx('booking_rules').where({ service_id: serviceId }).first();
      const rule = (kind: 'reservation' | 'cancellation') => deadlineRule(rules, kind);
      const weekdays = service.weekdays.split(',').map(Number);
      const closures = await trx('closures').where((q) =>
        q
          .where({ service_id: serviceId })
          .orWhere((r) =>
            r.whereNull('service_id').andWhere((s) => s.where({ structure_id: service.structure_id }).orWhereNull('structure_id')),
          ),
      );
      const accepted: string[] = [];
      // The days an agent booked past a rule, with the rule passed: what the audit log names.
      const passed: Array<{ date: string; rule: 'deadline' | 'capacity' }> = [];
      const refuse = (date: string, message: string) => outcomes.push({ serviceName: service.name, date, result: 'refused', message });

      // The child's enrolments and planning for these days, read once rather than day by day.
      const first = dates[0]!;
      const last = dates[dates.length - 1]!;
      const enrolments = await trx('enrolments')
        .where({ child_id: input.childId, service_id: serviceId })
        .where('starts_on', '<=', last)
        .where('ends_on', '>=', first)
        .select('starts_on', 'ends_on');
      const stateOf = new Map(
        (
          await trx('planning_days')
            .where({ child_id: input.childId, service_id: serviceId })
            .whereBetween('date', [first, last])
            .select('date', 'state')
        ).map((d) => [d.date as string, d.state as string]),
      );
      for (const date of dates) {
        if (!schoolYearOf(schoolYears, date)) {
          refuse(date, 'Ce jour n’est dans aucune année scolaire du calendrier de la commune.');
          continue;
        }
        const enrolled = enrolments.some((e) => date >= e.starts_on && date <= e.ends_on);
        if (!enrolled) {
          refuse(date, 'Votre enfant n’est pas inscrit à cette prestation ce jour-là.');
          continue;
        }
        const holiday = inHolidays(date);
        const runs =
          !publicHolidays.has(date) &&
          weekdays.includes(isoWeekday(date)) &&
          ((bool(service.runs_holidays) && holiday) || (!holiday && (bool(service.runs_school_days) || bool(service.runs_wednesdays))));
        if (!runs) {
          refuse(date, publicHolidays.has(date) ? 'Jour férié : la prestation n’a pas lieu.' : 'La prestation n’a pas lieu ce jour-là.');
          continue;
        }
        if (closures.some((c) => date >= c.starts_on && date <= c.ends_on)) {
          refuse(date, 'La structure est fermée ce jour-là.');
          continue;
        }
        if (date < today(clock)) {
          refuse(date, 'Ce jour est passé.');
          continue;
        }
        const state = stateOf.get(date);
        const booked = state === 'reserved' || state === 'regular';
        if (input.action === 'reserve') {
          if (booked) {
            refuse(date, 'Ce jour est déjà réservé.');
            continue;
          }
          const deadline = deadlineFor(date, rule('reservation'), publicHolidays);
          if (!beforeDeadline(nowLocal, deadline)) {
            if (override) passed.push({ date, rule: 'deadline' });
            else {
              refuse(
                date,
                `Délai de réservation dépassé (jusqu’au ${formatShortFrenchDate(deadline.slice(0, 10))} à ${deadline.slice(11)}).${PASS_HINT[actor.kind]}`,
              );
              continue;
            }
          }
          if (service.capacity_per_day != null) {
            // Places offered to waiting-list families stay theirs until they answer.
            const taken = (await bookedCount(trx, serviceId, date)) + (await placesHeldForOthers(trx, serviceId, date, input.childId));
            if (taken >= service.capacity_per_day && override) passed.push({ date, rule: 'capacity' });
            else if (taken >= service.capacity_per_day) {
              await trx('waiting_list')
                .insert({ child_id: input.childId, service_id: serviceId, date, state: 'waiting', created_at: at })
                .onConflict(['child_id', 'service_id', 'date'])
                .ignore();
              outcomes.push({
                serviceName: service.name,
                date,
                result: 'waiting_list',
                message: byAgent
                  ? `Complet : l’enfant est inscrit sur la liste d’attente.${PASS_HINT.staff}`
                  : 'Complet : votre enfant est inscrit sur la liste d’attente ; une place vous sera proposée dans l’ordre des demandes.',
              });
              continue;
            }
          }
        } else if (input.action === 'cancel') {
          if (!booked) {
            refuse(date, 'Aucune réservation ce jour-là : il n’y a rien à annuler.');
            continue;
          }
          const deadline = deadlineFor(date, rule('cancellation'), publicHolidays);
          if (!beforeDeadline(nowLocal, deadline) && override) passed.push({ date, rule: 'deadline' });
          else if (!beforeDeadline(nowLocal, deadline)) {
            const until = `jusqu’au ${formatShortFrenchDate(deadline.slice(0, 10))} à ${deadline.slice(11)}`;
            const billed = bool(service.bill_late_cancellation) ? ' : la journée sera facturée, sauf sur certificat médical' : '';
            refuse(
              date,
              `Délai d’annulation dépassé (${until}) : la réservation ne peut plus être annulée. Déclarez une absence${billed}.${PASS_HINT[actor.kind]}`,
            );
            continue;
          }
        } else {
          if (!booked) {
            refuse(date, 'Aucune réservation ce jour-là : il n’y a pas d’absence à déclarer.');
            continue;
          }
        }
        accepted.push(date);
      }
      if (accepted.length === 0) continue;
      // A place offered from the waiting list is taken when the day is booked; while an agent has
      // the request to decide, it stays held for this child (the request may be refused).
      const appliedNow = service.validation_mode === 'automatic' || byAgent;
      if (input.action === 'reserve' && appliedNow) {
        await trx('waiting_list')
          .where({ child_id: input.childId, service_id: serviceId })
          .whereIn('date', accepted)
          .whereIn('state', ['waiting', 'offered'])
          .update({ state: 'taken' });
      }

      const late =
        input.action === 'absence' && accepted.some((d) => !beforeDeadline(nowLocal, deadlineFor(d, rule('cancellation'), publicHolidays)));
      if (input.action === 'absence' && input.certificate) {
        await trx('absence_certificates').insert({
          family_id: familyId,
          child_id: input.childId,
          service_id: serviceId,
          dates_json: JSON.stringify(accepted),
          reason: input.reason.slice(0, 200),
          filename: input.certificate.filename,
          mime_type: input.certificate.mimeType,
          size_bytes: input.certificate.content.length,
          content: input.certificate.content,
          created_at: at,
        });
      }
      // A cancellation within the deadline is the family's right: applied at once whoever validates the service.
      const automatic = service.validation_mode === 'automatic' || input.action === 'cancel' || byAgent;
      // A service validated by an agent gets a pending request; one applied at once keeps an
      // accepted one, so that « Liste des demandes » shows every booking the family made.
      await trx('requests').insert({
        family_id: familyId,
        child_id: input.childId,
        category: REQUEST_CATEGORY_OF[input.action],
        proposed_json: JSON.stringify(proposedBooking(service.code, accepted, input, actor)),
        previous_json: '{}',
        state: automatic ? 'accepted' : 'pending',
        family_comment: '',
        created_at: at,
        decided_at: automatic ? at : null,
        decided_by: actor.kind === 'staff' ? actor.userId : null,
      });
      if (automatic) {
        // A late absence with a medical reason and its certificate is excused, as the manual says.
        const certified = input.action === 'absence' && input.certificate !== undefined && MEDICAL.test(input.reason);
        for (const date of accepted) {
          const lateDay = input.action === 'absence' && !beforeDeadline(nowLocal, deadlineFor(date, rule('cancellation'), publicHolidays));
          // An agent excusing a late absence (a reason given) passes the cancellation deadline: not billed.
          if (lateDay && override) passed.push({ date, rule: 'deadline' });
          const billed = lateDay && bool(service.bill_late_cancellation) && !certified && !override;
          const where = { child_id: input.childId, service_id: serviceId, date };
          // A day reserved and cancelled in time is as if it had never been booked — unless an invoice
          // already holds it (a month is billed up to today): it then stays, cancelled, beside its invoice.
          const forgotten =
            input.action === 'cancel' && stateOf.get(date) === 'reserved'
              ? await trx('planning_days').where(where).whereNotExists(invoiceHolding(trx, 'planning_days.id')).delete()
              : 0;
          if (!forgotten) {
            const columns = {
              state: input.action === 'reserve' ? 'reserved' : billed ? 'absent_billed' : 'absent_excused',
              absence_reason: input.action === 'absence' ? input.reason : input.action === 'cancel' ? 'Réservation annulée' : null,
              late_cancellation: lateDay,
              updated_at: at,
              updated_by: actorLabel,
            };
            if (stateOf.has(date)) await trx('planning_days').where(where).update(columns);
            else await trx('planning_days').insert({ ...where, ...columns });
          }
          // Cancelled on a day an issued invoice already bills: said, not « not billed ».
          const invoiced =
            input.action === 'cancel' &&
            !forgotten &&
            stateOf.has(date) &&
            (await trx('planning_days').where(where).whereExists(invoiceHolding(trx, 'planning_days.id')).first('id')) !== undefined;
          if (input.action !== 'reserve') await offerFreedPlaces(trx, serviceId, date, at);
          outcomes.push({
            serviceName: service.name,
            date,
            result: 'accepted',
            message: appliedMessage(input.action, lateDay && certified, billed, invoiced) + passedNote(passed, date, override),
          });
        }
      } else {
        for (const date of accepted) {
          outcomes.push({
            serviceName: service.name,
            date,
            result: 'pending',
            message: late ? 'Demande transmise à la commune (hors délai d’annulation).' : 'Demande transmise à la commune.',
          });
        }
      }
      await trx('audit_log').insert({
        at,
        actor_type: actor.kind,
        actor_id: actor.kind === 'staff' ? actor.userId : actor.accountId,
        actor_label: actorLabel,
        action: `planning.${input.action}`,
        entity: 'child',
        entity_id: String(input.childId),
        details_json: JSON.stringify({
          service: service.code,
          dates: accepted,
          reason: input.reason || undefined,
          ...(passed.length > 0 ? { overrideReason: override, passed } : {}),
        }),
        source: input.source.slice(0, 60),
        family_id: familyId, // the family's own « Historique »
      });
    }
    if (!byAgent && input.action === 'absence' && MEDICAL.test(input.reason) && outcomes.some((o) => o.result !== 'refused')) {
      for (const o of outcomes) {
        if (o.result === 'refused') continue;
        if (!input.certificate)
          o.message += ' Raison médicale : transmettez le certificat à la commune, sinon l’annulation ne sera pas validée.';
        else if (!o.message.includes('certificat')) o.message += ' Certificat médical joint.';
      }
    }
    return outcomes.sort((a, b) => a.date.localeCompare(b.date) || a.serviceName.localeCompare(b.serviceName));
  });
}

const REQUEST_CATEGORY_OF: Record<BookingAction, 'reservation' | 'cancellation' | 'absence'> = {
  reserve: 'reservation',
  cancel: 'cancellation',
  absence: 'absence',
};

/** What the family reads for a day applied at once. */
function appliedMessage(action: BookingAction, lateButCertified: boolean, billed: boolean, invoiced: boolean): string {
  if (action === 'reserve') return 'Réservé.';
  if (action === 'cancel' && invoiced)
    return 'Réservation annulée. Cette journée figure déjà sur une facture émise : la régie la régularisera par un avoir.';
  if (action === 'cancel') return 'Réservation annulée : la journée ne sera pas facturée.';
  if (billed) return 'Absence enregistrée hors délai d’annulation : la journée sera facturée, sauf sur certificat médical.';
  if (lateButCertified)
    return 'Absence enregistrée hors délai d’annulation, justifiée par le certificat médical joint : la journée ne sera pas facturée.';
  return 'Absence enregistrée.';
}

/** What a reservation, a cancellation or an absence asks, as its request keeps it (and who entered it, when an agent did). */
function proposedBooking(serviceCode: string, dates: string[], input: { action: BookingAction; reason: string }, actor: BookingActor) {
  return {
    serviceCode,
    dates,
    ...(input.action === 'absence' ? { reason: input.reason } : {}),
    ...(actor.kind === 'staff' ? { enteredBy: actor.username } : {}),
  };
}

/** What a refusal adds for whoever can pass the rule. */
const PASS_HINT: Record<BookingActor['kind'], string> = {
  family: '',
  staff: ' Pour passer outre, indiquez le motif de la dérogation.',
};

/** The rules a day was booked past, as the agent reads it in the outcome. */
function passedNote(passed: Array<{ date: string; rule: 'deadline' | 'capacity' }>, date: string, reason: string | null): string {
  const rules = passed.filter((p) => p.date === date).map((p) => (p.rule === 'deadline' ? 'délai dépassé' : 'complet'));
  return rules.length === 0 ? '' : ` Dérogation (${rules.join(', ')}) : ${reason}.`;
}

interface SchoolYear {
  starts_on: string;
  ends_on: string;
}

function schoolYearOf(years: SchoolYear[], date: string): SchoolYear | undefined {
  return years.find((y) => date >= y.starts_on && date <= y.ends_on);
}

/**
 * The days asked, per service, each once and in order. « Répéter chaque semaine jusqu’aux
 * prochaines vacances » repeats a day weekly within the bookable window only: from today, up to
 * the next holidays and never past the end of its school year. A day already past or outside
 * every school year is not repeated (it is refused on its own), so one form generates at most a
 * school year of weeks per day ticked, whatever date it names; built in one pass and one sort.
 */
export function daysAsked(
  selections: Array<{ serviceId: number; date: string }>,
  repeatWeekly: boolean,
  calendar: { today: string; holidayStarts: string[]; schoolYears: SchoolYear[] },
): Map<number, string[]> {
  const sets = new Map<number, Set<string>>();
  const add = (serviceId: number, date: string) => {
    let set = sets.get(serviceId);
    if (!set) {
      set = new Set();
      sets.set(serviceId, set);
    }
    set.add(date);
  };
  for (const { serviceId, date } of selections) {
    add(serviceId, date);
    if (!repeatWeekly || date < calendar.today) continue;
    const year = schoolYearOf(calendar.schoolYears, date);
    if (!year) continue;
    const nextHolidays = calendar.holidayStarts.find((start) => start > date);
    const end = nextHolidays && nextHolidays <= year.ends_on ? nextHolidays : addDays(year.ends_on, 1);
    for (let d = addDays(date, 7); d < end; d = addDays(d, 7)) add(serviceId, d);
  }
  return new Map([...sets].map(([serviceId, dates]) => [serviceId, [...dates].sort()]));
}
