import { describe, expect, it } from 'vitest';
import { ApiFailure, Client, httpTransport } from './client';

type Call = { url: string; init: RequestInit };

function fakeFetch(status: number, body: unknown, calls: Call[]): typeof fetch {
  return (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  }) as unknown as typeof fetch;
}

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

describe('HTTP transport', () => {
  it('posts the request to /api/<command> with the bearer token', async () => {
    const calls: Call[] = [];
    const client = new Client(httpTransport(fakeFetch(200, { total: 0, items: [] }, calls)));
    client.setToken('abc');
    const page = await client.call('agency_list', {
      search: 'sở y tế', group: null, includeInactive: false, offset: 0, limit: 20,
    });
    expect(page.total).toBe(0);
    expect(calls[0].url).toBe('/api/agency_list');
    expect((calls[0].init.headers as Record<string, string>).Authorization).toBe('Bearer abc');
    expect(JSON.parse(calls[0].init.body as string).search).toBe('sở y tế');
  });

  it('sends a secret ballot at one length whatever the choice', async () => {
    const calls: Call[] = [];
    const client = new Client(httpTransport(fakeFetch(200, {}, calls)));
    for (const choice of ['yes', 'no', 'abstain'] as const) await client.call('poll_vote', { pollId: 12, choice });
    const lengths = calls.map((c) => new TextEncoder().encode(c.init.body as string).length);
    expect(new Set(lengths).size).toBe(1);
    expect(calls.map((c) => JSON.parse(c.init.body as string).choice)).toEqual(['yes', 'no', 'abstain']);
  });

  it('turns the core error into an ApiFailure with both languages', async () => {
    const error = { code: 'auth.wrong_credentials', message: { vi: 'Sai mật khẩu.', en: 'Wrong password.' }, field: null };
    const client = new Client(httpTransport(fakeFetch(401, error, [])));
    const failure = await client.call('session_login', { username: 'a', password: 'b', device: null }).catch((e) => e);
    expect(failure).toBeInstanceOf(ApiFailure);
    expect(failure.code).toBe('auth.wrong_credentials');
    expect(failure.text('vi')).toBe('Sai mật khẩu.');
    expect(failure.text('en')).toBe('Wrong password.');
  });

  it('reports an unreachable server in both languages', async () => {
    const broken = (async () => { throw new TypeError('Failed to fetch'); }) as unknown as typeof fetch;
    const failure = await new Client(httpTransport(broken)).call('setup_status', null).catch((e) => e);
    expect(failure.code).toBe('transport.unreachable');
    expect(failure.text('vi')).toContain('Không kết nối được');
  });
});

describe('session handling', () => {
  it('forgets the token and tells the app when the session has expired', async () => {
    const storage = memoryStorage();
    const expired = { code: 'auth.session_expired', message: { vi: 'Hết hạn', en: 'Expired' }, field: null };
    const client = new Client(httpTransport(fakeFetch(401, expired, [])), storage);
    client.setToken('old');
    expect(storage.getItem('vanphong.token')).toBe('old');
    const lost: string[] = [];
    client.onSessionLost((f) => lost.push(f.code));
    await client.call('session_current', null).catch(() => {});
    expect(lost).toEqual(['auth.session_expired']);
    expect(client.hasToken).toBe(false);
    expect(storage.getItem('vanphong.token')).toBeNull();
  });

  it('keeps the session on other errors', async () => {
    const denied = { code: 'auth.permission_denied', message: { vi: 'Không có quyền', en: 'Denied' }, field: null };
    const client = new Client(httpTransport(fakeFetch(403, denied, [])));
    client.setToken('t');
    await client.call('audit_list', {} as never).catch(() => {});
    expect(client.hasToken).toBe(true);
  });
});

describe('the event stream', () => {
  it('is one per window, shared by every listener, closed when the last one goes', () => {
    const opened: Array<{ token: string; send: (event: unknown) => void; stopped: boolean }> = [];
    const transport = {
      call: async () => null, upload: async () => ({ uploadId: '', fileName: '', size: 0 }), download: async () => new Uint8Array(),
      subscribe(token: string, onEvent: (event: unknown) => void) {
        const stream = { token, send: onEvent, stopped: false };
        opened.push(stream);
        return () => { stream.stopped = true; };
      },
    };
    const client = new Client(transport as never);
    client.setToken('abc');
    const seen: string[] = [];
    const stopBell = client.subscribe((e) => seen.push(`bell:${e.objectType}`));
    const stopList = client.subscribe((e) => seen.push(`list:${e.objectType}`));
    expect(opened.length).toBe(1);
    opened[0].send({ objectType: 'alert' });
    expect(seen).toEqual(['bell:alert', 'list:alert']);
    stopBell();
    expect(opened[0].stopped).toBe(false);
    stopList();
    expect(opened[0].stopped).toBe(true);
    client.subscribe(() => {});
    expect(opened.length).toBe(2);
    client.setToken(null);
    expect(opened[1].stopped, 'logging out ends it').toBe(true);
  });
});
