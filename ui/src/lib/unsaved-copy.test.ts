import { describe, expect, it } from 'vitest';
import { copyKey, latest, MAX_COPIES, UnsavedCopies } from './unsaved-copy';
import { MemoryStorage } from './memory-storage';


const at = (minute: number) => new Date(Date.UTC(2026, 11, 7, 8, minute)).toISOString();

describe('unsaved copies on this workstation', () => {
  it('are kept apart by place, person and form', () => {
    const keys = new Set([
      copyKey('https://vp.ubnd.local', 1, 'incoming-new'),
      copyKey('local', 1, 'incoming-new'),
      copyKey('https://vp.ubnd.local', 2, 'incoming-new'),
      copyKey('https://vp.ubnd.local', 1, 'outgoing-7'),
    ]);
    expect(keys.size).toBe(4);
  });

  it('give back what was put, and are removed only while still the same copy', () => {
    const store = new MemoryStorage();
    const here = new UnsavedCopies(() => store);
    const key = copyKey('local', 1, 'incoming-new');
    const first = { content: { summary: 'Về việc A' }, savedAt: at(1) };
    const second = { content: { summary: 'Về việc AB' }, savedAt: at(2) };
    expect(here.put(key, first)).toBe(true);
    expect(here.get(key)).toEqual(first);
    here.put(key, second);
    here.remove(key, first);
    expect(here.get(key)).toEqual(second);
    here.remove(key, second);
    expect(here.get(key)).toBeNull();
  });

  it('drop a damaged copy rather than offer it', () => {
    const store = new MemoryStorage();
    const key = copyKey('local', 1, 'x');
    store.setItem(key, '{not json');
    expect(new UnsavedCopies(() => store).get(key)).toBeNull();
    expect(store.getItem(key)).toBeNull();
  });

  it('keep the newest ones when there are too many', () => {
    const store = new MemoryStorage();
    const copies = new UnsavedCopies(() => store);
    for (let i = 0; i < MAX_COPIES + 5; i++) copies.put(copyKey('local', 1, `form-${i}`), { content: i, savedAt: at(i) });
    expect(store.length).toBe(MAX_COPIES);
    expect(copies.get(copyKey('local', 1, 'form-0'))).toBeNull();
    expect(copies.get(copyKey('local', 1, `form-${MAX_COPIES + 4}`))).not.toBeNull();
  });

  it('make room when the storage is full, and say when they could not', () => {
    const store = new MemoryStorage(4000);
    const copies = new UnsavedCopies(() => store);
    for (let i = 0; i < 12; i++) expect(copies.put(copyKey('local', 1, `f${i}`), { content: 'x'.repeat(300), savedAt: at(i) })).toBe(true);
    expect(copies.get(copyKey('local', 1, 'f11'))).not.toBeNull();
    expect(copies.put(copyKey('local', 1, 'huge'), { content: 'x'.repeat(5000), savedAt: at(30) })).toBe(false);
    expect(new UnsavedCopies(() => null).put('k', { content: 1, savedAt: at(1) })).toBe(false);
  });

  it('offer the one typed last', () => {
    const older = { content: 'a', savedAt: at(1) };
    const newer = { content: 'b', savedAt: at(2) };
    expect(latest(older, newer)).toBe(newer);
    expect(latest(newer, older)).toBe(newer);
    expect(latest(null, older)).toBe(older);
    expect(latest(older, null)).toBe(older);
  });
});
