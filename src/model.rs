//! Domain types: the one place where RiskBrief's vocabulary is defined.
//!
//! Everything here is plain data (serde). The store (`db`) persists it, `risk` scores it,
//! `brief` turns it into documents. Enumerations serialise as snake_case strings, which are
//! also the values stored in SQLite (and checked there by CHECK constraints).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;
use uuid::Uuid;

/// A date known to a given precision: a year, a month or a day ("2025", "2025-01", "2025-01-30").
/// Sources often give only a month; RiskBrief never pretends to know more than they say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, TS)]
#[ts(export, type = "string")]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    Year,
    Month,
    Day,
}

impl PartialDate {
    pub fn precision(&self) -> DatePrecision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => DatePrecision::Day,
            (Some(_), None) => DatePrecision::Month,
            _ => DatePrecision::Year,
        }
    }

    /// The earliest calendar day the date can denote (used for ageing evidence).
    pub fn first_day(&self) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1) as u32, self.day.unwrap_or(1) as u32)
            .expect("PartialDate is validated on construction")
    }

    /// The latest calendar day the date can denote.
    pub fn last_day(&self) -> chrono::NaiveDate {
        match (self.month, self.day) {
            (Some(_), Some(_)) => self.first_day(),
            (Some(m), None) => {
                let (y, m) = if m == 12 { (self.year + 1, 1) } else { (self.year, m as u32 + 1) };
                chrono::NaiveDate::from_ymd_opt(y, m, 1).expect("valid") - chrono::Duration::days(1)
            }
            _ => chrono::NaiveDate::from_ymd_opt(self.year, 12, 31).expect("valid"),
        }
    }

    /// True when this date certainly lies before `other` (its last day precedes other's first).
    pub fn certainly_before(&self, other: &PartialDate) -> bool {
        self.last_day() < other.first_day()
    }

    pub fn from_date(d: chrono::NaiveDate) -> Self {
        use chrono::Datelike;
        PartialDate { year: d.year(), month: Some(d.month() as u8), day: Some(d.day() as u8) }
    }

    /// Human form: "30 Jan 2025", "Jan 2025", "2025".
    pub fn human(&self) -> String {
        const M: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{} {} {}", d, M[m as usize - 1], self.year),
            (Some(m), None) => format!("{} {}", M[m as usize - 1], self.year),
            _ => self.year.to_string(),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => write!(f, "{:04}-{:02}", self.year, m),
            _ => write!(f, "{:04}", self.year),
        }
    }
}

impl FromStr for PartialDate {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("invalid date {s:?}: expected YYYY, YYYY-MM or YYYY-MM-DD");
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, len: usize| -> Result<u32, String> {
            if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            p.parse().map_err(|_| bad())
        };
        let year = num(parts[0], 4)? as i32;
        let date = match parts.len() {
            1 => PartialDate { year, month: None, day: None },
            2 => PartialDate { year, month: Some(num(parts[1], 2)? as u8), day: None },
            3 => PartialDate { year, month: Some(num(parts[1], 2)? as u8), day: Some(num(parts[2], 2)? as u8) },
            _ => return Err(bad()),
        };
        let (m, d) = (date.month.unwrap_or(1) as u32, date.day.unwrap_or(1) as u32);
        chrono::NaiveDate::from_ymd_opt(year, m, d).ok_or_else(bad)?;
        Ok(date)
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Declares a string-valued enum with its stored code and its human label in one place.
macro_rules! labelled_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $code:literal, $label:literal;)+ }) => {
        $(#[$m])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize, ::ts_rs::TS,
        )]
        #[ts(export)]
        pub enum $name { $($(#[$vm])* #[serde(rename = $code)] $variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];
            /// The value stored in the database and written in JSON.
            pub fn code(self) -> &'static str { match self { $($name::$variant => $code,)+ } }
            /// The wording shown to people.
            pub fn label(self) -> &'static str { match self { $($name::$variant => $label,)+ } }
        }

        impl ::std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($code => Ok($name::$variant),)+
                    _ => Err(format!(
                        "unknown {} {:?} (expected one of: {})",
                        stringify!($name), s, [$($code),+].join(", ")
                    )),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { f.write_str(self.label()) }
        }
    };
}
pub(crate) use labelled_enum;

