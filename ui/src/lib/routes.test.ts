import { describe, expect, it } from 'vitest';
import type { Action } from './api/bindings';
import { resolve } from './routes';

const clerk: Action[] = ['incoming_view', 'incoming_register', 'outgoing_view', 'agency_manage', 'directory_view'];
const specialist: Action[] = ['incoming_view', 'outgoing_view', 'outgoing_draft', 'direction_view', 'meeting_view', 'schedule_view'];
const can = (actions: Action[]) => (action: Action) => actions.includes(action);

// What each address shows, for whom: the route's path (`refused:` an area's refusal).
const TABLE: Array<[string, Action[], string, number?]> = [
  ['/', clerk, '/'],
  ['/incoming', clerk, '/incoming'],
  ['/incoming/new', clerk, '/incoming/new'],
  ['/incoming/new', specialist, 'refused:incoming'],
  ['/incoming/42', specialist, '/incoming/:id', 42],
  ['/incoming/42x', specialist, 'refused:incoming'],
  ['/incoming/axis', clerk, '/incoming/axis'],
  ['/incoming/axis/5', clerk, '/incoming/axis/:id', 5],
  ['/incoming/axis', specialist, 'refused:incoming'],
  ['/incoming/axis/5', specialist, 'refused:incoming'],
  ['/incoming/axis/x', clerk, 'refused:incoming'],
  ['/outgoing/new/whatever', specialist, '/outgoing/new'],
  ['/outgoing/7/edit', specialist, '/outgoing/:id/edit', 7],
  ['/outgoing/7', clerk, '/outgoing/:id', 7],
  ['/directions/stats', specialist, '/directions/stats'],
  ['/directions/9', specialist, '/directions/:id', 9],
  ['/directions/9/edit', specialist, '/directions'],
  ['/directions', clerk, 'refused:directions'],
  ['/meetings/3', specialist, '/meetings/:id', 3],
  ['/meetings/new', specialist, 'refused:meetings'],
  ['/schedule/programme', specialist, '/schedule/programme'],
  ['/reports', specialist, 'refused:reports'],
  ['/admin/agencies', clerk, '/admin/agencies'],
  ['/admin/users', clerk, '/'],
  ['/calendar/2027', clerk, '/calendar'],
  ['/alerts', clerk, '/alerts'],
  ['/nowhere', clerk, '/'],
  // Where this workstation's data is: a page of the desktop app only.
  ['/connection', clerk, '/'],
];

describe('an address becomes a page', () => {
  it.each(TABLE)('%s for %#', (path, actions, expected, id) => {
    const shown = resolve(path, can(actions));
    if ('refused' in shown) {
      expect(`refused:${shown.refused.key}`).toBe(expected);
    } else {
      expect(shown.route.path).toBe(expected);
      if (id !== undefined) expect(shown.id).toBe(id);
    }
  });
});

describe('pages of the desktop app', () => {
  it('are found in the desktop app, for anyone logged in', () => {
    const shown = resolve('/connection', can([]), true);
    expect('route' in shown && shown.route.path).toBe('/connection');
  });

  it('are not found in a browser', () => {
    const shown = resolve('/connection', can(clerk), false);
    expect('route' in shown && shown.route.path).toBe('/');
  });
});
