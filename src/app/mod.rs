//! Use cases shared by the edges (CLI and desktop): each is one call over the store, the
//! scorer and the brief builder, returning the payloads the edges print or send over IPC.
//! No clock and no file system here: dates and paths come in as arguments.

/// Dataset bundles over the store: export (optionally signed), import with its plan, and the
/// trusted signing keys.
pub mod exchange;

/// The organisation's deployments register: spreadsheet import, verdicts, one vendor's deployments.
pub mod exposure;
pub mod monitor;
/// Ownership and control: owners, effective shares, the 50 % rules with their proof paths.
pub mod ownership;

/// Scenarios: the saved ones and the built-in starting points, run over the store's data.
pub mod scenario;

use crate::brief::{self, fonts::FontSet, Brief, BriefOptions, ListFingerprint, PortfolioLine, PreviousBrief};
use crate::error::{Error, Refusal, Result};
use crate::model::*;
use crate::risk::{assess, Assessment, Band, RouteKind, Verdict};
use crate::Store;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use ts_rs::TS;
use uuid::Uuid;

/// One company in the portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PortfolioRow {
    /// The company and its record counts.
    pub summary: CompanySummary,
    /// Its risk score as of the requested date, 0–100 (`Assessment::score`).
    pub score: u32,
    /// Its band as of the requested date, after any floor (`Assessment::band`).
    pub band: Band,
}

/// The riskiest companies of the portfolio, and how many there are (see `portfolio_head`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PortfolioHead {
    /// How many companies the portfolio holds.
    #[ts(type = "number")]
    pub total: usize,
    /// The first rows of the portfolio, in its order.
    pub rows: Vec<PortfolioRow>,
}

/// Everything the company page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CompanyView {
    /// The company with every record about it, the sources they cite and its screenings.
    pub data: CompanyData,
    /// Its assessment as of the requested date.
    pub assessment: Assessment,
    /// The briefs recorded for it, newest first.
    pub briefs: Vec<BriefRecord>,
    /// The audit trail of the company and its records, newest first.
    pub history: Vec<AuditEntry>,
    /// The organisation's deployments of the company's products, each judged as of the date.
    pub exposure: Vec<crate::exposure::ExposureRow>,
}

/// One company's row of the cloud matrix: where its products are offered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CloudMatrixRow {
    /// The company and its record counts.
    pub summary: CompanySummary,
    /// Every cloud offering recorded for it (empty when none is).
    pub offerings: Vec<CloudOffering>,
}

/// What to brief: a company (slug, id or name) or, with `company` None, the portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BriefRequest {
    /// The company's slug, id or unambiguous name prefix; None for the portfolio brief.
    pub company: Option<String>,
    /// Handling marking printed on every page; must not be empty (`Error::Invalid` on `marking`).
    pub marking: String,
    /// The date the data is assessed as of (it ages allegations and dates the brief's facts).
    pub as_of: NaiveDate,
    /// Where to save the PDF; None: the briefs folder.
    pub path: Option<String>,
}

/// A brief rendered for the desktop app's preview pane, before any PDF is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BriefPreview {
    /// The brief's id: the same facts and options give the same id.
    pub brief_id: String,
    /// The brief's body as an HTML fragment (`brief::html::fragment`), not a whole page.
    pub html: String,
}

/// Progress of a brief being generated, sent to the UI as events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BriefProgress {
    /// What is being done now, for people ("Loading fonts").
    pub step: String,
    /// How much of the work is done, from 0.0 (nothing) to 1.0 (all).
    pub fraction: f32,
}

/// A code and its human label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Choice {
    /// The stored and serialised code ("not_recommended"), what the UI sends back.
    pub code: String,
    /// The label the CLI and briefs print for it ("Not recommended").
    pub label: String,
}

