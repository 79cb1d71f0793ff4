// Official lists in words: the files an import takes and their order, import progress, what a
// snapshot changed, what a screening found and why a name matched. Pure, so the Lists screen
// stays thin and testable.
import { isApiError } from './api';
import type { HitStatus } from './bindings/HitStatus';
import type { ListFormat } from './bindings/ListFormat';
import type { ListProgress } from './bindings/ListProgress';
import type { ListSnapshot } from './bindings/ListSnapshot';
import type { NameMatch } from './bindings/NameMatch';
import type { ScreenOutcome } from './bindings/ScreenOutcome';
import type { ScreeningHit } from './bindings/ScreeningHit';
import type { TokenAgreement } from './bindings/TokenAgreement';
import type { FieldErrors } from './errors';
import { dateTime, partialDate } from './format';

/** The core's default screening threshold. */
export const DEFAULT_THRESHOLD = 85;

/** "1 hit", "2 hits"; "1 company", "9 companies". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** The file name of a path, either separator: "/x/sdn.csv" -> "sdn.csv". */
export function basename(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

// --- files ---

/** Only OFAC's legacy CSV comes as several files: sdn.csv, then alt.csv and add.csv. */
export const takesManyFiles = (format: ListFormat) => format === 'ofac';

export type OfacRole = 'sdn' | 'alt' | 'add';
const OFAC_ORDER: OfacRole[] = ['sdn', 'alt', 'add'];

export const OFAC_ROLE: Record<OfacRole, string> = {
  sdn: 'entries',
  alt: 'aliases',
  add: 'addresses',
};

/** Which OFAC file a path is, from its name ("ofac-alt-2023-03-01.csv" -> "alt"); null when the name does not say. */
export function ofacRole(path: string): OfacRole | null {
  const name = basename(path).toLowerCase();
  return OFAC_ORDER.find((r) => new RegExp(`(^|[^a-z])${r}([^a-z]|$)`).test(name)) ?? null;
}

/** OFAC files in the order the core reads them: sdn, alt, add; names that say nothing keep their place after those. */
export function orderOfacFiles(paths: readonly string[]): string[] {
  const rank = (p: string) => {
    const r = ofacRole(p);
    return r ? OFAC_ORDER.indexOf(r) : OFAC_ORDER.length;
  };
  return paths
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .map(({ p }) => p);
}

/**
 * The files to import after the user chose `chosen`: for OFAC they are added to those already
 * chosen (without duplicates) and put in order; other formats take one file, which replaces.
 */
export function addFiles(format: ListFormat, current: readonly string[], chosen: readonly string[]): string[] {
  if (!takesManyFiles(format)) return [...new Set(chosen)];
  const merged = [...current];
  for (const p of chosen) if (!merged.includes(p)) merged.push(p);
  return orderOfacFiles(merged);
}

/** The format a file's name suggests ("ofac-sdn-2023-03-01.csv" -> "ofac"), or null. */
export function guessFormat(path: string): ListFormat | null {
  const name = basename(path).toLowerCase();
  const rules: [RegExp, ListFormat][] = [
    [/1260h|chinese-military/, 'dod_1260h'],
    [/fcc|covered-list|coveredlist/, 'fcc_covered'],
    [/889/, 'ndaa_889'],
    [/military-end-user|\bmeu\b|mieu/, 'bis_meu'],
    [/consolidated|\bcsl\b|screening-list/, 'csl'],
    [/opensanctions.*\.jsonl$|entities.*ftm|\.ftm\.json/, 'opensanctions_ftm'],
    [/opensanctions|targets\.simple/, 'opensanctions_csv'],
    [/ofac|(^|[^a-z])(sdn|alt|add)([^a-z]|$)/, 'ofac'],
  ];
  return rules.find(([re]) => re.test(name))?.[1] ?? null;
}

/** A copy of `list` with the item at `from` moved to `to` (clamped). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  if (from < 0 || from >= out.length) return out;
  const [item] = out.splice(from, 1);
  out.splice(Math.max(0, Math.min(to, out.length)), 0, item);
  return out;
}

/** A full calendar date, YYYY-MM-DD. */
export function isDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** What is wrong with an import before it is sent: the files (`files`) and the as-of date (`as_of`). */
export function checkImport(format: ListFormat | '', files: readonly string[], asOf: string): FieldErrors {
  const e: FieldErrors = {};
  if (!format) e.format = 'Choose the format of the files.';
  if (!format) {
    if (files.length === 0) e.files = 'Choose the list file.';
  } else if (files.length === 0) {
    e.files = takesManyFiles(format)
      ? 'Choose the list files: sdn.csv, then alt.csv and add.csv.'
      : 'Choose the list file.';
  } else if (!takesManyFiles(format) && files.length > 1) {
    e.files = `This format takes one file; remove ${files.length - 1 === 1 ? 'the other' : 'the others'}.`;
  } else if (takesManyFiles(format)) {
    const first = ofacRole(files[0]);
    if (first === 'alt' || first === 'add')
      e.files = 'Put sdn.csv first: alt.csv and add.csv add aliases and addresses to its entries.';
  }
  if (asOf.trim() && !isDay(asOf.trim())) e.as_of = 'Use a full date: YYYY-MM-DD.';
  return e;
}

/** Whether the core refused an import because the files carry no date (the user must give one). */
export function needsAsOf(e: unknown): boolean {
  return isApiError(e) && e.kind === 'no_date';
}

/** Why an import failed, in plain words (the core's own message is shown verbatim as well). */
export function importProblem(e: unknown): string {
  if (!isApiError(e)) return 'The import failed.';
  switch (e.kind) {
    case 'no_date':
      return 'The file carries no date. Give the list’s “as of” date, then import again.';
    case 'already_imported':
      return 'These files were already imported.';
    case 'older_snapshot':
      return 'These files are older than the list’s current snapshot.';
    case 'no_entries':
      return 'No list entries were found: the file is empty, holds only a header, or is in another format.';
    case 'truncated':
      return 'The file is cut off or damaged: download it again.';
    case 'encoding':
      return 'The file is not UTF-8 text. Save it as UTF-8 (in Excel: “CSV UTF-8”), then import it again.';
  }
  if (e.code === 'not_found' || e.code === 'io') return 'The file could not be read.';
  if (e.code === 'validation')
    return 'The files could not be read in this format. The message names the file, line and field.';
  return 'The import failed.';
}

// --- progress ---

/** 0–100, whole (a list import's progress, or any other with work done of a total). */
export function progressPercent<P extends { done: number; total: number }>(p: P | null): number {
  if (!p || p.total <= 0) return 0;
  return Math.max(0, Math.min(100, Math.floor((p.done / p.total) * 100)));
}

/** "4.6 MB", "980 KB", "1.4 KB", "512 bytes". */
export function formatBytes(n: number): string {
  if (n < 1000) return plural(n, 'byte');
  if (n < 10_000) return `${(n / 1000).toFixed(1)} KB`;
  if (n < 1_000_000) return `${Math.round(n / 1000)} KB`;
  return `${(n / 1_000_000).toFixed(1)} MB`;
}

/** "Step 1 of 2" (reading the files), "Step 2 of 2" (storing the entries). */
export function progressStep(p: ListProgress | null): string {
  return p?.phase === 'storing' ? 'Step 2 of 2' : 'Step 1 of 2';
}

/** The phase in words: "Reading the files: 1.2 MB of 4.6 MB", "Storing entries: 5,000 of 11,853". */
export function progressText(p: ListProgress | null): string {
  if (!p) return 'Starting…';
  if (p.phase === 'reading') return `Reading the files: ${formatBytes(p.done)} of ${formatBytes(p.total)}`;
  return `Storing entries: ${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')}`;
}

// --- snapshots ---

/** Current snapshots (newest of each list) and the earlier ones they replaced. */
export function splitSnapshots(all: readonly ListSnapshot[]): { current: ListSnapshot[]; earlier: ListSnapshot[] } {
  return { current: all.filter((s) => !s.replaced_at), earlier: all.filter((s) => !!s.replaced_at) };
}

/** "+2 added / −1 removed since the previous snapshot", or "first snapshot". */
export function changeSummary(s: ListSnapshot): string {
  if (!s.previous_id) return 'first snapshot';
  return `+${s.added.toLocaleString('en')} added / −${s.removed.toLocaleString('en')} removed since the previous snapshot`;
}

/** Where an import's as-of date came from, as the end of a sentence. */
export function asOfFromText(from: string): string {
  return from === 'given' ? 'the date you gave' : from;
}

// --- screening ---

/** "Screened 9 companies against 3 lists: 2 new hits." */
export function screenSummary(o: ScreenOutcome): string {
  const found = o.new_hits === 0 ? 'no new hits' : plural(o.new_hits, 'new hit');
  return `Screened ${plural(o.companies, 'company', 'companies')} against ${plural(o.snapshots.length, 'list')}: ${found}.`;
}

export type HitFilter = HitStatus | 'all';
export const HIT_FILTERS: HitFilter[] = ['open', 'confirmed', 'dismissed', 'all'];

export function hitCounts(hits: readonly ScreeningHit[]): Record<HitFilter, number> {
  const c = { open: 0, confirmed: 0, dismissed: 0, all: hits.length };
  for (const h of hits) c[h.status] += 1;
  return c;
}

/** Open first, then best score, then company and entry, as the core orders them. */
export function sortHits(hits: readonly ScreeningHit[]): ScreeningHit[] {
  const rank = (s: HitStatus) => (s === 'open' ? 0 : 1);
  return [...hits].sort(
    (a, b) => rank(a.status) - rank(b.status) || b.score - a.score || a.entry_name.localeCompare(b.entry_name),
  );
}

/** "huawei = huawei" when the tokens are the same, else "technologies ≈ technology (96%)". */
export function agreementText(a: TokenAgreement): string {
  return a.query === a.entry && a.similarity >= 100
    ? `${a.query} = ${a.entry}`
    : `${a.query} ≈ ${a.entry} (${a.similarity}%)`;
}

/** Why two names matched, in one line: "Agreed: huawei = huawei, company = company". */
export function explainMatch(m: NameMatch): string {
  if (m.agreed.length === 0) return 'No word agreed.';
  return `Agreed: ${m.agreed.map(agreementText).join(', ')}`;
}

/** The name pairs besides the best one (the one the hit is named after). */
export function otherMatches(hit: ScreeningHit): NameMatch[] {
  const best = bestMatch(hit);
  return hit.matches.filter((m) => m !== best);
}

/** The pair the hit is named after: its query and matched names, else the first (best) pair. */
export function bestMatch(hit: ScreeningHit): NameMatch | undefined {
  return (
    hit.matches.find((m) => m.query_name === hit.query_name && m.entry_name === hit.matched_name) ?? hit.matches[0]
  );
}

/** Whether an entry's key is the list's own id (OFAC ent_num, OpenSanctions id), worth showing, rather than its name. */
export function listKeyShown(hit: Pick<ScreeningHit, 'entry_key' | 'entry_name'>): boolean {
  return hit.entry_key !== hit.entry_name.split(/\s+/).filter(Boolean).join(' ').toLowerCase();
}

/** Long text cut at a word boundary near `max` characters, with "…". */
export function truncate(s: string, max = 240): { text: string; cut: boolean } {
  if (s.length <= max) return { text: s, cut: false };
  const cut = s.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return { text: `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`, cut: true };
}

/** "Dismissed by A. Analyst, 28 Nov 2026, 15:12". */
export function reviewLine(hit: ScreeningHit, label: string): string {
  if (hit.status === 'open') return label;
  return `${label} by ${hit.reviewed_by ?? 'someone'}, ${dateTime(hit.reviewed_at)}`;
}

/** What confirming a hit will record, for the confirmation step. */
export function confirmMessage(hit: ScreeningHit, company: string, snapshotAsOf: string | null): string {
  const snap = snapshotAsOf ? ` snapshot of ${partialDate(snapshotAsOf)}` : '';
  return (
    `This records a “Listed” designation for ${company}, citing the ${hit.list_title}${snap} ` +
    `(entry “${hit.entry_name}”). The company’s score may change. The hit cannot be reopened; ` +
    `the designation can be edited or deleted on the company page.`
  );
}
