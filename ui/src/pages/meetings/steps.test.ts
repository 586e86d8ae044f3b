import { describe, expect, it } from 'vitest';
import type { MeetingDetail } from '../../lib/api/bindings';
import { Steps } from './steps.svelte';

const meeting = { meeting: { id: 7 } } as unknown as MeetingDetail;

describe('a step on a meeting', () => {
  it('shows the meeting the core answers with, and is busy only while it runs', async () => {
    const shown: MeetingDetail[] = [];
    const steps = new Steps((d) => shown.push(d));
    let answer: (d: MeetingDetail) => void = () => {};
    const running = steps.run('floor', () => new Promise((resolve) => (answer = resolve)));
    expect(steps.busy).toBe(true);
    answer(meeting);
    expect(await running).toBe(true);
    expect(steps.busy).toBe(false);
    expect(shown).toEqual([meeting]);
  });

  it('keeps a failure with the place it came from, and forgets it when a step goes through', async () => {
    const steps = new Steps(() => {});
    const refused = new Error('no quorum');
    expect(await steps.run('poll', () => Promise.reject(refused))).toBe(false);
    expect(steps.failed('poll')).toBe(refused);
    expect(steps.failed('floor')).toBeNull();
    expect(await steps.run('floor', () => Promise.resolve(meeting))).toBe(true);
    expect(steps.failed('poll')).toBeNull();
    expect(steps.error).toBeNull();
  });
});

describe('a paper printed from a meeting', () => {
  it('keeps a failure to save the file with the place it came from', async () => {
    const refused = new Error('download refused');
    const printing = new Steps<string>(() => Promise.reject(refused));
    expect(await printing.run(3, () => Promise.resolve('result.pdf'))).toBe(false);
    expect(printing.failed(3)).toBe(refused);
    expect(printing.failed(4)).toBeNull();
    expect(printing.busy).toBe(false);
  });

  it('hands the file over and goes through', async () => {
    const saved: string[] = [];
    const printing = new Steps<string>(async (file) => void saved.push(file));
    expect(await printing.run('opinions', () => Promise.resolve('opinions.pdf'))).toBe(true);
    expect(saved).toEqual(['opinions.pdf']);
    expect(printing.error).toBeNull();
  });
});
