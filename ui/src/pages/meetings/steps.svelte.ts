// A step taken on a meeting from one of its screens: the command answers with the
// meeting as it is now, which the screen shows; a failure is kept with the place it came
// from (`at`), so it shows next to the button that was pressed.
import type { MeetingDetail } from '../../lib/api/bindings';

export class Steps {
  error = $state<unknown>(null);
  at = $state('');
  busy = $state(false);

  constructor(private readonly onchange: (detail: MeetingDetail) => void) {}

  /** Run `call` for the place `at`; true when it went through. */
  async run(at: string | number, call: () => Promise<MeetingDetail>): Promise<boolean> {
    this.busy = true;
    this.at = String(at);
    try {
      this.onchange(await call());
      this.error = null;
      return true;
    } catch (e) {
      this.error = e;
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** The failure of the step last tried at `at`, if it failed. */
  failed(at: string | number): unknown {
    return this.error && this.at === String(at) ? this.error : null;
  }
}
