//! RiskBrief desktop shell. Each command takes the state, runs one core function off the main
//! thread, and maps the error to `{code, message}`. The clock and the file system are read here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use chrono::NaiveDate;
use riskbrief::app::exchange::{self, ImportMode, Unsigned};
use riskbrief::app::exposure::{self as use_case, DeploymentImport};
use riskbrief::app::monitor::EventRequest;
use riskbrief::app::{
    self, ApiError, BriefPreview, BriefProgress, BriefRequest, CloudMatrixRow, CompanyView, PortfolioHead,
    PortfolioRow, RecordKind, Vocabulary,
};
use riskbrief::brief::{self, fonts::FontSet};
use riskbrief::exposure::{sheet::SheetField, Register};
use riskbrief::lists::InputFile;
use riskbrief::model::*;
use riskbrief::scenario::ScenarioRun;
use riskbrief::screening::{
    self, ImportListRequest, ImportOutcome, ListIndex, ListProgress, ReviewRequest, ScreenOutcome,
};
use riskbrief::{Error, Store};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use tauri::{Emitter, Manager, State};
use uuid::Uuid;

struct App {
    store: Arc<Mutex<Store>>,
    fonts: Arc<OnceLock<FontSet>>,
    started: std::time::Instant,
    ready: std::sync::atomic::AtomicBool,
    /// The file the app was started with (`riskbrief-desktop FILE`: a dataset bundle opened
    /// from the file manager), until the UI takes it.
    launch: Mutex<Option<std::path::PathBuf>>,
}

type Reply<T> = Result<T, ApiError>;

fn internal(msg: impl ToString) -> ApiError {
    ApiError::from(riskbrief::Error::Internal(msg.to_string()))
}

impl App {
    /// Runs `f` on a blocking thread with the store locked.
    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Store) -> riskbrief::Result<T> + Send + 'static,
    ) -> Reply<T> {
        let store = self.store.clone();
        tauri::async_runtime::spawn_blocking(move || {
            let mut s = store.lock().map_err(|_| internal("the database lock was poisoned; restart RiskBrief"))?;
            f(&mut s).map_err(ApiError::from)
        })
        .await
        .map_err(internal)?
    }
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

use riskbrief::edge::now;

fn as_of(v: Option<String>) -> Reply<NaiveDate> {
    Ok(app::as_of(v.as_deref(), today())?)
}

/// New records arrive with the nil id; they get a fresh UUID v7 here.
fn fresh(id: &mut Uuid) {
    if id.is_nil() {
        *id = Uuid::now_v7();
    }
}

#[tauri::command]
async fn portfolio(state: State<'_, App>, as_of: Option<String>) -> Reply<Vec<PortfolioRow>> {
    let d = self::as_of(as_of)?;
    state.run(move |s| app::portfolio(s, d)).await
}

#[tauri::command]
async fn company(state: State<'_, App>, reference: String, as_of: Option<String>) -> Reply<CompanyView> {
    let d = self::as_of(as_of)?;
    state.run(move |s| app::company_view(s, &reference, d)).await
}

/// A company's timeline: every dated fact, oldest first.
#[tauri::command]
async fn timeline(state: State<'_, App>, reference: String) -> Reply<Vec<riskbrief::timeline::TimelineEvent>> {
    state.run(move |s| app::timeline(s, &reference)).await
}

/// The portfolio timeline: every company's listings, delistings and government measures.
#[tauri::command]
async fn portfolio_timeline(state: State<'_, App>) -> Reply<Vec<riskbrief::timeline::PortfolioEvent>> {
    state.run(|s| app::portfolio_timeline(s)).await
}

#[tauri::command]
async fn cloud_matrix(state: State<'_, App>) -> Reply<Vec<CloudMatrixRow>> {
    state.run(|s| app::cloud_matrix(s)).await
}

#[tauri::command]
async fn search(state: State<'_, App>, query: String, limit: usize) -> Reply<Vec<SearchHit>> {
    state.run(move |s| s.search(&query, limit.clamp(1, 200))).await
}

#[tauri::command]
async fn sources(state: State<'_, App>) -> Reply<Vec<Source>> {
    state.run(|s| s.sources()).await
}

