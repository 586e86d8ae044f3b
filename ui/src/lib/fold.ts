// Text as typed and as found compared without diacritics, case, punctuation or extra
// spaces, so "bo tai chinh" is "Bộ Tài chính": exactly as the core's search folds
// (src/fold.rs); both are tested against the table in tests/fold-cases.tsv. Compatibility
// forms too (NFKD): fullwidth "１２３" is "123".
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

// The words of a text as the core's search reads them: folded, letters and digits, any
// other character a space between words.
export function foldedWords(text: string): string[] {
  return fold(text).split(' ').filter(Boolean);
}

// Whether what a person typed finds `text` the way the core's searches find a document, a
// direction, a meeting or a name in the directory: every typed word a whole word of the
// text, the last one (still being typed) the start of one, in any order. A word inside
// another word is not found ("hung" does not find "Nhung").
export function matchesWords(text: string, typed: string): boolean {
  const words = foldedWords(text);
  const wanted = foldedWords(typed);
  return wanted.every((word, n) =>
    n === wanted.length - 1 ? words.some((w) => w.startsWith(word)) : words.includes(word));
}
