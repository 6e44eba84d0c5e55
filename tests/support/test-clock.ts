import type { Clock } from '../../shared/core/clock';

/** A clock the test moves by hand: lockouts, idle sessions and link expiry without waiting. */
export class TestClock implements Clock {
  private current: number;
  constructor(iso: string) {
    this.current = new Date(iso).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  advanceMinutes(minutes: number): void {
    this.current += minutes * 60_000;
  }
}
