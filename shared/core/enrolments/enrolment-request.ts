import type { Knex } from 'knex';
import { enrolmentRequestInput } from '../../contracts/requests';
import { addDays, weekdaysText } from '../../domain/french-dates';
import { OperationError } from '../errors';
import { validationError } from '../validation';

/** What a family reads when it asks again while its request waits. */
export const ENROLMENT_ALREADY_ASKED = 'Une demande d’inscription à cette prestation attend déjà la réponse de la commune.';

/** The key a pending enrolment request holds (unique while it waits): one per child and service. */
export const enrolmentPendingKey = (childId: number, serviceId: number) => `enrolment:${childId}:${serviceId}`;

/** A year at most: next year's enrolments are asked for next year. */
const MAX_PERIOD_DAYS = 366;

/** The services a family may ask to enrol a child in, as the form offers them: the active ones, in the commune's order. */
export async function enrolableServices(db: Knex | Knex.Transaction) {
  const rows = await db('services as s')
    .join('structures as st', 'st.id', 's.structure_id')
    .where('s.active', true)
    .orderBy(['st.position', 's.position'])
    .select('s.id', 's.name', 'st.name as structure', 's.weekdays');
  return rows.map((r) => ({
    id: Number(r.id),
    label: `${r.structure} — ${r.name}`,
    weekdays: String(r.weekdays ?? '')
      .split(',')
      .filter(Boolean)
      .map(Number),
  }));
}

/**
 * What an enrolment request asks, checked at the door: a service the commune runs, a period from
 * today on within a year, weekdays the service runs, and no enrolment or request of the child for
 * that service on that period already. The agent still decides (capacity, documents).
 */
export async function enrolmentProposal(trx: Knex.Transaction, childId: number, raw: unknown, today: string) {
  const parsed = enrolmentRequestInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  const input = parsed.data;
  const service = (await enrolableServices(trx)).find((s) => s.id === input.serviceId);
  if (!service) throw new OperationError('validation', 'Choisissez une prestation de la liste.', { serviceId: 'Prestation inconnue.' });
  if (input.startsOn < today) {
    throw new OperationError('validation', 'L’inscription ne peut pas commencer avant aujourd’hui.', { startsOn: 'Date passée.' });
  }
  if (input.startsOn > addDays(today, MAX_PERIOD_DAYS)) {
    throw new OperationError('validation', 'L’inscription doit commencer dans l’année qui vient.', {
      startsOn: 'Plus d’un an après aujourd’hui.',
    });
  }
  if (input.endsOn > addDays(input.startsOn, MAX_PERIOD_DAYS)) {
    throw new OperationError('validation', 'Une inscription se demande pour un an au plus.', { endsOn: 'Plus d’un an après le début.' });
  }
  const weekdays = [...new Set(input.weekdays)].sort((a, b) => a - b);
  const foreign = weekdays.filter((d) => !service.weekdays.includes(d));
  if (foreign.length > 0) {
    const runs = weekdaysText(service.weekdays) ?? 'aucun jour régulier';
    throw new OperationError('validation', `La prestation ne fonctionne pas l’un des jours choisis : elle fonctionne le ${runs}.`, {
      weekdays: `Jours de la prestation : ${runs}.`,
    });
  }
  const enrolled = await trx('enrolments')
    .where({ child_id: childId, service_id: service.id })
    .where('starts_on', '<=', input.endsOn)
    .where('ends_on', '>=', input.startsOn)
    .first('id');
  if (enrolled) {
    throw new OperationError('conflict', 'L’enfant est déjà inscrit à cette prestation sur cette période.', { serviceId: 'Déjà inscrit.' });
  }
  // Checked here for a clear answer; two requests sent at once are kept apart by the unique pending key.
  if (
    await trx('requests')
      .where({ pending_key: enrolmentPendingKey(childId, service.id) })
      .first('id')
  ) {
    throw new OperationError('conflict', ENROLMENT_ALREADY_ASKED, { serviceId: 'Demande déjà faite.' });
  }
  return {
    proposed: {
      serviceId: service.id,
      serviceName: service.label,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      weekdays,
      comment: input.comment ?? '',
    },
    previous: {},
  };
}
