// Hash routes (#/admin/users?x=1): work the same in the desktop app and on the office
// server. `path` is the page, `query` what the page was opened with (a list's filters,
// sort and page, kept in the address so reload, "back to the list" and a shared link
// come back to the same list).
import { untrack } from 'svelte';

// `visit` counts navigations: a page keyed on it starts afresh when a link is followed,
// even to the same page with other filters.
export const route = $state<{ path: string; query: string; visit: number }>({ ...split(currentHash()), visit: 0 });

function currentHash(): string {
  if (typeof location === 'undefined') return '/';
  return location.hash.replace(/^#/, '') || '/';
}

function split(hash: string): { path: string; query: string } {
  const at = hash.indexOf('?');
  return at < 0 ? { path: hash, query: '' } : { path: hash.slice(0, at), query: hash.slice(at + 1) };
}

// A page with unsaved input registers a guard; leaving it then asks first. A guard of a
// form that keeps itself (`kept`: the autosave) tells the question that what was typed
// will be there on return, not lost.
type Guard = () => boolean;
const guards = new Map<Guard, boolean>();
export const leaving = $state<{ to: string | null; kept: boolean }>({ to: null, kept: false });
let allowed: string | null = null;

function unsaved(): boolean {
  return [...guards.keys()].some((dirty) => dirty());
}

function allKept(): boolean {
  return [...guards].every(([dirty, kept]) => kept || !dirty());
}

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', (event) => {
    const target = currentHash();
    // Once the person chose to leave (`proceed`), what the page held is given up: a
    // second change of page that comes before the first is handled does not ask again.
    if (allowed === null && unsaved()) {
      // Put the page back and ask; the answer either goes on (`proceed`) or stays.
      history.replaceState(history.state, '', new URL(event.oldURL).hash || '#/');
      leaving.kept = allKept();
      leaving.to = target;
      return;
    }
    allowed = null;
    Object.assign(route, split(target));
    route.visit += 1;
  });
  window.addEventListener('beforeunload', (event) => {
    if (unsaved()) event.preventDefault();
  });
}

export function navigate(path: string): void {
  location.hash = path;
}

/// Leave for the page the person asked for, dropping what was not saved.
export function proceed(): void {
  const to = leaving.to;
  leaving.to = null;
  if (to === null) return;
  allowed = to;
  location.hash = to;
}

export function stay(): void {
  leaving.to = null;
}

/// While the calling component lives, leaving asks when `dirty()` says so; `kept` when
/// what is typed keeps itself and comes back on return.
export function guardLeaving(dirty: Guard, kept = false): void {
  $effect(() => {
    guards.set(dirty, kept);
    return () => {
      guards.delete(dirty);
    };
  });
}

type Value = string | number | boolean | null;
const lastQuery = new Map<string, string>();

/// Where "back to the list" goes: the list as the person left it.
export function listHref(path: string): string {
  const query = lastQuery.get(path);
  return `#${path}${query ? `?${query}` : ''}`;
}

export function encode<T extends Record<string, Value>>(values: T, defaults: T): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === defaults[key] || value === null || value === '') continue;
    params.set(key, String(value));
  }
  return params.toString();
}

export function decode<T extends Record<string, Value>>(query: string, defaults: T): T {
  const params = new URLSearchParams(query);
  const out: Record<string, Value> = { ...defaults };
  for (const [key, fallback] of Object.entries(defaults)) {
    const raw = params.get(key);
    if (raw === null) continue;
    if (typeof fallback === 'number') out[key] = Number.isFinite(Number(raw)) ? Number(raw) : fallback;
    else if (typeof fallback === 'boolean') out[key] = raw === 'true' || raw === '1';
    else if (fallback === null && /^\d+$/.test(raw)) out[key] = Number(raw);
    else out[key] = raw;
  }
  return out as T;
}

/// A list's state (filters, sort, page) read from the address and written back to it as
/// it changes, without adding a history entry per keystroke. Call from a component.
export function listState<T extends Record<string, Value>>(defaults: T): T {
  const path = route.path;
  const state = $state(decode(route.query, defaults));
  $effect(() => {
    const query = encode(state, defaults);
    untrack(() => {
      lastQuery.set(path, query);
      if (route.path !== path) return;
      const hash = `#${path}${query ? `?${query}` : ''}`;
      if (location.hash !== hash) history.replaceState(history.state, '', hash);
      route.query = query;
    });
  });
  return state;
}
