import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiFailure } from './api/client';
import {
  checkAddress,
  chooseConnection,
  connection,
  connectionRequest,
  fingerprintLines,
  placeKey,
  samePlace,
  serverHost,
  trustCertificate,
  unchanged,
  type ConnectionState,
} from './connection.svelte';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

const serverState = (over: Partial<ConnectionState> = {}): ConnectionState => ({
  mode: 'server',
  server: 'https://vp.ubnd.local:8443',
  caFile: null,
  fixedBySystem: false,
  certificate: 'AA:BB',
  offered: null,
  online: true,
  ...over,
});
const localState: ConnectionState = { ...serverState(), mode: 'local', server: null, certificate: null };

describe('a server address', () => {
  // What was typed, and what the shell is sent (or why not).
  it.each([
    ['https://vp.ubnd.local:8443', 'https://vp.ubnd.local:8443'],
    ['vp.ubnd.local', 'https://vp.ubnd.local'],
    ['  vp.ubnd.local:8443  ', 'https://vp.ubnd.local:8443'],
    ['HTTPS://VP.UBND.LOCAL//', 'https://vp.ubnd.local'],
    ['10.0.0.5:8443', 'https://10.0.0.5:8443'],
    ['https://[fd00::5]:8443', 'https://[fd00::5]:8443'],
    ['vp-ubnd.local:443', 'https://vp-ubnd.local:443'],
  ])('%s becomes %s', (typed, address) => {
    expect(checkAddress(typed)).toEqual({ address });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['http://vp.ubnd.local', 'not_https'],
    ['ftp://vp.ubnd.local', 'not_https'],
    ['https://vp.ubnd.local/api', 'malformed'],
    ['https://vp.ubnd.local?x=1', 'malformed'],
    ['https://vp.ubnd.local#top', 'malformed'],
    ['https://admin:pw@vp.ubnd.local', 'malformed'],
    ['vp ubnd local', 'malformed'],
    ['vp_ubnd.local', 'malformed'],
    ['ủybannd.vn', 'malformed'],
    ['vp.ubnd.local:https', 'malformed'],
    ['https://', 'malformed'],
  ])('%j is refused (%s)', (typed, problem) => {
    expect(checkAddress(typed)).toEqual({ problem });
  });
});

