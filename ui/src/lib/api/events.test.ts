import { describe, expect, it } from 'vitest';
import type { DomainEvent } from './bindings';
import { readEvents } from './client';

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
    const event = { id: 7, at: '2026-12-01T01:00:00Z', action: 'direction_create', objectType: 'direction', objectId: 3, actorId: 2 };
    const text = `:\n\nevent: domain\ndata: ${JSON.stringify(event)}\n\n`;
    await readEvents(body([text.slice(0, 20), text.slice(20, 41), text.slice(41)]), (e) => seen.push(e));
    expect(seen).toEqual([event]);
  });
});
