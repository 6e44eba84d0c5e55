import { createHash } from 'node:crypto';
import PgClient from 'knex/lib/dialects/postgres/index.js';

interface CompiledQuery {
  sql: string;
  bindings: unknown[];
  method: string;
  options?: Record<string, unknown>;
}

/** Past this many named statements on one connection, further reads go unnamed (lists of ids vary). */
const MAX_STATEMENTS_PER_CONNECTION = 200;

const namesOf = new WeakMap<object, Set<string>>();

/**
 * knex's PostgreSQL client for the portal's readers: each read is sent as a named prepared
 * statement, so the server parses and plans it once per connection rather than on every page
 * (issue 8). node-postgres keeps the statements of each connection; they end with it.
 */
export class NamedStatementsPgClient extends PgClient {
  override _query(connection: object, obj: CompiledQuery): Promise<CompiledQuery> {
    if (obj.sql && ['select', 'first', 'pluck'].includes(obj.method) && !obj.options?.name) {
      let names = namesOf.get(connection);
      if (!names) {
        names = new Set();
        namesOf.set(connection, names);
      }
      const name = `pf_${createHash('sha1').update(obj.sql).digest('hex')}`;
      if (names.has(name) || names.size < MAX_STATEMENTS_PER_CONNECTION) {
        names.add(name);
        obj.options = { ...obj.options, name };
      }
    }
    return super._query(connection, obj);
  }
}
