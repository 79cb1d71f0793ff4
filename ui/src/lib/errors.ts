// Turning the core's errors into messages at the right place in a form.
import { errorMessage, isApiError } from './api';

export type FieldErrors = Record<string, string>;

/** The key under which a form shows errors that belong to no single field. */
export const FORM = '_form';

/**
 * Maps a thrown value to field errors. A validation error from the core names its field
 * ("allegation 0197…: field `summary`: must not be empty"); that goes to the field, or to the
 * field's group ("responses.responder" -> "responses") when the form has no such field.
 * A slug clash ("UNIQUE constraint failed: companies.slug") goes to the slug field.
 * Anything else is shown at the form.
 */
export function fieldErrors(e: unknown, fields: readonly string[]): FieldErrors {
  const message = errorMessage(e);
  if (isApiError(e)) {
    const named = /field `([^`]+)`:\s*(.*)$/s.exec(message);
    if (named) {
      const [, field, text] = named;
      const target = [field, field.split('.')[0]].find((f) => fields.includes(f));
      if (target) return { [target]: sentence(text) };
    }
    if (e.code === 'conflict') {
      const column = /UNIQUE constraint failed: \w+\.(\w+)/.exec(message)?.[1];
      if (column && fields.includes(column)) return { [column]: 'Already used by another record.' };
    }
  }
  return { [FORM]: message };
}

function sentence(s: string): string {
  const t = s.trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}
