import { describe, expect, it } from 'vitest';
import { kindBadge, stateBadge, statusKey } from './axis';
import { translate } from '../../lib/i18n/index.svelte';

const row = (kind: 'document' | 'status' | 'unreadable', business = 0, statusCode = '') => ({ kind, business, statusCode });
const said = (badge: ReturnType<typeof kindBadge>) => (badge ? translate('vi', badge.key, badge.params) : null);

describe('what a message is', () => {
  it.each([
    [row('document', 0), 'Mới'],
    [row('document', 1), 'Thu hồi'],
    [row('document', 2), 'Cập nhật'],
    [row('document', 3), 'Thay thế'],
    // A business code the standard may add later is still shown, with its number.
    [row('document', 7), 'Nghiệp vụ 7'],
    [row('status', 0, '03'), 'Trạng thái 03'],
    // Its state already says it cannot be read.
    [row('unreadable'), null],
  ])('%o is %s', (message, expected) => {
    expect(said(kindBadge(message))).toBe(expected);
  });
});

describe('where a message stands', () => {
  it('is named in both languages', () => {
    expect(translate('vi', stateBadge('waiting').key)).toBe('Chờ xử lý');
    expect(translate('en', stateBadge('recorded').key)).toBe('Recorded');
  });
});

describe('a status code', () => {
  it('is named by the standard whether written 3 or 03', () => {
    expect(translate('vi', statusKey('3')!)).toBe('Đã tiếp nhận, vào sổ');
    expect(translate('en', statusKey('03')!)).toBe('Registered');
  });

  it('that is not known is left to the words that came with it', () => {
    expect(statusKey('09')).toBeNull();
    expect(statusKey('')).toBeNull();
    expect(statusKey('x')).toBeNull();
  });
});
