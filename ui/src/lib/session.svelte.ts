// Who is logged in, shared by the whole UI.
import type { Action, Me } from './api/bindings';
import { api } from './api/client';

export const session = $state<{ me: Me | null; notice: string | null }>({ me: null, notice: null });

export function can(action: Action): boolean {
  return session.me?.actions.includes(action) ?? false;
}

export async function logout(): Promise<void> {
  try {
    await api.call('session_logout', null);
  } finally {
    api.setToken(null);
    session.me = null;
  }
}
