import { describe, expect, it } from 'vitest';
import { healthReport } from '../../shared/core/health/health';
import { type Job, runIfDue, startScheduler } from '../../shared/core/jobs/scheduler';
import { TestClock } from '../support/test-clock';
import { useStaffCore } from '../support/staff-core';

// The periodic work — PayFiP checks, e-mail retries, reminders, the nightly backup — runs once
// per period whatever the number of processes, and a process that dies mid-way is taken over.
const fixture = useStaffCore();

const counting = (name: string, everyMs = 5 * 60_000, leaseMs = 4 * 60_000) => {
  const job = { name, everyMs, leaseMs, runs: 0, run: async () => undefined } as Job & { runs: number };
  job.run = async () => {
    job.runs += 1;
    await new Promise((resolve) => setTimeout(resolve, 30)); // long enough for the other process to try
  };
  return job;
};

describe('a periodic job', () => {
  it('runs once when two processes tick at the same instant, then not again before its period', async () => {
    const clock = new TestClock('2026-11-30T09:00:00Z');
    const job = counting('verification-test');
    const ran = await Promise.all([
      runIfDue(fixture.core.db, clock, job, 'poste-1'),
      runIfDue(fixture.core.db, clock, job, 'poste-2'),
      runIfDue(fixture.core.db, clock, job, 'portail-1'),
    ]);
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect(job.runs).toBe(1);
    clock.advanceMinutes(4);
    expect(await runIfDue(fixture.core.db, clock, job, 'poste-2')).toBe(false);
    clock.advanceMinutes(1);
    expect(await runIfDue(fixture.core.db, clock, job, 'poste-2')).toBe(true);
    expect(job.runs).toBe(2);
  });

  it('is taken over at the next period when the process running it died', async () => {
    const clock = new TestClock('2026-11-30T10:00:00Z');
    // A process took the lease at 10:00 and was killed: its lease runs until 10:04.
    await fixture.core.db('job_runs').insert({
      name: 'relances-test',
      lease_owner: 'poste-mort',
      lease_until: '2026-11-30T10:04:00.000Z',
      last_started_at: '2026-11-30T10:00:00.000Z',
    });
    const job = counting('relances-test');
    clock.advanceMinutes(2);
    expect(await runIfDue(fixture.core.db, clock, job, 'poste-2')).toBe(false); // held, and not due
    clock.advanceMinutes(3);
    expect(await runIfDue(fixture.core.db, clock, job, 'poste-2')).toBe(true);
    expect(await fixture.core.db('job_runs').where({ name: 'relances-test' }).first()).toMatchObject({
      lease_owner: null,
      lease_until: null,
      last_status: 'ok',
      last_finished_at: '2026-11-30T10:05:00.000Z',
    });
  });

  it('records a failure, frees its lease, and shows in GET /sante without taking the server out of service', async () => {
    const clock = new TestClock('2026-11-30T11:00:00Z');
    const failing: Job = {
      name: 'payfip-test',
      everyMs: 60_000,
      leaseMs: 60_000,
      run: async () => Promise.reject(new Error('PayFiP ne répond pas')),
    };
    expect(await runIfDue(fixture.core.db, clock, failing, 'poste-1')).toBe(true);
    expect(await fixture.core.db('job_runs').where({ name: 'payfip-test' }).first()).toMatchObject({
      lease_until: null,
      last_status: 'erreur',
      last_error: 'PayFiP ne répond pas',
    });
    const report = await healthReport(fixture.core.db, fixture.core.backups.settings);
    expect(report.status).toBe('ok');
    expect(report.jobs).toContainEqual({ name: 'payfip-test', finishedAt: '2026-11-30T11:00:00.000Z', status: 'erreur' });
  });

  it('finishes before the scheduler stops: the database is not closed under it', async () => {
    const clock = new TestClock('2026-11-30T12:00:00Z');
    const job = counting('arret-test', 60_000, 60_000);
    const scheduler = startScheduler(fixture.core.db, clock, [job], 10);
    await new Promise((resolve) => setTimeout(resolve, 25)); // the first tick has started the job
    await scheduler.stop();
    expect(job.runs).toBe(1);
    expect((await fixture.core.db('job_runs').where({ name: 'arret-test' }).first()).last_status).toBe('ok');
  });
});
