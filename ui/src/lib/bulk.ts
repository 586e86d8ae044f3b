// One step done to several objects at once, each through the same command as on its own
// page (the core checks each one): what was done, and what was not, with the reason.
import { errorText } from './errors';

export interface Outcome {
  done: number;
  failed: { label: string; reason: string }[];
}

export async function eachOf<T>(items: T[], label: (item: T) => string, step: (item: T) => Promise<unknown>): Promise<Outcome> {
  const outcome: Outcome = { done: 0, failed: [] };
  for (const item of items) {
    try {
      await step(item);
      outcome.done += 1;
    } catch (e) {
      outcome.failed.push({ label: label(item), reason: errorText(e) });
    }
  }
  return outcome;
}
