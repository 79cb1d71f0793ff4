import { describe, expect, it } from 'vitest';
import { FORM, fieldErrors, onRecord } from '$lib/errors';
import { countryName, dateTime, isPartialDate, partialDate, snippetParts, splitList } from '$lib/format';
import { orderPlatforms } from '$lib/cloud';
import { href, parseHash } from '$lib/router.svelte';

describe('fieldErrors', () => {
  const fields = ['summary', 'citations', 'responses', 'slug'];
  const invalid = (name: string, problem: string, record?: 'allegation' | 'source') => ({
    code: 'validation' as const,
    message: `allegation 0197: field \`${name}\`: ${problem}`,
    field: { record, name, problem },
  });
  it('puts a field error at the field it names as data', () => {
    expect(fieldErrors(invalid('summary', 'must not be empty', 'allegation'), fields)).toEqual({
      summary: 'Must not be empty',
    });
  });
  it('never reads the message: without field data the error stays at the form', () => {
    const message = 'allegation 0197: field `summary`: must not be empty';
    expect(fieldErrors({ code: 'validation', message }, fields)).toEqual({ [FORM]: message });
  });
  it('falls back to the field group, then to the form', () => {
    expect(fieldErrors(invalid('responses.responder', 'must not be empty'), fields)).toEqual({
      responses: 'Must not be empty',
    });
    const nope = invalid('nope', 'bad');
    expect(fieldErrors(nope, fields)).toEqual({ [FORM]: nope.message });
    expect(fieldErrors({ code: 'internal', message: 'database error' }, fields)).toEqual({ [FORM]: 'database error' });
    expect(fieldErrors(new Error('plain'), fields)).toEqual({ [FORM]: 'plain' });
  });
  it('places only errors on the record asked for', () => {
    const onSource = invalid('summary', 'must not be empty', 'source');
    expect(fieldErrors(onSource, fields, 'allegation')).toEqual({ [FORM]: onSource.message });
    expect(onRecord(onSource, 'source')).toBe(true);
    expect(onRecord(invalid('summary', 'x', 'allegation'), 'source')).toBe(false);
  });
  it('puts a clash on a unique field at that field', () => {
    const taken = {
      code: 'conflict' as const,
      message: 'company a: UNIQUE constraint failed: companies.slug',
      field: { name: 'slug', problem: 'already used by another record' },
    };
    expect(fieldErrors(taken, fields)).toEqual({ slug: 'Already used by another record' });
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
    expect(parseHash('#/exchange')).toEqual({ name: 'exchange', file: null });
    expect(parseHash('#/lists')).toEqual({ name: 'lists', company: null, hit: null });
    expect(parseHash('#/lists?company=huawei')).toEqual({ name: 'lists', company: 'huawei', hit: null });
    expect(parseHash('#/inbox')).toEqual({ name: 'inbox' });
    expect(parseHash('#/x')).toEqual({ name: 'not_found', path: '/x' });
  });

  it('links a hit on the Lists screen, with or without its company', () => {
    const id = '01a23ac3-7684-77f9-887e-44816be98b6f';
    expect(href.lists()).toBe('#/lists');
    expect(href.lists('zte')).toBe('#/lists?company=zte');
    expect(href.lists('zte', id)).toBe(`#/lists?company=zte&hit=${id}`);
    expect(href.lists(null, id)).toBe(`#/lists?hit=${id}`);
    expect(parseHash(href.lists('zte', id))).toEqual({ name: 'lists', company: 'zte', hit: id });
    expect(parseHash(href.lists(null, id))).toEqual({ name: 'lists', company: null, hit: id });
    expect(href.inbox()).toBe('#/inbox');
  });

  it('reads the file of the Data exchange screen, and href.exchange writes any path back', () => {
    expect(href.exchange()).toBe('#/exchange');
    expect(href.exchange(null)).toBe('#/exchange');
    expect(href.exchange('/home/analyst/Downloads/team.riskbrief')).toBe(
      '#/exchange?file=%2Fhome%2Fanalyst%2FDownloads%2Fteam.riskbrief',
    );
    expect(parseHash('#/exchange?file=%2Fhome%2Fanalyst%2FDownloads%2Fteam.riskbrief')).toEqual({
      name: 'exchange',
      file: '/home/analyst/Downloads/team.riskbrief',
    });
    expect(parseHash('#/exchange?file=')).toEqual({ name: 'exchange', file: null });
    for (const file of [
      '/home/a b/Büro/x+y&z=1 #2 ?.riskbrief',
      'C:\\Users\\analyst\\Downloads\\team 100%.riskbrief',
      '/tmp/华为.json',
    ])
      expect(parseHash(href.exchange(file))).toEqual({ name: 'exchange', file });
  });
});
