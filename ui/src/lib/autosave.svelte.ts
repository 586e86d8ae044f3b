// A form that keeps itself: what the person types is kept in the core a moment after they
// stop (their own scratch, not a version of the document), offered back when the form is
// opened again, and dropped once the form is saved for real. While something typed is
// not saved, leaving the page asks first.
import type { Clearance } from './api/bindings';
import { api } from './api/client';
import { guardLeaving } from './router.svelte';

const DELAY_MS = 1500;

export class Autosave<T> {
  /** Kept work found when the form opened, offered to the person. */
  offer = $state<{ content: T; savedAt: string } | null>(null);
  /** When the work was last kept (shown as "kept at 17:42"). */
  keptAt = $state<string | null>(null);
  dirty = $state(false);
  private baseline = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private form: string;
  private snapshot: () => T | null;
  private secrecy: () => Clearance;

  /** Call from a component: `snapshot` gives the form's fields (null while loading). */
  constructor(form: string, snapshot: () => T | null, secrecy: () => Clearance) {
    this.form = form;
    this.snapshot = snapshot;
    this.secrecy = secrecy;
    api.call('autosave_get', { form }).then((kept) => {
      if (kept) this.offer = { content: kept.content as T, savedAt: kept.savedAt };
    }).catch(() => {});
    guardLeaving(() => this.dirty);
    $effect(() => {
      const now = this.snapshot();
      if (now === null) return;
      const text = JSON.stringify(now);
      if (!this.baseline) {
        this.baseline = text;
        return;
      }
      this.dirty = text !== this.baseline;
      clearTimeout(this.timer);
      if (this.dirty) this.timer = setTimeout(() => this.keep(now), DELAY_MS);
    });
    $effect(() => () => clearTimeout(this.timer));
  }

  private async keep(content: T) {
    if (!this.dirty) return;
    const kept = await api.call('autosave_put', { form: this.form, content, secrecy: this.secrecy() }).catch(() => null);
    if (kept) this.keptAt = kept.savedAt;
  }

  /** The form now holds what was loaded (or restored): changes count from here. */
  settle() {
    const now = this.snapshot();
    this.baseline = now === null ? '' : JSON.stringify(now);
    this.dirty = false;
  }

  /** Take the kept work back into the form (`apply` fills the fields). */
  restore(apply: (content: T) => void | Promise<void>) {
    if (!this.offer) return;
    apply(this.offer.content);
    this.offer = null;
    // Still not saved for real: it stays dirty against what was loaded.
  }

  /** The form now edits another thing (a new draft, once created, is that draft). */
  rename(form: string) {
    this.form = form;
  }

  /** The person did not want the kept work. */
  async drop() {
    this.offer = null;
    await api.call('autosave_discard', { form: this.form }).catch(() => {});
  }

  /** The form was saved for real: nothing is pending any more (call `settle` again if
   *  the form then shows what the core saved). */
  async saved() {
    clearTimeout(this.timer);
    this.settle();
    this.offer = null;
    this.keptAt = null;
    await api.call('autosave_discard', { form: this.form }).catch(() => {});
  }
}
