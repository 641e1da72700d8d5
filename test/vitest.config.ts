// One vitest run, three projects. `node test/run-tests.mjs` (npm test) runs them all and counts.
//  - unit: pure logic, no I/O.
//  - integration: real database and services, no browser.
//  - e2e: real Chromium, real server, real mediasoup. One browser and one server are shared,
//    started in global-setup.ts; files run one at a time because 2 cores is all we have.
// Unit and integration run first (groupOrder 0), e2e after them (groupOrder 1). No retries anywhere:
// a flaky test is a bug to fix, not to hide.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  test: {
    root,
    retry: 0,
    projects: [
      {
        test: {
          name: 'unit',
          root,
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          retry: 0,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          root,
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
          retry: 0,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'e2e',
          root,
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          fileParallelism: false,
          maxWorkers: 1,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          retry: 0,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
