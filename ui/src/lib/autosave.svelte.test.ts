// A form's unsaved work while the Office's server cannot be reached: it stays on this
// workstation and is offered back when the form opens again. (Under vitest, components'
// effects do not run; the test marks the form changed itself and keeps at once.)
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Clearance, Me } from './api/bindings';
import { api, ApiFailure } from './api/client';
import { Autosave } from './autosave.svelte';
import { connection, type ConnectionState } from './connection.svelte';
import { session } from './session.svelte';
import { copyKey } from './unsaved-copy';
import { MemoryStorage } from './memory-storage';


const SERVER = 'https://vp.ubnd.local:8443';
const place: ConnectionState = {
  mode: 'server', server: SERVER, caFile: null, fixedBySystem: false, certificate: 'AA', offered: null, online: true,
};
const failure = (code: 'transport.unreachable' | 'invalid' | 'auth.session_expired') =>
  new ApiFailure({ code, message: { vi: code, en: code }, field: null });
const settle = async () => {
  for (let n = 0; n < 10; n++) await Promise.resolve();
};

type Fields = { summary: string };
let store: MemoryStorage;
let server: { reachable: boolean; kept: Map<string, { content: unknown; savedAt: string }>; refuse: boolean };

beforeEach(() => {
  store = new MemoryStorage();
  vi.stubGlobal('localStorage', store);
  connection.current = place;
  session.me = { user: { id: 7 } } as unknown as Me;
  server = { reachable: true, kept: new Map(), refuse: false };
  vi.spyOn(api, 'call').mockImplementation(async (name: string, request: any) => {
    if (!server.reachable) throw failure('transport.unreachable');
    if (name === 'autosave_get') return (server.kept.get(request.form) ?? null) as never;
    if (name === 'autosave_put') {
      if (server.refuse) throw failure('invalid');
      const kept = { content: request.content, savedAt: new Date().toISOString() };
      server.kept.set(request.form, kept);
      return kept as never;
    }
    if (name === 'autosave_discard') server.kept.delete(request.form);
    return null as never;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  connection.current = null;
  session.me = null;
});

/** A form as a page makes one, with its fields in `fields`. */
function openForm(name = 'incoming-new', secrecy: Clearance = 'none') {
  const fields: Fields = { summary: '' };
  const kept = new Autosave<Fields>(name, () => ({ ...fields }), () => secrecy);
  return {
    kept,
    /** The person types: the form is changed, and what it holds is kept now. */
    async type(summary: string) {
      fields.summary = summary;
      kept.dirty = true;
      kept.flush();
      await settle();
    },
  };
}

const here = (form = 'incoming-new') => store.getItem(copyKey(SERVER, 7, form));

describe('unsaved work while the server cannot be reached', () => {
  it('stays on this workstation and is offered when the form opens again, still offline', async () => {
    server.reachable = false;
    const form = openForm();
    await form.type('Về việc tổ chức Tết Trồng cây');
    expect(JSON.parse(here()!).content).toEqual({ summary: 'Về việc tổ chức Tết Trồng cây' });
    expect(form.kept.keptAt).not.toBeNull();

    // The window closed; the form opens again, the server still silent.
    const again = openForm();
    await settle();
    expect(again.kept.offer?.content).toEqual({ summary: 'Về việc tổ chức Tết Trồng cây' });
  });

  it('goes to the core once it answers, and no longer stays here', async () => {
    server.reachable = false;
    const form = openForm();
    await form.type('Bản nháp');
    expect(here()).not.toBeNull();
    server.reachable = true;
    await form.type('Bản nháp, tiếp');
    expect(server.kept.get('incoming-new')?.content).toEqual({ summary: 'Bản nháp, tiếp' });
    expect(here()).toBeNull();
  });

  it('is offered from the core instead when the core has a newer copy', async () => {
    server.reachable = false;
    await openForm().type('Gõ ở máy này');
    server.reachable = true;
    server.kept.set('incoming-new', { content: { summary: 'Gõ sau, ở máy khác' }, savedAt: new Date(Date.now() + 60_000).toISOString() });
    const again = openForm();
    await settle();
    expect(again.kept.offer?.content).toEqual({ summary: 'Gõ sau, ở máy khác' });
  });

  it('also survives a session that ended while typing', async () => {
    const form = openForm();
    vi.mocked(api.call).mockRejectedValueOnce(failure('auth.session_expired'));
    await form.type('Trước khi hết phiên');
    expect(JSON.parse(here()!).content).toEqual({ summary: 'Trước khi hết phiên' });
  });

  it('is never written here for a secret form, and an earlier plain copy goes', async () => {
    server.reachable = false;
    await openForm('outgoing-9').type('Chưa mật');
    expect(here('outgoing-9')).not.toBeNull();
    await openForm('outgoing-9', 'mat').type('Nội dung mật');
    expect(here('outgoing-9')).toBeNull();
  });

  it('does not stay here when the core refused the content itself', async () => {
    server.refuse = true;
    await openForm().type('x'.repeat(50));
    expect(here()).toBeNull();
  });

  it('belongs to the person and the place it was typed for', async () => {
    server.reachable = false;
    await openForm().type('Của người số 7');
    session.me = { user: { id: 8 } } as unknown as Me;
    const other = openForm();
    await settle();
    expect(other.kept.offer).toBeNull();
    session.me = { user: { id: 7 } } as unknown as Me;
    connection.current = { ...place, mode: 'local', server: null };
    const elsewhere = openForm();
    await settle();
    expect(elsewhere.kept.offer).toBeNull();
  });

  it('goes when the person drops it or saves the form', async () => {
    server.reachable = false;
    await openForm().type('Bỏ đi');
    const again = openForm();
    await settle();
    await again.kept.drop();
    expect(here()).toBeNull();

    const form = openForm();
    await form.type('Lưu thật');
    expect(here()).not.toBeNull();
    await form.kept.saved();
    expect(here()).toBeNull();
  });
});
