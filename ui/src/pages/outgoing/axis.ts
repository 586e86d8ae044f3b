// An issued document sent over the interconnection axis: whom it may go to (an agency of
// the directory with its electronic identification code, still active) and how far each
// recipient's message got — waiting in the outbox, handed to the gateway, then the last
// status the recipient reported, in this Office's words for the standard's codes.
import type { Agency, AgencyId, Delivery, Recipient } from '../../lib/api/bindings';
import type { MessageKey } from '../../lib/i18n/index.svelte';
import { statusKey } from '../incoming/axis';

/** The directory agencies among the "Nơi nhận" lines, each once, in their order. */
export function recipientAgencies(recipients: Pick<Recipient, 'agencyId'>[]): AgencyId[] {
  const ids: AgencyId[] = [];
  for (const r of recipients) if (r.agencyId !== null && !ids.includes(r.agencyId)) ids.push(r.agencyId);
  return ids;
}

/** Why an agency cannot be sent to over the axis, or null when it can. */
export function unsendable(agency: Pick<Agency, 'code' | 'active'>): 'noCode' | 'inactive' | null {
  if (!agency.code?.trim()) return 'noCode';
  if (!agency.active) return 'inactive';
  return null;
}

/** The last time the document went to `code` over the axis, if it did. */
export function sentBefore(deliveries: Pick<Delivery, 'toCode' | 'sentAt'>[], code: string | null): string | null {
  if (!code) return null;
  return deliveries.filter((d) => d.toCode === code).map((d) => d.sentAt).sort().at(-1) ?? null;
}

export interface DeliveryBadge {
  key: MessageKey;
  params?: Record<string, string | number>;
  /** The badge's colour class. */
  tone: string;
}

const TONE: Record<string, string> = {
  '01': 'axis-new', '02': 'axis-refused', '03': 'ok', '04': 'ok', '05': 'ok', '06': 'ok',
  '13': 'warn', '15': 'axis-recall', '16': 'warn',
};

/** Where a recipient's message stands: waiting for the gateway, handed over with no
 * answer yet, or the last status reported (a code not known is named by its number, the
 * core's words beside it). */
export function deliveryBadge(delivery: Pick<Delivery, 'left' | 'statusCode'>): DeliveryBadge {
  if (!delivery.left) return { key: 'exchange.waitingGateway', tone: 'pending' };
  const code = delivery.statusCode.trim();
  if (!code) return { key: 'exchangeSend.handedOver', tone: 'pending' };
  const key = statusKey(code);
  if (key) return { key, tone: TONE[key.slice(-2)] ?? 'pending' };
  return { key: 'exchange.statusBadge', params: { code }, tone: 'warn' };
}
