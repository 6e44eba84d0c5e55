import type { Knex } from 'knex';
import { seal } from '../../shared/security/sealed-secrets';

/**
 * One request of each type, as the commune decided it (accepted or refused) on 26/11/2026,
 * asked on 24/11/2026 — a few days before TEST_NOW — for a family and one of its children.
 */
export async function seedDecidedRequestsOfEachType(db: Knex, familyId: number, childId: number, state: 'accepted' | 'refused') {
  const request = (category: string, proposed: object, child: number | null = null) =>
    db('requests').insert({
      family_id: familyId,
      child_id: child,
      category,
      proposed_json: JSON.stringify(proposed),
      previous_json: '{}',
      state,
      family_comment: '',
      refusal_reason: state === 'refused' ? `Refus ${category}` : null,
      created_at: '2026-11-24T08:00:00Z',
      decided_at: '2026-11-26T15:00:00Z',
    });
  await request('conjoint', { phoneMobile: '06 55 44 33 22', employer: 'Mairie' });
  await request('fiscal', { taxYear: 2025, referenceTaxIncome: 28500 });
  await request('caf', { cafNumber: '9988776' });
  await request('bank', { accountHolder: 'DUPONT JEAN', iban: seal('FR7630006000011234567890189', 'requests.bank.iban') });
  await request('responsable', { quality: 'Père', emailAllowed: false, city: 'TOULOUSE' });
  const person = { lastName: 'PETIT', firstName: 'ANNE', relationship: 'Tante', phone: '06 11 22 33 44', emergencyContact: true };
  await request('authorized_persons', { persons: [person] }, childId);
  await request('child_information', { glasses: true }, childId);
  await request('health', { allergies: 'Arachide' }, childId);
  await request('vaccinations', { vaccinations: [{ vaccine: 'DTP', vaccinatedOn: '2025-03-02', boosterDueOn: null }] }, childId);
  await request('add_child', {
    lastName: 'DUPONT',
    firstName: 'TOM',
    sex: 'M',
    birthDate: '2024-05-06',
    school: '',
    grade: '',
    comment: '',
  });
  await request('reservation', { serviceCode: 'RESTO', dates: ['2026-12-03', '2026-12-04'] }, childId);
  await request('absence', { serviceCode: 'RESTO', dates: ['2026-11-26'], reason: 'Maladie' }, childId);
}