/// The labels of every enumeration, so the UI says exactly what the CLI and briefs say.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Vocabulary {
    /// What kind of document a source is (`SourceKind`).
    pub source_kinds: Vec<Choice>,
    /// Source reliability on the NATO Admiralty scale, A–F (`Reliability`).
    pub reliability: Vec<Choice>,
    /// Information credibility on the NATO Admiralty scale, 1–6 (`Credibility`).
    pub credibility: Vec<Choice>,
    /// What an allegation is about (`AllegationCategory`).
    pub categories: Vec<Choice>,
    /// Where an allegation stands (`AllegationStatus`).
    pub statuses: Vec<Choice>,
    /// The official lists a company can be designated on (`OfficialList`).
    pub lists: Vec<Choice>,
    /// A company's standing on an official list (`DesignationStatus`).
    pub designation_statuses: Vec<Choice>,
    /// Whom a government restriction applies to (`RestrictionScope`).
    pub restriction_scopes: Vec<Choice>,
    /// How a cloud provider offers a company's product (`OfferingType`).
    pub offering_types: Vec<Choice>,
    /// Where a customer's prompts and data go when using an offering (`DataPath`).
    pub data_paths: Vec<Choice>,
    /// Bands, with what each means for a buyer.
    pub bands: Vec<BandChoice>,
    /// The usage verdicts guidance gives, from acceptable to prohibited (`Verdict`).
    pub verdicts: Vec<Choice>,
    /// The ways of using a company's products, by where the data goes (`RouteKind`).
    pub routes: Vec<Choice>,
    /// The official-list file formats `lists import` reads (`ListFormat`).
    pub list_formats: Vec<Choice>,
    /// Where a screening hit stands in review (`HitStatus`).
    pub hit_statuses: Vec<Choice>,
    /// The routes a deployment's data takes (`DeploymentRoute`).
    pub deployment_routes: Vec<Choice>,
    /// The data a deployment handles, least sensitive first (`DataClass`).
    pub data_classes: Vec<Choice>,
    /// Where a deployment stands (`DeploymentStatus`).
    pub deployment_statuses: Vec<Choice>,
    /// The fields a register's column can be read into (`SheetField`).
    pub sheet_fields: Vec<Choice>,
    /// The lanes of a timeline (`TimelineKind`).
    pub timeline_kinds: Vec<Choice>,
    /// What happened on an official list, for a timeline's list events (`ListingEvent`).
    pub listing_events: Vec<Choice>,
    /// How a party stands behind a company (`Relation::kind`).
    pub relation_kinds: Vec<Choice>,
    /// The regimes lists belong to: US, UN, EU, UK (`ListRegime`).
    pub regimes: Vec<Choice>,
    /// What an inbox event reports (`InboxKind`).
    pub inbox_kinds: Vec<Choice>,
    /// Where an inbox event stands (`EventStatus`).
    pub event_statuses: Vec<Choice>,
}

/// A risk band with its label and what it means for a buyer, lowest band first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BandChoice {
    /// The band.
    pub code: Band,
    /// The band's label as briefs print it.
    pub label: String,
    /// What the band means for a buyer, in a sentence.
    pub meaning: String,
}

pub use crate::model::RecordKind;

/// An error as it crosses to the UI (and, with `--errors json`, out of the CLI): the code to
/// branch on, the message to show, and the structure behind it. The UI never reads the message
/// to decide anything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ApiError {
    /// What kind of failure: the branch.
    pub code: crate::ErrorCode,
    /// The core's message, for people.
    pub message: String,
    /// The field a validation error or a clash belongs to, so a form can show it there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<FieldProblem>,
    /// Why a whole file was refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub kind: Option<Refusal>,
    /// The file a file-system failure happened on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub path: Option<String>,
}

/// One field's problem, as a form shows it beside the field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldProblem {
    /// The kind of record the field belongs to (a new source saved with an allegation is a
    /// `source`), when it belongs to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub record: Option<RecordKind>,
    /// The field as the record's JSON names it; nested fields are dotted (`responses.responder`).
    pub name: String,
    /// What is wrong, e.g. "must not be empty"; for a clash, "already used by another record".
    pub problem: String,
}

