//! Exposure use cases: import a deployments register from a spreadsheet (with vendor
//! resolution, a dry run and one transaction), the register judged as of a date, and one
//! company's deployments. The edges read and write files; these take bytes and dates.

use crate::error::{Error, Refusal, Result};
use crate::exposure::sheet::{self, CellProblem, Draft, Mapping, SheetField};
use crate::exposure::{self, ExposureRow, Register};
use crate::matching::{covers_prefix, Index};
use crate::model::*;
use crate::risk::assess;
use crate::screening::company_names;
use crate::Store;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;
use uuid::Uuid;

/// A vendor name at least this close to a company's name (0–100) resolves to it, when no other
/// company comes as close.
pub const RESOLVE_AT: u8 = 88;
/// Companies at least this close are shown as candidates for a vendor that does not resolve.
pub const CANDIDATE_AT: u8 = 40;

/// A company a vendor name may be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Candidate {
    /// The company's id.
    pub company_id: Uuid,
    /// Its slug.
    pub slug: String,
    /// Its short name.
    pub name: String,
    /// How close the vendor name is to one of its names, 0–100.
    pub score: u8,
}

/// How a row's vendor was resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VendorMatch {
    /// The company the vendor resolved to; `None`: imported as "not assessed".
    pub company: Option<Candidate>,
    /// For a vendor that did not resolve: the closest companies, best first (at most three).
    pub candidates: Vec<Candidate>,
}

/// What importing one row does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum RowAction {
    /// A new deployment.
    Add,
    /// Replaces a stored deployment (same id, or same name and vendor).
    Update,
    /// The stored deployment already says this.
    Same,
}

/// One row of the sheet, as it would be (or was) imported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PreviewRow {
    /// The row number in the sheet.
    pub row: u32,
    /// The deployment the row becomes.
    pub deployment: Deployment,
    /// How its vendor resolved.
    pub vendor: VendorMatch,
    /// Added, updated or unchanged.
    pub action: RowAction,
}

/// The outcome of importing a register: the mapping used, every row, the problems, and
/// whether anything was written (never when there is a problem or on a dry run).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeploymentImport {
    /// The file, as named in messages.
    pub file: String,
    /// The header row and each column's field.
    pub mapping: Mapping,
    /// Every row that parsed, in sheet order.
    pub rows: Vec<PreviewRow>,
    /// Every problem, by sheet, row and column; any problem means nothing is written.
    pub problems: Vec<CellProblem>,
    /// Rows whose vendor did not resolve to a company.
    pub unresolved: u32,
    /// New deployments.
    pub added: u32,
    /// Deployments replaced.
    pub updated: u32,
    /// Rows the register already held as they are.
    pub unchanged: u32,
    /// True when the deployments were written (in one transaction).
    pub written: bool,
}

/// The companies, indexed by their names for resolving vendors.
struct Vendors {
    companies: Vec<Company>,
    index: Index,
    by_slug: HashMap<String, usize>,
}

impl Vendors {
    fn load(store: &Store) -> Result<Vendors> {
        let companies = store.companies()?;
        let index = Index::new(companies.iter().map(company_names));
        let by_slug = companies.iter().enumerate().map(|(i, c)| (c.slug.clone(), i)).collect();
        Ok(Vendors { companies, index, by_slug })
    }

    fn candidate(&self, i: usize, score: u8) -> Candidate {
        let c = &self.companies[i];
        Candidate { company_id: c.id, slug: c.slug.clone(), name: c.display_name().to_string(), score }
    }

