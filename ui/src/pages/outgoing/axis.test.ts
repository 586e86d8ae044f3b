import { describe, expect, it } from 'vitest';
import { deliveryBadge, recipientAgencies, sentBefore, unsendable } from './axis';
import { translate } from '../../lib/i18n/index.svelte';

const said = (lang: 'vi' | 'en', left: boolean, statusCode = '') => {
  const badge = deliveryBadge({ left, statusCode });
  return translate(lang, badge.key, badge.params);
};

describe('the recipients offered', () => {
  it('are the directory agencies among the "Nơi nhận" lines, each once, in order', () => {
    const lines = [
      { agencyId: null }, // "Như trên"
      { agencyId: 28 },
      { agencyId: null }, // a unit of the Office, or "Lưu: VT, KT."
      { agencyId: 24 },
      { agencyId: 28 },
    ];
    expect(recipientAgencies(lines)).toEqual([28, 24]);
    expect(recipientAgencies([])).toEqual([]);
  });

  it('can be sent to only with an identification code, while active', () => {
    expect(unsendable({ code: '000.00.03.H41', active: true })).toBeNull();
    expect(unsendable({ code: null, active: true })).toBe('noCode');
    expect(unsendable({ code: '  ', active: true })).toBe('noCode');
    expect(unsendable({ code: '000.00.03.H41', active: false })).toBe('inactive');
  });

  it('say when the document last went to them', () => {
    const deliveries = [
      { toCode: '000.00.03.H41', sentAt: '2026-12-01T02:00:00Z' },
      { toCode: '000.00.07.H41', sentAt: '2026-12-01T03:00:00Z' },
      { toCode: '000.00.03.H41', sentAt: '2026-12-02T01:00:00Z' },
    ];
    expect(sentBefore(deliveries, '000.00.03.H41')).toBe('2026-12-02T01:00:00Z');
    expect(sentBefore(deliveries, '000.00.10.H41')).toBeNull();
    expect(sentBefore(deliveries, null)).toBeNull();
  });
});

describe('a delivery', () => {
  it('waits for the gateway, then waits for an answer', () => {
    expect(said('vi', false)).toBe('đang chờ chuyển');
    expect(said('en', false)).toBe('waiting to be sent');
    expect(said('vi', true)).toBe('Đã chuyển lên trục, chờ phản hồi');
  });

  it('shows the last status in words, whether written 3 or 03', () => {
    expect(said('vi', true, '03')).toBe('Đã tiếp nhận, vào sổ');
    expect(said('en', true, '3')).toBe('Registered');
    expect(said('vi', true, '02')).toBe('Từ chối tiếp nhận');
    expect(deliveryBadge({ left: true, statusCode: '02' }).tone).toBe('axis-refused');
    expect(deliveryBadge({ left: true, statusCode: '06' }).tone).toBe('ok');
  });

  it('names a code not known by its number', () => {
    expect(said('vi', true, '09')).toBe('Trạng thái 09');
    expect(deliveryBadge({ left: true, statusCode: '09' }).tone).toBe('warn');
  });
});
