// What waits for the person logged in — the inbox, drafts to review, directions near or
// past their deadline — as the core counts it. Shared by the sidebar and the dashboard;
// the shell refreshes it whenever the core reports a change.
import type { DirectionCounts, InboxCounts } from './api/bindings';
import { api } from './api/client';
import { can } from './session.svelte';

export const work = $state({
  incoming: { total: 0, urgent: 0, overdue: 0, dueSoon: 0 } as InboxCounts,
  outgoingWaiting: 0,
  directions: { mineOpen: 0, mineOverdue: 0, mineDueSoon: 0, extensionsWaiting: 0, givenOpen: 0, givenOverdue: 0 } as DirectionCounts,
});

export function refreshWork() {
  if (can('incoming_view')) api.call('incoming_inbox_counts', null).then((c) => (work.incoming = c)).catch(() => {});
  if (can('outgoing_view')) api.call('outgoing_counts_get', null).then((c) => (work.outgoingWaiting = c.waiting)).catch(() => {});
  if (can('direction_view')) api.call('direction_counts_get', null).then((c) => (work.directions = c)).catch(() => {});
}

/** Directions that need the person now: overdue, due soon, extensions to decide. */
export const directionsPressing = (c: DirectionCounts) => c.mineOverdue + c.mineDueSoon + c.extensionsWaiting;
