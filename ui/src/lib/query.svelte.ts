// One way to show what a reading command answers: its answer, whether it is loading, and
// its failure, never swallowed. It loads again on the events of the kinds of objects the
// command reads (declared by the command in the core, generated as COMMAND_READS) and
// when the event stream comes back after a break (it may have missed some). A failure keeps the
// last answer on screen beside the error, so a person is told, not shown an empty list.
import { untrack } from 'svelte';
import { COMMAND_READS, type CommandName, type DomainEvent } from './api/bindings';
import { api, follows, RESYNC, type Client, type Request, type Response } from './api/client';

export class Query<K extends CommandName> {
  data = $state<Response<K> | undefined>(undefined);
  error = $state<unknown>(null);
  loading = $state(false);
  #asked = 0;

  constructor(
    readonly command: K,
    readonly request: () => Request<K>,
    /** Which events change the answer: those of the kinds the command reads. */
    readonly refreshesOn: (event: DomainEvent) => boolean = (event) =>
      (COMMAND_READS[command] ?? []).some((kind) => follows(event, kind)),
    readonly client: Client = api,
  ) {}

  /** Ask now; an answer to an older question than the last one asked is dropped. */
  async load(): Promise<void> {
    const asked = ++this.#asked;
    const request = this.request();
    this.loading = true;
    try {
      const data = await this.client.call(this.command, request);
      if (asked !== this.#asked) return;
      this.data = data;
      this.error = null;
    } catch (e) {
      if (asked === this.#asked) this.error = e;
    } finally {
      if (asked === this.#asked) this.loading = false;
    }
  }

  /** Load, then keep the answer current; returns the function that stops (for `$effect`). */
  follow(): () => void {
    void this.load();
    return this.listen();
  }

  /** Keep the answer current without loading now (a page that loads on its own terms,
   * e.g. after a pause in typing); returns the function that stops. */
  listen(): () => void {
    return this.client.subscribe((event) => {
      if (event.action === RESYNC.action || this.refreshesOn(event)) void this.load();
    });
  }
}

/** A step's failure is about the answer it was tried on: `clear` runs whenever any of
 * `queries` has a fresh answer. Call it while a component is set up. */
export function clearOnAnswer(clear: () => void, ...queries: { data: unknown }[]): void {
  $effect(() => {
    for (const query of queries) void query.data;
    untrack(clear);
  });
}
