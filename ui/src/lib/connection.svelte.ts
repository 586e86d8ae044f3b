// Where this workstation's data is: the database on this computer, or the Office's server
// over HTTPS. The desktop shell holds the choice and carries every command, file and
// event to the place chosen; the UI only chooses, watches whether the server answers, and
// decides about a server certificate that changed. In a browser (the office server's own
// pages) there is nothing to choose: the state stays null.
import type { ApiError } from './api/bindings';
import { api, ApiFailure, inTauri, isApiError } from './api/client';
import { translate, type MessageKey } from './i18n/index.svelte';

/** What the shell says about its connection (typed by hand: the shell's own IPC, not a
 * command of the core). */
export type ConnectionState = {
  /** `unset`: the first start, nobody chose yet. */
  mode: 'unset' | 'local' | 'server';
  /** The server's address, `https://host[:port]`. */
  server: string | null;
  /** The Office's own certificate authority (a PEM file), or null: the system's trust store. */
  caFile: string | null;
  /** The choice came from the system's configuration, set up by the Office's IT. */
  fixedBySystem: boolean;
  /** SHA-256 fingerprint ("AB:CD:…") of the server certificate this workstation trusts. */
  certificate: string | null;
  /** Another certificate the server showed, refused until someone accepts it. */
  offered: string | null;
  /** Local: always; server: whether the server answers now. */
  online: boolean;
};

/** What `connection_set` takes. */
export type ConnectionRequest = { mode: 'local' | 'server'; server: string | null; caFile: string | null };

/** The form as typed: the address and the CA file's path as text. */
export type ConnectionChoice = { mode: 'local' | 'server'; server: string; caFile: string };

export const connection = $state<{ current: ConnectionState | null }>({ current: null });

// ---- Pure parts -------------------------------------------------------------------------

export type AddressCheck = { address: string } | { problem: 'empty' | 'not_https' | 'malformed' };

/** The server's address as the shell wants it, `https://host[:port]`, by the shell's own
 * rule (so that the same address typed twice is the same place): a bare host name
 * (`vp.ubnd.local`, `10.0.0.5:8443`) gets `https://`, trailing slashes go; a path, query,
 * user name or another scheme is refused, not dropped (it would not be the address IT
 * gave). */
export function checkAddress(typed: string): AddressCheck {
  const text = typed.trim().replace(/\/+$/, '');
  if (!text) return { problem: 'empty' };
  const at = text.indexOf('://');
  if (at >= 0 && text.slice(0, at).toLowerCase() !== 'https') return { problem: 'not_https' };
  const rest = at >= 0 ? text.slice(at + 3) : text;
  if (!/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(rest)) return { problem: 'malformed' };
  return { address: `https://${rest.toLowerCase()}` };
}

const ADDRESS_PROBLEMS: Record<'empty' | 'not_https' | 'malformed', MessageKey> = {
  empty: 'connection.addressEmpty',
  not_https: 'connection.addressNotHttps',
  malformed: 'connection.addressMalformed',
};

/** A failure made here, worded like the shell's, so that forms show it the same way. */
function invalid(field: string, key: MessageKey): ApiFailure {
  return new ApiFailure({ code: 'invalid', message: { vi: translate('vi', key), en: translate('en', key) }, field });
}

/** The request for what was typed; throws the failure to show beside the field at fault. */
export function connectionRequest(choice: ConnectionChoice): ConnectionRequest {
  if (choice.mode === 'local') return { mode: 'local', server: null, caFile: null };
  const checked = checkAddress(choice.server);
  if ('problem' in checked) throw invalid('server', ADDRESS_PROBLEMS[checked.problem]);
  return { mode: 'server', server: checked.address, caFile: choice.caFile.trim() || null };
}

/** Whether `request` reaches the same data as `state` (the session then stays valid). */
export function samePlace(state: ConnectionState | null, request: ConnectionRequest): boolean {
  if (!state || state.mode !== request.mode) return false;
  return request.mode === 'local' || state.server === request.server;
}

/** Whether `request` is exactly what the shell already uses. */
export function unchanged(state: ConnectionState | null, request: ConnectionRequest): boolean {
  return samePlace(state, request) && (request.mode === 'local' || state!.caFile === request.caFile);
}

/** The server's host (and port) for a short line ("Kết nối: vp.ubnd.local:8443"); null
 * for this computer. */
export function serverHost(state: ConnectionState | null): string | null {
  if (state?.mode !== 'server' || !state.server) return null;
  return state.server.replace(/^https:\/\//i, '');
}

/** A fingerprint in two lines of 16 bytes, easier to compare aloud with IT's. */
export function fingerprintLines(fingerprint: string): string[] {
  const bytes = fingerprint.trim().toUpperCase().split(':');
  if (bytes.length <= 16) return [bytes.join(':')];
  return [bytes.slice(0, 16).join(':'), bytes.slice(16).join(':')];
}

/** Which data a workstation's own keepsakes (unsaved forms) belong to: the server's
 * address, `local`, or nothing in a browser, whose storage is the server's page's own. */
export function placeKey(state: ConnectionState | null = connection.current): string {
  if (!state) return '';
  return state.mode === 'server' ? (state.server ?? '') : state.mode;
}

// ---- The shell --------------------------------------------------------------------------

async function shell<T>(command: string, args: Record<string, unknown>): Promise<T> {
  const { invoke } = await import('@tauri-apps/api/core');
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    if (isApiError(e)) throw new ApiFailure(e as ApiError);
    // Not the shell's error shape: a shell without this command, or a broken IPC.
    throw new ApiFailure({ code: 'internal', message: { vi: String(e), en: String(e) }, field: null });
  }
}

let listening = false;

/** Keep `connection.current` as the shell tells it (sent whenever `online` changes). */
async function listen(): Promise<void> {
  if (listening) return;
  listening = true;
  const { listen } = await import('@tauri-apps/api/event');
  await listen<ConnectionState>('vanphong://connection', (event) => {
    connection.current = event.payload;
  });
}

/** Ask the shell where the data is, and follow its changes from then on; null outside
 * the desktop app. */
export async function loadConnection(): Promise<ConnectionState | null> {
  if (!inTauri()) return null;
  const state = await shell<ConnectionState>('connection_get', {});
  connection.current = state;
  listen().catch((e) => console.warn('connection events', e));
  return state;
}

/** Start over on the data now chosen: a session of other data means nothing there. */
export function startAfresh(keepSession: boolean): void {
  if (!keepSession) api.setToken(null);
  location.reload();
}

/** Use the place chosen. On success the shell already uses it and the window starts
 * afresh; a failure is thrown as it came, for the field it names. A server that showed
 * another certificate leaves it in `connection.current.offered`. */
export async function chooseConnection(choice: ConnectionChoice, restart = startAfresh): Promise<void> {
  const request = connectionRequest(choice);
  const before = connection.current;
  try {
    connection.current = await shell<ConnectionState>('connection_set', request);
  } catch (e) {
    if (e instanceof ApiFailure && e.code === 'transport.certificate_changed') {
      connection.current = await shell<ConnectionState>('connection_get', {}).catch(() => connection.current);
    }
    throw e;
  }
  restart(samePlace(before, request));
}

/** Trust the certificate the server offered (asked first: a security decision). The
 * shell then connects to that server, as `chooseConnection` does, and the window starts
 * afresh. */
export async function trustCertificate(fingerprint: string, restart = startAfresh): Promise<void> {
  const before = connection.current;
  const state = await shell<ConnectionState>('connection_trust', { fingerprint });
  connection.current = state;
  restart(samePlace(before, { mode: 'server', server: state.server, caFile: state.caFile }));
}
