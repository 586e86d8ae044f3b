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

/** A `datetime-local` value ("2026-11-20T08:05") read as Vietnam time, as a UTC ISO instant. */
export function vietnamLocalToUtc(value: string): string {
  const [date, time = '00:00'] = value.split('T');
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  return new Date(Date.UTC(y, m - 1, d, hh, mm) - VIETNAM_OFFSET_MS).toISOString();
}

/** The `datetime-local` value of an instant in Vietnam time. */
export function utcToVietnamLocal(instant: string | Date): string {
  const d = inVietnam(instant);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/** "2026-11-27" → "27/11/2026" */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '';
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/** A day as people type it — "27/11/2026", "27-11-26", "7.1.2027" or ISO "2026-11-27" —
 * to ISO; `null` if it is not a real day. */
export function parseDay(text: string): string | null {
  const s = text.trim();
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(s);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (vn) [d, m, y] = [Number(vn[1]), Number(vn[2]), Number(vn[3].length === 2 ? `20${vn[3]}` : vn[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The ISO day `n` days after `day` ("2026-12-02"): calendar arithmetic on a day the
 * core gave, never the workstation's clock. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The month ("2026-12") `n` months after `month` (a "YYYY-MM" or a day in it). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
