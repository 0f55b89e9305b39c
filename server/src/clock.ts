/**
 * The one source of "now" and "today" for domain decisions (reporting periods open and fall due,
 * reports are late, qualifications expire). Injected through the request context so that tests can
 * move time (`fixedClock('2021-04-11')`); never call `new Date()` for a domain decision.
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock standing at `at` that a test can move.
 * @example const clock = fixedClock('2021-04-11T09:00:00+08:00'); clock.set('2021-05-01');
 */
export function fixedClock(at: string | Date): Clock & { set(at: string | Date): void } {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    set(next) {
      current = new Date(next);
    },
  };
}

/** Chongqing's calendar date (UTC+8, no daylight saving) of an instant, as YYYY-MM-DD. */
export function localDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Today's date in Chongqing by `clock`. */
export function today(clock: Clock): string {
  return localDate(clock.now());
}
