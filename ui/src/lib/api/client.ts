// The one typed way the UI talks to the core. Inside the desktop app it uses Tauri IPC;
// in a browser (office server, browser tests) it uses HTTP. Components never call
// `invoke` or `fetch` themselves.
import type { ApiError, CommandName, Commands, DomainEvent, ErrorCode, Message } from './bindings';

export type Request<K extends CommandName> = Commands[K]['request'];
export type Response<K extends CommandName> = Commands[K]['response'];

/** The core's closed set of codes, and the one the client adds when it cannot reach it. */
export type FailureCode = ErrorCode | 'transport.unreachable';

/** A failed command, as the core reported it. */
export class ApiFailure extends Error {
  readonly code: FailureCode;
  readonly messages: Message;
  readonly field: string | null;

  constructor(error: Omit<ApiError, 'code'> & { code: FailureCode }) {
    super(error.message.en);
    this.code = error.code;
    this.messages = error.message;
    this.field = error.field;
  }

  text(lang: 'vi' | 'en'): string {
    return this.messages[lang];
  }
}

function isApiError(value: unknown): value is ApiError {
  const v = value as ApiError | null;
  return !!v && typeof v.code === 'string' && typeof v.message?.vi === 'string';
}

const unreachable = (detail: string) =>
  new ApiFailure({
    code: 'transport.unreachable',
    message: {
      vi: `Không kết nối được tới máy chủ Văn phòng số (${detail}).`,
      en: `Cannot reach the Văn phòng số server (${detail}).`,
    },
    field: null,
  });

export interface Transport {
  call(name: string, request: unknown, token: string | null): Promise<unknown>;
  subscribe(token: string, onEvent: (event: DomainEvent) => void): () => void;
}

export function httpTransport(fetchImpl: typeof fetch = (...a) => fetch(...a), base = ''): Transport {
  return {
    async call(name, request, token) {
      let response: globalThis.Response;
      try {
        response = await fetchImpl(`${base}/api/${name}`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(request ?? null),
        });
      } catch (e) {
        throw unreachable(String(e));
      }
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) {
        throw isApiError(body) ? new ApiFailure(body) : unreachable(`HTTP ${response.status}`);
      }
      return body;
    },
    // Server-sent events read over fetch, so that the token travels in the Authorization
    // header and never in an address. The server ends the stream when the session ends;
    // a dropped connection is retried, a refused one (logged out) is not.
    subscribe(token, onEvent) {
      const controller = new AbortController();
      let stopped = false;
      const run = async () => {
        while (!stopped) {
          try {
            const response = await fetchImpl(`${base}/api/events`, {
              headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
              signal: controller.signal,
            });
            if (response.status === 401 || response.status === 403) return;
            if (response.ok && response.body) await readEvents(response.body, onEvent);
          } catch {
            if (stopped) return;
          }
          await new Promise((resolve) => setTimeout(resolve, 3000));
        }
      };
      run();
      return () => {
        stopped = true;
        controller.abort();
      };
    },
  };
}

/** Read a `text/event-stream` body, handing each `domain` event's data to `onEvent`. */
export async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (event: DomainEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (name === 'domain' && data.length) onEvent(JSON.parse(data.join('\n')));
    }
  }
}

export function tauriTransport(): Transport {
  return {
    async call(name, request, token) {
      const { invoke } = await import('@tauri-apps/api/core');
      try {
        return await invoke('call', { name, request: request ?? null, token });
      } catch (e) {
        throw isApiError(e) ? new ApiFailure(e) : unreachable(String(e));
      }
    },
    subscribe(_token, onEvent) {
      let stop: (() => void) | null = null;
      let cancelled = false;
      import('@tauri-apps/api/event').then(({ listen }) =>
        listen<DomainEvent>('vanphong://event', (e) => onEvent(e.payload)).then((unlisten) => {
          if (cancelled) unlisten();
          else stop = unlisten;
        }),
      );
      return () => {
        cancelled = true;
        stop?.();
      };
    },
  };
}

export function inTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

const TOKEN_KEY = 'vanphong.token';
const DEVICE_KEY = 'vanphong.device';

/** Typed client over a transport; keeps the session token. */
export class Client {
  private token: string | null;
  private sessionLostHandlers: Array<(failure: ApiFailure) => void> = [];

  constructor(
    private transport: Transport,
    private storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null = null,
    private lasting: Pick<Storage, 'getItem' | 'setItem'> | null = null,
  ) {
    this.token = storage?.getItem(TOKEN_KEY) ?? null;
  }

  /** This workstation's token from its last login, which spares its owner the delays
   * strangers' wrong passwords cause (kept across sessions, unlike the session token). */
  get device(): string | null {
    return this.lasting?.getItem(DEVICE_KEY) ?? null;
  }

  set device(token: string) {
    this.lasting?.setItem(DEVICE_KEY, token);
  }

  get hasToken(): boolean {
    return this.token !== null;
  }

  setToken(token: string | null): void {
    this.token = token;
    if (token) this.storage?.setItem(TOKEN_KEY, token);
    else this.storage?.removeItem(TOKEN_KEY);
  }

  /** Called when the core says the session is gone (expired, ended, account disabled). */
  onSessionLost(handler: (failure: ApiFailure) => void): void {
    this.sessionLostHandlers.push(handler);
  }

  async call<K extends CommandName>(name: K, request: Request<K>): Promise<Response<K>> {
    try {
      return (await this.transport.call(name, request, this.token)) as Response<K>;
    } catch (e) {
      if (
        e instanceof ApiFailure &&
        this.token &&
        ['auth.session_expired', 'auth.not_authenticated', 'auth.account_disabled'].includes(e.code)
      ) {
        this.setToken(null);
        this.sessionLostHandlers.forEach((h) => h(e));
      }
      throw e;
    }
  }

  subscribe(onEvent: (event: DomainEvent) => void): () => void {
    return this.token ? this.transport.subscribe(this.token, onEvent) : () => {};
  }
}

function sessionStore(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

function lastingStore(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export const api = new Client(inTauri() ? tauriTransport() : httpTransport(), sessionStore(), lastingStore());
