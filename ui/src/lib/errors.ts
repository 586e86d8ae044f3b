import { ApiFailure } from './api/client';
import { locale } from './i18n/index.svelte';

/** The text to show a person for a failure, in the current language. */
export function errorText(error: unknown): string {
  if (error instanceof ApiFailure) return error.text(locale.lang);
  return String(error);
}

/** The request field a failure is about, to show the message next to it. */
export function errorField(error: unknown): string | null {
  return error instanceof ApiFailure ? error.field : null;
}
