// The latest unsaved copy of a form, kept on this workstation too: the core keeps what a
// person types (autosave), but while the Office's server cannot be reached nothing gets
// there, and a window closed meanwhile would lose it. The copy is written before each
// keep is sent and removed once the core has it, so what stays here is exactly what the
// core has not confirmed. One copy per place (server or this computer), person and form;
// only what is not secret (see `Autosave`): a secret draft never lands on the disk here.

export interface UnsavedCopy<T = unknown> {
  content: T;
  /** When it was typed, ISO 8601 (the core's clock). */
  savedAt: string;
}

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

const PREFIX = 'vanphong.unsaved:';

/** Copies kept at most (oldest go first): nobody writes twenty things at once offline,
 * and the browser's storage for the page is a few megabytes. */
export const MAX_COPIES = 20;

/** The storage key of one form's copy: the place its data is, the person, the form. */
export function copyKey(place: string, userId: number, form: string): string {
  return `${PREFIX}${JSON.stringify([place, userId, form])}`;
}

function browserStore(): Store | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export class UnsavedCopies {
  constructor(private store: () => Store | null = browserStore) {}

  get<T>(key: string): UnsavedCopy<T> | null {
    const store = this.store();
    const text = store?.getItem(key);
    if (!text) return null;
    try {
      const copy = JSON.parse(text) as UnsavedCopy<T>;
      if (copy && typeof copy.savedAt === 'string' && 'content' in copy) return copy;
    } catch {
      // Not ours or damaged: dropped below.
    }
    store?.removeItem(key);
    return null;
  }

  /** Keep `copy`; false when the storage refused it (full, or none in this window). */
  put(key: string, copy: UnsavedCopy): boolean {
    const store = this.store();
    if (!store) return false;
    const text = JSON.stringify(copy);
    // Full: the oldest other copies make room for the newest, one by one.
    for (let others = this.keys(store).filter((k) => k !== key).length; ; others--) {
      try {
        store.setItem(key, text);
        break;
      } catch {
        if (others <= 0) return false;
        this.prune(store, others - 1, key);
      }
    }
    this.prune(store, MAX_COPIES);
    return true;
  }

  /** Remove the copy at `key`, if it is still `copy` (a later keep may have replaced it). */
  remove(key: string, copy?: UnsavedCopy): void {
    const store = this.store();
    if (!store) return;
    if (copy && this.get(key)?.savedAt !== copy.savedAt) return;
    store.removeItem(key);
  }

  private keys(store: Store): string[] {
    const keys: string[] = [];
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      if (key?.startsWith(PREFIX)) keys.push(key);
    }
    return keys;
  }

  /** Keep the `keep` newest copies (besides `spared`'s). */
  private prune(store: Store, keep: number, spared?: string): void {
    const keys = this.keys(store).filter((key) => key !== spared);
    if (keys.length <= keep) return;
    const copies = keys.map((key) => ({ key, at: Date.parse(this.get(key)?.savedAt ?? '') || 0 }));
    copies.sort((a, b) => b.at - a.at);
    for (const old of copies.slice(keep)) store.removeItem(old.key);
  }
}

/** Which of two kept copies to offer: the one typed last. */
export function latest<T>(a: UnsavedCopy<T> | null, b: UnsavedCopy<T> | null): UnsavedCopy<T> | null {
  if (!a || !b) return a ?? b;
  return Date.parse(b.savedAt) > Date.parse(a.savedAt) ? b : a;
}

export const unsavedCopies = new UnsavedCopies();