labelled_enum!(
    /// What kind of document a source is.
    SourceKind {
        OfficialStatement = "official_statement", "Official statement";
        AnonymousOfficialViaPress = "anonymous_official_via_press", "Anonymous official via press";
        NewsReport = "news_report", "News report";
        CourtFiling = "court_filing", "Court filing";
        GovernmentRecord = "government_record", "Government record";
        CompanyStatement = "company_statement", "Company statement";
        VendorDocumentation = "vendor_documentation", "Vendor documentation";
        Analysis = "analysis", "Analysis / commentary";
    }
);

labelled_enum!(
    /// NATO Admiralty scale, source reliability (A–F).
    Reliability {
        A = "A", "Completely reliable";
        B = "B", "Usually reliable";
        C = "C", "Fairly reliable";
        D = "D", "Not usually reliable";
        E = "E", "Unreliable";
        F = "F", "Reliability cannot be judged";
    }
);

labelled_enum!(
    /// NATO Admiralty scale, information credibility (1–6).
    Credibility {
        C1 = "1", "Confirmed by other sources";
        C2 = "2", "Probably true";
        C3 = "3", "Possibly true";
        C4 = "4", "Doubtful";
        C5 = "5", "Improbable";
        C6 = "6", "Truth cannot be judged";
    }
);

labelled_enum!(
    AllegationCategory {
        MilitaryIntelligence = "military_intelligence", "Military / intelligence ties";
        ExportControlEvasion = "export_control_evasion", "Export-control evasion";
        DataSharing = "data_sharing", "Data sharing / surveillance";
        SanctionsEvasion = "sanctions_evasion", "Sanctions evasion";
        Misrepresentation = "misrepresentation", "Misrepresentation";
        Cyber = "cyber", "Cyber";
        Other = "other", "Other";
    }
);

labelled_enum!(
    AllegationStatus {
        Alleged = "alleged", "Alleged";
        UnderInvestigation = "under_investigation", "Under investigation";
        Corroborated = "corroborated", "Corroborated";
        Confirmed = "confirmed", "Confirmed";
        Disputed = "disputed", "Disputed";
        Refuted = "refuted", "Refuted";
        Resolved = "resolved", "Resolved";
    }
);

labelled_enum!(
    OfficialList {
        BisEntityList = "bis_entity_list", "BIS Entity List";
        BisMeu = "bis_meu", "BIS Military End-User List";
        OfacSdn = "ofac_sdn", "OFAC SDN List";
        Dod1260h = "dod_1260h", "DoD 1260H Chinese Military Companies";
        FccCovered = "fcc_covered", "FCC Covered List";
        Ndaa889 = "ndaa_889", "NDAA FY2019 §889";
        Other = "other", "Other list";
    }
);

labelled_enum!(
    DesignationStatus {
        Listed = "listed", "Listed";
        NotListed = "not_listed", "Not listed";
        Delisted = "delisted", "Delisted";
        UnderReview = "under_review", "Under review";
    }
);

labelled_enum!(
    /// What a government measure covers. `product_ban` is an outright ban: the vendor's products
    /// may not be sold to or updated for anyone in the jurisdiction, not only its government
    /// (e.g. the Commerce ICTS Final Determination on Kaspersky software, 2024).
    RestrictionScope {
        GovernmentDevices = "government_devices", "Government devices";
        PublicSector = "public_sector", "Public sector";
        AppDistribution = "app_distribution", "App distribution";
        DataProcessing = "data_processing", "Data processing";
        Procurement = "procurement", "Procurement";
        ProductBan = "product_ban", "Outright product ban";
        Proposed = "proposed", "Proposed legislation";
        Other = "other", "Other";
    }
);

