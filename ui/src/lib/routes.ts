// Every page of the shell in one table, first match wins: its address, the permission it
// needs (the same action the core checks; the core refuses anyway), the page, loaded
// when first visited, and what it takes from the address. `resolve` is the one place an
// address becomes a page.
import type { Component } from 'svelte';
import type { Action } from './api/bindings';
import { inTauri } from './api/client';
import { ADMIN_PAGES, AREAS, type Area } from './areas';

/** What an address gives a page: the number in it (`/incoming/12`) and its query. */
export interface Params {
  id: number;
  query: URLSearchParams;
  path: string;
}

type Page = () => Promise<{ default: Component<any> }>;

export interface Route {
  /** `/incoming/:id`, `/incoming/new`; with `prefix`, any address that begins with it. */
  path: string;
  prefix?: boolean;
  action?: Action;
  page: Page;
  props?: (p: Params) => Record<string, unknown>;
  /** The page is made afresh when this changes (a form for another document). */
  key?: (p: Params) => unknown;
  /** Only in the desktop app (where this workstation's data is). */
  desktop?: boolean;
}

const number = (query: URLSearchParams, name: string) => (query.get(name) ? Number(query.get(name)) : null);

export const ROUTES: Route[] = [
  { path: '/alerts', page: () => import('../pages/Alerts.svelte') },
  { path: '/incoming', action: 'incoming_view', page: () => import('../pages/incoming/Queue.svelte') },
  { path: '/incoming/new', action: 'incoming_register', page: () => import('../pages/incoming/RegisterForm.svelte') },
  { path: '/incoming/import', action: 'incoming_register', page: () => import('../pages/incoming/Import.svelte') },
  // The documents that came over the interconnection axis, waiting for the clerks.
  { path: '/incoming/axis', action: 'incoming_register', page: () => import('../pages/incoming/AxisInbox.svelte') },
  { path: '/incoming/axis/:id', action: 'incoming_register', page: () => import('../pages/incoming/AxisMessage.svelte'), props: ({ id }) => ({ id }), key: ({ id }) => id },
  { path: '/incoming/:id', action: 'incoming_view', page: () => import('../pages/incoming/Detail.svelte'), props: ({ id }) => ({ id }) },
  { path: '/outgoing', action: 'outgoing_view', page: () => import('../pages/outgoing/Queue.svelte') },
  {
    path: '/outgoing/new', prefix: true, action: 'outgoing_draft', page: () => import('../pages/outgoing/Editor.svelte'),
    key: ({ path }) => path,
    props: ({ query }) => ({
      type: query.get('type') ?? 'CV',
      reply: number(query, 'reply'),
      remind: query.get('remind') ? query.get('remind')!.split(',').map(Number).filter(Number.isFinite) : null,
      report: query.get('report')
        ? { year: Number(query.get('report')!.split('-')[0]), month: Number(query.get('report')!.split('-')[1]) }
        : null,
    }),
  },
  { path: '/outgoing/:id/edit', action: 'outgoing_view', page: () => import('../pages/outgoing/Editor.svelte'), props: ({ id }) => ({ id }), key: ({ id }) => id },
  { path: '/outgoing/:id', action: 'outgoing_view', page: () => import('../pages/outgoing/Detail.svelte'), props: ({ id }) => ({ id }) },
  { path: '/directions/stats', prefix: true, action: 'direction_view', page: () => import('../pages/directions/Stats.svelte') },
  {
    path: '/directions/new', prefix: true, action: 'direction_manage', page: () => import('../pages/directions/Form.svelte'),
    key: ({ path }) => path,
    props: ({ query }) => ({ incoming: number(query, 'incoming'), outgoing: number(query, 'outgoing') }),
  },
  { path: '/directions/:id/edit', action: 'direction_manage', page: () => import('../pages/directions/Form.svelte'), props: ({ id }) => ({ editing: id }), key: ({ id }) => id },
  { path: '/directions/:id', action: 'direction_view', page: () => import('../pages/directions/Detail.svelte'), props: ({ id }) => ({ id }), key: ({ id }) => id },
  { path: '/directions', prefix: true, action: 'direction_view', page: () => import('../pages/directions/Queue.svelte'), key: ({ path }) => path },
  {
    path: '/meetings/new', action: 'meeting_prepare', page: () => import('../pages/meetings/Form.svelte'),
    props: ({ query }) => ({ kind: query.get('kind') ?? 'regular' }),
  },
  { path: '/meetings/:id/edit', action: 'meeting_prepare', page: () => import('../pages/meetings/Form.svelte'), props: ({ id }) => ({ editing: id }), key: ({ id }) => id },
  { path: '/meetings/:id', action: 'meeting_view', page: () => import('../pages/meetings/Detail.svelte'), props: ({ id }) => ({ id }), key: ({ id }) => id },
  { path: '/meetings', action: 'meeting_view', page: () => import('../pages/meetings/Queue.svelte') },
  { path: '/schedule', action: 'schedule_view', page: () => import('../pages/schedule/Week.svelte') },
  { path: '/schedule/delegations', action: 'schedule_view', page: () => import('../pages/schedule/Delegations.svelte') },
  { path: '/schedule/programme', action: 'schedule_view', page: () => import('../pages/schedule/Programme.svelte') },
  { path: '/reports', action: 'report_view', page: () => import('../pages/reports/Reports.svelte') },
  { path: '/calendar', prefix: true, page: () => import('../pages/Calendar.svelte') },
  { path: '/connection', desktop: true, page: () => import('../pages/Connection.svelte') },
  ...ADMIN_PAGES.map((admin) => ({ path: admin.path, prefix: true, action: admin.action, page: admin.page })),
];

const DASHBOARD: Route = { path: '/', page: () => import('../pages/Dashboard.svelte') };

/** What the shell shows at `path`: the first route that matches and that the person may
 * use, with the number in the address (`NaN` without one); an area's address they may
 * not use says so (`refused`); anything else is the dashboard. The query is not read
 * here: a list writing its filters into the address keeps its page. Pages of the desktop
 * app alone are not found in a browser (`desktop`). */
export function resolve(
  path: string,
  can: (action: Action) => boolean,
  desktop: boolean = inTauri(),
): { route: Route; id: number } | { refused: Area } {
  for (const route of ROUTES) {
    const id = matches(route, path);
    if (id !== undefined && (!route.action || can(route.action)) && (!route.desktop || desktop)) return { route, id };
  }
  const area = AREAS.find((a) => path.startsWith(a.path));
  if (area) return { refused: area };
  return { route: DASHBOARD, id: NaN };
}

/** `NaN` when `path` matches a route without a number, the number when it has one,
 * `undefined` when it does not match. */
function matches(route: Route, path: string): number | undefined {
  if (!route.path.includes(':id')) {
    return path === route.path || (route.prefix && path.startsWith(route.path)) ? NaN : undefined;
  }
  const [before, after] = route.path.split(':id');
  if (!path.startsWith(before) || !path.endsWith(after)) return undefined;
  const digits = path.slice(before.length, path.length - after.length);
  return /^\d+$/.test(digits) ? Number(digits) : undefined;
}
