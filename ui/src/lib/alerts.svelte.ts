// Where an alert leads, and the bell's badge.
import type { Alert } from './api/bindings';

export function alertHref(alert: Alert): string {
  return `/${alert.objectType === 'direction' ? 'directions' : alert.objectType === 'meeting' ? 'meetings' : alert.objectType}/${alert.objectId}`;
}

/** A badge fits two digits; more is "99+" (the full count is in the label). */
export function badge(count: number): string {
  return count > 99 ? '99+' : String(count);
}

/** Bumped when this window marked alerts read, so the bell and the alerts page agree. */
export const alertsSeen = $state({ version: 0 });
