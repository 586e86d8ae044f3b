import { describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from './bindings';
import { RESYNC, follows, httpTransport, readEvents } from './client';

function body(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      chunks.forEach((c) => controller.enqueue(encoder.encode(c)));
      controller.close();
    },
  });
}

describe('the event stream', () => {
  it('reads domain events split across chunks and skips keep-alive comments', async () => {
    const seen: DomainEvent[] = [];
    const event: DomainEvent = { at: '2026-12-01T01:00:00Z', action: 'direction_create', objectType: 'direction', objectId: 3, actorId: 2 };
    const text = `:\n\nevent: domain\ndata: ${JSON.stringify(event)}\n\n`;
    await readEvents(body([text.slice(0, 20), text.slice(20, 41), text.slice(41)]), (e) => seen.push(e));
    expect(seen).toEqual([event]);
  });

  it('tells every listener to read afresh when the stream comes back after a cut', async () => {
    vi.useFakeTimers();
    const event: DomainEvent = { at: '2026-12-01T01:00:00Z', action: 'poll_vote', objectType: 'meeting', objectId: 5, actorId: 2 };
    let connections = 0;
    const fetchImpl = (async () => {
      connections += 1;
      // The first connection carries one event and drops; the second stays open.
      const text = connections === 1 ? `event: domain\ndata: ${JSON.stringify(event)}\n\n` : '';
      const stream = connections === 1 ? body([text]) : new ReadableStream<Uint8Array>({ start() {} });
      return new Response(stream, { status: 200 });
    }) as typeof fetch;
    const seen: DomainEvent[] = [];
    const stop = httpTransport(fetchImpl).subscribe('token', (e) => seen.push(e));
    await vi.advanceTimersByTimeAsync(3500);
    stop();
    vi.useRealTimers();
    expect(connections).toBe(2);
    expect(seen).toEqual([event, RESYNC]);
    expect(follows(RESYNC, 'meeting', 5) && follows(event, 'meeting', 5)).toBe(true);
    expect(follows(event, 'meeting', 6) || follows(event, 'direction')).toBe(false);
  });
});
