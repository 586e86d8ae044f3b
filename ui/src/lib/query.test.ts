import { describe, expect, it } from 'vitest';
import type { DomainEvent } from './api/bindings';
import { ApiFailure, Client, RESYNC, type Transport } from './api/client';
import { Query } from './query.svelte';

// A transport whose answers the test gives one by one, and whose event stream it drives.
function scripted() {
  const answers: Array<(resolve: (v: unknown) => void, reject: (e: unknown) => void) => void> = [];
  let emit: (event: DomainEvent) => void = () => {};
  const asked: string[] = [];
  const transport = {
    call: (name: string) => {
      asked.push(name);
      const next = answers.shift();
      return new Promise((resolve, reject) => (next ? next(resolve, reject) : reject(new Error('no answer scripted'))));
    },
    subscribe: (_token: string, onEvent: (event: DomainEvent) => void) => {
      emit = onEvent;
      return () => (emit = () => {});
    },
  } as unknown as Transport;
  const client = new Client(transport);
  client.setToken('t');
  return { client, answers, asked, emit: (e: DomainEvent) => emit(e) };
}

const event = (objectType: string): DomainEvent =>
  ({ at: '', action: 'changed', objectType, objectId: 1, actorId: null }) as unknown as DomainEvent;
const failure = new ApiFailure({ code: 'transport.unreachable', message: { vi: 'Mất kết nối', en: 'Disconnected' }, field: null });
// Let the answers already given arrive: a few turns of the promise queue, no clock.
const settle = async () => {
  for (let n = 0; n < 10; n++) await Promise.resolve();
};

describe('a query', () => {
  it('keeps the last answer and says what failed, then clears the failure when it loads again', async () => {
    const s = scripted();
    const q = new Query('clock_get', () => null, () => true, s.client);
    s.answers.push((resolve) => resolve({ day: '2026-12-07' }));
    await q.load();
    expect(q.data).toEqual({ day: '2026-12-07' });
    s.answers.push((_, reject) => reject(failure));
    await q.load();
    expect(q.error).toBe(failure);
    expect(q.data).toEqual({ day: '2026-12-07' });
    expect(q.loading).toBe(false);
    s.answers.push((resolve) => resolve({ day: '2026-12-08' }));
    await q.load();
    expect(q.error).toBeNull();
    expect(q.data).toEqual({ day: '2026-12-08' });
  });

  it('drops an answer that comes after a newer question was asked', async () => {
    const s = scripted();
    const q = new Query('clock_get', () => null, () => true, s.client);
    let late: (v: unknown) => void = () => {};
    s.answers.push((resolve) => (late = resolve));
    s.answers.push((resolve) => resolve({ day: 'new' }));
    const first = q.load();
    await q.load();
    late({ day: 'old' });
    await first;
    expect(q.data).toEqual({ day: 'new' });
  });

  it('loads again on the events it follows and after the stream comes back, not on others', async () => {
    const s = scripted();
    const q = new Query('alert_list', () => ({}) as never, (e) => e.objectType === 'alert', s.client);
    for (let n = 0; n < 3; n++) s.answers.push((resolve) => resolve({ n }));
    const stop = q.follow();
    await settle();
    s.emit(event('meeting'));
    await settle();
    expect(s.asked.length).toBe(1);
    s.emit(event('alert'));
    await settle();
    s.emit(RESYNC);
    await settle();
    expect(s.asked.length).toBe(3);
    stop();
  });

  it('follows, unless told, the kinds of objects its command reads in the core', async () => {
    const s = scripted();
    const q = new Query('alert_list', () => ({}) as never, undefined, s.client);
    for (let n = 0; n < 3; n++) s.answers.push((resolve) => resolve({ n }));
    const stop = q.follow();
    await settle();
    s.emit(event('user'));
    await settle();
    expect(s.asked.length).toBe(1);
    s.emit(event('alert'));
    await settle();
    s.emit(event('direction'));
    await settle();
    expect(s.asked.length).toBe(3);
    stop();
  });
});
