import { openedProposal } from './family-requests';
import type { Knex } from 'knex';
import { SECTIONS, type SectionKey, type SectionValues } from '../../contracts/record-sections';
import type { AuthorizedPersonInput, RequestCategory, VaccinationInput } from '../../contracts/requests';
import { bool } from '../families/presenter';
import { refreshFamilySearchText } from '../families/service';
import { emptySection, readSection, writeSection } from '../records/sections';
import { offerFreedPlaces } from '../planning/waiting-list';
import { appliedDates } from './request-days';
import { OperationError } from '../errors';
import { insertEnrolment } from '../enrolments/service';
import { isoDateInTimeZone } from '../../domain/french-dates';

export const SECTION_CATEGORIES = Object.keys(SECTIONS) as SectionKey[];
export const isSectionCategory = (category: string): category is SectionKey => (SECTION_CATEGORIES as string[]).includes(category);

export interface StoredRequest {
  id: number;
  family_id: number;
  child_id: number | null;
  category: RequestCategory;
  proposed_json: string;
  previous_json: string;
  /** The days of a reservation the agent refused while accepting the others. */
  refused_dates_json?: string | null;
}

/** The child-owned sections are keyed by the child, the others by the family. */
export const sectionOwner = (category: SectionKey, request: { family_id: number; child_id: number | null }) =>
  SECTIONS[category].owner === 'child' ? request.child_id! : request.family_id;

export async function currentPersons(db: Knex | Knex.Transaction, childId: number): Promise<AuthorizedPersonInput[]> {
  const rows = await db('authorized_persons').where({ child_id: childId }).orderBy('id');
  return rows.map((r) => ({
    lastName: r.last_name,
    firstName: r.first_name,
    relationship: r.relationship,
    phone: r.phone,
    emergencyContact: bool(r.emergency_contact),
  }));
}

export async function currentVaccinations(db: Knex | Knex.Transaction, childId: number): Promise<VaccinationInput[]> {
  const rows = await db('child_vaccinations').where({ child_id: childId }).orderBy('id');
  return rows.map((r) => ({ vaccine: r.vaccine, vaccinatedOn: r.vaccinated_on ?? null, boosterDueOn: r.booster_due_on ?? null }));
}

/** Replaces the persons allowed to fetch a child (used by an accepted request and by agents). */
export async function replacePersons(trx: Knex | Knex.Transaction, childId: number, persons: AuthorizedPersonInput[]): Promise<void> {
  await trx('authorized_persons').where({ child_id: childId }).delete();
  if (persons.length > 0) {
    await trx('authorized_persons').insert(
      persons.map((p) => ({
        child_id: childId,
        last_name: p.lastName.toUpperCase(),
        first_name: p.firstName.toUpperCase(),
        relationship: p.relationship,
        phone: p.phone,
        can_pick_up: true,
        emergency_contact: p.emergencyContact,
      })),
    );
  }
}

/** Replaces a child's vaccinations (used by an accepted request and by agents). */
export async function replaceVaccinations(trx: Knex | Knex.Transaction, childId: number, vaccinations: VaccinationInput[]): Promise<void> {
  await trx('child_vaccinations').where({ child_id: childId }).delete();
  if (vaccinations.length > 0) {
    await trx('child_vaccinations').insert(
      vaccinations.map((v) => ({ child_id: childId, vaccine: v.vaccine, vaccinated_on: v.vaccinatedOn, booster_due_on: v.boosterDueOn })),
    );
  }
}

/** The record as it is now, in the shape of the request's « previous » values. */
export async function currentValues(db: Knex | Knex.Transaction, request: StoredRequest): Promise<Record<string, unknown>> {
  if (isSectionCategory(request.category)) {
    return (await readSection(db, request.category, sectionOwner(request.category, request))) ?? emptySection(request.category);
  }
  if (request.category === 'authorized_persons') return { persons: await currentPersons(db, request.child_id!) };
  if (request.category === 'vaccinations') return { vaccinations: await currentVaccinations(db, request.child_id!) };
  return {};
}

