// What the check of a PDF's digital signatures found, in words a clerk reads at a glance:
// one line a signature, its state said in words (the colour only repeats it), who signed
// and when in Vietnam time, and a second warning when something was added after signing.
import type { SignatureCheck, SignatureState } from './api/bindings';
import { translate, type Lang } from './i18n/index.svelte';
import { formatDateTime } from './format';

/** The colour class of a line: green, amber or red. */
export type Tone = 'ok' | 'warn' | 'bad';

export const TONE: Record<SignatureState, Tone> = {
  valid: 'ok',
  untrusted: 'warn',
  revoked: 'bad',
  expired: 'warn',
  broken: 'bad',
  unreadable: 'bad',
};

export interface SignatureLine {
  tone: Tone;
  /** What the check found: "Chữ ký số hợp lệ: …", "Văn bản đã bị thay đổi sau khi ký …". */
  text: string;
  /** Who signed and when, for a signature that is not valid (a valid one says it in `text`). */
  signer: string | null;
  /** "Ký ban hành", "Văn thư ký số" … as the signature gives it. */
  reason: string | null;
  /** The file goes on past what was signed. */
  changedAfter: string | null;
  /** "Dấu thời gian: 09:26 02/12/2026": when a trusted time-stamp authority says it was signed. */
  stamped: string | null;
}

/** "09:26 02/12/2026": time first, as one says "ký lúc …", in Vietnam time. */
export function signedTime(instant: string): string {
  const [day, time] = formatDateTime(instant).split(' ');
  return `${time} ${day}`;
}

/** "Trần Quốc Bảo — Sở Tài chính, ký lúc 07:00 02/12/2026"; the organisation once when
 * the signer is the body itself (its seal). */
function who(check: SignatureCheck, lang: Lang): string {
  let text = check.signer;
  if (check.organisation && check.organisation !== check.signer) text += ` — ${check.organisation}`;
  if (check.signedAt) text += translate(lang, 'signatures.signedAt', { time: signedTime(check.signedAt) });
  return text;
}

export function signatureLine(check: SignatureCheck, lang: Lang): SignatureLine {
  const signed = check.signer.trim() !== '';
  const text =
    check.state === 'valid' ? translate(lang, 'signatures.valid', { who: who(check, lang) })
      : check.state === 'untrusted' ? translate(lang, 'signatures.untrusted', { issuer: check.issuer || '—' })
      : translate(lang, `signatures.${check.state}`);
  return {
    tone: TONE[check.state] ?? 'bad',
    text,
    signer: check.state !== 'valid' && signed ? translate(lang, 'signatures.signedBy', { who: who(check, lang) }) : null,
    reason: check.reason?.trim() || null,
    changedAfter: check.changedAfter ? translate(lang, 'signatures.changedAfter') : null,
    stamped: check.timeStampedAt ? translate(lang, 'signatures.stamped', { time: signedTime(check.timeStampedAt) }) : null,
  };
}

/** Whether revocation was checked, said once under the lines: against the authority's list
 * of a given day for every signature, or not (for some or all) — never left unsaid. */
export function revocationNote(checks: SignatureCheck[], lang: Lang): string {
  const readable = checks.filter((c) => c.state !== 'unreadable' && c.state !== 'broken');
  if (readable.length === 0) return '';
  const dates = readable.map((c) => c.revocationListOf);
  if (dates.every((d) => d !== null)) {
    const oldest = [...(dates as string[])].sort()[0];
    return translate(lang, 'signatures.revocationChecked', { date: formatDateTime(oldest).split(' ')[0] });
  }
  return translate(lang, 'signatures.revocation');
}
