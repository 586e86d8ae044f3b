// What waits for the person logged in — the inbox, drafts to review, directions near or
// past their deadline — as the core counts it. Shared by the sidebar and the dashboard;
// the shell refreshes it whenever the core reports a change.
import type { DirectionCounts, InboxCounts } from './api/bindings';
import { api } from './api/client';
import { can } from './session.svelte';

export const work = $state({
  incoming: { total: 0, urgent: 0, overdue: 0, dueSoon: 0 } as InboxCounts,
    outgoingWaiting: 0,
  /** Documents from the interconnection axis waiting for a clerk. */
  axisWaiting: 0,
  directions: { mineOpen: 0, mineOverdue: 0, mineDueSoon: 0, extensionsWaiting: 0, givenOpen: 0, givenOverdue: 0 } as DirectionCounts,
  /** Why the counts could not be read the last time (they keep their last values). */
  error: null as unknown,
});

let asked = 0;

export async function refreshWork() {
  const round = ++asked;
  const reads: Promise<unknown>[] = [];
  if (can('incoming_view')) reads.push(api.call('incoming_inbox_counts', null).then((c) => (work.incoming = c)));
    if (can('incoming_register')) {
    const waiting = { state: 'waiting' as const, offset: 0, limit: 1 };
    reads.push(api.call('exchange_list', waiting).then((page) => (work.axisWaiting = page.waiting)));
  }
  if (can('outgoing_view')) reads.push(api.call('outgoing_counts_get', null).then((c) => (work.outgoingWaiting = c.waiting)));
  if (can('direction_view')) reads.push(api.call('direction_counts_get', null).then((c) => (work.directions = c)));
  const failed = (await Promise.allSettled(reads)).find((r) => r.status === 'rejected');
  if (round === asked) work.error = failed ? failed.reason : null;
}

/** Directions that need the person now: overdue, due soon, extensions to decide. */
export const directionsPressing = (c: DirectionCounts) => c.mineOverdue + c.mineDueSoon + c.extensionsWaiting;
