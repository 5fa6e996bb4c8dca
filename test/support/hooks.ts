import { startHarness, stopHarness } from './harness';

/** Mocha root hooks: one server for the whole run. */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    await startHarness();
  },
  async afterAll() {
    await stopHarness();
  },
};
