import type { Knex } from 'knex';
import { isPostgres } from '../shared/db/connection';

// Issue 19: « Statistiques » scanned the period's planning on each request: a month is 2.2 million
// days at 100 000 families, 4 to 6 s of grouping on PostgreSQL. A tally per month, service, child
// and age band (the band of the child's age on the day) holds the days present and the days
// booked; the statistics read those rows, a few per child, not the days.
//
// The tallies are kept by triggers on both databases rather than by the code that writes the
// planning: ten places write it (bookings, roll call, requests, closures, enrolments, the
// waiting list, anonymisation, the demo, the bench), and a trigger cannot be forgotten by the
// eleventh. A child's new birth date moves its days between age bands: its tallies are recounted.
//
// The definitions are written here, frozen with the migration; the bench's bulk loader suspends
// the triggers and recounts once at the end (`suspendAttendanceTallies`).

/** The states that hold a place, as capacity counts them (an absence frees its place). */
const BOOKED = "('reserved', 'regular')";

/** The age band (0: under 3, 1: 3 to 5, 2: 6 to 11, 3: 12 and over) on `day` of a child born on `birth`: ISO strings, the same SQL on both databases. */
function ageBand(day: string, birth: string): string {
  const age = `(cast(substr(${day}, 1, 4) as integer) - cast(substr(${birth}, 1, 4) as integer) - case when substr(${day}, 6, 5) < substr(${birth}, 6, 5) then 1 else 0 end)`;
  return `(case when ${age} < 3 then 0 when ${age} < 6 then 1 when ${age} < 12 then 2 else 3 end)`;
}

const counted = (row: string) => `(${row}.state in ${BOOKED} or ${row}.attendance = 'present')`;
const presentOf = (row: string) => `(case when ${row}.attendance = 'present' then 1 else 0 end)`;
const bookedOf = (row: string) => `(case when ${row}.state in ${BOOKED} then 1 else 0 end)`;
const KEY = 'month, service_id, child_id, band';

/** The tally rows of the planning days `where` selects, counted afresh (a grouped scan). */
function recountSql(where: string, birth = 'c.birth_date'): string {
  return `insert into attendance_tallies (${KEY}, present, booked)
    select substr(p.date, 1, 7), p.service_id, p.child_id, ${ageBand('p.date', birth)},
           sum(${presentOf('p')}), sum(${bookedOf('p')})
      from planning_days p join children c on c.id = p.child_id
     where ${counted('p')} and ${where}
     group by substr(p.date, 1, 7), p.service_id, p.child_id, ${ageBand('p.date', birth)}`;
}

/** Adds (or, with sign -1, takes off) one planning row's day to its tally. */
function applySql(row: 'new' | 'old', sign: 1 | -1): string {
  if (sign === 1) {
    return `insert into attendance_tallies (${KEY}, present, booked)
      select substr(${row}.date, 1, 7), ${row}.service_id, ${row}.child_id, ${ageBand(`${row}.date`, 'c.birth_date')},
             ${presentOf(row)}, ${bookedOf(row)}
        from children c where c.id = ${row}.child_id and ${counted(row)}
      on conflict (${KEY}) do update set present = attendance_tallies.present + excluded.present,
                                         booked = attendance_tallies.booked + excluded.booked`;
  }
  return `update attendance_tallies set present = present - ${presentOf(row)}, booked = booked - ${bookedOf(row)}
     where ${counted(row)} and month = substr(${row}.date, 1, 7) and service_id = ${row}.service_id and child_id = ${row}.child_id
       and band = (select ${ageBand(`${row}.date`, 'c.birth_date')} from children c where c.id = ${row}.child_id)`;
}

// The columns that decide a day's tally: an update of any other (a reason, who changed it) leaves it alone.
const TALLIED_COLUMNS = 'state, attendance, date, service_id, child_id';

