// Editing one item of a list in a dialog: which item (or a new one) is open, and saving
// it with create or update. The admin screens share this instead of each keeping it.
import { Pending } from './pending.svelte';

export class Editor<T> {
  editing = $state<T | 'new' | null>(null);
  readonly save = new Pending();

  get isNew(): boolean {
    return this.editing === 'new';
  }

  open(item: T | 'new'): void {
    this.save.error = null;
    this.editing = item;
  }

  close(): void {
    this.editing = null;
  }

  /** Save with `create` or `update`; on success close the dialog and run `after`. */
  async submit(create: () => Promise<unknown>, update: (item: T) => Promise<unknown>, after: () => void): Promise<void> {
    const target = this.editing;
    if (target === null) return;
    const saved = await this.save.run(() => (target === 'new' ? create() : update(target)));
    if (saved !== undefined) {
      this.editing = null;
      after();
    }
  }
}
