// Working without a mouse, and forms that speak the app's language.
//  - Ctrl+S saves the page's form (the one marked data-shortcut-save), Ctrl+Enter submits
//    the form being typed in, "/" goes to the page's search field; Esc closes a dialog
//    (the browser's <dialog> does that itself).
//  - A required field left empty, or a value of the wrong form, is explained in the app's
//    language (not the browser's "Please fill out this field."), on the field itself.
import { t } from './i18n/index.svelte';

function typingIn(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('input, textarea, select, [contenteditable=true]') !== null;
}

export function onShortcut(e: KeyboardEvent): void {
  const mod = e.ctrlKey || e.metaKey;
  const target = e.target instanceof HTMLElement ? e.target : null;
  if (mod && e.key.toLowerCase() === 's') {
    const scope = target?.closest('dialog') ?? document;
    const form = (target?.closest('form[data-shortcut-save]') ?? scope.querySelector('form[data-shortcut-save]')) as HTMLFormElement | null;
    e.preventDefault();
    form?.requestSubmit();
  } else if (mod && e.key === 'Enter') {
    const form = target?.closest('form');
    if (form) {
      e.preventDefault();
      form.requestSubmit();
    }
  } else if (e.key === '/' && !mod && !e.altKey && !typingIn(e.target) && !document.querySelector('dialog[open]')) {
    const search = document.querySelector<HTMLInputElement>('main input[type=search]');
    if (search) {
      e.preventDefault();
      search.focus();
    }
  }
}

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** The app's words for what is wrong with `field` (empty when nothing is). */
export function validityText(field: Field): string {
  const v = field.validity;
  if (v.valueMissing) return field instanceof HTMLSelectElement ? t('validation.choose') : t('validation.required');
  if (v.tooLong) return t('validation.tooLong', { max: (field as HTMLInputElement).maxLength });
  if (v.tooShort) return t('validation.tooShort', { min: (field as HTMLInputElement).minLength });
  if (v.rangeUnderflow) return t('validation.min', { min: (field as HTMLInputElement).min });
  if (v.rangeOverflow) return t('validation.max', { max: (field as HTMLInputElement).max });
  if (v.stepMismatch || v.badInput) return t('validation.number');
  if (v.typeMismatch) return (field as HTMLInputElement).type === 'email' ? t('validation.email') : t('validation.format');
  if (v.patternMismatch) return field.title ? t('validation.pattern', { hint: field.title }) : t('validation.format');
  return '';
}

const OURS = 'appValidity';

export function onInvalid(e: Event): void {
  const field = e.target as Field;
  if (!(field instanceof HTMLElement) || !('validity' in field)) return;
  field.setAttribute('aria-invalid', 'true');
  // A message the form set itself (a combobox not chosen) stays as it is.
  if (field.validity.customError && field.dataset[OURS] === undefined) return;
  field.setCustomValidity('');
  const text = validityText(field);
  if (text) {
    field.setCustomValidity(text);
    field.dataset[OURS] = '';
  }
}

export function onInput(e: Event): void {
  const field = e.target as Field;
  if (!(field instanceof HTMLElement) || field.dataset[OURS] === undefined) return;
  field.setCustomValidity('');
  delete field.dataset[OURS];
  if (field.checkValidity()) field.removeAttribute('aria-invalid');
}

export function install(): () => void {
  document.addEventListener('keydown', onShortcut);
  document.addEventListener('invalid', onInvalid, true);
  document.addEventListener('input', onInput, true);
  document.addEventListener('change', onInput, true);
  return () => {
    document.removeEventListener('keydown', onShortcut);
    document.removeEventListener('invalid', onInvalid, true);
    document.removeEventListener('input', onInput, true);
    document.removeEventListener('change', onInput, true);
  };
}