labelled_enum!(
    OfferingType {
        ManagedApi = "managed_api", "Managed / serverless API";
        Marketplace = "marketplace", "Marketplace";
        SelfDeployWeights = "self_deploy_weights", "Self-deploy weights";
    }
);

labelled_enum!(
    /// Where a customer's prompts and data go when using the offering.
    DataPath {
        ProviderRegion = "provider_region", "Stays with the cloud provider (customer's region)";
        ReachesVendor = "reaches_vendor", "Reaches the vendor";
        Unknown = "unknown", "Not documented";
    }
);

/// The kinds of record a user keeps, edits and deletes, and bundles carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Company,
    Source,
    Allegation,
    Designation,
    Restriction,
    CloudOffering,
}

impl RecordKind {
    /// Every kind, children before parents (the order deletions are applied in).
    pub const DELETION_ORDER: [RecordKind; 6] = [
        RecordKind::Allegation,
        RecordKind::Designation,
        RecordKind::Restriction,
        RecordKind::CloudOffering,
        RecordKind::Company,
        RecordKind::Source,
    ];

    /// The table, as bundles and the audit trail name it.
    pub fn table(self) -> &'static str {
        match self {
            RecordKind::Company => "companies",
            RecordKind::Source => "sources",
            RecordKind::Allegation => "allegations",
            RecordKind::Designation => "designations",
            RecordKind::Restriction => "restrictions",
            RecordKind::CloudOffering => "cloud_offerings",
        }
    }

    pub fn from_table(table: &str) -> Option<RecordKind> {
        Self::DELETION_ORDER.into_iter().find(|k| k.table() == table)
    }

    /// The record in words ("cloud offering").
    pub fn noun(self) -> &'static str {
        match self {
            RecordKind::Company => "company",
            RecordKind::Source => "source",
            RecordKind::Allegation => "allegation",
            RecordKind::Designation => "designation",
            RecordKind::Restriction => "restriction",
            RecordKind::CloudOffering => "cloud offering",
        }
    }
}

/// A company under assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Company {
    pub id: Uuid,
    /// Short, unique, lower-case handle for the CLI (`deepseek`).
    pub slug: String,
    pub legal_name: String,
    /// The registered name in its own script, e.g. 杭州深度求索人工智能基础技术研究有限公司.
    #[serde(default)]
    pub native_name: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    #[serde(default)]
    pub headquarters: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub sector: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub products: Vec<String>,
    /// Sources for the profile facts above.
    #[serde(default)]
    pub source_ids: Vec<Uuid>,
    /// RFC 3339 timestamp of the last change (set by the edge that writes, never by the core).
    pub updated_at: String,
}

impl Company {
    /// The short name people use: the first alias ("DeepSeek"), else the legal name.
    pub fn display_name(&self) -> &str {
        display_name(&self.aliases, &self.legal_name)
    }
}

/// The display-name rule, for code that holds the parts of a company (`Company::display_name`).
pub fn display_name<'a>(aliases: &'a [String], legal_name: &'a str) -> &'a str {
    aliases.first().map(String::as_str).unwrap_or(legal_name)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Source {
    pub id: Uuid,
    pub publisher: String,
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub published: Option<PartialDate>,
    pub kind: SourceKind,
    pub reliability: Reliability,
    /// Why the grade, or how the source was found (e.g. "secondary copy").
    #[serde(default)]
    pub note: Option<String>,
    pub updated_at: String,
}

/// A source cited in support of an allegation, with the credibility of the information it gives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Citation {
    pub source_id: Uuid,
    pub credibility: Credibility,
}

