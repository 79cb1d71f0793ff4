import { describe, expect, it } from 'vitest';
import { FORM, fieldErrors } from '$lib/errors';
import { countryName, dateTime, isPartialDate, partialDate, snippetParts, splitList } from '$lib/format';
import { orderPlatforms } from '$lib/cloud';
import { parseHash } from '$lib/router.svelte';

describe('fieldErrors', () => {
  const fields = ['summary', 'citations', 'responses', 'slug'];
  it('puts a named field error at that field', () => {
    expect(
      fieldErrors({ code: 'validation', message: 'allegation 0197: field `summary`: must not be empty' }, fields),
    ).toEqual({ summary: 'Must not be empty' });
  });
  it('falls back to the field group, then to the form', () => {
    expect(
      fieldErrors(
        { code: 'validation', message: 'allegation x: field `responses.responder`: must not be empty' },
        fields,
      ),
    ).toEqual({ responses: 'Must not be empty' });
    expect(fieldErrors({ code: 'validation', message: 'x: field `nope`: bad' }, fields)).toEqual({
      [FORM]: 'x: field `nope`: bad',
    });
    expect(fieldErrors({ code: 'internal', message: 'database error' }, fields)).toEqual({ [FORM]: 'database error' });
    expect(fieldErrors(new Error('plain'), fields)).toEqual({ [FORM]: 'plain' });
  });
  it('maps a unique-constraint clash to its column', () => {
    expect(
      fieldErrors({ code: 'conflict', message: 'company a: UNIQUE constraint failed: companies.slug' }, fields),
    ).toEqual({ slug: 'Already used by another record.' });
  });
});

describe('format', () => {
  it('reads partial dates as people do', () => {
    expect(partialDate('2025')).toBe('2025');
    expect(partialDate('2025-06')).toBe('Jun 2025');
    expect(partialDate('2025-01-30')).toBe('30 Jan 2025');
    expect(partialDate(null)).toBe('—');
  });
  it('reads timestamps in local time (UTC in the tests)', () => {
    expect(dateTime('2026-11-28T15:12:04Z')).toBe('28 Nov 2026, 15:12');
    expect(dateTime('2026-01-05T08:03:00+01:00')).toBe('5 Jan 2026, 07:03');
    expect(dateTime('')).toBe('—');
    expect(dateTime('not a time')).toBe('not a time');
  });
  it('accepts only real partial dates', () => {
    for (const ok of ['2025', '2025-02', '2024-02-29']) expect(isPartialDate(ok)).toBe(true);
    for (const bad of ['25', '2025-13', '2025-02-29', '2025-1', 'x', '']) expect(isPartialDate(bad)).toBe(false);
  });
  it('splits snippets on the bracketed match', () => {
    expect(snippetParts('…ught [H800] chip…')).toEqual([
      { text: '…ught ', match: false },
      { text: 'H800', match: true },
      { text: ' chip…', match: false },
    ]);
  });
  it('names countries and splits lists', () => {
    expect(countryName('CN')).toBe('China');
    expect(countryName('XX')).toBe('XX');
    expect(splitList('a\n\n b ,c', true)).toEqual(['a', 'b', 'c']);
  });
  it('puts the big three clouds first', () => {
    expect(orderPlatforms(['Oracle', 'Google', 'Alibaba', 'Amazon'])).toEqual([
      'Amazon',
      'Google',
      'Alibaba',
      'Oracle',
    ]);
  });
});

describe('parseHash', () => {
  it('parses every route', () => {
    expect(parseHash('')).toEqual({ name: 'portfolio' });
    expect(parseHash('#/company/china-mobile')).toEqual({ name: 'company', slug: 'china-mobile' });
    expect(parseHash('#/briefs/deepseek')).toEqual({ name: 'briefs', company: 'deepseek' });
    expect(parseHash('#/briefs?company=deepseek')).toEqual({ name: 'briefs', company: 'deepseek' });
    expect(parseHash('#/briefs')).toEqual({ name: 'briefs', company: null });
    expect(parseHash('#/matrix')).toEqual({ name: 'matrix' });
    expect(parseHash('#/settings')).toEqual({ name: 'settings' });
    expect(parseHash('#/exchange')).toEqual({ name: 'exchange' });
    expect(parseHash('#/lists')).toEqual({ name: 'lists', company: null });
    expect(parseHash('#/lists?company=huawei')).toEqual({ name: 'lists', company: 'huawei' });
    expect(parseHash('#/x')).toEqual({ name: 'not_found', path: '/x' });
  });
});