impl From<&Error> for ApiError {
    fn from(e: &Error) -> Self {
        let mut api = ApiError { code: e.code(), message: e.to_string(), field: None, kind: None, path: None };
        match e {
            Error::Invalid { record, field, problem, .. } => {
                api.field = Some(FieldProblem { record: *record, name: field.clone(), problem: problem.clone() })
            }
            Error::Taken { field, .. } => {
                api.field = Some(FieldProblem {
                    record: None,
                    name: field.clone(),
                    problem: "already used by another record".into(),
                })
            }
            Error::Refused { kind, .. } => api.kind = Some(*kind),
            Error::Io { path, .. } => api.path = Some(path.display().to_string()),
            _ => {}
        }
        api
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError::from(&e)
    }
}

/// The as-of date a user gave (YYYY-MM-DD, surrounding spaces ignored), or `today` when none
/// was given. Any other text is `Error::Validation`.
pub fn as_of(given: Option<&str>, today: NaiveDate) -> Result<NaiveDate> {
    match given {
        None => Ok(today),
        Some(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| Error::Validation(format!("--as-of {s:?}: expected a date like 2025-06-30"))),
    }
}

/// How many companies a whole-portfolio pass reads at a time (see `Store::each_company_data`):
/// enough that each table is read with few statements, few enough that memory stays flat.
const BATCH: usize = 1000;

/// Runs `f` on every company's data, by id, on a second thread while this one reads the next
/// batch from the database, so that a whole-portfolio pass takes about the longer of reading
/// and assessing, not their sum. `f` sees the companies in order, so what it computes is
/// deterministic; at most three batches are in memory at once.
fn each_company(store: &Store, mut f: impl FnMut(CompanyData) + Send) -> Result<()> {
    std::thread::scope(|s| {
        let (to_worker, batches) = std::sync::mpsc::sync_channel::<Vec<CompanyData>>(1);
        let worker = s.spawn(move || batches.into_iter().flatten().for_each(&mut f));
        let read = store.each_company_data(BATCH, &mut |batch| {
            to_worker.send(batch).map_err(|_| Error::Internal("the assessing thread stopped".into()))
        });
        drop(to_worker);
        if let Err(panic) = worker.join() {
            std::panic::resume_unwind(panic);
        }
        read
    })
}

/// Every company with its score as of `as_of`, riskiest first (ties by legal name).
/// Scores come from the assessment cache when it holds them for this date, scoring model and
/// data version; otherwise every company is assessed and the cache refilled (a failure to keep
/// them, e.g. a read-only file, costs only the next read's time).
pub fn portfolio(store: &mut Store, as_of: NaiveDate) -> Result<Vec<PortfolioRow>> {
    let model = crate::risk::model_id();
    let version = store.data_version()?;
    let summaries = store.company_summaries()?;
    let scores = match store.cached_scores(as_of, model, version)? {
        Some(scores) if summaries.iter().all(|s| scores.contains_key(&s.id)) => scores,
        _ => {
            assess_all(store, as_of, model, version)?.into_iter().map(|(id, score, band)| (id, (score, band))).collect()
        }
    };
    let mut rows = Vec::new();
    for summary in summaries {
        let (score, band) = match scores.get(&summary.id) {
            Some(s) => *s,
            // Added since the scores were read: assessed on its own.
            None => {
                let a = assess(&store.company_data(summary.id)?, as_of);
                (a.score, a.band)
            }
        };
        rows.push(PortfolioRow { summary, score, band });
    }
    riskiest_first(&mut rows);
    Ok(rows)
}

/// The portfolio's order: riskiest first, ties by legal name (then as the summaries came: by id).
fn riskiest_first(rows: &mut [PortfolioRow]) {
    rows.sort_by(|x, y| y.score.cmp(&x.score).then(x.summary.legal_name.cmp(&y.summary.legal_name)));
}

