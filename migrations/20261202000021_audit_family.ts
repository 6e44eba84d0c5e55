import type { Knex } from 'knex';

// Issue 17: the audit log is read by family (its page's « Historique », the viewer's filter).
// Each entry now says which household it concerns, resolved when it is written; the entries
// already there get it from their entity, their family actor or the familyId of their details.
// The map of this day, kept here on purpose: a migration must not change when the code it was written with does.
const OWNED_BY_FAMILY: Record<string, string> = {
  child: 'children',
  request: 'requests',
  message: 'messages',
  payment: 'payments',
  invoice: 'invoices',
  portal_account: 'portal_accounts',
};

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.integer('family_id');
    t.index(['family_id', 'at'], 'audit_log_family_at');
    t.index(['action', 'at'], 'audit_log_action_at');
  });
  const pg = knex.client.config.client === 'pg';
  // An id kept as text, as a number where it is one (PostgreSQL refuses to cast anything else).
  const numericId = pg ? "case when entity_id ~ '^[0-9]{1,9}$' then entity_id::integer end" : 'cast(entity_id as integer)';
  await knex.raw(`update audit_log set family_id = ${numericId} where entity = 'family'`);
  for (const [entity, table] of Object.entries(OWNED_BY_FAMILY))
    await knex.raw(
      `update audit_log set family_id = (select o.family_id from ${table} o where o.id = ${numericId}) where entity = ? and family_id is null`,
      [entity],
    );
  await knex.raw(
    "update audit_log set family_id = (select p.family_id from portal_accounts p where p.id = audit_log.actor_id) where actor_type = 'family' and family_id is null",
  );
  const fromDetails = pg
    ? "case when (details_json::jsonb->>'familyId') ~ '^[0-9]{1,9}$' then (details_json::jsonb->>'familyId')::integer end"
    : "cast(json_extract(details_json, '$.familyId') as integer)";
  await knex.raw(`update audit_log set family_id = ${fromDetails} where family_id is null and details_json like '%familyId%'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.dropIndex(['action', 'at'], 'audit_log_action_at');
    t.dropIndex(['family_id', 'at'], 'audit_log_family_at');
  });
  await knex.raw('alter table audit_log drop column family_id');
}
