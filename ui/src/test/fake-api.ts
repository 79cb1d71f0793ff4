// The api module's stand-in for component tests: every command is a vi.fn() answering from the
// fixtures the real CLI produced (e2e/fixtures/). Call resetApi() in beforeEach.
import { vi } from 'vitest';
import briefsJson from '../../e2e/fixtures/briefs.json';
import companiesJson from '../../e2e/fixtures/companies.json';
import exchangeJson from '../../e2e/fixtures/exchange.json';
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
import type { PortfolioRow } from '$lib/bindings/PortfolioRow';
import type { SearchHit } from '$lib/bindings/SearchHit';
import type { Settings } from '$lib/bindings/Settings';
import type { Source } from '$lib/bindings/Source';
import type { Vocabulary } from '$lib/bindings/Vocabulary';

export const fixtures = {
  portfolio: portfolioJson as PortfolioRow[],
  companies: companiesJson as unknown as Record<string, CompanyView>,
  matrix: matrixJson as unknown as CloudMatrixRow[],
  search: searchJson as unknown as Record<string, SearchHit[]>,
  sources: sourcesJson as Source[],
  vocabulary: vocabularyJson as Vocabulary,
  settings: settingsJson as Settings,
  briefs: briefsJson as Record<string, string>,
  exchange: exchangeJson as unknown as {
    export_counts: Record<string, number>;
    preview: ImportPlan;
    applied: ImportPlan;
    errors: Record<'untrusted_key' | 'tampered' | 'wrong_signature' | 'newer_schema' | 'truncated' | 'unsigned' | 'not_found', ApiError>;
  },
};

export const clone = <T>(x: T): T => structuredClone(x);

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
} as unknown as Mocked;

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
}
