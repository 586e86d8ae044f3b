// Files on their way up or down, for the progress bar every page shows (TransferBar).
import { untrack } from 'svelte';
export type Transfer = { id: number; name: string; direction: 'up' | 'down'; done: number; total: number };

export const transfers = $state<{ list: Transfer[] }>({ list: [] });
let next = 1;

/** Follow one transfer while `work` runs; `work` reports progress through its argument. */
export async function track<T>(
  name: string,
  direction: Transfer['direction'],
  total: number,
  work: (progress: (done: number, total: number) => void) => Promise<T>,
): Promise<T> {
  const entry: Transfer = { id: next++, name, direction, done: 0, total };
  // Untracked: a transfer started from an effect must not make that effect depend on it.
  const live = untrack(() => {
    transfers.list.push(entry);
    return transfers.list[transfers.list.length - 1];
  });
  try {
    return await work((done, all) => {
      live.done = done;
      live.total = all;
    });
  } finally {
    untrack(() => (transfers.list = transfers.list.filter((t) => t.id !== entry.id)));
  }
}
