import { describe, expect, it } from 'vitest';
import { fold, foldedWords, matchesWords } from './fold';
import tableText from '../../../tests/fold-cases.tsv?raw';

// The table the core's fold is tested against too (src/fold.rs): input, a tab, the folded
// form; \t is a tab and \u{00A0} the character of that code.
function table(): [string, string][] {
  const unescape = (s: string) => s.replace(/\\t|\\u\{([0-9A-Fa-f]+)\}/g,
    (_escape, code?: string) => (code ? String.fromCodePoint(parseInt(code, 16)) : '\t'));
  return tableText.split('\n').filter((line) => line && !line.startsWith('#')).map((line) => {
    const tab = line.indexOf('\t');
    return [unescape(line.slice(0, tab)), line.slice(tab + 1)];
  });
}

describe('folding, as the core folds', () => {
  it('gives what the shared table says', () => {
    const cases = table();
    expect(cases.length).toBeGreaterThanOrEqual(15);
    for (const [input, folded] of cases) expect(fold(input), JSON.stringify(input)).toBe(folded);
  });
});

describe('typed words, as the core searches', () => {
  it('folds diacritics, đ and case, and splits on anything but letters and digits', () => {
    expect(foldedWords('Đặng Thị Hồng-Nhung, 12/2026/QĐ-UBND')).toEqual(
      ['dang', 'thi', 'hong', 'nhung', '12', '2026', 'qd', 'ubnd']);
  });

  it('finds whole words, the last one as it is being typed', () => {
    const name = 'Đặng Thị Hồng Nhung · Phòng Kinh tế';
    for (const typed of ['d', 'dang', 'ĐẶNG NH', 'nhung dang', 'hong nhung', 'phong kinh t', '']) {
      expect(matchesWords(name, typed), typed).toBe(true);
    }
  });

  it('does not find a word inside another word', () => {
    const name = 'Đặng Thị Hồng Nhung · Phòng Kinh tế';
    for (const typed of ['hung', 'ang', 'ong nhung', 'thi ong', 'dan thi']) {
      expect(matchesWords(name, typed), typed).toBe(false);
    }
  });

  it('reads a number and symbol as its words', () => {
    const waiting = 'Quyết định 12/2026/QĐ-UBND ban hành Quy chế quản lý chợ đêm';
    expect(matchesWords(waiting, 'cho dem')).toBe(true);
    expect(matchesWords(waiting, '12/2026/QĐ')).toBe(true);
    expect(matchesWords(waiting, '2/2026')).toBe(false);
  });
});