/// The UI calls this once its first data is on screen; the start-up time goes to the log
/// (scripts/measure-app.sh reads it), with `data_ms`, how long the screen waited for its data
/// to come and be drawn, when it says.
#[tauri::command]
fn ui_ready(state: State<'_, App>, data_ms: Option<u64>) {
    if !state.ready.swap(true, std::sync::atomic::Ordering::SeqCst) {
        let data = data_ms.map(|ms| format!(" (its data {ms} ms after it was asked for)")).unwrap_or_default();
        println!("riskbrief-desktop: first data on screen after {} ms{data}", state.started.elapsed().as_millis());
    }
}

#[tauri::command]
fn vocabulary() -> Vocabulary {
    app::vocabulary()
}

#[tauri::command]
async fn save_company(state: State<'_, App>, mut company: Company) -> Reply<Company> {
    fresh(&mut company.id);
    company.updated_at = now();
    state.run(move |s| app::monitor::save_company(s, &company, company.updated_at).map(|_| company)).await
}

#[tauri::command]
async fn save_source(state: State<'_, App>, mut source: Source) -> Reply<Source> {
    fresh(&mut source.id);
    source.updated_at = now();
    state.run(move |s| s.save_source(&source).map(|_| source)).await
}

#[tauri::command]
async fn save_allegation(state: State<'_, App>, mut allegation: Allegation) -> Reply<Allegation> {
    fresh(&mut allegation.id);
    for r in &mut allegation.responses {
        fresh(&mut r.id);
    }
    allegation.updated_at = now();
    state.run(move |s| s.save_allegation(&allegation).map(|_| allegation)).await
}

/// Saves an allegation together with the new source it cites, in one transaction.
#[tauri::command]
async fn save_allegation_with_source(
    state: State<'_, App>,
    mut allegation: Allegation,
    mut source: Source,
) -> Reply<Allegation> {
    fresh(&mut source.id);
    source.updated_at = now();
    fresh(&mut allegation.id);
    for r in &mut allegation.responses {
        fresh(&mut r.id);
    }
    // The citation of the new source arrives with the nil id too.
    for c in &mut allegation.citations {
        if c.source_id.is_nil() {
            c.source_id = source.id;
        }
    }
    allegation.updated_at = now();
    state.run(move |s| s.save_allegation_with_source(&allegation, &source).map(|_| allegation)).await
}

#[tauri::command]
async fn save_designation(state: State<'_, App>, mut designation: Designation) -> Reply<Designation> {
    fresh(&mut designation.id);
    designation.updated_at = now();
    state.run(move |s| s.save_designation(&designation).map(|_| designation)).await
}

#[tauri::command]
async fn save_restriction(state: State<'_, App>, mut restriction: Restriction) -> Reply<Restriction> {
    fresh(&mut restriction.id);
    restriction.updated_at = now();
    state.run(move |s| s.save_restriction(&restriction).map(|_| restriction)).await
}

#[tauri::command]
async fn save_cloud_offering(state: State<'_, App>, mut offering: CloudOffering) -> Reply<CloudOffering> {
    fresh(&mut offering.id);
    offering.updated_at = now();
    state.run(move |s| s.save_cloud_offering(&offering).map(|_| offering)).await
}

#[tauri::command]
async fn ownership(
    state: State<'_, App>,
    reference: String,
    as_of: Option<String>,
) -> Reply<riskbrief::app::ownership::OwnershipView> {
    let d = self::as_of(as_of)?;
    state.run(move |s| riskbrief::app::ownership::ownership(s, &reference, d)).await
}

#[tauri::command]
async fn persons(state: State<'_, App>) -> Reply<Vec<Person>> {
    state.run(move |s| s.persons()).await
}

#[tauri::command]
async fn save_person(state: State<'_, App>, mut person: Person) -> Reply<Person> {
    fresh(&mut person.id);
    person.updated_at = now();
    state.run(move |s| s.save_person(&person).map(|_| person)).await
}

#[tauri::command]
async fn save_relation(
    state: State<'_, App>,
    mut relation: Relation,
    person: Option<Person>,
) -> Reply<app::monitor::SavedRelation> {
    let at = now();
    fresh(&mut relation.id);
    relation.updated_at = at;
    let person = person.map(|mut p| {
        fresh(&mut p.id);
        p.updated_at = at;
        p
    });
    state.run(move |s| app::monitor::save_relation(s, relation, person, at)).await
}

