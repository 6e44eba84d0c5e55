import type { Knex } from 'knex';
import { isPostgres } from '../shared/db/connection';

/**
 * On PostgreSQL, drops a table's secondary indexes, unique constraints and foreign keys for a
 * bulk load and gives back what rebuilds them exactly as the migrations made them. A city's
 * planning is millions of rows: kept up to date row by row, five B-trees take random inserts
 * and each row runs three foreign-key lookups; built once at the end, each index is one sort
 * and each foreign key one join that checks every row.
 */
export async function dropSecondaryIndexes(db: Knex, table: string): Promise<() => Promise<void>> {
  if (isPostgres(db)) {
    const constraints: Array<{ name: string; definition: string }> = (
      await db.raw(
        `select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
         where conrelid = ?::regclass and contype in ('u', 'f') order by contype desc, conname`,
        [table],
      )
    ).rows;
    const indexes: Array<{ name: string; definition: string }> = (
      await db.raw(
        `select c.relname as name, pg_get_indexdef(i.indexrelid) as definition
         from pg_index i join pg_class c on c.oid = i.indexrelid
         where i.indrelid = ?::regclass and not i.indisprimary
           and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
         order by c.relname`,
        [table],
      )
    ).rows;
    for (const c of constraints) await db.raw('alter table ?? drop constraint ??', [table, c.name]);
    for (const i of indexes) await db.raw('drop index ??', [i.name]);
    return async () => {
      await db.transaction(async (trx) => {
        // A sort in memory rather than on disk: the build has the machine to itself.
        await trx.raw("set local maintenance_work_mem = '512MB'");
        for (const c of constraints) await trx.raw(`alter table ?? add constraint ?? ${c.definition}`, [table, c.name]);
        for (const i of indexes) await trx.raw(i.definition);
      });
    };
  }
  // SQLite builds a city fast enough with its indexes kept (20 000 families in about 3 minutes):
  // they grow there as a commune's do, rather than packed full by one build.
  return async () => undefined;
}
