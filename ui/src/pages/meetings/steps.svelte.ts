// A step taken on a meeting from one of its screens: the command answers with the
// meeting as it is now, which the screen shows — or with a paper printed from it, which
// the screen saves (`new Steps<FileContent>(saveFile)`); a failure, the saving's too, is
// kept with the place it came from (`at`), so it shows next to the button that was pressed.
import type { MeetingDetail } from '../../lib/api/bindings';
import { Pending } from '../../lib/pending.svelte';

export class Steps<T = MeetingDetail> {
  readonly #pending = new Pending();
  at = $state('');

  constructor(private readonly onchange: (answer: T) => unknown) {}

  get error(): unknown {
    return this.#pending.error;
  }

  get busy(): boolean {
    return this.#pending.busy;
  }

  /** Run `call` for the place `at`; true when it went through. */
  async run(at: string | number, call: () => Promise<T>): Promise<boolean> {
    this.at = String(at);
    await this.#pending.run(async () => this.onchange(await call()));
    return this.#pending.error === null;
  }

  /** The failure of the step last tried at `at`, if it failed. */
  failed(at: string | number): unknown {
    return this.error && this.at === String(at) ? this.error : null;
  }
}