#[tauri::command]
async fn delete_record(state: State<'_, App>, kind: RecordKind, id: Uuid) -> Reply<()> {
    state.run(move |s| s.delete(kind, id)).await
}

#[tauri::command]
async fn settings(state: State<'_, App>) -> Reply<Settings> {
    state
        .run(|s| {
            let mut settings = s.settings()?;
            settings.effective_briefs_dir = riskbrief::edge::briefs_dir(&settings.briefs_dir).display().to_string();
            Ok(settings)
        })
        .await
}

#[tauri::command]
async fn save_settings(state: State<'_, App>, settings: Settings) -> Reply<Settings> {
    state
        .run(move |s| {
            s.save_settings(&settings)?;
            s.set_audit_context(riskbrief::edge::audit_context(&settings.analyst));
            let mut saved = s.settings()?;
            saved.effective_briefs_dir = riskbrief::edge::briefs_dir(&saved.briefs_dir).display().to_string();
            Ok(saved)
        })
        .await
}

#[tauri::command]
async fn preview_brief(state: State<'_, App>, request: BriefRequest) -> Reply<BriefPreview> {
    state
        .run(move |s| {
            let built = app::build_brief(s, &request, today())?;
            Ok(BriefPreview { brief_id: built.brief.id.clone(), html: brief::html::fragment(&built.brief) })
        })
        .await
}

/// A path in `dir` named `name` that does not exist yet ("x.pdf", "x (2).pdf", …).
fn unused_path(dir: &Path, name: &str) -> PathBuf {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, "pdf"));
    let mut p = dir.join(name);
    let mut n = 2;
    while p.exists() {
        p = dir.join(format!("{stem} ({n}).{ext}"));
        n += 1;
    }
    p
}

/// The fonts for PDF briefs, loaded on first use and kept.
fn loaded(fonts: &OnceLock<FontSet>) -> riskbrief::Result<&FontSet> {
    if let Some(f) = fonts.get() {
        return Ok(f);
    }
    let (f, notice) = riskbrief::edge::load_fonts().map_err(Error::Internal)?;
    if let Some(n) = notice {
        eprintln!("riskbrief-desktop: {n}");
    }
    Ok(fonts.get_or_init(|| f))
}

#[tauri::command]
async fn generate_brief(window: tauri::Window, state: State<'_, App>, request: BriefRequest) -> Reply<BriefRecord> {
    let progress = move |step: &str, fraction: f32| {
        let _ = window.emit("brief-progress", BriefProgress { step: step.into(), fraction });
    };
    let fonts = state.fonts.clone();
    state
        .run(move |s| {
            progress("Loading fonts", 0.05);
            let fonts = loaded(&fonts)?;
            progress("Building the brief", 0.25);
            let built = app::build_brief(s, &request, today())?;
            let path = match &request.path {
                Some(p) => PathBuf::from(p),
                None => {
                    let dir = riskbrief::edge::briefs_dir(&s.settings()?.briefs_dir);
                    std::fs::create_dir_all(&dir).map_err(|e| riskbrief::edge::io_error(&dir, e))?;
                    unused_path(&dir, &app::default_file_name(built.company.as_ref(), request.as_of, "pdf"))
                }
            };
            progress("Rendering and saving the PDF", 0.5);
            // The save dialog has already asked before replacing a file.
            let (record, warnings) = riskbrief::edge::save_pdf_brief(s, &built, fonts, &path, true)?;
            for w in warnings {
                eprintln!("riskbrief-desktop: {w}");
            }
            progress("Done", 1.0);
            Ok(record)
        })
        .await
}

/// The deployments register judged as of a date; with `vendor`, that company's deployments only.
#[tauri::command]
async fn exposure(state: State<'_, App>, as_of: Option<String>, vendor: Option<String>) -> Reply<Register> {
    let d = self::as_of(as_of)?;
    state
        .run(move |s| match vendor {
            Some(v) => use_case::register_of(s, &v, d),
            None => use_case::register(s, d),
        })
        .await
}

/// Reads a register (CSV or XLSX) and imports it; with `dry_run`, or when a row has a problem,
/// nothing is written and the outcome is the preview.
#[tauri::command]
async fn import_deployments(
    state: State<'_, App>,
    path: String,
    map: Vec<(String, SheetField)>,
    dry_run: bool,
) -> Reply<DeploymentImport> {
    state
        .run(move |s| {
            let bytes = riskbrief::edge::read_input(Path::new(&path), riskbrief::edge::Input::Register)?;
            use_case::import_deployments(s, &path, &bytes, &map, dry_run, now())
        })
        .await
}

