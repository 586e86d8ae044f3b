// How a message from the interconnection axis is named, in the list and on its page: what
// it is (a new document, a recall, an update, a replacement, a status report) and where
// it stands. The status codes are the standard's (QCVN 102:2016); a code this Office does
// not know is shown as it came, with the words the core read.
import type { ExchangeRow, ExchangeState } from '../../lib/api/bindings';
import type { MessageKey } from '../../lib/i18n/index.svelte';

export interface Badge {
  key: MessageKey;
  params?: Record<string, string | number>;
  /** The badge's colour class. */
  tone: string;
}

const BUSINESS: Badge[] = [
  { key: 'exchange.business.0', tone: 'axis-new' },
  { key: 'exchange.business.1', tone: 'axis-recall' },
  { key: 'exchange.business.2', tone: 'warn' },
  { key: 'exchange.business.3', tone: 'warn' },
];

/** What the message is: a document (new, recall, update, replacement) or a status;
 * nothing for one that cannot be read (its state says so). */
export function kindBadge(row: Pick<ExchangeRow, 'kind' | 'business' | 'statusCode'>): Badge | null {
  if (row.kind === 'status') return { key: 'exchange.statusBadge', params: { code: row.statusCode }, tone: 'pending' };
  if (row.kind !== 'document') return null;
  return BUSINESS[row.business] ?? { key: 'exchange.business.other', params: { code: row.business }, tone: 'warn' };
}

const STATE_TONE: Record<ExchangeState, string> = {
  waiting: 'warn',
  registered: 'ok',
  refused: 'axis-refused',
  unreadable: 'axis-refused',
  recorded: 'pending',
};

export function stateBadge(state: ExchangeState): Badge {
  return { key: `exchange.state.${state}`, tone: STATE_TONE[state] };
}

const KNOWN_CODES = ['01', '02', '03', '04', '05', '06', '13', '15', '16'] as const;

/** The key of a status code's words ("1" and "01" alike), or null for a code not known. */
export function statusKey(code: string): MessageKey | null {
  const number = Number(code.trim());
  if (!Number.isInteger(number)) return null;
  const padded = String(number).padStart(2, '0');
  return (KNOWN_CODES as readonly string[]).includes(padded) ? (`exchange.code.${padded}` as MessageKey) : null;
}
