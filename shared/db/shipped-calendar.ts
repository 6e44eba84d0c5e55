import type { Knex } from 'knex';
import { SHIPPED_SCHOOL_YEARS } from './school-calendar-data';

/**
 * Installs the school years and holidays shipped with this version that the database lacks
 * (every commune needs them, demo or not); years already there, possibly edited, are left alone.
 */
export async function installShippedCalendar(db: Knex | Knex.Transaction): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  for (const year of SHIPPED_SCHOOL_YEARS) {
    const existing = await db('school_years').where({ label: year.label }).first('id');
    if (existing) {
      ids[year.label] = existing.id;
      continue;
    }
    const [created] = await db('school_years')
      .insert({ label: year.label, starts_on: year.startsOn, ends_on: year.endsOn })
      .returning('id');
    const id = typeof created === 'object' ? (created as { id: number }).id : (created as number);
    ids[year.label] = id;
    await db('holidays').insert(
      year.holidays.map((h) => ({
        school_year_id: id,
        zone: h.zone,
        kind: h.kind,
        name: h.name,
        starts_on: h.startsOn,
        ends_on: h.endsOn,
      })),
    );
  }
  return ids;
}