#[tauri::command]
async fn save_deployment(state: State<'_, App>, mut deployment: Deployment) -> Reply<Deployment> {
    fresh(&mut deployment.id);
    state.run(move |s| use_case::save_deployment(s, deployment, now())).await
}

/// Writes the register with verdicts, reasons and controls to `path` (.xlsx or .csv); the
/// number of deployments written.
#[tauri::command]
async fn export_register(state: State<'_, App>, path: String, vendor: Option<String>) -> Reply<usize> {
    state
        .run(move |s| {
            let reg = match vendor {
                Some(v) => use_case::register_of(s, &v, today())?,
                None => use_case::register(s, today())?,
            };
            let p = Path::new(&path);
            let bytes = match p.extension().map(|e| e.to_string_lossy().to_lowercase()).as_deref() {
                Some("csv") => riskbrief::exposure::export::to_csv(&reg),
                Some("xlsx") => riskbrief::exposure::export::to_xlsx(&reg)?,
                _ => return Err(Error::invalid("export", None, "path", "name the file .xlsx or .csv")),
            };
            // The save dialog has already asked before replacing a file.
            riskbrief::edge::write_file(p, &bytes, true)?;
            Ok(reg.rows.len())
        })
        .await
}

/// Renders the exposure brief to `path`, or into the briefs folder when it is None.
#[tauri::command]
async fn generate_exposure_brief(
    state: State<'_, App>,
    path: Option<String>,
    marking: String,
    as_of: Option<String>,
) -> Reply<BriefRecord> {
    let d = self::as_of(as_of)?;
    let fonts = state.fonts.clone();
    state
        .run(move |s| {
            let fonts = loaded(&fonts)?;
            let built = use_case::build_brief(s, d, &marking, today())?;
            let path = match path {
                Some(p) => PathBuf::from(p),
                None => {
                    let dir = riskbrief::edge::briefs_dir(&s.settings()?.briefs_dir);
                    std::fs::create_dir_all(&dir).map_err(|e| riskbrief::edge::io_error(&dir, e))?;
                    unused_path(&dir, &format!("exposure-{d}.pdf"))
                }
            };
            let (record, warnings) = riskbrief::edge::save_pdf_brief(s, &built, fonts, &path, true)?;
            for w in warnings {
                eprintln!("riskbrief-desktop: {w}");
            }
            Ok(record)
        })
        .await
}

/// Renders the digest of what changed since `since` to `path`, or into the briefs folder when
/// it is None (bands and verdicts checked first).
#[tauri::command]
async fn generate_digest(
    state: State<'_, App>,
    since: String,
    path: Option<String>,
    marking: String,
    as_of: Option<String>,
) -> Reply<BriefRecord> {
    let (since, d) = (self::as_of(Some(since))?, self::as_of(as_of)?);
    let fonts = state.fonts.clone();
    state
        .run(move |s| {
            let fonts = loaded(&fonts)?;
            app::monitor::check(s, d, now())?;
            let built = app::monitor::digest(s, since, d, &marking, today())?;
            let path = match path {
                Some(p) => PathBuf::from(p),
                None => {
                    let dir = riskbrief::edge::briefs_dir(&s.settings()?.briefs_dir);
                    std::fs::create_dir_all(&dir).map_err(|e| riskbrief::edge::io_error(&dir, e))?;
                    unused_path(&dir, &format!("digest-{since}-to-{d}.pdf"))
                }
            };
            let (record, warnings) = riskbrief::edge::save_pdf_brief(s, &built, fonts, &path, true)?;
            for w in warnings {
                eprintln!("riskbrief-desktop: {w}");
            }
            Ok(record)
        })
        .await
}

/// The saved scenarios and the built-in starting points.
#[tauri::command]
async fn scenarios(state: State<'_, App>) -> Reply<Vec<riskbrief::app::scenario::ScenarioEntry>> {
    state.run(|s| riskbrief::app::scenario::entries(s)).await
}

