// The api module's stand-in for component tests: every command is a vi.fn() answering from the
// fixtures the real CLI produced (e2e/fixtures/). Call resetApi() in beforeEach.
import { vi } from 'vitest';
import briefsJson from '../../e2e/fixtures/briefs.json';
import companiesJson from '../../e2e/fixtures/companies.json';
import exchangeJson from '../../e2e/fixtures/exchange.json';
import listsJson from '../../e2e/fixtures/lists.json';
import matrixJson from '../../e2e/fixtures/cloud-matrix.json';
import portfolioJson from '../../e2e/fixtures/portfolio.json';
import searchJson from '../../e2e/fixtures/search.json';
import settingsJson from '../../e2e/fixtures/settings.json';
import sourcesJson from '../../e2e/fixtures/sources.json';
import vocabularyJson from '../../e2e/fixtures/vocabulary.json';
import type { Api } from '$lib/api';
import type { CloudMatrixRow } from '$lib/bindings/CloudMatrixRow';
import type { ApiError } from '$lib/bindings/ApiError';
import type { CompanyView } from '$lib/bindings/CompanyView';
import type { ImportPlan } from '$lib/bindings/ImportPlan';
import type { ListChange } from '$lib/bindings/ListChange';
import type { ListEntry } from '$lib/bindings/ListEntry';
import type { ListProgress } from '$lib/bindings/ListProgress';
import type { ListSnapshot } from '$lib/bindings/ListSnapshot';
import type { NameMatch } from '$lib/bindings/NameMatch';
import type { ScreeningHit } from '$lib/bindings/ScreeningHit';
import type { PortfolioRow } from '$lib/bindings/PortfolioRow';
import type { SearchHit } from '$lib/bindings/SearchHit';
import type { Settings } from '$lib/bindings/Settings';
import type { Source } from '$lib/bindings/Source';
import type { Vocabulary } from '$lib/bindings/Vocabulary';

/** What importing a list file in one format gives (fixtures/lists.json, made by the real CLI). */
export interface ListRead {
  list: string;
  title: string;
  publisher: string;
  url: string | null;
  /** Null: the file carries no date, and the core refuses it without one (no_date). */
  as_of: string | null;
  as_of_from: string | null;
  no_date: ApiError | null;
  file_hash: string;
  entry_count: number;
  notes: string[];
  entries?: ListEntry[];
  /** OFAC: the sdn.csv imported with its alt.csv and add.csv. */
  set?: { files: string[]; file_hash: string; entry_count: number; notes: string[] };
}

/** fixtures/lists.json: made by the real CLI (see its _comment and e2e/fixtures/make-fixtures.mjs). */
export interface ListsFixture {
  snapshots: ListSnapshot[];
  changes: ListChange[];
  files: Record<string, { bytes: number; reads: Record<string, ListRead>; refusals: Record<string, ApiError>; ofac_follower: boolean }>;
  /** Refusals by path, and templates whose {values} are filled in. */
  refusals: Record<'already_imported' | 'older' | 'one_file' | 'dismiss_without_reason' | 'already_reviewed' | 'no_lists', ApiError> & {
    paths: Record<string, ApiError>;
  };
  as_of_given: string;
  candidate_floor: number;
  candidates: { list: string; entry_key: string; company: string; matches: NameMatch[] }[];
}

export const fixtures = {
  portfolio: portfolioJson as PortfolioRow[],
  companies: companiesJson as unknown as Record<string, CompanyView>,
  matrix: matrixJson as unknown as CloudMatrixRow[],
  search: searchJson as unknown as Record<string, SearchHit[]>,
  sources: sourcesJson as Source[],
  vocabulary: vocabularyJson as Vocabulary,
  settings: settingsJson as Settings,
  briefs: briefsJson as Record<string, string>,
  lists: listsJson as unknown as ListsFixture,
  exchange: exchangeJson as unknown as {
    export_counts: Record<string, number>;
    preview: ImportPlan;
    applied: ImportPlan;
    errors: Record<'untrusted_key' | 'tampered' | 'wrong_signature' | 'newer_schema' | 'truncated' | 'unsigned' | 'not_found', ApiError>;
  },
};

