import { describe, expect, it } from 'vitest';
import { formatRuns, parseRuns, toggleMark } from './runs';

describe('runs', () => {
  it('reads bold and italic marks into runs', () => {
    expect(parseRuns('Giao **Sở Tài chính** chủ trì, _khẩn trương_ thực hiện')).toEqual([
      { text: 'Giao ', bold: false, italic: false },
      { text: 'Sở Tài chính', bold: true, italic: false },
      { text: ' chủ trì, ', bold: false, italic: false },
      { text: 'khẩn trương', bold: false, italic: true },
      { text: ' thực hiện', bold: false, italic: false },
    ]);
  });

  it('keeps an unclosed mark as text', () => {
    expect(parseRuns('tên_tệp và 2**3')).toEqual([{ text: 'tên_tệp và 2**3', bold: false, italic: false }]);
  });

  it('round-trips through the editor text', () => {
    const text = 'Điều 1. **Phê duyệt** kế hoạch _(kèm theo phụ lục)_.';
    expect(formatRuns(parseRuns(text))).toBe(text);
  });

  it('toggles a mark around the selection', () => {
    expect(toggleMark('giao sở chủ trì', 5, 7, '**')).toBe('giao **sở** chủ trì');
    expect(toggleMark('giao **sở** chủ trì', 7, 9, '**')).toBe('giao sở chủ trì');
  });
});
