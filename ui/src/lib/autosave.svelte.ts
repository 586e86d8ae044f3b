// A form that keeps itself: what the person types is kept in the core a moment after they
// stop, and at once when the form goes (another tab of the page, another page) or the
// window is hidden or closed (their own scratch, not a version of the document); offered
// back when the form is opened again, and dropped once the form is saved for real. While
// something typed is not saved, leaving the page asks first.
//
// What the core has not confirmed (the Office's server cannot be reached, the session
// ended) also stays on this workstation (`unsaved-copy.ts`), unless it is secret, and is
// offered back the same way: a window closed while offline loses nothing either.
import type { Clearance } from './api/bindings';
import { api, ApiFailure } from './api/client';
import { guardLeaving } from './router.svelte';
import { coreNowMs } from './today.svelte';
import { session } from './session.svelte';
import { placeKey } from './connection.svelte';
import { copyKey, latest, unsavedCopies, type UnsavedCopy } from './unsaved-copy';

const DELAY_MS = 1500;

// What a form sent to be kept and the core has not yet confirmed: a form opened again at
// once (a tab of the same page) finds it here rather than asking the core before the
// core has it.
const sending = new Map<string, { content: unknown; savedAt: string }>();

export class Autosave<T> {
  /** Kept work found when the form opened, offered to the person. */
  offer = $state<{ content: T; savedAt: string } | null>(null);
  /** When the work was last kept (shown as "kept at 17:42"). */
  keptAt = $state<string | null>(null);
  dirty = $state(false);
  private baseline = '';
  /** Counts real saves and drops: a keep sent before one is undone after it. */
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private form: string;
  private snapshot: () => T | null;
  private secrecy: () => Clearance;
  /** The person answered the offer (or saved): a late answer of the core offers nothing. */
  private answered = false;

  /** Call from a component: `snapshot` gives the form's fields (null while loading). */
  constructor(form: string, snapshot: () => T | null, secrecy: () => Clearance) {
    this.form = form;
    this.snapshot = snapshot;
    this.secrecy = secrecy;
    const unconfirmed = sending.get(form);
    if (unconfirmed) this.offer = { content: unconfirmed.content as T, savedAt: unconfirmed.savedAt };
    else {
      // Kept here and not confirmed by the core: offered at once, even offline; the
      // core's own copy replaces it if it is newer (typed later on another workstation).
      const key = this.copyKey(form);
      const here = key ? unsavedCopies.get<T>(key) : null;
      if (here) this.offer = here;
      api.call('autosave_get', { form }).then((kept) => {
        if (this.answered || !kept) return;
        this.offer = latest(this.offer, { content: kept.content as T, savedAt: kept.savedAt });
      }).catch(() => {});
    }
    guardLeaving(() => this.dirty, true);
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
    // Whatever was typed in the last moment is kept at once when the form goes (another
    // tab of the page, another page) or the window is hidden or closed.
    $effect(() => {
      const hidden = () => {
        if (document.visibilityState === 'hidden') this.flush();
      };
      const gone = () => this.flush();
      document.addEventListener('visibilitychange', hidden);
      window.addEventListener('pagehide', gone);
      return () => {
        document.removeEventListener('visibilitychange', hidden);
        window.removeEventListener('pagehide', gone);
        this.flush();
      };
    });
  }

  /** Keep now what is typed and not yet kept. */
  flush() {
    clearTimeout(this.timer);
    const now = this.snapshot();
    if (this.dirty && now !== null) void this.keep(now);
  }

  /** Where this form's copy for the person logged in is kept here; null when nobody is. */
  private copyKey(form = this.form): string | null {
    const user = session.me?.user.id;
    return user === undefined ? null : copyKey(placeKey(), user, form);
  }

  private async keep(content: T) {
    if (!this.dirty) return;
    const form = this.form;
    const generation = this.generation;
    const secrecy = this.secrecy();
    const sent: UnsavedCopy<T> = { content, savedAt: new Date(coreNowMs()).toISOString() };
    sending.set(form, sent);
    // A copy stays on this workstation only when the core cannot take it (unreachable, or
    // the session ended while the person typed), only in the desktop app, and never a
    // secret form's (an earlier plain copy of it goes).
    const key = placeKey() ? this.copyKey(form) : null;
    if (key !== null && secrecy !== 'none') unsavedCopies.remove(key);
    let failure: unknown = null;
    const kept = await api.call('autosave_put', { form, content, secrecy }).catch((e) => {
      failure = e;
      return null;
    });
    if (sending.get(form) === sent) sending.delete(form);
    // Saved for real (or dropped) while this was on its way: it must not outlive that.
    if (generation !== this.generation) await api.call('autosave_discard', { form }).catch(() => {});
    else if (kept) {
      this.keptAt = kept.savedAt;
      if (key !== null) unsavedCopies.remove(key);
    } else if (
      key !== null &&
      secrecy === 'none' &&
      failure instanceof ApiFailure &&
      (failure.code.startsWith('transport.') || failure.code.startsWith('auth.')) &&
      unsavedCopies.put(key, sent)
    ) {
      this.keptAt = sent.savedAt;
    }
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
    this.answered = true;
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
    this.generation += 1;
    this.answered = true;
    this.offer = null;
    sending.delete(this.form);
    this.dropCopy();
    await api.call('autosave_discard', { form: this.form }).catch(() => {});
  }

  /** The form was saved for real: nothing is pending any more (call `settle` again if
   *  the form then shows what the core saved). */
  async saved() {
    this.generation += 1;
    clearTimeout(this.timer);
    this.settle();
    this.answered = true;
    this.offer = null;
    this.keptAt = null;
    sending.delete(this.form);
    this.dropCopy();
    await api.call('autosave_discard', { form: this.form }).catch(() => {});
  }

  private dropCopy() {
    const key = this.copyKey();
    if (key !== null) unsavedCopies.remove(key);
  }
}
