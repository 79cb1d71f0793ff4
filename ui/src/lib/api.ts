// The one module that talks to the Rust core (through Tauri IPC). Every other module imports
// from here, never from @tauri-apps directly. Types are generated from the Rust types (ts-rs)
// into ./bindings; do not edit those by hand.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { open, save } from '@tauri-apps/plugin-dialog';
import { openPath, openUrl } from '@tauri-apps/plugin-opener';

import type { Allegation } from './bindings/Allegation';
import type { ApiError } from './bindings/ApiError';
import type { BriefPreview } from './bindings/BriefPreview';
import type { BriefProgress } from './bindings/BriefProgress';
import type { BriefRecord } from './bindings/BriefRecord';
import type { BriefRequest } from './bindings/BriefRequest';
import type { BundleProgress } from './bindings/BundleProgress';
import type { CloudMatrixRow } from './bindings/CloudMatrixRow';
import type { CloudOffering } from './bindings/CloudOffering';
import type { Company } from './bindings/Company';
import type { CompanyView } from './bindings/CompanyView';
import type { Deployment } from './bindings/Deployment';
import type { DeploymentImport } from './bindings/DeploymentImport';
import type { ImportPlan } from './bindings/ImportPlan';
import type { Designation } from './bindings/Designation';
import type { EventRequest } from './bindings/EventRequest';
import type { HitStatus } from './bindings/HitStatus';
import type { ImportListRequest } from './bindings/ImportListRequest';
import type { ImportOutcome } from './bindings/ImportOutcome';
import type { InboxEvent } from './bindings/InboxEvent';
import type { ListChange } from './bindings/ListChange';
import type { ListProgress } from './bindings/ListProgress';
import type { ListSnapshot } from './bindings/ListSnapshot';
import type { OwnershipView } from './bindings/OwnershipView';
import type { PackOutcome } from './bindings/PackOutcome';
import type { Person } from './bindings/Person';
import type { PortfolioEvent } from './bindings/PortfolioEvent';
import type { PortfolioHead } from './bindings/PortfolioHead';
import type { PortfolioRow } from './bindings/PortfolioRow';
import type { RecordKind } from './bindings/RecordKind';
import type { Register } from './bindings/Register';
import type { Relation } from './bindings/Relation';
import type { Restriction } from './bindings/Restriction';
import type { ReviewRequest } from './bindings/ReviewRequest';
import type { SavedRelation } from './bindings/SavedRelation';
import type { Scenario } from './bindings/Scenario';
import type { ScenarioEntry } from './bindings/ScenarioEntry';
import type { ScenarioRun } from './bindings/ScenarioRun';
import type { ScreenOutcome } from './bindings/ScreenOutcome';
import type { ScreeningHit } from './bindings/ScreeningHit';
import type { SearchHit } from './bindings/SearchHit';
import type { SearchProgress } from './bindings/SearchProgress';
import type { SheetField } from './bindings/SheetField';
import type { Settings } from './bindings/Settings';
import type { Source } from './bindings/Source';
import type { TimelineEvent } from './bindings/TimelineEvent';
import type { Vocabulary } from './bindings/Vocabulary';

/** Errors from the core arrive as {code, message}; code is what the UI branches on. */
export function isApiError(e: unknown): e is ApiError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e;
}

