// Turning the core's errors into messages at the right place in a form.
import { errorMessage, isApiError } from './api';
import type { RecordKind } from './bindings/RecordKind';

export type FieldErrors = Record<string, string>;

/** The key under which a form shows errors that belong to no single field. */
export const FORM = '_form';

/**
 * Maps a thrown value to field errors. An error from the core that belongs to a field says so
 * as data (`field: {record?, name, problem}`): it goes to that field, or to the field's group
 * ("responses.responder" -> "responses") when the form has no such field. With `record`, only
 * errors on that kind of record are placed (a form that saves a source beside an allegation
 * asks for each in turn). Anything else is shown at the form, in the core's words.
 */
export function fieldErrors(e: unknown, fields: readonly string[], record?: RecordKind): FieldErrors {
  const field = isApiError(e) ? e.field : undefined;
  if (field && (!record || field.record === record)) {
    const target = [field.name, field.name.split('.')[0]].find((f) => fields.includes(f));
    if (target) return { [target]: sentence(field.problem) };
  }
  return { [FORM]: errorMessage(e) };
}

/** Whether the core refused `e` on a field of a `record` (e.g. the new source of an allegation). */
export const onRecord = (e: unknown, record: RecordKind) => isApiError(e) && e.field?.record === record;

function sentence(s: string): string {
  const t = s.trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}
