import { describe, expect, it } from 'vitest';
import { decode, encode } from './router.svelte';

const defaults = { tab: 'inbox', search: '', registerId: null as number | null, overdue: false, offset: 0 };

describe('a list in the address', () => {
  it('writes only what differs from the defaults', () => {
    expect(encode({ ...defaults }, defaults)).toBe('');
    expect(encode({ ...defaults, tab: 'all', registerId: 3, overdue: true, offset: 50 }, defaults))
      .toBe('tab=all&registerId=3&overdue=true&offset=50');
  });

  it('reads back what it wrote, with the types of the defaults', () => {
    const state = { ...defaults, tab: 'all', search: 'ngân sách 2026', registerId: 3, overdue: true, offset: 100 };
    expect(decode(encode(state, defaults), defaults)).toEqual(state);
  });

  it('ignores what it does not know and keeps defaults for what is not a number', () => {
    expect(decode('offset=abc&evil=1&tab=all', defaults)).toEqual({ ...defaults, tab: 'all' });
  });
});
