// What today is, as the core's clock says (Vietnam time): the one source of business
// dates in the UI — the dashboard's day, default periods, the date pickers' "today". The
// browser's own clock is never asked: a workstation set to the wrong day, or a test
// server whose clock stands in another year, must not shift what a page shows.
import type { Today } from './api/bindings';
import { api } from './api/client';

const REFRESH_MS = 60_000;

const state = $state<{ value: Today | null; offsetMs: number }>({ value: null, offsetMs: 0 });

function keep(value: Today): void {
  state.value = value;
  // The core's instant against this page's monotonic clock, for timers that count
  // seconds from an instant the core gave (a speaker's time). The workstation's own
  // date and time are never read.
  state.offsetMs = Date.parse(value.now) - performance.now();
}

/** The core's clock now, in milliseconds, for a running timer. */
export function coreNowMs(): number {
  return performance.now() + state.offsetMs;
}

/** The core's today; available once `loadToday` has resolved (the app waits for it). */
export function today(): Today {
  if (!state.value) throw new Error('today() before loadToday()');
  return state.value;
}

let ticking = false;

/** Ask the core what today is, and keep asking every minute so that a page left open
 * overnight moves on to the next day. */
export async function loadToday(): Promise<void> {
  keep(await api.call('clock_get', null));
  // Asked again when the app starts over (the server answered after a cut): one clock.
  if (ticking) return;
  ticking = true;
  setInterval(() => {
    api.call('clock_get', null).then(keep).catch(() => {});
  }, REFRESH_MS);
}