export const clone = <T>(x: T): T => structuredClone(x);

const basename = (path: string) => path.split(/[\\/]/).pop()!;

/** A fixture refusal with its {values} filled in, naming the file by its path as the app gives it. */
export function refusal(r: ApiError, values: Record<string, string | number> = {}, path?: string): ApiError {
  let message = r.message.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
  if (path && message.startsWith(`${basename(path)}:`)) message = path + message.slice(basename(path).length);
  return { code: r.code, message };
}

/** The entries of a snapshot of the fixture: those of the file it was imported from. */
export function snapshotEntries(s: ListSnapshot): ListEntry[] {
  return fixtures.lists.files[s.files[0]]?.reads[s.format]?.entries ?? [];
}

export function company(slug: string): CompanyView {
  const v = fixtures.companies[slug];
  if (!v) throw { code: 'not_found', message: `no company matches "${slug}"` };
  return clone(v);
}

type Mocked = { [K in keyof Api]: ReturnType<typeof vi.fn<Api[K]>> };

export const fakeApi = {
  portfolio: vi.fn(),
  company: vi.fn(),
  cloudMatrix: vi.fn(),
  search: vi.fn(),
  sources: vi.fn(),
  vocabulary: vi.fn(),
  saveCompany: vi.fn(),
  saveSource: vi.fn(),
  saveAllegation: vi.fn(),
  saveAllegationWithSource: vi.fn(),
  saveDesignation: vi.fn(),
  saveRestriction: vi.fn(),
  saveCloudOffering: vi.fn(),
  deleteRecord: vi.fn(),
  previewBrief: vi.fn(),
  generateBrief: vi.fn(),
  onBriefProgress: vi.fn(),
  settings: vi.fn(),
  saveSettings: vi.fn(),
  chooseSavePath: vi.fn(),
  openFile: vi.fn(),
  openLink: vi.fn(),
  uiReady: vi.fn(),
  exportBundle: vi.fn(),
  importBundle: vi.fn(),
  chooseBundleSavePath: vi.fn(),
  chooseBundleToImport: vi.fn(),
  lists: vi.fn(),
  listChanges: vi.fn(),
  importList: vi.fn(),
  onListProgress: vi.fn(),
  screen: vi.fn(),
  hits: vi.fn(),
  reviewHit: vi.fn(),
  chooseListFiles: vi.fn(),
} as unknown as Mocked;

/**
 * The hits screening finds (at or above `threshold`) among the fixture's current snapshots, as
 * the core would keep them; company slugs map to the companies fixture.
 */
export function screeningHits(threshold = 85): ScreeningHit[] {
  const out: ScreeningHit[] = [];
  for (const s of fixtures.lists.snapshots.filter((x) => !x.replaced_at)) {
    const entries = new Map(snapshotEntries(s).map((e) => [e.key, e]));
    for (const c of fixtures.lists.candidates) {
      const entry = entries.get(c.entry_key);
      const matches = c.matches.filter((m) => m.score >= threshold);
      if (c.list !== s.list || !entry || matches.length === 0) continue;
      out.push({
        id: `hit-${c.company}-${s.list}-${out.length}`,
        company_id: company(c.company).data.company.id,
        snapshot_id: s.id,
        list: s.list,
        list_title: s.title,
        entry_key: entry.key,
        entry_name: entry.name,
        query_name: matches[0].query_name,
        matched_name: matches[0].entry_name,
        score: matches[0].score,
        matches: clone(matches),
        entry: clone(entry),
        status: 'open',
        reason: null,
        reviewed_by: null,
        reviewed_at: null,
        designation_id: null,
        found_at: '2026-11-28T10:00:00Z',
      });
    }
  }
  return out.sort((a, b) => b.score - a.score || a.entry_name.localeCompare(b.entry_name));
}