/// An answer to an allegation by the accused or a third party.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Response {
    pub id: Uuid,
    pub responder: String,
    pub statement: String,
    #[serde(default)]
    pub date: Option<PartialDate>,
    #[serde(default)]
    pub source_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Allegation {
    pub id: Uuid,
    pub company_id: Uuid,
    pub category: AllegationCategory,
    pub summary: String,
    #[serde(default)]
    pub detail: Option<String>,
    /// Who makes the allegation, and through whom, as the source reports it ("A senior U.S.
    /// State Department official, speaking to Reuters on condition of anonymity"): what a reader
    /// weighs first. Left out of the JSON when unknown, so data without it fingerprints as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub attribution: Option<String>,
    pub status: AllegationStatus,
    #[serde(default)]
    pub first_reported: Option<PartialDate>,
    pub citations: Vec<Citation>,
    #[serde(default)]
    pub responses: Vec<Response>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Designation {
    pub id: Uuid,
    pub company_id: Uuid,
    pub list: OfficialList,
    /// The list's own name when `list` is `other`, or the listed entity's name on the list.
    #[serde(default)]
    pub listed_name: Option<String>,
    pub status: DesignationStatus,
    #[serde(default)]
    pub since: Option<PartialDate>,
    #[serde(default)]
    pub until: Option<PartialDate>,
    /// For "not listed" and "under review": the date the status was observed.
    #[serde(default)]
    pub as_of: Option<PartialDate>,
    /// Federal Register citation or list URL.
    #[serde(default)]
    pub citation: Option<String>,
    #[serde(default)]
    pub source_id: Option<Uuid>,
    #[serde(default)]
    pub note: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Restriction {
    pub id: Uuid,
    pub company_id: Uuid,
    pub jurisdiction: String,
    pub body: String,
    pub measure: String,
    pub scope: RestrictionScope,
    #[serde(default)]
    pub date: Option<PartialDate>,
    #[serde(default)]
    pub source_id: Option<Uuid>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CloudOffering {
    pub id: Uuid,
    pub company_id: Uuid,
    pub product: String,
    /// "Amazon", "Microsoft", "Google", or any other provider.
    pub platform: String,
    pub service: String,
    pub offering_type: OfferingType,
    pub data_path: DataPath,
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default)]
    pub available_since: Option<PartialDate>,
    #[serde(default)]
    pub last_verified: Option<PartialDate>,
    #[serde(default)]
    pub source_id: Option<Uuid>,
    #[serde(default)]
    pub note: Option<String>,
    pub updated_at: String,
}

/// Everything known about one company, with the sources it cites: the input of scoring and briefs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CompanyData {
    pub company: Company,
    pub allegations: Vec<Allegation>,
    pub designations: Vec<Designation>,
    pub restrictions: Vec<Restriction>,
    pub cloud_offerings: Vec<CloudOffering>,
    /// Every source cited by the records above, ordered by first citation.
    pub sources: Vec<Source>,
    /// The current list snapshots the company was screened against.
    #[serde(default)]
    pub screenings: Vec<Screening>,
}

impl CompanyData {
    pub fn source(&self, id: Uuid) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }
}

/// A bundle of records as found in `data/` (and, later, exchanged between laptops).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub companies: Vec<Company>,
    #[serde(default)]
    pub allegations: Vec<Allegation>,
    #[serde(default)]
    pub designations: Vec<Designation>,
    #[serde(default)]
    pub restrictions: Vec<Restriction>,
    #[serde(default)]
    pub cloud_offerings: Vec<CloudOffering>,
}

/// One row of the portfolio: a company with counts, for lists and tables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CompanySummary {
    pub id: Uuid,
    pub slug: String,
    pub legal_name: String,
    /// Short name for lists: the first alias ("DeepSeek"), else the legal name.
    pub display_name: String,
    pub country: String,
    pub allegations: u32,
    /// Number of official lists the company is currently listed on.
    pub designations_listed: u32,
    pub restrictions: u32,
    pub platforms: Vec<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Company,
    Allegation,
    Source,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchHit {
    pub kind: SearchKind,
    pub id: Uuid,
    /// The company the hit belongs to (none for a source).
    pub company_slug: Option<String>,
    pub title: String,
    /// A short excerpt around the match.
    pub snippet: String,
}

