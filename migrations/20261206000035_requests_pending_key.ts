import type { Knex } from 'knex';

// Issue 20: a family asks online to enrol a child in a service. Two clicks, or two tabs, at once
// would both find no pending request and write two: the rule « one pending request per child
// and service » is a unique index, on a key kept only while the request waits (null once it is
// decided or withdrawn — nulls never collide, on SQLite as on PostgreSQL).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('requests', (t) => {
    t.string('pending_key', 80).nullable();
    t.unique(['pending_key'], { indexName: 'requests_pending_key_unique' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('requests', (t) => {
    t.dropUnique(['pending_key'], 'requests_pending_key_unique');
    t.dropColumn('pending_key');
  });
}
