import type { Knex } from 'knex';
import { SECTIONS, type FieldSpec, type SectionKey, type SectionValues } from '../../contracts/record-sections';
import { bool } from '../families/presenter';
import { refreshFamilySearchText } from '../families/service';
import { open, seal } from '../../security/sealed-secrets';

type Db = Knex | Knex.Transaction;

function ownerWhere(section: SectionKey, ownerId: number): Record<string, unknown> {
  const spec = SECTIONS[section];
  if (spec.owner === 'child') return { child_id: ownerId };
  return spec.role ? { family_id: ownerId, role: spec.role } : { family_id: ownerId };
}

function fromColumn(field: FieldSpec, value: unknown): string | number | boolean | null {
  if (field.kind === 'boolean') return bool(value);
  if (field.kind === 'integer' || field.kind === 'decimal')
    return value === null || value === undefined ? null : Number(value) / (field.scale ?? 1);
  if (field.kind === 'date') return (value as string | null) ?? null;
  if (field.kind === 'iban') return open(value as string | null, 'family_bank.iban');
  return (value as string | null) ?? '';
}

function toColumn(field: FieldSpec, value: unknown): unknown {
  if (field.kind === 'integer' || field.kind === 'decimal')
    return value === null || value === undefined ? null : Math.round(Number(value) * (field.scale ?? 1));
  if (field.upper && typeof value === 'string') return value.toUpperCase();
  // An account number is kept sealed (shared/security/sealed-secrets.ts).
  if (field.kind === 'iban' && typeof value === 'string') return seal(value, 'family_bank.iban');
  return value;
}

/** A section of a record as field values; null when the row does not exist yet (no conjoint, no CAF data…). */
export async function readSection(db: Db, section: SectionKey, ownerId: number): Promise<SectionValues | null> {
  const spec = SECTIONS[section];
  const row = await db(spec.table)
    .where(ownerWhere(section, ownerId))
    .first(spec.fields.map((f) => f.column));
  if (!row) return null;
  return Object.fromEntries(spec.fields.map((f) => [f.key, fromColumn(f, row[f.column])]));
}

/** Empty values for a section whose row does not exist yet. */
export function emptySection(section: SectionKey): SectionValues {
  return Object.fromEntries(
    SECTIONS[section].fields.map((f) => [
      f.key,
      f.kind === 'boolean' ? false : f.kind === 'integer' || f.kind === 'decimal' || f.kind === 'date' ? null : '',
    ]),
  );
}

/**
 * Writes the given fields of a section, creating its row when needed. Changing an adult bumps the
 * family's version: an agent editing the family form meanwhile is told, not overwritten.
 */
export async function writeSection(
  trx: Knex.Transaction,
  section: SectionKey,
  ownerId: number,
  values: SectionValues,
  at: string,
): Promise<void> {
  const spec = SECTIONS[section];
  const columns: Record<string, unknown> = {};
  for (const field of spec.fields) {
    if (field.key in values) columns[field.column] = toColumn(field, values[field.key]);
  }
  const where = ownerWhere(section, ownerId);
  const exists = await trx(spec.table)
    .where(where)
    .first(spec.owner === 'child' ? 'child_id' : 'family_id');
  if (exists) {
    await trx(spec.table)
      .where(where)
      .update({ ...columns, updated_at: at });
  } else {
    const created = spec.table === 'family_adults' ? { created_at: at } : {};
    await trx(spec.table).insert({ ...where, ...columns, ...created, updated_at: at });
  }
  if (spec.table === 'family_adults') {
    // The adults are what the agents' family form edits: its version moves with them.
    await refreshFamilySearchText(trx, ownerId);
    await trx('families')
      .where({ id: ownerId })
      .update({ updated_at: at, version: trx.raw('version + 1') });
  }
}
