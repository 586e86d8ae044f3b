// The UI takes no business date from the browser's clock: "today" comes from the core
// (`lib/today.svelte.ts`). A page that reads `new Date()` or `Date.now()` would show the
// workstation's day, not the Office's, and a test on another day would see other data.
import { describe, expect, it } from 'vitest';

const files = import.meta.glob(['../**/*.ts', '../**/*.svelte', '!../**/*.test.ts'], {
  query: '?raw', import: 'default', eager: true,
}) as Record<string, string>;

describe('business dates', () => {
  it('are never read from the browser clock', () => {
    expect(Object.keys(files).length).toBeGreaterThan(50);
    const offenders = Object.entries(files)
      .filter(([, text]) => /new Date\(\s*\)|Date\.now\(/.test(text))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });
});
