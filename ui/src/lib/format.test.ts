import { describe, expect, it } from 'vitest';
import { addDays, addMonths, formatDateTime, formatLongDate, parseDay } from './format';

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

describe('days typed the Vietnamese way', () => {
  it('reads day/month/year with any usual separator, and ISO', () => {
    expect(parseDay('27/11/2026')).toBe('2026-11-27');
    expect(parseDay(' 7.1.2027 ')).toBe('2027-01-07');
    expect(parseDay('08-12-26')).toBe('2026-12-08');
    expect(parseDay('2026-11-27')).toBe('2026-11-27');
  });

  it('refuses what is not a real day, and month-first dates', () => {
    expect(parseDay('31/11/2026')).toBeNull();
    expect(parseDay('29/02/2026')).toBeNull();
    expect(parseDay('29/02/2028')).toBe('2028-02-29');
    expect(parseDay('11/27/2026')).toBeNull();
    expect(parseDay('27/11')).toBeNull();
    expect(parseDay('')).toBeNull();
  });

  it('shows back what it read', () => {
    expect(formatDay(parseDay('1/2/2027'))).toBe('01/02/2027');
  });
});

describe('calendar arithmetic on days the core gave', () => {
  it('moves days across months and years', () => {
    expect(addDays('2026-12-30', 7)).toBe('2027-01-06');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
  it('moves months across years', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12');
    expect(addMonths('2026-05', -17)).toBe('2024-12');
  });
});
