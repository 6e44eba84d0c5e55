import type { Knex } from 'knex';

// Issue 18: the periodic work (PayFiP checks, e-mail retries, reminders, the nightly backup) runs
// once per period whatever the number of processes and hosts: a row per job holds a lease with
// an expiry; a process that dies mid-way leaves a lease that expires, and the next period runs.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('job_runs', (t) => {
    t.string('name', 60).primary();
    t.string('lease_owner', 80);
    t.string('lease_until', 30);
    t.string('last_started_at', 30);
    t.string('last_finished_at', 30);
    t.string('last_status', 10); // ok | erreur
    t.string('last_error', 500);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('job_runs');
}
