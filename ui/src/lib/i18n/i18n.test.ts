import { describe, expect, it } from 'vitest';
import { vi } from './vi';
import { en } from './en';
import { translate } from './index.svelte';

describe('message catalogues', () => {
  it('have the same keys in both languages', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
  });

  it('have no empty texts', () => {
    for (const [key, text] of [...Object.entries(vi), ...Object.entries(en)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(vi) as Array<keyof typeof vi>) {
      expect(placeholders(en[key]), key).toEqual(placeholders(vi[key]));
    }
  });

  it('are composed Unicode (NFC), as the core stores text', () => {
    for (const text of Object.values(vi)) expect(text).toBe(text.normalize('NFC'));
  });
});

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('vi', 'dashboard.greeting', { name: 'Trần Thị Mai' })).toBe('Xin chào, Trần Thị Mai');
    expect(translate('en', 'users.count', { n: 43 })).toBe('43 users');
  });

  it('leaves unknown placeholders visible rather than blank', () => {
    expect(translate('vi', 'dashboard.greeting')).toBe('Xin chào, {name}');
  });
});
