// The timelines' pure parts: partial dates as spans of days, the lanes' labels, how each event is
// marked, the time scale's zoom and pan, the axis ticks, and the packing of markers into rows.
// Days are counted from 1970-01-01 (UTC); a span's end is exclusive.
import type { CompanyData } from './bindings/CompanyData';
import type { FactRef } from './bindings/FactRef';
import type { TimelineEvent } from './bindings/TimelineEvent';
import type { ListingEvent } from './bindings/ListingEvent';
import type { TimelineKind } from './bindings/TimelineKind';
import { vocab } from './vocab.svelte';

const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export type Precision = 'year' | 'month' | 'day';

/** The days a partial date covers: a year, a month or one day. */
export interface Span {
  start: number;
  end: number;
  precision: Precision;
}

/** The window of days the chart shows. */
export interface View {
  start: number;
  end: number;
}

/** The day number of a calendar date (month 1–12). */
export function dayNumber(year: number, month = 1, day = 1): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** The calendar date of a day number. */
export function civil(day: number): { year: number; month: number; day: number } {
  const d = new Date(Math.floor(day) * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** "2025" is the whole year, "2025-06" the whole month, "2025-01-30" that day. */
export function span(date: string): Span {
  const [y, m, d] = date.split('-').map(Number);
  if (m === undefined || Number.isNaN(m)) return { start: dayNumber(y), end: dayNumber(y + 1), precision: 'year' };
  if (d === undefined || Number.isNaN(d))
    return { start: dayNumber(y, m), end: dayNumber(y, m + 1), precision: 'month' };
  const start = dayNumber(y, m, d);
  return { start, end: start + 1, precision: 'day' };
}

/** The lanes of a company's timeline, in the core's order (TimelineKind), labelled by the core's vocabulary (kindLabel). */
export const KINDS: TimelineKind[] = [
  'allegation',
  'response',
  'designation',
  'restriction',
  'cloud',
  'screening',
  'brief',
  'change',
];
/** A lane's name, in the core's words (the vocabulary's timeline kinds). */
export function kindLabel(kind: TimelineKind): string {
  return vocab.label('timeline_kinds', kind);
}

/** How an event is drawn: list events by what happened (a listing, a removal, a check that found
 * the company not listed, a review), the others by their lane. */
export type Mark =
  | 'listing'
  | 'delisting'
  | 'check'
  | 'review'
  | 'measure'
  | 'allegation'
  | 'response'
  | 'cloud'
  | 'screening'
  | 'brief'
  | 'change';

/** The list events' marks, by what the core says happened on the list (ListingEvent). */
const LISTING_MARKS: Record<ListingEvent, Mark> = {
  listed: 'listing',
  removed: 'delisting',
  under_review: 'review',
  not_listed: 'check',
};

/** A mark's name, in the core's words: a list event's (ListingEvent), the others their lane's. */
export function markLabel(m: Mark): string {
  const listing = (Object.keys(LISTING_MARKS) as ListingEvent[]).find((l) => LISTING_MARKS[l] === m);
  if (listing) return vocab.label('listing_events', listing);
  return kindLabel(m === 'measure' ? 'restriction' : (m as TimelineKind));
}

/** The marks of the portfolio timeline's events, in the order its filter offers them. */
export const LIST_MARKS: Mark[] = ['listing', 'delisting', 'review', 'measure', 'check'];

/** How an event is marked: a list event by what happened on the list (the core's `listing`), the
 * others by their lane. */
export function markOf(e: Pick<TimelineEvent, 'kind' | 'listing'>): Mark {
  if (e.kind === 'designation') return e.listing ? LISTING_MARKS[e.listing] : 'listing';
  if (e.kind === 'restriction') return 'measure';
  return e.kind;
}

/** The window that shows every span: whole months, with a little room at each end, and at least
 * a year wide (centred on the events). */
export function domainOf(spans: Span[], minDays = 365): View {
  if (spans.length === 0) {
    const { year } = civil(Date.now() / DAY_MS);
    return { start: dayNumber(year), end: dayNumber(year + 1) };
  }
  let start = Infinity;
  let end = -Infinity;
  for (const s of spans) {
    start = Math.min(start, s.start);
    end = Math.max(end, s.end);
  }
  const room = Math.max(10, (end - start) * 0.02);
  start -= room;
  end += room;
  if (end - start < minDays) {
    const mid = (start + end) / 2;
    start = mid - minDays / 2;
    end = mid + minDays / 2;
  }
  const a = civil(start);
  const b = civil(end);
  return { start: dayNumber(a.year, a.month), end: dayNumber(b.year, b.month + 1) };
}

/** The narrowest window the chart zooms to, in days. */
export const MIN_DAYS = 45;

/** The view moved into the domain (and no wider than it). */
export function clampView(v: View, domain: View): View {
  const width = Math.min(v.end - v.start, domain.end - domain.start);
  let start = Math.max(domain.start, Math.min(v.start, domain.end - width));
  if (!Number.isFinite(start)) start = domain.start;
  return { start, end: start + width };
}

/** Zooms by `factor` (below 1 zooms in) keeping the day `anchor` where it is on screen. */
export function zoom(v: View, factor: number, anchor: number, domain: View, minDays = MIN_DAYS): View {
  const width = v.end - v.start;
  const full = domain.end - domain.start;
  const next = Math.max(Math.min(minDays, full), Math.min(full, width * factor));
  const at = Math.max(0, Math.min(1, (anchor - v.start) / width));
  return clampView({ start: anchor - at * next, end: anchor - at * next + next }, domain);
}

/** Moves the view by `days` (negative: earlier). */
export function pan(v: View, days: number, domain: View): View {
  return clampView({ start: v.start + days, end: v.end + days }, domain);
}

/** Moves the view, without zooming, so that the span is in it (centred when it was outside). */
export function reveal(v: View, s: Span, domain: View): View {
  const width = v.end - v.start;
  if (s.start >= v.start && s.end <= v.end) return v;
  if (s.end - s.start >= width) return clampView({ start: s.start, end: s.start + width }, domain);
  const mid = (s.start + s.end) / 2;
  return clampView({ start: mid - width / 2, end: mid + width / 2 }, domain);
}

export interface Tick {
  day: number;
  label: string | null;
}

export interface Axis {
  /** Year starts (the first may be before the view: its label is held at the left edge). */
  years: Tick[];
  /** Month starts, when months are wide enough to draw; labelled when there is room. */
  months: Tick[];
  /** Day lines, when days are wide enough to draw. */
  days: number[];
}

/** The axis of a view drawn `width` pixels wide: every year (labelled every 1, 2, 5… years as
 * room allows), months once they are 12 px wide (labelled every month or quarter), days once 6 px. */
export function axisTicks(v: View, width: number, minLabel = 38): Axis {
  const perDay = width / (v.end - v.start);
  const first = civil(v.start).year;
  const last = civil(v.end - 1e-6).year;
  const step = [1, 2, 5, 10, 20, 50, 100].find((s) => s * 365.25 * perDay >= minLabel) ?? 100;
  const years: Tick[] = [];
  for (let y = first; y <= last; y++) years.push({ day: dayNumber(y), label: y % step === 0 ? String(y) : null });
  const monthPx = 30.44 * perDay;
  const months: Tick[] = [];
  if (monthPx >= 12) {
    const every = monthPx >= minLabel ? 1 : monthPx * 3 >= minLabel ? 3 : 0;
    for (let y = first; y <= last; y++)
      for (let m = 1; m <= 12; m++) {
        const day = dayNumber(y, m);
        if (day < v.start || day > v.end) continue;
        months.push({ day, label: every && (m - 1) % every === 0 ? MONTHS[m - 1] : null });
      }
  }
  const days: number[] = [];
  if (perDay >= 6) for (let d = Math.ceil(v.start); d <= v.end; d++) days.push(d);
  return { years, months, days };
}

/** The window in words: "Jan 2025 – Dec 2026"; days too when it is under four months wide. */
export function viewLabel(v: View): string {
  const a = civil(v.start);
  const b = civil(v.end - 1e-6);
  if (v.end - v.start < 120) {
    const f = (c: typeof a) => `${c.day} ${MONTHS[c.month - 1]} ${c.year}`;
    return `${f(a)} – ${f(b)}`;
  }
  const f = (c: typeof a) => `${MONTHS[c.month - 1]} ${c.year}`;
  return f(a) === f(b) ? f(a) : `${f(a)} – ${f(b)}`;
}

/** Rows for intervals [from, to] (pixels) so that none overlaps another in its row (gap apart):
 * each goes in the first row free at its start. Returns each interval's row. */
export function pack(extents: [number, number][], gap = 2): number[] {
  const order = extents.map((_, i) => i).sort((a, b) => extents[a][0] - extents[b][0] || a - b);
  const ends: number[] = [];
  const rows = new Array<number>(extents.length);
  for (const i of order) {
    const [from, to] = extents[i];
    let r = ends.findIndex((end) => end + gap <= from);
    if (r < 0) r = ends.length;
    ends[r] = to;
    rows[i] = r;
  }
  return rows;
}

/** An event to lay out in a lane: its key, its span and its mark. */
export interface LaneItem {
  key: string;
  span: Span;
  mark: Mark;
}

/** What a lane draws: one event, or several drawn as one marker with their count (events of the
 * same mark on the same date, or whose dots would overlap at this zoom). Positions are pixels
 * from the domain's start, so that panning moves nothing but the window. */
export interface Unit {
  /** The events' keys, oldest first; the first is the unit's key. */
  keys: string[];
  mark: Mark;
  /** The days the events cover, from the first's start to the last's end. */
  start: number;
  end: number;
  /** A bar over the events' month or year (else a dot at cx). */
  bar: boolean;
  x0: number;
  x1: number;
  cx: number;
  /** The row of the lane it is drawn in. */
  row: number;
}

/** Width of a unit's count, in pixels ("12"), with its space from the marker. */
export const countWidth = (n: number) => (n > 1 ? 5 + 6.5 * String(n).length : 0);

/** Whether a bar's count fits inside it. */
export const countInside = (u: Pick<Unit, 'bar' | 'x0' | 'x1' | 'keys'>) =>
  u.bar && u.x1 - u.x0 >= countWidth(u.keys.length) + 8;

/**
 * Lays out one lane at `perDay` pixels a day: events of one mark on the same date become one
 * unit; dots of one mark that would overlap (centres closer than `dot` × 2 + `gap` to the first of
 * the group) become one unit, which zooming in splits; a day is a dot, and a date known only to
 * the month or year a bar once it is wider than a dot. Units are then packed into rows so that none overlaps.
 */
export function layoutLane(items: LaneItem[], perDay: number, origin: number, dot = 6, gap = 2): Unit[] {
  const px = (d: number) => (d - origin) * perDay;
  const same = new Map<string, Unit>();
  for (const it of items) {
    const id = `${it.mark}|${it.span.start}|${it.span.end}`;
    const u = same.get(id);
    if (u) u.keys.push(it.key);
    else
      same.set(id, {
        keys: [it.key],
        mark: it.mark,
        start: it.span.start,
        end: it.span.end,
        bar: false,
        x0: 0,
        x1: 0,
        cx: 0,
        row: 0,
      });
  }
  const units: Unit[] = [];
  const points: Unit[] = [];
  for (const u of same.values()) {
    const a = px(u.start);
    const b = px(u.end);
    u.cx = (a + b) / 2;
    // A day is always a dot; a month or a year, a bar once it is wider than a dot.
    if (u.end - u.start > 1 && b - a >= 2 * dot) {
      Object.assign(u, { bar: true, x0: a + 1.5, x1: b - 1.5 });
      units.push(u);
    } else {
      Object.assign(u, { x0: u.cx, x1: u.cx });
      points.push(u);
    }
  }
  points.sort((p, q) => p.cx - q.cx || p.start - q.start);
  const open = new Map<Mark, { unit: Unit; first: number; last: number }>();
  for (const p of points) {
    const c = open.get(p.mark);
    if (c && p.cx - c.first < 2 * dot + gap) {
      c.unit.keys.push(...p.keys);
      c.unit.start = Math.min(c.unit.start, p.start);
      c.unit.end = Math.max(c.unit.end, p.end);
      c.last = p.cx;
      c.unit.cx = (c.first + c.last) / 2;
      c.unit.x0 = c.unit.x1 = c.unit.cx;
    } else {
      units.push(p);
      open.set(p.mark, { unit: p, first: p.cx, last: p.cx });
    }
  }
  units.sort((a, b) => a.x0 - b.x0 || a.start - b.start);
  const rows = pack(
    units.map((u) =>
      u.bar
        ? [u.x0, countInside(u) ? u.x1 : u.x1 + countWidth(u.keys.length)]
        : [u.cx - dot, u.cx + dot + countWidth(u.keys.length)],
    ),
    gap,
  );
  units.forEach((u, i) => (u.row = rows[i]));
  return units;
}

/** The element on the company page that shows the record an event comes from, and what to call
 * it; null when the page does not show it (a source, a record since deleted). */
export function recordTarget(
  ref: FactRef | null,
  data: Pick<CompanyData, 'company' | 'allegations' | 'designations' | 'restrictions' | 'cloud_offerings'>,
  deployments: string[] = [],
): { id: string; label: string } | null {
  if (!ref) return null;
  const has = (rows: { id: string }[]) => rows.some((r) => r.id === ref.id);
  const at = (label: string) => ({ id: `record-${ref.id}`, label });
  switch (ref.table) {
    case 'companies':
      return ref.id === data.company.id ? { id: 'profile-heading', label: 'the profile' } : null;
    case 'allegations':
      return has(data.allegations) ? at('the allegation') : null;
    case 'designations':
      return has(data.designations) ? at('the list entry') : null;
    case 'restrictions':
      return has(data.restrictions) ? at('the government measure') : null;
    case 'cloud_offerings':
      return has(data.cloud_offerings) ? at('the cloud offering') : null;
    case 'deployments':
      return deployments.includes(ref.id) ? at('the deployment') : null;
    default:
      return null;
  }
}

/** Scrolls to an element on the page (opening the <details> it is in), focuses it and flashes it. */
export function jumpTo(id: string): boolean {
  const el = document.getElementById(id);
  if (!el) return false;
  for (let d = el.closest('details'); d; d = d.parentElement?.closest('details') ?? null) d.open = true;
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.scrollIntoView({ block: 'center' });
  el.focus({ preventScroll: true });
  el.classList.remove('jumped');
  void el.offsetWidth;
  el.classList.add('jumped');
  el.addEventListener('blur', () => el.classList.remove('jumped'), { once: true });
  return true;
}

/** One event as the chart draws it: its date, its mark, what a screen reader hears, and the value
 * the detail shows. */
export interface ChartItem<T> {
  key: string;
  date: string;
  mark: Mark;
  label: string;
  value: T;
}

/** One lane of the chart (a kind of event, or a company). */
export interface ChartLane<T> {
  key: string;
  label: string;
  /** A page the lane's label links to. */
  href?: string;
  items: ChartItem<T>[];
}

/** How a mark is drawn: its shape, size and colour (the app's CSS variables, so both schemes
 * work); a hollow mark is a ring. */
export interface MarkStyle {
  shape: 'circle' | 'square';
  r: number;
  color: string;
  hollow: boolean;
  dashed?: boolean;
}

export const MARK_STYLES: Record<Mark, MarkStyle> = {
  listing: { shape: 'circle', r: 5.5, color: 'var(--band-severe-bg)', hollow: false },
  delisting: { shape: 'circle', r: 4.8, color: 'var(--band-low-bg)', hollow: true },
  review: { shape: 'circle', r: 4.8, color: 'var(--band-moderate-bg)', hollow: true, dashed: true },
  check: { shape: 'circle', r: 4, color: 'var(--muted)', hollow: true },
  measure: { shape: 'square', r: 5, color: 'var(--band-high-bg)', hollow: false },
  allegation: { shape: 'circle', r: 5, color: 'var(--text)', hollow: false },
  response: { shape: 'circle', r: 4.8, color: 'var(--text)', hollow: true },
  cloud: { shape: 'circle', r: 5, color: 'var(--bar)', hollow: false },
  screening: { shape: 'circle', r: 4.8, color: 'var(--bar)', hollow: true },
  brief: { shape: 'square', r: 4.5, color: 'var(--bar)', hollow: false },
  change: { shape: 'circle', r: 3.8, color: 'var(--muted)', hollow: false },
};