    /// Resolves a vendor name: the sheet's company slug when given and known, else the
    /// closest company when it is close enough and no other is as close.
    fn resolve(&self, name: &str, slug: Option<&str>, screener: &mut crate::matching::Screener<'_>) -> VendorMatch {
        if let Some(i) = slug.and_then(|s| self.by_slug.get(s.trim())) {
            return VendorMatch { company: Some(self.candidate(*i, 100)), candidates: vec![] };
        }
        // The screening score, raised to 95 where the name is the start of a company's name.
        let mut found: Vec<(usize, u8)> = screener
            .screen(&[name], 30)
            .into_iter()
            .map(|m| {
                let covers = company_names(&self.companies[m.entry]).iter().any(|n| covers_prefix(name, n));
                (m.entry, if covers { m.score.max(95) } else { m.score })
            })
            .collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let clear = match found.as_slice() {
            [(_, a)] => *a >= RESOLVE_AT,
            [(_, a), (_, b), ..] => *a >= RESOLVE_AT && a > b,
            [] => false,
        };
        let mut candidates: Vec<Candidate> =
            found.iter().filter(|(_, s)| *s >= CANDIDATE_AT).take(3).map(|(i, s)| self.candidate(*i, *s)).collect();
        if clear {
            VendorMatch { company: Some(candidates.remove(0)), candidates: vec![] }
        } else {
            VendorMatch { company: None, candidates }
        }
    }
}

/// The cloud offering a cloud-hosted row uses: the vendor's offering whose service is named in
/// the sheet, or else its only offering on the row's platform (matching the product when
/// several are there).
fn offering_for(d: &Draft, offerings: &[CloudOffering]) -> Option<Uuid> {
    if d.route != DeploymentRoute::CloudHosted {
        return None;
    }
    let eq = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    if let Some(service) = &d.offering {
        return offerings.iter().find(|o| eq(&o.service, service)).map(|o| o.id);
    }
    let platform = d.platform.as_deref()?;
    let on: Vec<&CloudOffering> =
        offerings.iter().filter(|o| eq(&o.platform, platform) || eq(&o.service, platform)).collect();
    match on.as_slice() {
        [one] => Some(one.id),
        _ => {
            let product = d.product.as_deref()?;
            let same: Vec<&&CloudOffering> = on.iter().filter(|o| eq(&o.product, product)).collect();
            (same.len() == 1).then(|| same[0].id)
        }
    }
}

