// knex's own SQLite client class, extended by shared/db/statement-cache.ts (knex ships no types for it).
declare module 'knex/lib/dialects/sqlite3/index.js' {
  import type { Knex } from 'knex';

  class Client_SQLite3 {
    constructor(config: Knex.Config);
    _query(connection: any, obj: any): Promise<any>;
    destroyRawConnection(connection: any): Promise<void>;
  }
  export default Client_SQLite3;
}
