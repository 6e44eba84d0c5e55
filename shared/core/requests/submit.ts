import type { Knex } from 'knex';
import { sectionSchema, type SectionKey } from '../../contracts/record-sections';
import {
  addChildRequestInput,
  authorizedPersonsInput,
  vaccinationsInput,
  type RequestCategory,
  type VaccinationInput,
} from '../../contracts/requests';
import type { PortalSession } from '../accounts/portal-auth';
import type { Clock } from '../clock';
import { OperationError } from '../errors';
import { validationError } from '../validation';
import { applyRequest, currentPersons, currentVaccinations, isSectionCategory, sectionOwner, type StoredRequest } from './apply';
import { requestMode } from './modes';
import { emptySection, readSection } from '../records/sections';
import { today } from '../clock';
import { checkVaccinationDates } from '../records/vaccination-dates';
import { sealedRequestValues } from '../secrets/seal-stored';
import { withoutAccountNumbers } from '../audit/audit-log';
import { retriedTransaction } from '../../db/retried-transaction';
import { ENROLMENT_ALREADY_ASKED, enrolmentPendingKey, enrolmentProposal } from '../enrolments/enrolment-request';
import { isUniqueViolation } from '../../db/unique-violation';

const NOTHING_CHANGED = 'Aucune modification : les informations saisies sont identiques à celles de votre fiche.';

async function assertOwnChild(trx: Knex.Transaction, familyId: number, childId: number | null): Promise<number> {
  if (!childId || !(await trx('children').where({ id: childId, family_id: familyId }).whereNull('archived_at').first('id'))) {
    throw new OperationError('not_found', 'Cet enfant ne fait pas partie de votre dossier famille.');
  }
  return childId;
}

/** What the family asks, and what it replaces: only the fields that change. */
async function proposal(trx: Knex.Transaction, category: RequestCategory, familyId: number, childId: number | null, raw: unknown) {
  if (isSectionCategory(category)) {
    const parsed = sectionSchema(category).safeParse(raw);
    if (!parsed.success) throw validationError(parsed.error);
    const owner = sectionOwner(category as SectionKey, { family_id: familyId, child_id: childId });
    const current = (await readSection(trx, category, owner)) ?? emptySection(category);
    const proposed: Record<string, unknown> = {};
    const previous: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(parsed.data)) {
      if (JSON.stringify(value ?? null) !== JSON.stringify(current[key] ?? null)) {
        proposed[key] = value;
        previous[key] = current[key] ?? null;
      }
    }
    if (Object.keys(proposed).length === 0) throw new OperationError('validation', NOTHING_CHANGED);
    if (category === 'conjoint' && !(await readSection(trx, 'conjoint', familyId)) && !(parsed.data.lastName && parsed.data.firstName)) {
      throw new OperationError('validation', 'Indiquez le nom et le prénom du conjoint.', {
        lastName: 'Le nom est obligatoire.',
        firstName: 'Le prénom est obligatoire.',
      });
    }
    return { proposed, previous };
  }
  if (category === 'authorized_persons') {
    const parsed = authorizedPersonsInput.safeParse(raw);
    if (!parsed.success) throw validationError(parsed.error);
    const previous = { persons: await currentPersons(trx, childId!) };
    const proposed = {
      persons: parsed.data.persons.map((p) => ({ ...p, lastName: p.lastName.toUpperCase(), firstName: p.firstName.toUpperCase() })),
    };
    if (JSON.stringify(proposed) === JSON.stringify(previous)) throw new OperationError('validation', NOTHING_CHANGED);
    return { proposed, previous };
  }
  if (category === 'vaccinations') {
    const parsed = vaccinationsInput.safeParse(raw);
    if (!parsed.success) throw validationError(parsed.error);
    const previous = { vaccinations: await currentVaccinations(trx, childId!) };
    const proposed = { vaccinations: parsed.data.vaccinations };
    if (JSON.stringify(proposed) === JSON.stringify(previous)) throw new OperationError('validation', NOTHING_CHANGED);
    return { proposed, previous };
  }
  if (category === 'add_child') {
    const parsed = addChildRequestInput.safeParse(raw);
    if (!parsed.success) throw validationError(parsed.error);
    return { proposed: parsed.data, previous: {} };
  }
  throw new OperationError('validation', 'Ce type de demande ne se fait pas depuis ce formulaire.');
}

/**
 * A family asks the commune to change its record. The request keeps the new values and the ones
 * they replace; where the commune applies a category at once, it is applied and logged.
 */
export async function submitFamilyRequest(
  db: Knex,
  clock: Clock,
  session: PortalSession,
  input: { category: RequestCategory; childId?: number | null; values: unknown; source: string },
): Promise<{ id: number; state: 'pending' | 'accepted' }> {
  const now = clock.now().toISOString();
  const familyId = session.actor.familyId;
  return retriedTransaction(db, async (trx) => {
    const childCategory = ['authorized_persons', 'child_information', 'health', 'vaccinations', 'enrolment'].includes(input.category);
    const childId = childCategory ? await assertOwnChild(trx, familyId, input.childId ?? null) : null;
    if (input.category === 'add_child') {
      const birth = (input.values as { birthDate?: string })?.birthDate;
      if (birth && birth > today(clock))
        throw new OperationError('validation', 'La date de naissance ne peut pas être dans le futur.', {
          birthDate: 'Date dans le futur.',
        });
    }
    const { proposed, previous } =
      input.category === 'enrolment'
        ? await enrolmentProposal(trx, childId!, input.values, today(clock))
        : await proposal(trx, input.category, familyId, childId, input.values);
    if (input.category === 'vaccinations')
      checkVaccinationDates((proposed as { vaccinations: VaccinationInput[] }).vaccinations, today(clock));
    const automatic = (await requestMode(trx, input.category)) === 'automatic';
    const pendingKey = input.category === 'enrolment' ? enrolmentPendingKey(childId!, (proposed as { serviceId: number }).serviceId) : null;
    const [created] = await trx('requests')
      .insert({
        pending_key: automatic ? null : pendingKey,
        family_id: familyId,
        child_id: childId,
        category: input.category,
        proposed_json: JSON.stringify(sealedRequestValues(input.category, proposed)),
        previous_json: JSON.stringify(sealedRequestValues(input.category, previous)),
        state: automatic ? 'accepted' : 'pending',
        family_comment: '',
        created_at: now,
        decided_at: automatic ? now : null,
      })
      .returning('id')
      .catch((error: unknown) => {
        // The same request sent twice at once: the first is kept, the second told so.
        if (pendingKey && isUniqueViolation(error))
          throw new OperationError('conflict', ENROLMENT_ALREADY_ASKED, { serviceId: 'Demande déjà faite.' });
        throw error;
      });
    const id = typeof created === 'object' ? created.id : created;
    if (automatic) {
      await applyRequest(
        trx,
        {
          id,
          family_id: familyId,
          child_id: childId,
          category: input.category,
          proposed_json: JSON.stringify(proposed),
          previous_json: JSON.stringify(previous),
        } as StoredRequest,
        now,
      );
    }
    await trx('audit_log').insert({
      at: now,
      actor_type: 'family',
      actor_id: session.actor.accountId,
      actor_label: session.actor.login,
      action: automatic ? 'request.applied_at_once' : 'request.submit',
      entity: 'request',
      entity_id: String(id),
      details_json: JSON.stringify(withoutAccountNumbers({ category: input.category, childId, proposed, previous })),
      source: input.source.slice(0, 60),
      family_id: familyId, // the family's own « Historique »
    });
    return { id, state: automatic ? 'accepted' : 'pending' };
  });
}