/// Runs a scenario (by name or id) in memory over the data; nothing is written.
#[tauri::command]
async fn run_scenario(state: State<'_, App>, name: String, as_of: Option<String>) -> Reply<ScenarioRun> {
    let d = self::as_of(as_of)?;
    state
        .run(move |s| {
            let x = riskbrief::app::scenario::find(s, &name)?;
            riskbrief::app::scenario::run(s, &x, d)
        })
        .await
}

/// Saves a scenario (the nil id makes a new one); the core stamps it.
#[tauri::command]
async fn save_scenario(state: State<'_, App>, scenario: Scenario) -> Reply<Scenario> {
    state.run(move |s| riskbrief::app::scenario::save(s, scenario, now())).await
}

/// Renders the scenario brief to `path` (or the briefs folder), marked hypothetical; never
/// recorded. The path written.
#[tauri::command]
async fn generate_scenario_brief(
    state: State<'_, App>,
    name: String,
    path: Option<String>,
    marking: String,
    as_of: Option<String>,
) -> Reply<String> {
    let d = self::as_of(as_of)?;
    let fonts = state.fonts.clone();
    state
        .run(move |s| {
            let fonts = loaded(&fonts)?;
            let x = riskbrief::app::scenario::find(s, &name)?;
            let run = riskbrief::app::scenario::run(s, &x, d)?;
            let brief = riskbrief::app::scenario::build_brief(&run, &marking, today())?;
            let path = match path {
                Some(p) => PathBuf::from(p),
                None => {
                    let dir = riskbrief::edge::briefs_dir(&s.settings()?.briefs_dir);
                    std::fs::create_dir_all(&dir).map_err(|e| riskbrief::edge::io_error(&dir, e))?;
                    unused_path(&dir, &format!("scenario-{d}.pdf"))
                }
            };
            let rendered = brief::pdf::render(&brief, fonts);
            for w in rendered.warnings {
                eprintln!("riskbrief-desktop: {w}");
            }
            // The save dialog has already asked before replacing a file.
            riskbrief::edge::write_file(&path, &rendered.bytes, true)?;
            Ok(path.display().to_string())
        })
        .await
}

/// The riskiest `limit` companies and how many there are: the portfolio screen's first rows.
#[tauri::command]
async fn portfolio_head(state: State<'_, App>, as_of: Option<String>, limit: usize) -> Reply<PortfolioHead> {
    let d = self::as_of(as_of)?;
    state.run(move |s| app::portfolio_head(s, d, limit)).await
}

/// Writes a dataset bundle (unsigned) of everything, or of one company, to `path`.
#[tauri::command]
async fn export_bundle(state: State<'_, App>, path: String, company: Option<String>) -> Reply<usize> {
    state
        .run(move |s| {
            let manifest = riskbrief::edge::export_bundle(s, company.as_deref(), None, Path::new(&path), true)?;
            Ok(manifest.record_count)
        })
        .await
}

/// Checks a bundle and merges it, with progress as "bundle-progress" events; with `dry_run`
/// nothing changes and the plan is the preview.
#[tauri::command]
async fn import_bundle(
    window: tauri::Window,
    state: State<'_, App>,
    path: String,
    dry_run: bool,
    allow_unsigned: bool,
) -> Reply<riskbrief::bundle::ImportPlan> {
    let app = window.app_handle().clone();
    state
        .run(move |s| {
            let (mut file, _) = riskbrief::edge::open_input(Path::new(&path), riskbrief::edge::Input::Bundle)?;
            let mode = if dry_run { ImportMode::DryRun } else { ImportMode::Apply };
            let unsigned = if allow_unsigned { Unsigned::Allow } else { Unsigned::RefuseWhenKeysTrusted };
            exchange::import_bundle(s, &path, &mut file, unsigned, mode, &mut |p| {
                let _ = window.emit("bundle-progress", p);
            })
        })
        .await
        .inspect(|plan| {
            if plan.applied {
                catch_up_search(app, state.store.clone());
            }
        })
}