/// Assesses every company and keeps the scores in the cache for `as_of`, `model` and `version`.
fn assess_all(store: &mut Store, as_of: NaiveDate, model: &str, version: i64) -> Result<Vec<(Uuid, u32, Band)>> {
    let mut computed: Vec<(Uuid, u32, Band)> = Vec::new();
    each_company(store, |data| {
        let a = assess(&data, as_of);
        computed.push((data.company.id, a.score, a.band));
    })?;
    let _ = store.cache_scores(as_of, model, version, &computed);
    Ok(computed)
}

/// The first `limit` rows of `portfolio`, and how many companies there are: what the portfolio
/// screen shows at once while the whole list loads. From the score cache (assessing everything
/// first when it is not current), the rows are read for these companies only, so the answer is
/// small and quick however large the portfolio.
pub fn portfolio_head(store: &mut Store, as_of: NaiveDate, limit: usize) -> Result<PortfolioHead> {
    let model = crate::risk::model_id();
    let version = store.data_version()?;
    if store.top_scores(as_of, model, version, limit)?.is_none() {
        assess_all(store, as_of, model, version)?;
    }
    let Some(top) = store.top_scores(as_of, model, version, limit)? else {
        // The scores could not be kept (a read-only file): the whole portfolio, cut.
        let mut rows = portfolio(store, as_of)?;
        let total = rows.len();
        rows.truncate(limit);
        return Ok(PortfolioHead { total, rows });
    };
    let total = store.company_count()?;
    let scores: HashMap<Uuid, (u32, Band)> = top.iter().map(|(id, score, band)| (*id, (*score, *band))).collect();
    let ids: Vec<Uuid> = top.iter().map(|t| t.0).collect();
    let mut rows: Vec<PortfolioRow> = store
        .company_summaries_of(&ids)?
        .into_iter()
        .map(|summary| {
            let (score, band) = scores[&summary.id];
            PortfolioRow { summary, score, band }
        })
        .collect();
    riskiest_first(&mut rows);
    Ok(PortfolioHead { total, rows })
}

/// A company's timeline (`timeline::build`): every dated fact, its briefs and audit trail, oldest first.
pub fn timeline(store: &Store, reference: &str) -> Result<Vec<crate::timeline::TimelineEvent>> {
    let data = store.company_data(store.find_company(reference)?.id)?;
    let briefs = store.briefs_for(data.company.id)?;
    let history = store.history(data.company.id)?;
    Ok(crate::timeline::build(&data, &briefs, &history))
}

/// The portfolio timeline (`timeline::portfolio`): every company's listings, delistings and
/// government measures, oldest first. Reads companies in batches, keeping only their events.
pub fn portfolio_timeline(store: &Store) -> Result<Vec<crate::timeline::PortfolioEvent>> {
    let mut out = vec![];
    store.each_company_data(1000, &mut |batch| {
        out.extend(crate::timeline::portfolio(&batch));
        Ok(())
    })?;
    out.sort_by(crate::timeline::portfolio_order);
    Ok(out)
}

/// The company page: the company `reference` names (slug, id or unambiguous name prefix) with
/// its data, assessment as of `as_of`, briefs and audit trail. No match is `Error::NotFound`.
pub fn company_view(store: &Store, reference: &str, as_of: NaiveDate) -> Result<CompanyView> {
    let data = store.company_data(store.find_company(reference)?.id)?;
    let assessment = assess(&data, as_of);
    let briefs = store.briefs_for(data.company.id)?;
    let history = store.history(data.company.id)?;
    let exposure = exposure::company_exposure(store, &data, as_of)?;
    Ok(CompanyView { data, assessment, briefs, history, exposure })
}

/// The cloud matrix: one row per company, in portfolio-summary order (by name), with its
/// cloud offerings.
pub fn cloud_matrix(store: &Store) -> Result<Vec<CloudMatrixRow>> {
    let mut offerings = store.cloud_offerings_by_company()?;
    Ok(store
        .company_summaries()?
        .into_iter()
        .map(|summary| {
            let offerings = offerings.remove(&summary.id).unwrap_or_default();
            CloudMatrixRow { summary, offerings }
        })
        .collect())
}

