// The state of one thing a person asked for: running, or failed with the core's error.
// Every form uses one, so none repeats the busy/error bookkeeping.
export class Pending {
  busy = $state(false);
  error = $state<unknown>(null);

  /** Run `work`; remember its failure instead of throwing. Returns its result, if any. */
  async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    this.busy = true;
    this.error = null;
    try {
      return await work();
    } catch (e) {
      this.error = e;
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
