// Where an alert leads, and the bell's badge.
import type { Alert } from './api/bindings';
import { api, inTauri } from './api/client';
import { navigate } from './router.svelte';

export function alertHref(alert: Alert): string {
  return `/${alert.objectType === 'direction' ? 'directions' : alert.objectType === 'meeting' ? 'meetings' : alert.objectType}/${alert.objectId}`;
}

/** A badge fits two digits; more is "99+" (the full count is in the label). */
export function badge(count: number): string {
  return count > 99 ? '99+' : String(count);
}

/** Bumped when this window marked alerts read, so the bell and the alerts page agree. */
export const alertsSeen = $state({ version: 0 });

/** What the bell lists: the first unread alerts. */
export const BELL_FILTER = { unreadOnly: true, kind: null, objectType: null, offset: 0, limit: 20 };

/** A desktop notification was clicked: one alert opens its object (and is read), several
 * open the alerts page. Leaving a form with unsaved input asks first, as any link does. */
export async function openClicked(alerts: Alert[]): Promise<void> {
  if (alerts.length !== 1) return navigate('/alerts');
  const [alert] = alerts;
  if (!alert.read) {
    await api.call('alert_mark_read', { ids: [alert.id], filter: BELL_FILTER }).catch((e) => console.warn('alert read', e));
    alertsSeen.version += 1;
  }
  navigate(alertHref(alert));
}

let following = false;

/** In the desktop app, follow clicks on its notifications (the shell sends the alerts of
 * the one clicked, only while their person is logged in). */
export async function followNotificationClicks(): Promise<void> {
  if (following || !inTauri()) return;
  following = true;
  const { listen } = await import('@tauri-apps/api/event');
  await listen<Alert[]>('vanphong://open-alerts', (event) => void openClicked(event.payload));
}
