// knex ships no types for its dialect classes: the two this project extends (shared/db/statement-cache.ts, shared/db/pg-named-statements.ts).
declare module 'knex/lib/dialects/sqlite3/index.js' {
  import type { Knex } from 'knex';

  class Client_SQLite3 {
    constructor(config: Knex.Config);
    _query(connection: any, obj: any): Promise<any>;
    destroyRawConnection(connection: any): Promise<void>;
  }
  export default Client_SQLite3;
}

// knex's own PostgreSQL client class, extended by shared/db/pg-named-statements.ts.
declare module 'knex/lib/dialects/postgres/index.js' {
  import type { Knex } from 'knex';

  class Client_PG {
    constructor(config: Knex.Config);
    _query(connection: any, obj: any): Promise<any>;
  }
  export default Client_PG;
}
