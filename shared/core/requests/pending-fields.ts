import type { Knex } from 'knex';
import { SECTIONS, displayValue, type SectionKey } from '../../contracts/record-sections';
import type { RequestCategory } from '../../contracts/requests';
import { openedProposal } from './family-requests';

async function pendingProposals(db: Knex, familyId: number, category: RequestCategory, childId: number | null) {
  const rows = await db('requests')
    .where({ family_id: familyId, category, state: 'pending' })
    .andWhere((q) => (childId ? q.where({ child_id: childId }) : q.whereNull('child_id')))
    .orderBy('created_at')
    .orderBy('id')
    .select('proposed_json');
  return rows.map((r) => openedProposal(category, r.proposed_json));
}

/** The fields of a section with a change waiting for the commune: the form says so beside each. */
export async function pendingFieldKeys(
  db: Knex,
  familyId: number,
  category: RequestCategory,
  childId: number | null = null,
): Promise<Set<string>> {
  return new Set((await pendingProposals(db, familyId, category, childId)).flatMap((p) => Object.keys(p)));
}

/**
 * The value asked for each field of a section with a change waiting, as the family reads it
 * (the latest request's when two ask the same field): « Mon compte » shows it beside today's.
 */
export async function pendingFieldValues(
  db: Knex,
  familyId: number,
  section: SectionKey,
  childId: number | null = null,
): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  for (const proposed of await pendingProposals(db, familyId, section, childId)) {
    for (const field of SECTIONS[section].fields) {
      if (!Object.hasOwn(proposed, field.key)) continue;
      const shown = displayValue(field, proposed[field.key]);
      values.set(field.key, shown === '—' ? 'valeur effacée' : shown);
    }
  }
  return values;
}
