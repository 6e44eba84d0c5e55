import { describe, expect, it } from 'vitest';
import { clockFromEnv, clockStartingAt, systemClock, today } from '../../shared/core/clock';

describe('the application’s clock', () => {
  it('is the system’s unless PORTAIL_DATE is set', () => {
    expect(clockFromEnv({})).toBe(systemClock);
  });

  it('starts at PORTAIL_DATE outside production, then runs on', async () => {
    const clock = clockFromEnv({ PORTAIL_DATE: '2026-12-31T22:30:00Z' });
    const first = clock.now().getTime();
    expect(first - Date.parse('2026-12-31T22:30:00Z')).toBeLessThan(1_000);
    expect(today(clock)).toBe('2026-12-31'); // 23:30 in Paris
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(clock.now().getTime()).toBeGreaterThan(first);
  });

  it('is refused in production, and a date that is none is refused too', () => {
    expect(() => clockFromEnv({ PORTAIL_DATE: '2026-12-31T22:30:00Z', NODE_ENV: 'production' })).toThrow(
      'PORTAIL_DATE ne peut pas être utilisé en production.',
    );
    expect(() => clockFromEnv({ PORTAIL_DATE: 'demain' })).toThrow(
      'PORTAIL_DATE n’est pas un instant valide (par exemple 2026-12-31T22:30:00Z) : « demain ».',
    );
    expect(() => clockFromEnv({ PORTAIL_DATE: '2026-12-31T23:30' })).toThrow('« 2026-12-31T23:30 »'); // no offset: which zone?
    expect(clockFromEnv({ PORTAIL_DATE: '2026-12-31T23:30:00+01:00' }).now().getTime() - Date.parse('2026-12-31T22:30:00Z')).toBeLessThan(
      1_000,
    );
  });

  it('tells the Paris date across midnight UTC', () => {
    expect(today(clockStartingAt('2027-02-28T23:30:00Z'))).toBe('2027-03-01');
  });
});
