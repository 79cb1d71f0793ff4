// The component tests' view of the fake core (./fake-core.ts): resetApi() installs a fresh one
// beneath the app's real api module, and every api function is a spy (vi.spyOn) that calls through
// to it, so a test can check what was sent, and replace one answer (mockRejectedValueOnce…) where
// it needs a failure the CLI cannot produce (a full disk, a locked database). Call resetApi() in
// beforeEach. The fixture data the tests read is what the real CLI produced (e2e/fixtures/).
import { vi, type MockInstance } from 'vitest';
import companiesJson from '../../e2e/fixtures/companies.json';
import coreJson from '../../e2e/fixtures/core.json';
import exchangeJson from '../../e2e/fixtures/exchange.json';
import listsJson from '../../e2e/fixtures/lists.json';
import matrixJson from '../../e2e/fixtures/cloud-matrix.json';
import portfolioJson from '../../e2e/fixtures/portfolio.json';
import settingsJson from '../../e2e/fixtures/settings.json';
import sourcesJson from '../../e2e/fixtures/sources.json';
import vocabularyJson from '../../e2e/fixtures/vocabulary.json';
import { api, type Api } from '$lib/api';
import type { ApiError } from '$lib/bindings/ApiError';
import type { CloudMatrixRow } from '$lib/bindings/CloudMatrixRow';
import type { CompanyView } from '$lib/bindings/CompanyView';
import type { ImportPlan } from '$lib/bindings/ImportPlan';
import type { ListChange } from '$lib/bindings/ListChange';
import type { ListSnapshot } from '$lib/bindings/ListSnapshot';
import type { PortfolioRow } from '$lib/bindings/PortfolioRow';
import type { Settings } from '$lib/bindings/Settings';
import type { Source } from '$lib/bindings/Source';
import type { Vocabulary } from '$lib/bindings/Vocabulary';
import { FakeCore, requestKey, type CoreFixture, type FakeOptions } from './fake-core';

export const coreFixture = coreJson as unknown as CoreFixture;

export const fixtures = {
  portfolio: portfolioJson as PortfolioRow[],
  companies: companiesJson as unknown as Record<string, CompanyView>,
  matrix: matrixJson as unknown as CloudMatrixRow[],
  sources: sourcesJson as Source[],
  vocabulary: vocabularyJson as Vocabulary,
  settings: settingsJson as Settings,
  lists: listsJson as unknown as { snapshots: ListSnapshot[]; changes: ListChange[] },
  exchange: exchangeJson as unknown as {
    export_counts: Record<string, number>;
    preview: ImportPlan;
    applied: ImportPlan;
    /** A bundle of 540 new companies: counted whole, listed in part. */
    large_preview: ImportPlan;
    errors: Record<
      'untrusted_key' | 'tampered' | 'wrong_signature' | 'newer_schema' | 'truncated' | 'unsigned' | 'not_found',
      ApiError
    >;
  },
};

export const clone = <T>(x: T): T => structuredClone(x);

/** What the real core answered to a write recorded in a state (see core.json's transitions). */
export function recorded<T>(from: string, cmd: string, args: Record<string, unknown>): T {
  const t = coreFixture.transitions.find((x) => x.from === from && x.key === requestKey(cmd, args));
  if (!t) throw new Error(`no recorded ${requestKey(cmd, args)} in state "${from}"`);
  if ('err' in t.answer) throw new Error(`${requestKey(cmd, args)} was refused: ${t.answer.err.message}`);
  return clone(t.answer.ok as T);
}

/** The refusal the real core gave to a write recorded in a state. */
export function recordedRefusal(from: string, cmd: string, args: Record<string, unknown>): ApiError {
  const t = coreFixture.transitions.find((x) => x.from === from && x.key === requestKey(cmd, args));
  if (!t || !('err' in t.answer)) throw new Error(`no recorded refusal of ${requestKey(cmd, args)} in state "${from}"`);
  return clone(t.answer.err);
}

/** What the real core answered to a read in a recorded state. */
export function recordedRead<T>(state: string, cmd: string, args: Record<string, unknown>): T {
  const a = new FakeCore(coreFixture, { state }).read(requestKey(cmd, args));
  if (!a || 'err' in a) throw new Error(`no recorded answer to ${requestKey(cmd, args)} in state "${state}"`);
  return clone(a.ok as T);
}

/** The core's refusal of a read in a recorded state. */
export function recordedReadRefusal(state: string, cmd: string, args: Record<string, unknown>): ApiError {
  const a = new FakeCore(coreFixture, { state }).read(requestKey(cmd, args));
  if (!a || !('err' in a)) throw new Error(`no recorded refusal of ${requestKey(cmd, args)} in state "${state}"`);
  return clone(a.err);
}

/** A company as the core shows it in the starting state. */
export function company(slug: string): CompanyView {
  const v = fixtures.companies[slug];
  if (!v) throw new Error(`no company ${slug} in the fixtures`);
  return clone(v);
}

type Mocked = { [K in keyof Api]: MockInstance<Api[K]> };

/** The app's api functions, each a spy calling through to the fake core. */
export const fakeApi = api as unknown as Mocked;

/** The fake core of the current test. */
export let core: FakeCore;

/** A fresh fake core (in the given recorded state; see FakeOptions) beneath fresh spies. */
export function resetApi(options: FakeOptions = {}) {
  core = new FakeCore(coreFixture, { progressDelay: 0, ...options });
  core.install(window);
  for (const name of Object.keys(api) as (keyof Api)[]) {
    const f = api[name] as unknown as MockInstance & { mock?: unknown };
    if (vi.isMockFunction(f)) f.mockReset();
    else vi.spyOn(api, name);
  }
}