/** A human message for any thrown value. */
export function errorMessage(e: unknown): string {
  if (isApiError(e)) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

export const api = {
  /** Every company with score and band, as of a date (YYYY-MM-DD; default today). */
  portfolio: (asOf?: string) => invoke<PortfolioRow[]>('portfolio', { asOf: asOf ?? null }),
  /** The `limit` riskiest companies (the portfolio's first rows) and how many there are. */
  portfolioHead: (limit: number, asOf?: string) =>
    invoke<PortfolioHead>('portfolio_head', { asOf: asOf ?? null, limit }),
  /** One company (slug, id or name) with its assessment and brief history. */
  company: (reference: string, asOf?: string) => invoke<CompanyView>('company', { reference, asOf: asOf ?? null }),
  /** A company's timeline (slug, id or name): every dated fact, oldest first; partial dates stay partial. */
  timeline: (reference: string) => invoke<TimelineEvent[]>('timeline', { reference }),
  /** Every company's listings, delistings and government measures, oldest first. */
  portfolioTimeline: () => invoke<PortfolioEvent[]>('portfolio_timeline'),
  cloudMatrix: () => invoke<CloudMatrixRow[]>('cloud_matrix'),
  search: (query: string, limit = 30) => invoke<SearchHit[]>('search', { query, limit }),
  sources: () => invoke<Source[]>('sources'),
  /** Codes and human labels of every enumeration, from the core. */
  vocabulary: () => invoke<Vocabulary>('vocabulary'),

  // Saves: a record with the nil id ("00000000-0000-0000-0000-000000000000") is new and gets
  // a fresh id; updated_at is set by the core's edge. Each save is one transaction.
  saveCompany: (company: Company) => invoke<Company>('save_company', { company }),
  saveSource: (source: Source) => invoke<Source>('save_source', { source }),
  saveAllegation: (allegation: Allegation) => invoke<Allegation>('save_allegation', { allegation }),
  /** A new source (nil id) and the allegation citing it (citation source_id nil), in one transaction. */
  saveAllegationWithSource: (allegation: Allegation, source: Source) =>
    invoke<Allegation>('save_allegation_with_source', { allegation, source }),
  saveDesignation: (designation: Designation) => invoke<Designation>('save_designation', { designation }),
  saveRestriction: (restriction: Restriction) => invoke<Restriction>('save_restriction', { restriction }),
  saveCloudOffering: (offering: CloudOffering) => invoke<CloudOffering>('save_cloud_offering', { offering }),
  deleteRecord: (kind: RecordKind, id: string) => invoke<void>('delete_record', { kind, id }),

  // Ownership and control: persons, and relations from a company or person to a company, sourced like allegations.
  /** Who stands behind a company (slug, id or name) and what it holds, as of a date (default today): its current
   * relations up and down, holders with effective shares and paths in words, each 50 % rule's finding with its proof. */
  ownership: (reference: string, asOf?: string) =>
    invoke<OwnershipView>('ownership', { reference, asOf: asOf ?? null }),
  /** Every person, by name. */
  persons: () => invoke<Person[]>('persons'),
  /** Saves a person (the nil id makes a new one). */
  savePerson: (person: Person) => invoke<Person>('save_person', { person }),
  /** Saves a relation (the nil id makes a new one); `share` only when a source states it, else null (undisclosed).
   * With `person` (a new person), the relation is from them and both are saved in one transaction. */
  saveRelation: (relation: Relation, person: Person | null = null) =>
    invoke<SavedRelation>('save_relation', { relation, person }),

  /** The brief as HTML, for the on-screen preview (same Brief model as the PDF). */
  previewBrief: (request: BriefRequest) => invoke<BriefPreview>('preview_brief', { request }),
  /** Renders the PDF to `request.path`, or into the briefs folder when path is null. */
  generateBrief: (request: BriefRequest) => invoke<BriefRecord>('generate_brief', { request }),
  onBriefProgress: (handler: (p: BriefProgress) => void): Promise<UnlistenFn> =>
    listen<BriefProgress>('brief-progress', (e) => handler(e.payload)),

  /** Tells the shell the first data is on screen (start-up time measurement). */
  uiReady: (dataMs: number | null = null) => invoke<void>('ui_ready', { dataMs }),

  /** Writes a dataset bundle of everything (or one company) to `path`; returns the record count. */
  exportBundle: (path: string, company?: string) => invoke<number>('export_bundle', { path, company: company ?? null }),
  /** Checks and merges a bundle (progress as bundle-progress events); with dryRun nothing changes and the plan is a
   * preview. */
  importBundle: (path: string, dryRun: boolean, allowUnsigned = false) =>
    invoke<ImportPlan>('import_bundle', { path, dryRun, allowUnsigned }),
  onBundleProgress: (handler: (p: BundleProgress) => void): Promise<UnlistenFn> =>
    listen<BundleProgress>('bundle-progress', (e) => handler(e.payload)),
  /** The search index catching up with what a bundle import merged (search-indexing events: after an import, and at
   * start-up when an earlier import left records to index). */
  onSearchIndexing: (handler: (p: SearchProgress) => void): Promise<UnlistenFn> =>
    listen<SearchProgress>('search-indexing', (e) => handler(e.payload)),
  /** Native save dialog for a bundle (a .riskbrief file); resolves to the chosen path or null. */
  chooseBundleSavePath: (defaultPath: string) =>
    save({ defaultPath, filters: [{ name: 'RiskBrief bundle', extensions: ['riskbrief'] }] }),
  /** Native open dialog for a bundle: .riskbrief, or .json as older versions named them. */
  chooseBundleToImport: () =>
    open({
      multiple: false,
      directory: false,
      filters: [{ name: 'RiskBrief bundle', extensions: ['riskbrief', 'json'] }],
    }),
  /** The file the app was started with (`riskbrief-desktop FILE`, as the file manager opens a
   * .riskbrief bundle), as an absolute path; the shell gives it once, later calls give null. */
  launchFile: () => invoke<string | null>('launch_file'),

  // Official lists: snapshots of the published files, screening against them, review of the hits.
  /** Every list snapshot, current ones (replaced_at null) first. */
  lists: () => invoke<ListSnapshot[]>('lists'),
  /** The entries a snapshot added and removed, relative to the snapshot it replaced. */
  listChanges: (snapshotId: string) => invoke<ListChange[]>('list_changes', { snapshotId }),
  /** Reads the files (OFAC: sdn.csv, then alt.csv and add.csv) as the list's new current snapshot, and
   * re-screens the portfolio against it (the outcome's `rescreen`; new hits become inbox events). */
  importList: (request: ImportListRequest) => invoke<ImportOutcome>('import_list', { request }),
  onListProgress: (handler: (p: ListProgress) => void): Promise<UnlistenFn> =>
    listen<ListProgress>('list-progress', (e) => handler(e.payload)),
  /** Screens one company (slug, id or name) or, with null, every company; threshold null = the core's default (85). */
  screen: (company: string | null, threshold: number | null) => invoke<ScreenOutcome>('screen', { company, threshold }),
  /** Screening hits, open ones first and best score first; null = every company / every status. */
  hits: (company: string | null, status: HitStatus | null) => invoke<ScreeningHit[]>('hits', { company, status }),
  /** Confirms a hit (it becomes a "Listed" designation citing the list) or dismisses it with a reason. */
  reviewHit: (request: ReviewRequest) => invoke<ScreeningHit>('review_hit', { request }),
  /** Native open dialog for list files; resolves to the chosen paths, or null when cancelled. */
  chooseListFiles: () =>
    open({
      multiple: true,
      directory: false,
      filters: [{ name: 'List files', extensions: ['csv', 'json', 'jsonl', 'txt'] }],
    }),

  // List packs: every current snapshot as one file (.rbl) for laptops that work offline.
  /** Native save dialog (default name `riskbrief-lists.rbl`), then writes the pack there; the path and
   * the bytes written, or null when the dialog was cancelled. */
  exportPack: async (defaultPath = 'riskbrief-lists.rbl'): Promise<{ path: string; bytes: number } | null> => {
    const path = await save({ defaultPath, filters: [{ name: 'RiskBrief list pack', extensions: ['rbl'] }] });
    if (!path) return null;
    return { path, bytes: await invoke<number>('export_pack', { path }) };
  },
  /** Checks a pack whole, then stores each newer snapshot (progress as list-progress events) and re-screens
   * the portfolio; with dryRun nothing changes and the outcome is the preview. allowUnsigned accepts an
   * unsigned pack although this database trusts signing keys. */
  importPack: (path: string, dryRun: boolean, allowUnsigned = false) =>
    invoke<PackOutcome>('import_pack', { path, dryRun, allowUnsigned }),
  /** Native open dialog for a list pack (.rbl); resolves to the chosen path, or null when cancelled. */
  choosePackToImport: () =>
    open({ multiple: false, directory: false, filters: [{ name: 'RiskBrief list pack', extensions: ['rbl'] }] }),

  // Monitoring: what changed for the portfolio and awaits a decision.
  /** Inbox events, newest first: open and assigned ones, or with `all` the acknowledged ones too. The core
   * first checks bands and verdicts, so this can raise events. */
  inbox: (all = false) => invoke<InboxEvent[]>('inbox', { all }),
  /** Acknowledges an event (with an optional note) or assigns it to someone; the event as it now stands. */
  decideEvent: (request: EventRequest) => invoke<InboxEvent>('decide_event', { request }),

  // Exposure: the organisation's register of deployments of vendors' products, judged by the core.
  /** The register judged as of a date (default today); with a vendor (slug, id or name), its deployments only. */
  exposure: (asOf?: string | null, vendor?: string | null) =>
    invoke<Register>('exposure', { asOf: asOf ?? null, vendor: vendor ?? null }),
  /** Reads a register (.csv or .xlsx); `map` overrides the detected field of a column by its header
   * ("ignore" leaves it out). A dry run, or any problem, writes nothing: the outcome is the preview. */
  importDeployments: (path: string, map: [string, SheetField][], dryRun: boolean) =>
    invoke<DeploymentImport>('import_deployments', { path, map, dryRun }),
  saveDeployment: (deployment: Deployment) => invoke<Deployment>('save_deployment', { deployment }),
  /** Writes the register with verdicts, reasons and controls to `path` (.xlsx or .csv); the row count. */
  exportRegister: (path: string, vendor?: string | null) =>
    invoke<number>('export_register', { path, vendor: vendor ?? null }),
  /** Renders the exposure brief to `path`, or into the briefs folder when path is null. */
  generateExposureBrief: (path: string | null, marking: string, asOf?: string | null) =>
    invoke<BriefRecord>('generate_exposure_brief', { path, marking, asOf: asOf ?? null }),
  /** Native open dialog for a register; resolves to the chosen path, or null when cancelled. */
  chooseRegisterToImport: () =>
    open({ multiple: false, directory: false, filters: [{ name: 'Register', extensions: ['xlsx', 'csv'] }] }),
  /** Native save dialog for an exported register (.xlsx or .csv, by the name chosen). */
  chooseRegisterSavePath: (defaultPath: string) =>
    save({
      defaultPath,
      filters: [
        { name: 'Excel workbook', extensions: ['xlsx'] },
        { name: 'CSV', extensions: ['csv'] },
      ],
    }),

  // Scenarios: hypothetical changes run in memory over the real data; nothing is written by a run.
  /** The saved scenarios, then the built-in starting points. */
  scenarios: () => invoke<ScenarioEntry[]>('scenarios'),
  /** Runs a scenario (name or id) as of a date (default its own date, else today); writes nothing. */
  runScenario: (name: string, asOf?: string | null) =>
    invoke<ScenarioRun>('run_scenario', { name, asOf: asOf ?? null }),
  /** Saves a scenario (the nil id makes a new one); a name already used is refused. */
  saveScenario: (scenario: Scenario) => invoke<Scenario>('save_scenario', { scenario }),
  /** Renders the scenario brief (HYPOTHETICAL on every page, never recorded) to `path` or the briefs folder; the path written. */
  generateScenarioBrief: (name: string, path: string | null, marking: string, asOf?: string | null) =>
    invoke<string>('generate_scenario_brief', { name, path, marking, asOf: asOf ?? null }),

  settings: () => invoke<Settings>('settings'),
  saveSettings: (settings: Settings) => invoke<Settings>('save_settings', { settings }),

  /** Native save dialog; resolves to the chosen path or null. */
  chooseSavePath: (defaultPath: string) => save({ defaultPath, filters: [{ name: 'PDF', extensions: ['pdf'] }] }),
  /** Opens a generated PDF in the system viewer. */
  openFile: (path: string) => openPath(path),
  /** Opens a source's web page in the system browser. */
  openLink: (url: string) => openUrl(url),
};

export type Api = typeof api;
