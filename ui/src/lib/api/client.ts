// The one typed way the UI talks to the core. Inside the desktop app it uses Tauri IPC;
// in a browser (office server, browser tests) it uses HTTP. Components never call
// `invoke` or `fetch` themselves.
import type { ApiError, CommandName, Commands, DomainEvent, ErrorCode, Message, ObjectKind, Upload } from './bindings';

export type Request<K extends CommandName> = Commands[K]['request'];
export type Response<K extends CommandName> = Commands[K]['response'];

/** A failed command, as the core (or the transport on its way) reported it. */
export class ApiFailure extends Error {
  readonly code: ErrorCode;
  readonly messages: Message;
  readonly field: string | null;

  constructor(error: ApiError) {
    super(error.message.en);
    this.code = error.code;
    this.messages = error.message;
    this.field = error.field;
  }

  text(lang: 'vi' | 'en'): string {
    return this.messages[lang];
  }
}

/** Whether a rejection carries the core's `{ code, message, field }`. */
export function isApiError(value: unknown): value is ApiError {
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

/** How far a file has come: bytes done of the total. */
export type Progress = (done: number, total: number) => void;

export interface Transport {
  call(name: string, request: unknown, token: string | null): Promise<unknown>;
  subscribe(token: string, onEvent: (event: DomainEvent) => void): () => void;
  /** A file's bytes outside JSON, into the core's store; the answer's `uploadId` is what
   * commands take in place of the bytes. */
  upload(file: Blob, name: string, token: string | null, progress: Progress): Promise<Upload>;
  /** A stored file a command handed over by its `downloadId`, as it is. */
  download(id: string, token: string | null, progress: Progress): Promise<Uint8Array>;
  /** Where there is a system's save dialog (the desktop app): the file saved where the
   * person chooses; false when they closed the dialog. */
  saveAs?(id: string, fileName: string, token: string | null): Promise<boolean>;
  /** Where there is one (the desktop app): the file opened in the system's viewer. */
  openFile?(id: string, fileName: string, token: string | null): Promise<void>;
}

function failure(body: unknown, status: number): ApiFailure {
  return isApiError(body) ? new ApiFailure(body) : unreachable(`HTTP ${status}`);
}

/** Bodies go out padded with spaces (which JSON ignores) to a multiple of this many bytes:
 * TLS hides a request's bytes, not how many there are, and a secret ballot's "no" is a
 * byte shorter than its "yes". */
export const BODY_BLOCK = 128;

export function paddedBody(request: unknown): string {
  const json = JSON.stringify(request ?? null);
  const length = new TextEncoder().encode(json).length;
  return json + ' '.repeat((BODY_BLOCK - (length % BODY_BLOCK)) % BODY_BLOCK);
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
          body: paddedBody(request),
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
    // XMLHttpRequest, not fetch: only it reports how much of a request body has gone.
    upload(file, name, token, progress) {
      return new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', `${base}/api/upload`);
        xhr.setRequestHeader('Content-Type', 'application/octet-stream');
        xhr.setRequestHeader('X-File-Name', encodeURIComponent(name));
        if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
        xhr.upload.onprogress = (e) => progress(e.loaded, e.lengthComputable ? e.total : file.size);
        xhr.onload = () => {
          let body: unknown = null;
          try {
            body = JSON.parse(xhr.responseText);
          } catch {
            /* not JSON: reported by status */
          }
          if (xhr.status >= 200 && xhr.status < 300) resolve(body as Upload);
          else reject(failure(body, xhr.status));
        };
        xhr.onerror = () => reject(unreachable('upload'));
        xhr.send(file);
      });
    },
    async download(id, token, progress) {
      let response: globalThis.Response;
      try {
        response = await fetchImpl(`${base}/api/download/${encodeURIComponent(id)}`, {
          headers: token ? { Authorization: `Bearer ${token}` } : {},
        });
      } catch (e) {
        throw unreachable(String(e));
      }
      if (!response.ok) throw failure(await response.json().catch(() => null), response.status);
      const total = Number(response.headers.get('Content-Length') ?? 0);
      if (!response.body) return new Uint8Array(await response.arrayBuffer());
      const reader = response.body.getReader();
      const parts: Uint8Array[] = [];
      let done = 0;
      for (;;) {
        const next = await reader.read();
        if (next.done) break;
        parts.push(next.value);
        done += next.value.length;
        progress(done, total || done);
      }
      const bytes = new Uint8Array(done);
      let at = 0;
      for (const part of parts) {
        bytes.set(part, at);
        at += part.length;
      }
      return bytes;
    },
    // Server-sent events read over fetch, so that the token travels in the Authorization
    // header and never in an address. The server ends the stream when the session ends;
    // a dropped connection is retried, a refused one (logged out) is not.
    subscribe(token, onEvent) {
      const controller = new AbortController();
      let stopped = false;
      let connected = false;
      const run = async () => {
        while (!stopped) {
          try {
            const response = await fetchImpl(`${base}/api/events`, {
              headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
              signal: controller.signal,
            });
            if (response.status === 401 || response.status === 403) return;
            if (response.ok && response.body) {
              // Back after a cut: what happened meanwhile was not heard, so every screen
              // reads what it shows afresh.
              if (connected) onEvent(RESYNC);
              connected = true;
              await readEvents(response.body, onEvent);
            }
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

/** Not an event of the core: the stream came back after a cut, and what it missed is
 * unknown. Listeners treat it as news about everything (`follows`). */
export const RESYNC: DomainEvent = { at: '', action: 'stream_resync', objectType: '*', objectId: null, actorId: null };

/** Whether `event` may concern the object `objectType` (`objectId`, or any). */
export function follows(event: DomainEvent, objectType: ObjectKind, objectId?: number): boolean {
  return event.objectType === '*' || (event.objectType === objectType && (objectId === undefined || event.objectId === objectId));
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
    // The bytes go to the shell as the raw IPC body: no JSON, no base64.
    async upload(file, name, token, progress) {
      const { invoke } = await import('@tauri-apps/api/core');
      progress(0, file.size);
      const bytes = new Uint8Array(await file.arrayBuffer());
      try {
        const headers: Record<string, string> = { 'x-file-name': encodeURIComponent(name) };
        if (token) headers.authorization = `Bearer ${token}`;
        const upload = await invoke<Upload>('upload', bytes, { headers });
        progress(file.size, file.size);
        return upload;
      } catch (e) {
        throw isApiError(e) ? new ApiFailure(e) : unreachable(String(e));
      }
    },
    async download(id, token, progress) {
      const { invoke } = await import('@tauri-apps/api/core');
      try {
        const bytes = new Uint8Array(await invoke<ArrayBuffer>('download', { id, token }));
        progress(bytes.length, bytes.length);
        return bytes;
      } catch (e) {
        throw isApiError(e) ? new ApiFailure(e) : unreachable(String(e));
      }
    },
    async saveAs(id, fileName, token) {
      const { invoke } = await import('@tauri-apps/api/core');
      try {
        return await invoke<boolean>('file_save', { id, token, fileName });
      } catch (e) {
        throw isApiError(e) ? new ApiFailure(e) : unreachable(String(e));
      }
    },
    async openFile(id, fileName, token) {
      const { invoke } = await import('@tauri-apps/api/core');
      try {
        await invoke('file_open', { id, token, fileName });
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
  // One event stream for the whole window, shared by every component that listens: a
  // browser keeps six connections to a server, and a stream each would leave too few
  // for the commands.
  private listeners = new Set<(event: DomainEvent) => void>();
  private stream: { token: string; stop: () => void } | null = null;

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
    if (this.stream && this.stream.token !== token) {
      this.stream.stop();
      this.stream = null;
    }
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

  /** Listen to the core's events while the session lasts; the answer stops listening. */
  subscribe(onEvent: (event: DomainEvent) => void): () => void {
    const token = this.token;
    if (!token) return () => {};
    this.listeners.add(onEvent);
    if (!this.stream) {
      const stop = this.transport.subscribe(token, (event) => [...this.listeners].forEach((listener) => listener(event)));
      this.stream = { token, stop };
    }
    return () => {
      this.listeners.delete(onEvent);
      if (this.listeners.size === 0 && this.stream) {
        this.stream.stop();
        this.stream = null;
      }
    };
  }

  upload(file: Blob, name: string, progress: Progress): Promise<Upload> {
    return this.transport.upload(file, name, this.token, progress);
  }

  download(id: string, progress: Progress): Promise<Uint8Array> {
    return this.transport.download(id, this.token, progress);
  }

  /** Save a file a command handed over with the system's save dialog, where the
   * transport has one (the desktop app); null where it has none (a browser). */
  saveAs(id: string, fileName: string): Promise<boolean> | null {
    return this.transport.saveAs?.(id, fileName, this.token) ?? null;
  }

  /** Whether files can be opened in the system's viewer (the desktop app). */
  get opensFiles(): boolean {
    return !!this.transport.openFile;
  }

  /** Open a file a command handed over in the system's viewer (the desktop app). */
  openFile(id: string, fileName: string): Promise<void> {
    if (!this.transport.openFile) return Promise.reject(new Error('no viewer here'));
    return this.transport.openFile(id, fileName, this.token);
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