/// Indexes what bundle imports left to index for search, in the background: a transaction at
/// a time, the store locked only for each, so that other commands go between two; each reported
/// as a "search-indexing" event. A search made meanwhile finishes the work itself.
fn catch_up_search(app: tauri::AppHandle, store: Arc<Mutex<Store>>) {
    std::thread::spawn(move || {
        let mut done = 0;
        loop {
            let step = match store.lock() {
                Ok(s) if done == 0 && s.search_backlog().is_ok_and(|n| n == 0) => return,
                Ok(s) => s.catch_up_search_batch(),
                Err(_) => return,
            };
            match step {
                Ok((n, left)) => {
                    done += n;
                    let _ = app.emit("search-indexing", exchange::SearchProgress { done, total: done + left });
                    if left == 0 {
                        return;
                    }
                }
                Err(e) => {
                    eprintln!("riskbrief-desktop: indexing for search: {e} (the next search tries again)");
                    return;
                }
            }
        }
    });
}

/// Writes every current list snapshot as one list pack (unsigned: signing keys stay with the
/// CLI), whole or not at all; returns its size in bytes.
#[tauri::command]
async fn export_pack(state: State<'_, App>, path: String) -> Reply<usize> {
    state
        .run(move |s| {
            let by = riskbrief::edge::audit_context(&s.settings()?.analyst).actor;
            let bytes = screening::export_pack(s, now(), by, None)?;
            riskbrief::edge::write_file(Path::new(&path), &bytes, true)?;
            Ok(bytes.len())
        })
        .await
}

/// Checks a list pack and applies each newer snapshot, with progress as "list-progress"
/// events; with `dry_run` nothing changes and the outcome is the preview.
#[tauri::command]
async fn import_pack(
    window: tauri::Window,
    state: State<'_, App>,
    path: String,
    dry_run: bool,
    allow_unsigned: bool,
) -> Reply<screening::PackOutcome> {
    state
        .run(move |s| {
            let bytes = riskbrief::edge::read_input(Path::new(&path), riskbrief::edge::Input::List)?;
            let mut last = std::time::Instant::now();
            app::monitor::import_pack(s, &path, &bytes, allow_unsigned, dry_run, now(), &mut |p: ListProgress| {
                if p.done == p.total || last.elapsed().as_millis() >= 50 {
                    last = std::time::Instant::now();
                    let _ = window.emit("list-progress", p);
                }
            })
        })
        .await
}

/// WebKitGTK's accelerated compositing keeps extra layer buffers per window; a text-and-table app
/// gains nothing from it, and without it the web process needs about 40 MB less at idle. Applied
/// the same way to the empty-window baseline. A value set by the user is kept.
pub fn webkit_settings() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

// ---- official lists

#[tauri::command]
async fn lists(state: State<'_, App>) -> Reply<Vec<ListSnapshot>> {
    state.run(|s| s.list_snapshots()).await
}

#[tauri::command]
async fn list_changes(state: State<'_, App>, snapshot_id: Uuid) -> Reply<Vec<ListChange>> {
    state.run(move |s| s.list_changes(snapshot_id)).await
}

/// Reads the chosen files and imports them as a list snapshot, emitting "list-progress".
#[tauri::command]
async fn import_list(window: tauri::Window, state: State<'_, App>, request: ImportListRequest) -> Reply<ImportOutcome> {
    state
        .run(move |s| {
            // Each file is read as a stream, once, as it is parsed.
            let opened = request
                .paths
                .iter()
                .map(|p| riskbrief::edge::open_input(std::path::Path::new(p), riskbrief::edge::Input::List))
                .collect::<riskbrief::Result<Vec<_>>>()?;
            let files: Vec<InputFile> =
                request.paths.iter().zip(opened).map(|(n, (file, len))| InputFile::new(n, file, len)).collect();
            let mut last = std::time::Instant::now();
            app::monitor::import_list(
                s,
                request.format,
                &files,
                request.as_of,
                Uuid::now_v7(),
                now(),
                &mut |p: ListProgress| {
                    if p.done == p.total || last.elapsed().as_millis() >= 50 {
                        last = std::time::Instant::now();
                        let _ = window.emit("list-progress", p);
                    }
                },
            )
        })
        .await
}

#[tauri::command]
async fn screen(state: State<'_, App>, company: Option<String>, threshold: Option<u8>) -> Reply<ScreenOutcome> {
    state
        .run(move |s| {
            let ix = ListIndex::load(s)?;
            let threshold = threshold.unwrap_or(riskbrief::matching::DEFAULT_THRESHOLD).min(100);
            screening::screen_companies(s, &ix, company.as_deref(), threshold, now())
        })
        .await
}

