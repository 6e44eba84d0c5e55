/** The demo's "today" in tests: a Monday of the 2026-2027 school year, in Paris. */
export const TEST_NOW = '2026-11-30T09:00:00.000Z';