describe('the request for what was typed', () => {
  it('sends the normalised address and no empty CA file', () => {
    expect(connectionRequest({ mode: 'server', server: 'vp.ubnd.local', caFile: '  ' })).toEqual({
      mode: 'server', server: 'https://vp.ubnd.local', caFile: null,
    });
    expect(connectionRequest({ mode: 'server', server: 'vp.ubnd.local', caFile: ' /etc/vanphong/ca.pem ' }).caFile).toBe('/etc/vanphong/ca.pem');
  });

  it('forgets the server fields for this computer', () => {
    expect(connectionRequest({ mode: 'local', server: 'vp.ubnd.local', caFile: '/x.pem' })).toEqual({ mode: 'local', server: null, caFile: null });
  });

  it('throws the failure for the address field, in both languages', () => {
    let thrown: unknown = null;
    try {
      connectionRequest({ mode: 'server', server: 'http://vp.ubnd.local', caFile: '' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ApiFailure);
    const failure = thrown as ApiFailure;
    expect([failure.code, failure.field]).toEqual(['invalid', 'server']);
    expect(failure.text('vi')).toContain('https://');
    expect(failure.text('en')).toContain('https://');
  });
});

describe('the place of the data', () => {
  it('is the same for the same server, whatever its CA file', () => {
    const request = { mode: 'server' as const, server: 'https://vp.ubnd.local:8443', caFile: '/ca.pem' };
    expect(samePlace(serverState(), request)).toBe(true);
    expect(unchanged(serverState(), request)).toBe(false);
    expect(unchanged(serverState({ caFile: '/ca.pem' }), request)).toBe(true);
    expect(samePlace(serverState(), { ...request, server: 'https://other.local' })).toBe(false);
    expect(samePlace(localState, request)).toBe(false);
    expect(samePlace(serverState({ mode: 'unset', server: null }), request)).toBe(false);
    expect(samePlace(null, request)).toBe(false);
    expect(unchanged(localState, { mode: 'local', server: null, caFile: null })).toBe(true);
  });

  it('is named briefly and keys what a workstation keeps', () => {
    expect(serverHost(serverState())).toBe('vp.ubnd.local:8443');
    expect(serverHost(localState)).toBeNull();
    expect(placeKey(serverState())).toBe('https://vp.ubnd.local:8443');
    expect(placeKey(localState)).toBe('local');
    expect(placeKey(null)).toBe('');
  });

  it('shows a fingerprint in two lines of 16 bytes', () => {
    const bytes = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0'));
    const lines = fingerprintLines(bytes.join(':'));
    expect(lines).toHaveLength(2);
    expect(lines[0].split(':')).toHaveLength(16);
    expect(lines[1]).toBe(bytes.slice(16).join(':').toUpperCase());
    expect(fingerprintLines('ab:cd')).toEqual(['AB:CD']);
  });
});

describe('choosing where the data is', () => {
  afterEach(() => {
    invoke.mockReset();
    connection.current = null;
  });

  const changed = {
    code: 'transport.certificate_changed',
    message: { vi: 'Chứng chỉ đã đổi', en: 'Certificate changed' },
    field: 'server',
  };

  it('starts afresh, keeping the session only on the same data', async () => {
    connection.current = localState;
    invoke.mockResolvedValueOnce(serverState());
    const restart = vi.fn();
    await chooseConnection({ mode: 'server', server: 'vp.ubnd.local:8443', caFile: '' }, restart);
    expect(invoke).toHaveBeenCalledWith('connection_set', { mode: 'server', server: 'https://vp.ubnd.local:8443', caFile: null });
    expect(restart).toHaveBeenCalledWith(false);
    expect(connection.current?.mode).toBe('server');

    invoke.mockResolvedValueOnce(serverState({ caFile: '/ca.pem' }));
    await chooseConnection({ mode: 'server', server: 'https://vp.ubnd.local:8443', caFile: '/ca.pem' }, restart);
    expect(restart).toHaveBeenLastCalledWith(true);
  });

  it('asks nothing of the shell for an address it would refuse', async () => {
    const restart = vi.fn();
    await expect(chooseConnection({ mode: 'server', server: '', caFile: '' }, restart)).rejects.toMatchObject({ field: 'server' });
    expect(invoke).not.toHaveBeenCalled();
    expect(restart).not.toHaveBeenCalled();
  });

  it('learns the certificate offered when the server showed another one', async () => {
    connection.current = serverState();
    invoke.mockRejectedValueOnce(changed).mockResolvedValueOnce(serverState({ offered: 'CC:DD', online: false }));
    const restart = vi.fn();
    const failure = await chooseConnection({ mode: 'server', server: 'https://vp.ubnd.local:8443', caFile: '' }, restart).catch((e) => e);
    expect(failure).toBeInstanceOf(ApiFailure);
    expect(failure.code).toBe('transport.certificate_changed');
    expect(invoke).toHaveBeenLastCalledWith('connection_get', {});
    expect(connection.current?.offered).toBe('CC:DD');
    expect(restart).not.toHaveBeenCalled();
  });

  it('trusts the certificate offered, and starts afresh on the server that showed it', async () => {
    connection.current = serverState({ offered: 'CC:DD', online: false });
    invoke.mockResolvedValueOnce(serverState({ certificate: 'CC:DD' }));
    const restart = vi.fn();
    await trustCertificate('CC:DD', restart);
    expect(invoke).toHaveBeenCalledWith('connection_trust', { fingerprint: 'CC:DD' });
    expect(connection.current?.certificate).toBe('CC:DD');
    expect(restart).toHaveBeenCalledWith(true);

    // Offered by another server than the one in use: other data, a new session.
    connection.current = localState;
    invoke.mockResolvedValueOnce(serverState({ server: 'https://other.local', certificate: 'EE:FF' }));
    await trustCertificate('EE:FF', restart);
    expect(restart).toHaveBeenLastCalledWith(false);
  });

  it('reports a shell without the command as an internal failure', async () => {
    invoke.mockRejectedValueOnce('command connection_trust not found');
    await expect(trustCertificate('CC:DD', vi.fn())).rejects.toMatchObject({ code: 'internal' });
  });
});