/** What the fake core holds for lists; tests may change it. */
export const listState = { hits: [] as ScreeningHit[], progress: null as ((p: ListProgress) => void) | null };

/** Sends a list-progress event to whoever listens. */
export const emitListProgress = (p: ListProgress) => listState.progress?.(p);

const saved = <T extends { id: string; updated_at?: string }>(r: T, id = '01a21f73-ffff-7000-8000-000000000001'): T => ({
  ...r,
  id: r.id === '00000000-0000-0000-0000-000000000000' ? id : r.id,
  updated_at: '2026-11-28T10:00:00Z',
});

export function resetApi() {
  for (const f of Object.values(fakeApi)) f.mockReset();
  fakeApi.portfolio.mockImplementation(async () => clone(fixtures.portfolio));
  fakeApi.company.mockImplementation(async (ref: string) => company(ref));
  fakeApi.cloudMatrix.mockImplementation(async () => clone(fixtures.matrix));
  fakeApi.search.mockImplementation(async (q: string) => clone(fixtures.search[q] ?? []));
  fakeApi.sources.mockImplementation(async () => clone(fixtures.sources));
  fakeApi.vocabulary.mockImplementation(async () => clone(fixtures.vocabulary));
  fakeApi.saveCompany.mockImplementation(async (c) => saved(c));
  fakeApi.saveSource.mockImplementation(async (s) => saved(s, '01a21f73-ffff-7000-8000-00000000000a'));
  fakeApi.saveAllegation.mockImplementation(async (a) => saved(a));
  // The core gives the new source its id and links the citation that carries the nil id.
  fakeApi.saveAllegationWithSource.mockImplementation(async (a) =>
    saved({
      ...a,
      citations: a.citations.map((c) => (c.source_id === '00000000-0000-0000-0000-000000000000' ? { ...c, source_id: '01a21f73-ffff-7000-8000-00000000000a' } : c)),
    }),
  );
  fakeApi.saveDesignation.mockImplementation(async (d) => saved(d));
  fakeApi.saveRestriction.mockImplementation(async (r) => saved(r));
  fakeApi.saveCloudOffering.mockImplementation(async (o) => saved(o));
  fakeApi.deleteRecord.mockImplementation(async () => undefined);
  fakeApi.previewBrief.mockImplementation(async (req) => ({
    brief_id: 'RB-TEST',
    html: (req.company ? fixtures.briefs.deepseek : fixtures.briefs.portfolio).replaceAll('CONFIDENTIAL — INTERNAL USE', req.marking),
  }));
  fakeApi.generateBrief.mockImplementation(async (req) => ({
    id: '01a21f73-ffff-7000-8000-0000000000b1',
    brief_id: 'RB-TEST',
    company_id: null,
    subject: req.company ?? 'Portfolio',
    as_of: req.as_of,
    marking: req.marking,
    data_fingerprint: 'x',
    pdf_sha256: '0'.repeat(64),
    path: req.path ?? `${fixtures.settings.effective_briefs_dir}/${req.company ?? 'portfolio'}-${req.as_of}.pdf`,
    created_at: '2026-11-28T10:00:00Z',
  }));
  fakeApi.onBriefProgress.mockImplementation(async () => () => {});
  fakeApi.settings.mockImplementation(async () => clone(fixtures.settings));
  fakeApi.saveSettings.mockImplementation(async (s) => ({
    ...clone(s),
    effective_briefs_dir: s.briefs_dir || fixtures.settings.effective_briefs_dir,
  }));
  fakeApi.chooseSavePath.mockImplementation(async () => '/home/analyst/Desktop/board.pdf');
  fakeApi.openFile.mockImplementation(async () => undefined);
  fakeApi.openLink.mockImplementation(async () => undefined);
  fakeApi.uiReady.mockImplementation(async () => undefined);
  fakeApi.chooseBundleSavePath.mockImplementation(async (name: string) => `/home/analyst/Desktop/${name}`);
  fakeApi.exportBundle.mockImplementation(async (_path: string, company?: string) => fixtures.exchange.export_counts[company ?? 'all'] ?? 1);
  fakeApi.chooseBundleToImport.mockImplementation(async () => '/home/analyst/Downloads/team.json');
  fakeApi.importBundle.mockImplementation(async (_path: string, dryRun: boolean) => clone(dryRun ? fixtures.exchange.preview : fixtures.exchange.applied));

  listState.hits = [];
  listState.progress = null;
  fakeApi.lists.mockImplementation(async () => clone(fixtures.lists.snapshots));
  fakeApi.listChanges.mockImplementation(async (id: string) => clone(fixtures.lists.changes.filter((c) => c.snapshot_id === id)));
  fakeApi.onListProgress.mockImplementation(async (handler) => {
    listState.progress = handler;
    return () => (listState.progress = null);
  });
  fakeApi.chooseListFiles.mockImplementation(async () => ['/home/analyst/Downloads/lists/ndaa-section-889.csv']);
  // A first snapshot of the list, as the CLI imported the file (in the format asked for).
  fakeApi.importList.mockImplementation(async (request) => {
    const path = request.paths[0];
    const file = fixtures.lists.files[basename(path)];
    const read = file?.reads[request.format];
    if (!read) throw file ? refusal(file.refusals[request.format], {}, path) : { code: 'validation', message: `${path}: not a list file of the fixture` };
    if (!request.as_of && !read.as_of) throw refusal(read.no_date!, {}, path);
    return {
      snapshot: {
        id: '019a9000-0000-7000-8000-000000000889',
        list: read.list,
        title: read.title,
        publisher: read.publisher,
        url: read.url,
        format: request.format,
        as_of: request.as_of ?? read.as_of!,
        file_hash: read.file_hash,
        files: request.paths.map(basename),
        entry_count: read.entry_count,
        imported_at: '2026-11-28T10:00:00Z',
        previous_id: null,
        added: 0,
        removed: 0,
        replaced_at: null,
      },
      as_of_from: request.as_of ? fixtures.lists.as_of_given : read.as_of_from!,
      notes: clone(read.notes),
    };
  });
  fakeApi.screen.mockImplementation(async (company: string | null, threshold: number | null) => {
    const found = screeningHits(threshold ?? 85).filter((h) => !company || h.company_id === fixtures.companies[company]?.data.company.id);
    const fresh = found.filter((h) => !listState.hits.some((k) => k.id === h.id));
    listState.hits.push(...fresh);
    return {
      companies: company ? 1 : fixtures.portfolio.length,
      snapshots: clone(fixtures.lists.snapshots.filter((s) => !s.replaced_at)),
      new_hits: fresh.length,
      hits: clone(found),
    };
  });
  fakeApi.hits.mockImplementation(async (company: string | null, status) =>
    clone(listState.hits.filter((h) => (!company || h.company_id === fixtures.companies[company]?.data.company.id) && (!status || h.status === status))),
  );
  fakeApi.reviewHit.mockImplementation(async (request) => {
    const hit = listState.hits.find((h) => h.id === request.hit_id);
    if (!hit) throw { code: 'not_found', message: `screening hit ${request.hit_id} not found` };
    if (hit.status !== 'open') throw refusal(fixtures.lists.refusals.already_reviewed, { entry_name: hit.entry_name, status: hit.status, reviewer: hit.reviewed_by ?? '' });
    Object.assign(hit, {
      status: request.decision === 'confirm' ? 'confirmed' : 'dismissed',
      reason: request.decision === 'dismiss' ? request.reason : null,
      reviewed_by: 'A. Analyst',
      reviewed_at: '2026-11-28T10:05:00Z',
      designation_id: request.decision === 'confirm' ? '01a21f73-ffff-7000-8000-0000000000d1' : null,
    });
    return clone(hit);
  });
}