/// Imports a register from a spreadsheet's bytes (`file` names it in messages). Columns are
/// mapped from their headers and `map`; vendors resolve to companies by name; each row becomes
/// a deployment (a stored one with the same id, or the same name and vendor, is replaced). A
/// dry run, or any problem, writes nothing; otherwise every deployment is written in one
/// transaction, stamped `now`. Problems are returned in the outcome; `Error` is for a file
/// that cannot be read at all.
pub fn import_deployments(
    store: &mut Store,
    file: &str,
    bytes: &[u8],
    map: &[(String, SheetField)],
    dry_run: bool,
    now: Timestamp,
) -> Result<DeploymentImport> {
    let grid = sheet::read(file, bytes)?;
    let (mapping, unmapped) = sheet::map_columns(file, &grid, map)?;
    // Until the columns are mapped, rows are not read: the problems are the mapping's.
    let (drafts, problems) = if unmapped.is_empty() { sheet::drafts(&grid, &mapping) } else { (vec![], unmapped) };
    if drafts.is_empty() && problems.is_empty() {
        return Err(Error::refused(
            Refusal::NoEntries,
            format!("{file}: sheet {} has a header but no rows; nothing was imported", grid.sheet),
        ));
    }
    let vendors = Vendors::load(store)?;
    let mut screener = vendors.index.screener();
    let stored = store.deployments()?;
    let by_id: HashMap<Uuid, &Deployment> = stored.iter().map(|d| (d.id, d)).collect();
    let key = |name: &str, vendor: &str| (name.trim().to_lowercase(), vendor.trim().to_lowercase());
    let by_key: HashMap<(String, String), &Deployment> =
        stored.iter().map(|d| (key(&d.name, &d.vendor_name), d)).collect();
    let mut offerings: HashMap<Uuid, Vec<CloudOffering>> = HashMap::new();
    let mut rows = vec![];
    let mut seen: HashMap<Uuid, u32> = HashMap::new();
    let mut problems = problems;
    for d in drafts {
        let vendor = vendors.resolve(&d.vendor, d.vendor_company.as_deref(), &mut screener);
        let company_id = vendor.company.as_ref().map(|c| c.company_id);
        let offering_id = match company_id {
            Some(c) => {
                let of = match offerings.entry(c) {
                    std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::hash_map::Entry::Vacant(e) => e.insert(store.company_data(c)?.cloud_offerings),
                };
                offering_for(&d, of)
            }
            None => None,
        };
        let before = d.id.and_then(|id| by_id.get(&id)).or_else(|| by_key.get(&key(&d.name, &d.vendor))).copied();
        let id = d.id.or(before.map(|b| b.id)).unwrap_or_else(Uuid::now_v7);
        if let Some(first) = seen.insert(id, d.row) {
            problems.push(CellProblem {
                sheet: grid.sheet.clone(),
                row: d.row,
                column: String::new(),
                problem: format!("the same deployment as row {first} (same id, or same name and vendor)"),
            });
            continue;
        }
        let mut deployment = Deployment {
            id,
            name: d.name,
            owner: d.owner,
            company_id,
            vendor_name: d.vendor,
            product: d.product,
            route: d.route,
            platform: d.platform,
            offering_id,
            data: d.data,
            status: d.status,
            users: d.users,
            review_date: d.review_date,
            notes: d.notes,
            reported_by: d.reported_by,
            reported_on: d.reported_on,
            updated_at: now,
        };
        let action = match before {
            None => RowAction::Add,
            Some(b) => {
                deployment.updated_at = b.updated_at;
                if *b == deployment {
                    RowAction::Same
                } else {
                    deployment.updated_at = now;
                    RowAction::Update
                }
            }
        };
        if let Err(e) = crate::validate::deployment(&deployment) {
            problems.push(CellProblem {
                sheet: grid.sheet.clone(),
                row: d.row,
                column: String::new(),
                problem: e.to_string(),
            });
            continue;
        }
        rows.push(PreviewRow { row: d.row, deployment, vendor, action });
    }
    let count = |a: RowAction| rows.iter().filter(|r| r.action == a).count() as u32;
    let mut out = DeploymentImport {
        file: file.to_string(),
        mapping,
        unresolved: rows.iter().filter(|r| r.vendor.company.is_none()).count() as u32,
        added: count(RowAction::Add),
        updated: count(RowAction::Update),
        unchanged: count(RowAction::Same),
        rows,
        problems,
        written: false,
    };
    if !dry_run && out.problems.is_empty() {
        let changed: Vec<Deployment> =
            out.rows.iter().filter(|r| r.action != RowAction::Same).map(|r| r.deployment.clone()).collect();
        store.save_deployments(&changed)?;
        out.written = true;
    }
    Ok(out)
}

/// The bundled sample: the dataset and its sample register's deployments (resolved against the
/// dataset's companies, as an import would), for `Store::open_seeded`.
pub fn sample(now: Timestamp) -> Result<(Dataset, Vec<Deployment>)> {
    let data = crate::dataset::bundled()?;
    let mut scratch = Store::open_in_memory()?;
    scratch.import_dataset(&data)?;
    let (file, bytes) = crate::dataset::SAMPLE_REGISTER;
    let outcome = import_deployments(&mut scratch, file, bytes, &[], true, now)?;
    refuse_problems(&outcome)?;
    Ok((data, outcome.rows.into_iter().map(|r| r.deployment).collect()))
}