fn choices<T: Copy>(all: &[T], code: impl Fn(T) -> &'static str, label: impl Fn(T) -> &'static str) -> Vec<Choice> {
    all.iter().map(|x| Choice { code: code(*x).into(), label: label(*x).into() }).collect()
}

/// The serde code of a unit enum value ("not_recommended").
fn code_of<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|x| x.as_str().map(String::from)).unwrap_or_default()
}

/// The labels of every enumeration, each list in its declared order (bands lowest first).
/// Pure: the same for every database.
pub fn vocabulary() -> Vocabulary {
    Vocabulary {
        source_kinds: choices(SourceKind::ALL, SourceKind::code, SourceKind::label),
        reliability: choices(Reliability::ALL, Reliability::code, Reliability::label),
        credibility: choices(Credibility::ALL, Credibility::code, Credibility::label),
        categories: choices(AllegationCategory::ALL, AllegationCategory::code, AllegationCategory::label),
        statuses: choices(AllegationStatus::ALL, AllegationStatus::code, AllegationStatus::label),
        lists: choices(OfficialList::ALL, OfficialList::code, OfficialList::label),
        designation_statuses: choices(DesignationStatus::ALL, DesignationStatus::code, DesignationStatus::label),
        restriction_scopes: choices(RestrictionScope::ALL, RestrictionScope::code, RestrictionScope::label),
        offering_types: choices(OfferingType::ALL, OfferingType::code, OfferingType::label),
        data_paths: choices(DataPath::ALL, DataPath::code, DataPath::label),
        bands: [Band::Low, Band::Moderate, Band::High, Band::Severe]
            .iter()
            .map(|b| BandChoice { code: *b, label: b.label().into(), meaning: b.meaning().into() })
            .collect(),
        verdicts: [Verdict::Acceptable, Verdict::AcceptableWithControls, Verdict::NotRecommended, Verdict::Prohibited]
            .iter()
            .map(|v| Choice { code: code_of(v), label: v.label().into() })
            .collect(),
        routes: [
            RouteKind::VendorOperated,
            RouteKind::ProviderHosted,
            RouteKind::SelfDeployed,
            RouteKind::Undocumented,
        ]
        .iter()
        .map(|r| Choice { code: code_of(r), label: r.label().into() })
        .collect(),
        list_formats: choices(ListFormat::ALL, ListFormat::code, ListFormat::label),
        hit_statuses: choices(HitStatus::ALL, HitStatus::code, HitStatus::label),
        deployment_routes: choices(DeploymentRoute::ALL, DeploymentRoute::code, DeploymentRoute::label),
        data_classes: choices(DataClass::ALL, DataClass::code, DataClass::label),
        deployment_statuses: choices(DeploymentStatus::ALL, DeploymentStatus::code, DeploymentStatus::label),
        sheet_fields: choices(
            crate::exposure::sheet::SheetField::ALL,
            crate::exposure::sheet::SheetField::code,
            crate::exposure::sheet::SheetField::label,
        ),
        timeline_kinds: choices(
            crate::timeline::TimelineKind::ALL,
            crate::timeline::TimelineKind::code,
            crate::timeline::TimelineKind::label,
        ),
        listing_events: choices(
            crate::timeline::ListingEvent::ALL,
            crate::timeline::ListingEvent::code,
            crate::timeline::ListingEvent::label,
        ),
        relation_kinds: choices(RelationKind::ALL, RelationKind::code, RelationKind::label),
        regimes: choices(ListRegime::ALL, ListRegime::code, ListRegime::label),
        inbox_kinds: choices(InboxKind::ALL, InboxKind::code, InboxKind::label),
        event_statuses: choices(EventStatus::ALL, EventStatus::code, EventStatus::label),
    }
}