/// A brief that was generated: what it was built from and the hash of the bytes written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BriefRecord {
    pub id: Uuid,
    /// The id printed on the brief ("RB-…").
    pub brief_id: String,
    /// None for a portfolio brief.
    pub company_id: Option<Uuid>,
    pub subject: String,
    pub as_of: chrono::NaiveDate,
    pub marking: String,
    pub data_fingerprint: String,
    pub pdf_sha256: String,
    /// Where the PDF was saved, when known.
    pub path: Option<String>,
    pub created_at: String,
}

/// Application settings kept in the database (shared by the CLI and the desktop app).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Settings {
    /// Where briefs are saved when no path is chosen. Empty: the edge's default.
    pub briefs_dir: String,
    /// The analyst's name, recorded with changes. Empty: the OS user.
    pub analyst: String,
    /// The folder actually used (the setting, or the default); filled by the edge, not stored.
    #[serde(default)]
    pub effective_briefs_dir: String,
}

labelled_enum!(
    AuditAction {
        Create = "create", "Created";
        Update = "update", "Changed";
        Delete = "delete", "Deleted";
    }
);

/// One change in the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: AuditAction,
    /// The table the record lives in ("allegations", …).
    pub table: String,
    pub record_id: Uuid,
    pub company_id: Option<Uuid>,
    /// Changed fields: {"status": ["alleged", "confirmed"], …}.
    #[ts(type = "Record<string, [unknown, unknown]>")]
    pub changes: serde_json::Map<String, serde_json::Value>,
}

/// A public key (Ed25519, hex) whose signed bundles are accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrustedKey {
    pub public_key: String,
    pub name: String,
    pub added_at: String,
}

labelled_enum!(
    /// The file formats `lists import` reads.
    ListFormat {
        Ofac = "ofac", "OFAC SDN legacy CSV (sdn.csv, then alt.csv and add.csv)";
        Dod1260h = "dod_1260h", "DoD Section 1260H table (CSV)";
        FccCovered = "fcc_covered", "FCC Covered List (CSV)";
        Ndaa889 = "ndaa_889", "NDAA FY2019 Section 889 (CSV)";
        BisMeu = "bis_meu", "BIS Military End-User list (CSV)";
        OpenSanctionsCsv = "opensanctions_csv", "OpenSanctions targets.simple.csv";
        OpenSanctionsFtm = "opensanctions_ftm", "OpenSanctions FollowTheMoney JSON lines";
        Csl = "csl", "trade.gov Consolidated Screening List (CSV or JSON)";
    }
);

labelled_enum!(
    /// Where a screening hit stands in review.
    HitStatus {
        Open = "open", "Awaiting review";
        Confirmed = "confirmed", "Confirmed";
        Dismissed = "dismissed", "Dismissed";
    }
);

/// One entry of an official list, as imported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ListEntry {
    /// The list's own identifier for the entry (OFAC ent_num, OpenSanctions id, …) or a
    /// stable key derived from the name when the list has none.
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// "entity", "individual", "vessel", "aircraft", … as the list says.
    #[serde(default)]
    pub entity_type: Option<String>,
    #[serde(default)]
    pub programs: Vec<String>,
    #[serde(default)]
    pub countries: Vec<String>,
    #[serde(default)]
    pub addresses: Vec<String>,
    #[serde(default)]
    pub remarks: Option<String>,
    #[serde(default)]
    pub since: Option<PartialDate>,
    #[serde(default)]
    pub until: Option<PartialDate>,
    /// The entry's own citation (Federal Register notice, source URL), when the list gives one.
    #[serde(default)]
    pub url: Option<String>,
    /// For consolidated lists: the list the entry comes from ("Entity List (EL) - Bureau of …").
    #[serde(default)]
    pub source_list: Option<String>,
}