/**
 * The keys whose value changed since the family asked (and not to what it asked): accepting
 * would overwrite someone else's change.
 */
export function conflictingKeys(
  previous: Record<string, unknown>,
  proposed: Record<string, unknown>,
  current: Record<string, unknown>,
): string[] {
  return Object.keys(proposed).filter((key) => {
    const now = JSON.stringify(current[key] ?? null);
    return now !== JSON.stringify(previous[key] ?? null) && now !== JSON.stringify(proposed[key] ?? null);
  });
}

/** Carries out an accepted request, inside the transaction of the decision. */
export async function applyRequest(trx: Knex.Transaction, request: StoredRequest, at: string): Promise<void> {
  const proposed = openedProposal(request.category, request.proposed_json) as Record<string, unknown>;
  if (isSectionCategory(request.category)) {
    await writeSection(trx, request.category, sectionOwner(request.category, request), proposed as SectionValues, at);
    return;
  }
  switch (request.category) {
    case 'authorized_persons':
      await replacePersons(trx, request.child_id!, (proposed.persons ?? []) as AuthorizedPersonInput[]);
      return;
    case 'vaccinations':
      await replaceVaccinations(trx, request.child_id!, (proposed.vaccinations ?? []) as VaccinationInput[]);
      return;
    case 'add_child': {
      await trx('children').insert({
        family_id: request.family_id,
        last_name: String(proposed.lastName).toUpperCase(),
        first_name: String(proposed.firstName).toUpperCase(),
        sex: proposed.sex ?? '',
        birth_date: proposed.birthDate,
        school: proposed.school ?? '',
        grade: proposed.grade ?? '',
        created_at: at,
        updated_at: at,
      });
      await refreshFamilySearchText(trx, request.family_id);
      return;
    }
    case 'reservation':
    case 'absence': {
      const service = await trx('services').where({ code: proposed.serviceCode }).first('id');
      if (!service) return;
      const state = request.category === 'reservation' ? 'reserved' : 'absent_excused';
      for (const date of appliedDates(request)) {
        const where = { child_id: request.child_id, service_id: service.id, date };
        const exists = await trx('planning_days').where(where).first('id');
        const columns = {
          state,
          request_id: request.id,
          absence_reason: request.category === 'absence' ? ((proposed.reason as string) ?? null) : null,
          updated_at: at,
          updated_by: 'demande',
        };
        if (exists) await trx('planning_days').where({ id: exists.id }).update(columns);
        else await trx('planning_days').insert({ ...where, ...columns, late_cancellation: false });
        // A place offered from the waiting list and asked for is now taken.
        if (request.category === 'reservation') {
          await trx('waiting_list').where(where).whereIn('state', ['waiting', 'offered']).update({ state: 'taken' });
        }
        if (request.category === 'absence') await offerFreedPlaces(trx, service.id, date, at);
      }
      return;
    }
    case 'enrolment': {
      // What the family asked may no longer hold when the agent decides: said, and nothing written.
      const today = isoDateInTimeZone(new Date(at));
      const service = await trx('services')
        .where({ id: Number(proposed.serviceId) })
        .first('active');
      const child = await trx('children').where({ id: request.child_id! }).whereNull('archived_at').first('id');
      if (!service?.active || !child || String(proposed.endsOn) < today) {
        throw new OperationError(
          'conflict',
          !child
            ? 'L’enfant a été archivé depuis la demande : refusez-la.'
            : !service?.active
              ? 'La prestation n’est plus proposée : refusez la demande.'
              : 'La période demandée est passée : refusez la demande.',
        );
      }
      // The enrolment and its regular days, in the decision's transaction.
      await insertEnrolment(
        trx,
        {
          childId: request.child_id!,
          serviceId: Number(proposed.serviceId),
          startsOn: String(proposed.startsOn),
          endsOn: String(proposed.endsOn),
          regularWeekdays: ((proposed.weekdays ?? []) as unknown[]).map(Number),
        },
        { today, at, by: 'demande' },
      );
      return;
    }
    default:
      return;
  }
}