/// A brief ready to render, with what the history needs to know about it.
pub struct BuiltBrief {
    /// The brief, ready for `brief::pdf::render` or `brief::html`.
    pub brief: Brief,
    /// The company it is about (None: portfolio).
    pub company: Option<Company>,
    /// Canonical JSON of the data it was built from (company briefs), kept with the record.
    pub snapshot: Option<String>,
}

/// Builds the brief a request asks for. A company brief compares itself with the last earlier
/// brief of the company built from different data ("Changes since the previous brief").
pub fn build_brief(store: &Store, request: &BriefRequest, generated: NaiveDate) -> Result<BuiltBrief> {
    if request.marking.trim().is_empty() {
        return Err(Error::invalid("brief", None, "marking", "must not be empty"));
    }
    let mut options = BriefOptions { marking: request.marking.clone(), generated, previous: None, exposure: vec![] };
    let as_of = request.as_of;
    match &request.company {
        Some(reference) => {
            let data = store.company_data(store.find_company(reference)?.id)?;
            let assessment = assess(&data, as_of);
            let snapshot = serde_json::to_string(&data).expect("plain data serialises");
            let fingerprint = brief::fingerprint(&data);
            if let Some((record, old)) = store.previous_brief(data.company.id, &fingerprint)? {
                let old: CompanyData = serde_json::from_str(&old)
                    .map_err(|e| Error::Internal(format!("brief {}: stored data unreadable: {e}", record.brief_id)))?;
                // A brief fingerprinted by an earlier projection may hold the same facts.
                if brief::fingerprint(&old) != fingerprint {
                    let changes = crate::changes::compare(&old, &assess(&old, record.as_of), &data, &assessment);
                    options.previous = Some(PreviousBrief { brief_id: record.brief_id, as_of: record.as_of, changes });
                }
            }
            options.exposure = exposure::company_exposure(store, &data, as_of)?;
            let b = brief::build(&data, &assessment, &options, as_of);
            Ok(BuiltBrief { brief: b, company: Some(data.company), snapshot: Some(snapshot) })
        }
        None => {
            // One company at a time: the brief keeps a line per company, not the records.
            let (mut lines, mut fp) = (Vec::new(), ListFingerprint::new());
            each_company(store, |data| {
                lines.push(PortfolioLine::new(&data, &assess(&data, as_of)));
                fp.add(&data);
            })?;
            Ok(BuiltBrief {
                brief: brief::build_portfolio(&lines, fp.finish(), &options, as_of),
                company: None,
                snapshot: None,
            })
        }
    }
}

/// The file name a brief gets when none is chosen: `<slug>-<as-of>.pdf` or `portfolio-<as-of>.pdf`.
pub fn default_file_name(company: Option<&Company>, as_of: NaiveDate, ext: &str) -> String {
    format!("{}-{as_of}.{ext}", company.map(|c| c.slug.as_str()).unwrap_or("portfolio"))
}

/// Renders a brief to PDF and describes it for the history. The edge writes the bytes and
/// then calls `Store::record_brief`; the record id, `path` and `created_at` are the edge's to give.
pub fn render_pdf(
    built: &BuiltBrief,
    fonts: &FontSet,
    record_id: Uuid,
    path: Option<String>,
    created_at: Timestamp,
) -> (Vec<u8>, BriefRecord, Vec<String>) {
    let brief = &built.brief;
    let rendered = brief::pdf::render(brief, fonts);
    let record = BriefRecord {
        id: record_id,
        brief_id: brief.id.clone(),
        company_id: built.company.as_ref().map(|c| c.id),
        subject: brief.subject.clone(),
        as_of: brief.as_of,
        marking: brief.marking.clone(),
        data_fingerprint: brief.data_fingerprint.clone(),
        pdf_sha256: sha256_hex(&rendered.bytes),
        path,
        created_at,
    };
    (rendered.bytes, record, rendered.warnings)
}

/// SHA-256 of `bytes` as 64 lower-case hex characters: how a brief's PDF is recorded and
/// found again by `verify`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::bundle::hex(&Sha256::digest(bytes))
}