/// Refuses an import that found problems: the message names the file and the first problems,
/// and says that nothing was written. For edges that must fail (the CLI's exit status).
pub fn refuse_problems(outcome: &DeploymentImport) -> Result<()> {
    if outcome.problems.is_empty() {
        return Ok(());
    }
    let shown: Vec<String> = outcome.problems.iter().take(10).map(|p| format!("  {p}")).collect();
    let more = outcome.problems.len().saturating_sub(shown.len());
    Err(Error::refused(
        Refusal::Malformed,
        format!(
            "{}: {} problem{}; nothing was imported:\n{}{}",
            outcome.file,
            outcome.problems.len(),
            if outcome.problems.len() == 1 { "" } else { "s" },
            shown.join("\n"),
            if more > 0 { format!("\n  … and {more} more") } else { String::new() }
        ),
    ))
}

/// The vendors of these deployments, with their data and assessment as of a date.
fn vendors_of(
    store: &Store,
    deployments: &[Deployment],
    as_of: NaiveDate,
) -> Result<HashMap<Uuid, (CompanyData, crate::risk::Assessment)>> {
    let mut out = HashMap::new();
    for c in deployments.iter().filter_map(|d| d.company_id) {
        if let std::collections::hash_map::Entry::Vacant(e) = out.entry(c) {
            let data = store.company_data(c)?;
            let a = assess(&data, as_of);
            e.insert((data, a));
        }
    }
    Ok(out)
}

/// The organisation's register, every deployment judged as of a date.
pub fn register(store: &Store, as_of: NaiveDate) -> Result<Register> {
    let all = store.deployments()?;
    let vendors = vendors_of(store, &all, as_of)?;
    Ok(exposure::register(all, &vendors, as_of))
}

/// The register of one vendor's deployments (`vendor` as `find_company` takes it).
pub fn register_of(store: &Store, vendor: &str, as_of: NaiveDate) -> Result<Register> {
    let company = store.find_company(vendor)?;
    let all = store.deployments_of(company.id)?;
    let vendors = vendors_of(store, &all, as_of)?;
    Ok(exposure::register(all, &vendors, as_of))
}

/// One company's deployments, judged: for the company page and brief.
pub fn company_exposure(store: &Store, data: &CompanyData, as_of: NaiveDate) -> Result<Vec<ExposureRow>> {
    let all = store.deployments_of(data.company.id)?;
    let mut vendors = HashMap::new();
    vendors.insert(data.company.id, (data.clone(), assess(data, as_of)));
    Ok(exposure::register(all, &vendors, as_of).rows)
}

/// Saves one deployment edited by hand (validated; its links checked), stamped `now`.
pub fn save_deployment(store: &mut Store, mut d: Deployment, now: Timestamp) -> Result<Deployment> {
    d.updated_at = now;
    store.save_deployments(std::slice::from_ref(&d))?;
    Ok(d)
}

/// Builds the exposure brief as of a date: the register judged, with the sources behind its
/// reasons. Its fingerprint covers every deployment and every vendor's facts.
pub fn build_brief(store: &Store, as_of: NaiveDate, marking: &str, generated: NaiveDate) -> Result<super::BuiltBrief> {
    if marking.trim().is_empty() {
        return Err(Error::invalid("brief", None, "marking", "must not be empty"));
    }
    let all = store.deployments()?;
    let vendors = vendors_of(store, &all, as_of)?;
    let mut ids: Vec<&Uuid> = vendors.keys().collect();
    ids.sort();
    let facts: Vec<String> = ids.iter().map(|id| crate::brief::fingerprint(&vendors[id].0)).collect();
    let fingerprint = super::sha256_hex(&serde_json::to_vec(&(&all, &facts)).expect("plain data serialises"));
    let reg = exposure::register(all, &vendors, as_of);
    let datas: Vec<&CompanyData> = ids.iter().map(|id| &vendors[id].0).collect();
    let options =
        crate::brief::BriefOptions { marking: marking.to_string(), generated, previous: None, exposure: vec![] };
    let brief = crate::brief::build_exposure(&reg, &datas, fingerprint, &options, as_of);
    Ok(super::BuiltBrief { brief, company: None, snapshot: None })
}
