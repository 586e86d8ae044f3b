// What the window title names besides the page: the document open on it.
export const pageTitle = $state<{ item: string }>({ item: '' });

/// While the calling component lives, the title names `item()` (e.g. "15/UBND-KT").
export function titled(item: () => string): void {
  $effect(() => {
    pageTitle.item = item();
    return () => {
      pageTitle.item = '';
    };
  });
}