/// What `verify` found about a PDF file's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    /// The bytes are exactly those of a brief this database recorded.
    Unaltered,
    /// The file names a recorded brief, but its bytes differ from what was written.
    Altered,
    /// Not a brief recorded in this database.
    Unknown,
    /// A scenario brief (id `SCN-…`): hypothetical, never recorded, so never verifiable.
    Scenario,
}

/// What `verify` found about a PDF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Verification {
    /// Whether the bytes are those of a brief this database recorded.
    pub file: FileStatus,
    /// The brief id the PDF's metadata carries; None when it carries none (not a RiskBrief PDF).
    pub brief_id: Option<String>,
    /// The data fingerprint the PDF's metadata carries; None when it carries none.
    pub data_fingerprint: Option<String>,
    /// The recorded brief: the one with these exact bytes (unaltered), else the newest with the
    /// PDF's brief id (altered); None when unknown.
    pub record: Option<BriefRecord>,
    /// For an unaltered company brief: whether the company's data differs now (a deleted
    /// company counts as changed). None for the portfolio, or an altered or unknown file.
    pub data_changed: Option<bool>,
    /// When the data changed: what changed, and the score and band then and as of today.
    pub changes: Option<crate::changes::ChangeSet>,
}

/// Checks a brief PDF against the history: is the file unaltered, and has the data behind it
/// changed since (as of `today`, for the score comparison)?
pub fn verify(store: &Store, pdf: &[u8], today: NaiveDate) -> Result<Verification> {
    let ids = brief::pdf::read_identity(pdf);
    let (brief_id, data_fingerprint) = match &ids {
        Some((b, f)) => (Some(b.clone()), Some(f.clone())),
        None => (None, None),
    };
    if brief_id.as_deref().is_some_and(|id| id.starts_with(crate::brief::scenario::ID_PREFIX)) {
        return Ok(Verification {
            file: FileStatus::Scenario,
            brief_id,
            data_fingerprint,
            record: None,
            data_changed: None,
            changes: None,
        });
    }
    let Some((record, snapshot)) = store.brief_by_pdf_hash(&sha256_hex(pdf))? else {
        let known = match &brief_id {
            Some(id) => store.briefs_by_id(id)?.into_iter().next(),
            None => None,
        };
        let file = if known.is_some() { FileStatus::Altered } else { FileStatus::Unknown };
        return Ok(Verification { file, brief_id, data_fingerprint, record: known, data_changed: None, changes: None });
    };
    let (mut data_changed, mut changes) = (None, None);
    if let Some(snapshot) = snapshot {
        let old: CompanyData = serde_json::from_str(&snapshot)
            .map_err(|e| Error::Internal(format!("stored brief data unreadable: {e}")))?;
        let old_assessment = assess(&old, record.as_of);
        match store.company_data(old.company.id) {
            Ok(now) => {
                // Both sides through today's projection, so that a brief fingerprinted by an
                // earlier version compares its facts, not its serialisation.
                let changed = brief::fingerprint(&now) != brief::fingerprint(&old);
                data_changed = Some(changed);
                if changed {
                    changes = Some(crate::changes::compare(&old, &old_assessment, &now, &assess(&now, today)));
                }
            }
            // The company has since been deleted: everything behind the brief is gone.
            Err(Error::NotFound(_)) => {
                data_changed = Some(true);
                changes = Some(crate::changes::ChangeSet {
                    changes: vec![crate::changes::Change {
                        kind: crate::changes::ChangeKind::Profile,
                        text: format!("{} has been deleted from the database.", old.company.legal_name),
                    }],
                    score_before: old_assessment.score,
                    score_after: old_assessment.score,
                    band_before: old_assessment.band,
                    band_after: old_assessment.band,
                });
            }
            Err(e) => return Err(e),
        }
    }
    Ok(Verification {
        file: FileStatus::Unaltered,
        brief_id,
        data_fingerprint,
        record: Some(record),
        data_changed,
        changes,
    })
}