/// One imported version of an official list. The newest snapshot of a list is current; older
/// ones are kept (without their entries) with what changed between them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ListSnapshot {
    pub id: Uuid,
    /// Stable key of the list ("ofac_sdn", "dod_1260h", "opensanctions:<dataset>", …).
    pub list: String,
    pub title: String,
    pub publisher: String,
    #[serde(default)]
    pub url: Option<String>,
    pub format: ListFormat,
    /// The date the list was published or downloaded, as the file or the user says.
    pub as_of: chrono::NaiveDate,
    /// SHA-256 of the imported files, in order.
    pub file_hash: String,
    pub files: Vec<String>,
    pub entry_count: u32,
    pub imported_at: String,
    /// The snapshot this one replaced, and what changed since it.
    #[serde(default)]
    pub previous_id: Option<Uuid>,
    pub added: u32,
    pub removed: u32,
    /// Set when a newer snapshot replaced this one.
    #[serde(default)]
    pub replaced_at: Option<String>,
}

/// An entry added to or removed from a list between two snapshots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ListChange {
    pub snapshot_id: Uuid,
    pub added: bool,
    pub key: String,
    pub name: String,
}

/// Two tokens, one from each name, that agreed, with their similarity (0–100).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TokenAgreement {
    pub query: String,
    pub entry: String,
    pub similarity: u8,
}

/// How one of the company's names compared with one of the entry's names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NameMatch {
    pub query_name: String,
    pub entry_name: String,
    /// 0–100.
    pub score: u8,
    pub agreed: Vec<TokenAgreement>,
}

/// A possible list match for a company, kept for review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScreeningHit {
    pub id: Uuid,
    pub company_id: Uuid,
    pub snapshot_id: Uuid,
    pub list: String,
    pub list_title: String,
    pub entry_key: String,
    /// The entry's primary name.
    pub entry_name: String,
    /// The best pair's names and score.
    pub query_name: String,
    pub matched_name: String,
    pub score: u8,
    /// Every pair of names that scored, best first.
    pub matches: Vec<NameMatch>,
    /// The entry as listed (programs, countries, dates, citation).
    pub entry: ListEntry,
    pub status: HitStatus,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub reviewed_by: Option<String>,
    #[serde(default)]
    pub reviewed_at: Option<String>,
    /// The designation a confirmation created.
    #[serde(default)]
    pub designation_id: Option<Uuid>,
    pub found_at: String,
}

/// That a company was screened against a list snapshot, when, and what came of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Screening {
    pub company_id: Uuid,
    pub snapshot_id: Uuid,
    pub list_title: String,
    pub list_as_of: chrono::NaiveDate,
    pub entry_count: u32,
    pub screened_at: String,
    pub threshold: u8,
    pub open_hits: u32,
    pub confirmed_hits: u32,
    pub dismissed_hits: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_round_trip_and_reject_nonsense() {
        for s in ["2025", "2025-01", "2025-01-30"] {
            assert_eq!(s.parse::<PartialDate>().unwrap().to_string(), s);
        }
        for s in ["25", "2025-13", "2025-02-30", "2025-1-3", "x", "2025-01-01-01"] {
            assert!(s.parse::<PartialDate>().is_err(), "{s} accepted");
        }
        assert_eq!("2025-01".parse::<PartialDate>().unwrap().precision(), DatePrecision::Month);
        assert_eq!("2025-01-30".parse::<PartialDate>().unwrap().human(), "30 Jan 2025");
    }

    #[test]
    fn enum_codes_parse_back() {
        for c in AllegationStatus::ALL {
            assert_eq!(c.code().parse::<AllegationStatus>().unwrap(), *c);
        }
        assert!("confirmedd".parse::<AllegationStatus>().unwrap_err().contains("alleged"));
    }
}
