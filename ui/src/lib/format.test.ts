import { describe, expect, it } from 'vitest';
import { formatDateTime, formatLongDate } from './format';

describe('Vietnam time', () => {
  it('shows UTC instants in UTC+7', () => {
    expect(formatDateTime('2026-11-20T01:05:00.000Z')).toBe('20/11/2026 08:05');
  });

  it('moves to the next day past 17:00 UTC', () => {
    expect(formatDateTime('2026-12-31T17:30:00Z')).toBe('01/01/2027 00:30');
  });

  it('writes the long date the Vietnamese way, with leading zeros', () => {
    expect(formatLongDate('2026-01-06T03:00:00Z', 'vi')).toBe('Thứ Ba, ngày 06 tháng 01 năm 2026');
    expect(formatLongDate('2026-11-20T03:00:00Z', 'en')).toBe('Friday, 20 November 2026');
  });
});

import { formatDay, utcToVietnamLocal, vietnamLocalToUtc } from './format';

describe('form values in Vietnam time', () => {
  it('reads a datetime-local value as UTC+7', () => {
    expect(vietnamLocalToUtc('2026-11-20T08:05')).toBe('2026-11-20T01:05:00.000Z');
    expect(vietnamLocalToUtc('2027-01-01T00:30')).toBe('2026-12-31T17:30:00.000Z');
  });

  it('round-trips', () => {
    expect(utcToVietnamLocal(vietnamLocalToUtc('2026-02-28T23:59'))).toBe('2026-02-28T23:59');
  });

  it('writes days day-first', () => {
    expect(formatDay('2026-11-27')).toBe('27/11/2026');
    expect(formatDay(null)).toBe('');
  });
});
