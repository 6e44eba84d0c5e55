import type { Knex } from 'knex';

/**
 * The join condition « this family's responsable » (family_adults aliased `a`), for queries
 * that show a family by its responsable's name: `.leftJoin('family_adults as a', responsableOf('f.id'))`.
 */
export function responsableOf(familyIdColumn: string) {
  return function joinResponsable(this: Knex.JoinClause) {
    this.on('a.family_id', '=', familyIdColumn).andOnVal('a.role', '=', 'responsable');
  };
}
