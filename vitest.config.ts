import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Every test process holds the one test data key (the SMTP password and IBANs are sealed with it).
const DATA_KEY_SETUP = 'tests/support/test-data-key.ts';

// Tests by layer. The integration project runs on SQLite, or on PostgreSQL when DATABASE_URL is set.
export default defineConfig({
  test: {
    // One test file per core (vitest's default leaves one core idle): each file has its own database.
    maxWorkers: availableParallelism(),
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'], environment: 'node', setupFiles: [DATA_KEY_SETUP] } },
      {
        test: {
          name: 'integration',
          globalSetup: ['tests/support/global-setup.ts'],
          setupFiles: [DATA_KEY_SETUP],
          include: ['tests/integration/**/*.test.{ts,tsx}'],
          // Each file opens its own database and clock, so the workers may keep the modules they
          // imported: a file then costs its tests, not 2 s of imports (a third of the suite's time).
          isolate: false,
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'http',
          globalSetup: ['tests/support/global-setup.ts'],
          setupFiles: [DATA_KEY_SETUP],
          include: ['tests/http/**/*.test.{ts,tsx}'],
          isolate: false, // as above
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          globalSetup: ['tests/support/global-setup.ts'],
          setupFiles: [DATA_KEY_SETUP],
          include: ['tests/e2e/**/*.test.{ts,tsx}'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false, // one Chromium at a time on a 2-core machine
        },
      },
    ],
  },
});
