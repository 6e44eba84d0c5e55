import Sqlite3Client from 'knex/lib/dialects/sqlite3/index.js';

/** The part of node-sqlite3's API used here. */
interface RawStatement {
  all(params: unknown[], callback: (error: Error | null, rows: unknown[]) => void): void;
  finalize(callback?: () => void): void;
}
interface RawConnection {
  prepare(sql: string, callback?: (error: Error | null) => void): RawStatement;
  close(callback: (error: Error | null) => void): void;
}
interface CompiledQuery {
  sql: string;
  bindings: unknown[];
  method: string;
  response?: unknown;
  context?: unknown;
}

/** Past this many distinct statements on one connection, the cache starts again (queries with lists of ids vary). */
const MAX_STATEMENTS_PER_CONNECTION = 200;

/** Per connection: SQL → its statement once prepared (a failed preparation is not kept). */
const statementsOf = new WeakMap<RawConnection, Map<string, Promise<RawStatement>>>();

function finalize(statement: Promise<RawStatement>): Promise<void> {
  return statement.then(
    (s) => new Promise<void>((resolve) => s.finalize(() => resolve())),
    () => undefined,
  );
}

function prepare(connection: RawConnection, sql: string): Promise<RawStatement> {
  return new Promise((resolve, reject) => {
    const statement = connection.prepare(sql, (error) => (error ? reject(error) : resolve(statement)));
  });
}

/**
 * knex's SQLite client, keeping each read's prepared statement on its connection for the next
 * read of the same SQL (issue 8). node-sqlite3 otherwise prepares, runs and finalizes every
 * query as three trips through the thread pool: on a portal page's few small queries that was
 * the largest single cost. Only reads (`select`, `first`, `pluck`) go this way; everything
 * else is knex's own path. Statements are finalized before their connection closes.
 */
export class StatementCachingSqlite3Client extends Sqlite3Client {
  override _query(connection: RawConnection, obj: CompiledQuery): Promise<CompiledQuery> {
    if (!obj.sql || !['select', 'first', 'pluck'].includes(obj.method)) return super._query(connection, obj);
    let statements = statementsOf.get(connection);
    if (!statements) {
      statements = new Map();
      statementsOf.set(connection, statements);
    }
    let statement = statements.get(obj.sql);
    if (!statement) {
      if (statements.size >= MAX_STATEMENTS_PER_CONNECTION) {
        for (const old of statements.values()) void finalize(old);
        statements.clear();
      }
      statement = prepare(connection, obj.sql);
      statements.set(obj.sql, statement);
    }
    const cached = statements;
    const pending = statement;
    const forget = () => {
      // A statement that failed is not kept: the next read prepares it again.
      if (cached.get(obj.sql) === pending) cached.delete(obj.sql);
      void finalize(pending);
    };
    return pending.then(
      (prepared) =>
        new Promise<CompiledQuery>((resolve, reject) => {
          prepared.all(obj.bindings ?? [], (error, rows) => {
            if (error) {
              forget();
              return reject(error);
            }
            obj.response = rows;
            resolve(obj);
          });
        }),
      (error: Error) => {
        forget();
        throw error;
      },
    );
  }

  override async destroyRawConnection(connection: RawConnection): Promise<void> {
    const statements = statementsOf.get(connection);
    statementsOf.delete(connection);
    await Promise.all([...(statements?.values() ?? [])].map(finalize));
    return super.destroyRawConnection(connection);
  }
}