async function createTriggers(knex: Knex): Promise<void> {
  if (isPostgres(knex)) {
    // The child's row share-locked first: a birth date being corrected (which recounts the child's
    // tallies from its snapshot) is waited for, then read, so that a day written meanwhile is
    // neither counted twice nor lost; SQLite has one writer at a time.
    await knex.raw(`create or replace function attendance_tally() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then perform 1 from children where id = old.child_id for share; end if;
        if tg_op <> 'DELETE' then perform 1 from children where id = new.child_id for share; end if;
        if tg_op <> 'INSERT' then ${applySql('old', -1)}; end if;
        if tg_op <> 'DELETE' then ${applySql('new', 1)}; end if;
        return null;
      end $$`);
    await knex.raw(`create trigger attendance_tally after insert or delete or update of ${TALLIED_COLUMNS}
      on planning_days for each row execute function attendance_tally()`);
    await knex.raw(`create or replace function attendance_tally_recount() returns trigger language plpgsql as $$
      begin
        delete from attendance_tallies where child_id = new.id;
        ${recountSql('p.child_id = new.id', 'new.birth_date')};
        return null;
      end $$`);
    await knex.raw(`create trigger attendance_tally_recount after update of birth_date on children
      for each row when (old.birth_date is distinct from new.birth_date) execute function attendance_tally_recount()`);
    return;
  }
  await knex.raw(`create trigger attendance_tally_insert after insert on planning_days begin ${applySql('new', 1)}; end`);
  await knex.raw(`create trigger attendance_tally_delete after delete on planning_days begin ${applySql('old', -1)}; end`);
  await knex.raw(`create trigger attendance_tally_update after update of ${TALLIED_COLUMNS} on planning_days
    begin ${applySql('old', -1)}; ${applySql('new', 1)}; end`);
  await knex.raw(`create trigger attendance_tally_recount after update of birth_date on children
    when old.birth_date is not new.birth_date
    begin delete from attendance_tallies where child_id = new.id; ${recountSql('p.child_id = new.id', 'new.birth_date')}; end`);
}

async function dropTriggers(knex: Knex): Promise<void> {
  if (isPostgres(knex)) {
    await knex.raw('drop trigger if exists attendance_tally on planning_days');
    await knex.raw('drop trigger if exists attendance_tally_recount on children');
    await knex.raw('drop function if exists attendance_tally()');
    await knex.raw('drop function if exists attendance_tally_recount()');
    return;
  }
  for (const name of ['attendance_tally_insert', 'attendance_tally_delete', 'attendance_tally_update', 'attendance_tally_recount']) {
    await knex.raw(`drop trigger if exists ${name}`);
  }
}

/** Every tally counted afresh from the planning (after a bulk load, or to check them). */
export async function recountAttendanceTallies(knex: Knex): Promise<void> {
  await knex('attendance_tallies').delete();
  await knex.raw(recountSql('1 = 1'));
  // The planner's figures for the new rows now, not at autovacuum's next pass: without them it
  // takes a month's 177 000 tallies (100 000 families) for a few thousand and sorts them on disk.
  await knex.raw('analyze attendance_tallies');
}

/**
 * For a bulk load of the planning: the triggers are taken off, and the function given back puts
 * them on again and counts every tally once — one grouped scan instead of an upsert per day.
 */
export async function suspendAttendanceTallies(knex: Knex): Promise<() => Promise<void>> {
  await dropTriggers(knex);
  return async () => {
    await knex.transaction(async (trx) => {
      await createTriggers(trx);
      await recountAttendanceTallies(trx);
    });
  };
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('attendance_tallies', (t) => {
    t.string('month', 7).notNullable();
    t.integer('service_id').notNullable();
    // A child's tallies go with it, as its planning does.
    t.integer('child_id').notNullable().references('id').inTable('children').onDelete('CASCADE');
    t.smallint('band').notNullable();
    t.integer('present').notNullable();
    t.integer('booked').notNullable();
    // The statistics read a period's months, service by service.
    t.primary(['month', 'service_id', 'child_id', 'band']);
    t.index(['child_id']);
  });
  await recountAttendanceTallies(knex);
  await createTriggers(knex);
}

export async function down(knex: Knex): Promise<void> {
  await dropTriggers(knex);
  await knex.schema.dropTable('attendance_tallies');
}