#[tauri::command]
async fn hits(state: State<'_, App>, company: Option<String>, status: Option<HitStatus>) -> Reply<Vec<ScreeningHit>> {
    state
        .run(move |s| {
            let company_id = company.map(|c| s.find_company(&c)).transpose()?.map(|c| c.id);
            s.screening_hits(company_id, status)
        })
        .await
}

/// The inbox: bands and verdicts checked first, then the events awaiting a decision (every
/// event with `all`).
#[tauri::command]
async fn inbox(state: State<'_, App>, all: bool) -> Reply<Vec<InboxEvent>> {
    state
        .run(move |s| {
            let now = now();
            app::monitor::check(s, now.date(), now)?;
            s.inbox(all)
        })
        .await
}

/// Acknowledges or assigns an inbox event.
#[tauri::command]
async fn decide_event(state: State<'_, App>, request: EventRequest) -> Reply<InboxEvent> {
    state
        .run(move |s| {
            let who = riskbrief::edge::audit_context(&s.settings()?.analyst).actor;
            app::monitor::decide(s, request.event_id, &request.decision, &who, now())
        })
        .await
}

#[tauri::command]
async fn review_hit(state: State<'_, App>, request: ReviewRequest) -> Reply<ScreeningHit> {
    state
        .run(move |s| {
            let reviewer = riskbrief::edge::audit_context(&s.settings()?.analyst).actor;
            screening::review(s, request.hit_id, &request.decision, &reviewer, now())
        })
        .await
}

/// The file the app was opened with, once (a dataset bundle from the file manager: the UI shows
/// its import preview, a dry run); then none.
#[tauri::command]
fn launch_file(state: State<'_, App>) -> Option<String> {
    let taken = state.launch.lock().ok()?.take();
    taken.map(|p| p.display().to_string())
}

fn main() {
    let started = std::time::Instant::now();
    // `riskbrief-desktop [FILE]`, as the desktop entry starts it (`Exec=riskbrief-desktop %f`).
    let launch = std::env::args_os()
        .skip(1)
        .find(|a| !a.to_string_lossy().starts_with('-'))
        .map(|a| std::path::absolute(&a).unwrap_or_else(|_| a.into()));
    webkit_settings();
    let path = riskbrief::edge::database_path().unwrap_or_else(|| {
        eprintln!("riskbrief-desktop: no OS data directory; set RISKBRIEF_DB to a database file");
        std::process::exit(2);
    });
    let (store, opened) = riskbrief::edge::open_database(&path).unwrap_or_else(|e| {
        eprintln!("riskbrief-desktop: {e}");
        std::process::exit(2);
    });
    if opened == riskbrief::db::Opened::Seeded {
        eprintln!("riskbrief-desktop: created {} from the bundled sample dataset", path.display());
    }
    let store = Arc::new(Mutex::new(store));
    let backlog = store.clone();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        // What an import left to index (the CLI's, or one cut short by a crash) is indexed now.
        .setup(move |app| {
            catch_up_search(app.handle().clone(), backlog);
            Ok(())
        })
        .manage(App {
            store,
            fonts: Arc::new(OnceLock::new()),
            started,
            ready: std::sync::atomic::AtomicBool::new(false),
            launch: Mutex::new(launch),
        })
        .invoke_handler(tauri::generate_handler![
            portfolio,
            portfolio_head,
            company,
            cloud_matrix,
            search,
            sources,
            vocabulary,
            ui_ready,
            save_company,
            save_source,
            save_allegation,
            save_allegation_with_source,
            save_designation,
            save_restriction,
            save_cloud_offering,
            delete_record,
            ownership,
            persons,
            save_person,
            save_relation,
            inbox,
            decide_event,
            export_pack,
            import_pack,
            generate_digest,
            settings,
            save_settings,
            preview_brief,
            generate_brief,
            export_bundle,
            import_bundle,
            lists,
            list_changes,
            import_list,
            screen,
            hits,
            review_hit,
            exposure,
            import_deployments,
            save_deployment,
            export_register,
            generate_exposure_brief,
            scenarios,
            run_scenario,
            save_scenario,
            generate_scenario_brief,
            timeline,
            portfolio_timeline,
            launch_file
        ])
        .run(tauri::generate_context!())
        .expect("error while running RiskBrief");
}
