// Helpers shared by the editing forms.
import { tick } from 'svelte';
import type { FieldErrors } from '../errors';
import { isPartialDate } from '../format';

export const NEW_SOURCE = '__new__';

/** aria-describedby for a control that may have a hint and an error. */
export function describedBy(id: string, hint?: string | boolean | null, error?: string | null): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function requireText(errors: FieldErrors, field: string, value: string | null | undefined, label: string) {
  if (!(value ?? '').trim()) errors[field] = `${label} is required.`;
}

export function checkDate(errors: FieldErrors, field: string, value: string | null | undefined) {
  const v = (value ?? '').trim();
  if (v && !isPartialDate(v)) errors[field] = 'Use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-06).';
}

export function checkUrl(errors: FieldErrors, field: string, value: string | null | undefined) {
  const v = (value ?? '').trim();
  if (v && !/^https?:\/\/\S+$/.test(v)) errors[field] = 'Give a web address starting with https:// or http://.';
}

/** Moves the focus to the first invalid control, or to the form's error message. */
export async function focusFirstError(form: HTMLElement | undefined) {
  await tick();
  form?.querySelector<HTMLElement>('[aria-invalid="true"], .form-error')?.focus();
}

export const DATE_HINT = 'YYYY, YYYY-MM or YYYY-MM-DD';

/** Accessibility attributes of a form control: invalid state and the hint/error it is described by. */
export function controlAttrs(id: string, errors: () => FieldErrors) {
  return (f: string, hint = false) => ({
    'aria-invalid': !!errors()[f],
    'aria-describedby': describedBy(`${id}-${f}`, hint, errors()[f]),
  });
}
