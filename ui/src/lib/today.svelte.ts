// What today is, as the core's clock says (Vietnam time): the one source of business
// dates in the UI — the dashboard's day, default periods, the date pickers' "today". The
// browser's own clock is never asked: a workstation set to the wrong day, or a test
// server whose clock stands in another year, must not shift what a page shows.
import type { Today } from './api/bindings';
import { api } from './api/client';

const REFRESH_MS = 60_000;

const state = $state<{ value: Today | null }>({ value: null });

/** The core's today; available once `loadToday` has resolved (the app waits for it). */
export function today(): Today {
  if (!state.value) throw new Error('today() before loadToday()');
  return state.value;
}

/** Ask the core what today is, and keep asking every minute so that a page left open
 * overnight moves on to the next day. */
export async function loadToday(): Promise<void> {
  state.value = await api.call('clock_get', null);
  setInterval(() => {
    api.call('clock_get', null).then((value) => (state.value = value)).catch(() => {});
  }, REFRESH_MS);
}
