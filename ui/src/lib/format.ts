// Dates as the Office reads them: Vietnam time (UTC+7, no daylight saving) whatever the
// machine's own zone, day before month.
import type { Lang } from './i18n/index.svelte';

const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

function inVietnam(instant: string | Date): Date {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  return new Date(date.getTime() + VIETNAM_OFFSET_MS);
}

const two = (n: number) => String(n).padStart(2, '0');

/** "20/11/2026 08:05" */
export function formatDateTime(instant: string | Date): string {
  const d = inVietnam(instant);
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

const WEEKDAYS: Record<Lang, string[]> = {
  vi: ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/** "Thứ Sáu, ngày 20 tháng 11 năm 2026" / "Friday, 20 November 2026" */
export function formatLongDate(instant: string | Date, lang: Lang): string {
  const d = inVietnam(instant);
  const weekday = WEEKDAYS[lang][d.getUTCDay()];
  if (lang === 'vi') {
    return `${weekday}, ngày ${two(d.getUTCDate())} tháng ${two(d.getUTCMonth() + 1)} năm ${d.getUTCFullYear()}`;
  }
  return `${weekday}, ${d.getUTCDate()} ${MONTHS_EN[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}
