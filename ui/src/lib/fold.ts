// Text as typed and as found compared without diacritics, case or extra spaces, so
// "bo tai chinh" is "Bộ Tài chính" (the core's search folds the same way).
export function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
    .toLowerCase().trim().replace(/\s+/g, ' ');
}
