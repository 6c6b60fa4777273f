import { defineConfig } from 'vitest/config';

// Two projects: `unit` (fast, always run by `npm test`) and `claims`
// (seed-parametrised claim specs, run with `npx vitest run --project claims`).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['specs/**/*.test.ts'],
          exclude: ['specs/claims/**'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'claims',
          include: ['specs/claims/**/*.spec.ts'],
          // one file; its beforeAll runs the (cached) seed sweep with its own worker processes
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 24 * 3600_000,
        },
      },
    ],
  },
});
