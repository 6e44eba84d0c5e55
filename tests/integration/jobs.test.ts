import { describe, expect, it } from 'vitest';
import { healthReport } from '../../shared/core/health/health';
import { type Job, runIfDue, startScheduler } from '../../shared/core/jobs/scheduler';
import { lapseWhatLapses } from '../../shared/core/jobs/expiries';
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

describe('what lapses with time', () => {
  it('is done by its job: expired sessions and old login traces deleted, the recent kept, an unused mandate lapsed', async () => {
    const db = fixture.core.db;
    const clock = new TestClock('2026-11-30T03:00:00Z');
    const account = await db('portal_accounts').first('id', 'family_id');
    const staff = await db('staff_users').first('id');
    const at = '2026-11-01T00:00:00.000Z';
    await db('portal_sessions').insert([
      {
        id: 'e'.repeat(64),
        account_id: account.id,
        csrf_token: 'x',
        created_at: at,
        last_seen_at: at,
        expires_at: '2026-11-29T00:00:00.000Z',
      },
      {
        id: 'f'.repeat(64),
        account_id: account.id,
        csrf_token: 'x',
        created_at: at,
        last_seen_at: at,
        expires_at: '2026-12-30T00:00:00.000Z',
      },
    ]);
    await db('staff_sessions').insert({
      id: 'd'.repeat(64),
      staff_user_id: staff.id,
      created_at: at,
      last_seen_at: at,
      expires_at: '2026-11-30T02:59:00.000Z',
    });
    await db('login_attempts').insert([
      { door: 'portal', login: 'ancien', source: '10.0.0.1', succeeded: false, at: '2026-05-01T00:00:00.000Z' },
      { door: 'portal', login: 'recent', source: '10.0.0.1', succeeded: false, at: '2026-11-29T00:00:00.000Z' },
    ]);
    // Signed in 2023, never collected: past the SEPA rulebook's 36 months.
    await db('sepa_mandates').insert({
      family_id: account.family_id,
      rum: 'PF-ANCIEN-1',
      signed_on: '2023-06-01',
      holder: 'ANCIEN',
      iban: '',
      bic: 'PSSTFRPPXXX',
      status: 'active',
      created_at: '2023-06-01T00:00:00.000Z',
    });
    const job = { name: 'echeances', everyMs: 6 * 60 * 60_000, leaseMs: 30 * 60_000, run: () => lapseWhatLapses(db, clock) };
    expect(await runIfDue(db, clock, job, 'poste-1')).toBe(true);
    expect(
      await db('portal_sessions')
        .whereIn('id', ['e'.repeat(64), 'f'.repeat(64)])
        .pluck('id'),
    ).toEqual(['f'.repeat(64)]);
    expect(
      await db('staff_sessions')
        .where({ id: 'd'.repeat(64) })
        .first(),
    ).toBeUndefined();
    expect(await db('login_attempts').whereIn('login', ['ancien', 'recent']).pluck('login')).toEqual(['recent']);
    expect(await db('sepa_mandates').where({ rum: 'PF-ANCIEN-1' }).first('status')).toEqual({ status: 'lapsed' });
  });
});
