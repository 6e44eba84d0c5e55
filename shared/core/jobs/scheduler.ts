import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { logger } from '../../logging/logger';
import type { Clock } from '../clock';

/** A periodic piece of work: its name (the lease's key), how often, and what it does. */
export interface Job {
  name: string;
  everyMs: number;
  /** How long a run may take before another process may take over (a process that died). */
  leaseMs: number;
  run: () => Promise<unknown>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Runs the job if it is due and no other process holds it: one conditional UPDATE takes the
 * lease (the row's lease expired or never taken, and the last start a period ago), so of two
 * processes ticking at the same instant exactly one runs it. Returns whether this one ran it.
 */
export async function runIfDue(db: Knex, clock: Clock, job: Job, owner: string): Promise<boolean> {
  const now = clock.now().getTime();
  await db('job_runs').insert({ name: job.name }).onConflict('name').ignore();
  const taken = await db('job_runs')
    .where({ name: job.name })
    .where((w) => w.whereNull('lease_until').orWhere('lease_until', '<', iso(now)))
    .where((w) => w.whereNull('last_started_at').orWhere('last_started_at', '<=', iso(now - job.everyMs)))
    .update({ lease_owner: owner, lease_until: iso(now + job.leaseMs), last_started_at: iso(now) });
  if (taken !== 1) return false;
  let status = 'ok';
  let error: string | null = null;
  try {
    await job.run();
  } catch (failure) {
    status = 'erreur';
    error = String((failure as Error)?.message ?? failure).slice(0, 500);
    logger.error({ job: job.name, err: failure }, 'tâche périodique en échec');
  }
  await db('job_runs')
    .where({ name: job.name, lease_owner: owner })
    .update({ lease_owner: null, lease_until: null, last_finished_at: clock.now().toISOString(), last_status: status, last_error: error });
  return true;
}

/**
 * The one place periodic work is scheduled: every `tickMs` each job is looked at and run where
 * due (its lease in the database makes it once across processes). Jobs run one after another.
 */
export function startScheduler(db: Knex, clock: Clock, jobs: Job[], tickMs = 60_000): { stop: () => Promise<void> } {
  const owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = running.then(async () => {
      for (const job of jobs) {
        if (stopped) return;
        await runIfDue(db, clock, job, owner).catch((error) => logger.error({ job: job.name, err: error }, 'planification en échec'));
      }
    });
  };
  const timer = setInterval(tick, tickMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running; // a job in progress finishes before the database closes
    },
  };
}

/** The last run of each job, for GET /sante. */
export async function lastJobRuns(db: Knex): Promise<Array<{ name: string; finishedAt: string | null; status: string | null }>> {
  const rows = await db('job_runs').orderBy('name').select('name', 'last_finished_at', 'last_status');
  return rows.map((r) => ({ name: r.name, finishedAt: r.last_finished_at, status: r.last_status }));
}
