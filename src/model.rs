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

/// A moment, in UTC to the second. Stored and serialised in one format, RFC 3339 with whole
/// seconds and `Z` ("2026-12-02T10:15:00Z"); any RFC 3339 time is read (an offset is converted,
/// fractions of a second are dropped), so times compare as times, never as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, TS)]
#[ts(export, type = "string")]
pub struct Timestamp(chrono::DateTime<chrono::Utc>);

impl Timestamp {
    /// The moment `t`, to the second.
    pub fn from_utc(t: chrono::DateTime<chrono::Utc>) -> Timestamp {
        use chrono::Timelike;
        Timestamp(t.with_nanosecond(0).unwrap_or(t))
    }

    /// The placeholder a record carries before it is first stored (the UI's blank forms send
    /// it); the edge stamps the real time when it saves. 1970-01-01T00:00:00Z.
    pub const UNSTORED: Timestamp = Timestamp(chrono::DateTime::UNIX_EPOCH);

    /// The moment as chrono's type.
    pub fn utc(self) -> chrono::DateTime<chrono::Utc> {
        self.0
    }

    /// The calendar day (UTC).
    pub fn date(self) -> chrono::NaiveDate {
        self.0.date_naive()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use chrono::{Datelike, Timelike};
        let t = &self.0;
        if !(0..=9999).contains(&t.year()) {
            return write!(f, "{}", t.format("%Y-%m-%dT%H:%M:%SZ"));
        }
        let year = t.year() as u32;
        // Digit by digit: a bundle import writes hundreds of thousands of timestamps, and
        // chrono's format string (or `write!`'s padding) is interpreted on every call.
        let mut text = *b"0000-00-00T00:00:00Z";
        for (at, width, n) in [
            (0, 4, year),
            (5, 2, t.month()),
            (8, 2, t.day()),
            (11, 2, t.hour()),
            (14, 2, t.minute()),
            (17, 2, t.second()),
        ] {
            let mut n = n;
            for digit in text[at..at + width].iter_mut().rev() {
                *digit = b'0' + (n % 10) as u8;
                n /= 10;
            }
        }
        f.write_str(std::str::from_utf8(&text).expect("ASCII digits"))
    }
}

impl FromStr for Timestamp {
    type Err = String;
    fn from_str(s: &str) -> Result<Timestamp, String> {
        chrono::DateTime::parse_from_rfc3339(s.trim())
            .map(|t| Timestamp::from_utc(t.to_utc()))
            .map_err(|_| format!("{s:?} is not an RFC 3339 time like 2026-12-02T10:15:00Z"))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        let s = <std::borrow::Cow<str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl rusqlite::types::ToSql for Timestamp {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::from(self.to_string()))
    }
}

impl rusqlite::types::FromSql for Timestamp {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Timestamp> {
        v.as_str()?.parse().map_err(|e: String| rusqlite::types::FromSqlError::Other(e.into()))
    }
}

/// A date known to a given precision: a year, a month or a day ("2025", "2025-01", "2025-01-30").
/// Sources often give only a month; RiskBrief never pretends to know more than they say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, TS)]
#[ts(export, type = "string")]
pub struct PartialDate {
    /// The calendar year, four digits (0000–9999).
    pub year: i32,
    /// The month, 1–12; `None` when only the year is known.
    pub month: Option<u8>,
    /// The day of the month, 1–31; `None` when only the year or the month is known. Never set
    /// without `month`. Parsing checks that year, month and day form a real calendar date.
    pub day: Option<u8>,
}

/// How precisely a [`PartialDate`] is known; serialised as `"year"`, `"month"` or `"day"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    /// Only the year is known ("2025").
    Year,
    /// The year and the month are known ("2025-01").
    Month,
    /// The exact day is known ("2025-01-30").
    Day,
}

impl PartialDate {
    /// How much of the date is known: the year, the month or the day.
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

    /// A date known to the day, from a calendar date.
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
///
/// Doc comments written on the enum and on each variant are forwarded; every variant is also
/// documented with its label and its code. `FromStr` parses the code, `Display` shows the label.
macro_rules! labelled_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $code:literal, $label:literal;)+ }) => {
        $(#[$m])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize, ::ts_rs::TS,
        )]
        #[ts(export)]
        pub enum $name {
            $(
                $(#[$vm])*
                #[doc = concat!("Shown as \"", $label, "\"; stored and serialised as `", $code, "`.")]
                #[serde(rename = $code)]
                $variant,
            )+
        }

        impl $name {
            /// Every value, in declaration order (which is also the `Ord` order).
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
    /// What an allegation is about; sets its severity in the score (`risk::category_severity`).
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
    /// Where an allegation stands; weighs it in the score (`risk::status_weight`). Briefs word an
    /// allegation as fact only when it is `confirmed`.
    AllegationStatus {
        /// An unconfirmed claim.
        Alleged = "alleged", "Alleged";
        /// Being investigated; not established.
        UnderInvestigation = "under_investigation", "Under investigation";
        /// Supported by several sources, not confirmed.
        Corroborated = "corroborated", "Corroborated";
        /// Established: the only status a brief words as fact.
        Confirmed = "confirmed", "Confirmed";
        /// Contested.
        Disputed = "disputed", "Disputed";
        /// Shown to be false; adds nothing to the score.
        Refuted = "refuted", "Refuted";
        /// No longer current.
        Resolved = "resolved", "Resolved";
    }
);

labelled_enum!(
    /// An official list a company can be designated on: the U.S. lists RiskBrief knows, or `other`
    /// (named in `Designation::listed_name`). Its weight in the score is `risk::list_weight`.
    OfficialList {
        BisEntityList = "bis_entity_list", "BIS Entity List";
        BisMeu = "bis_meu", "BIS Military End-User List";
        OfacSdn = "ofac_sdn", "OFAC SDN List";
        Dod1260h = "dod_1260h", "DoD 1260H Chinese Military Companies";
        FccCovered = "fcc_covered", "FCC Covered List";
        Ndaa889 = "ndaa_889", "NDAA FY2019 §889";
        Uflpa = "uflpa", "UFLPA Entity List";
        BisDpl = "bis_dpl", "BIS Denied Persons List";
        OfacNonSdn = "ofac_non_sdn", "OFAC Consolidated (non-SDN) Lists";
        UnSc = "un_sc", "UN Security Council Consolidated List";
        EuFsf = "eu_fsf", "EU Consolidated Financial Sanctions List";
        UkSanctions = "uk_sanctions", "UK Sanctions List";
        Other = "other", "Other list";
    }
);

labelled_enum!(
    /// The sanctions regime a list belongs to, shown on every hit and snapshot
    /// (`OfficialList::regime`, `lists::regime`).
    ListRegime {
        Us = "us", "US";
        Un = "un", "UN";
        Eu = "eu", "EU";
        Uk = "uk", "UK";
        Other = "other", "Other";
    }
);

// Not derived: `labelled_enum!` writes the enum.
#[allow(clippy::derivable_impls)]
impl Default for ListRegime {
    fn default() -> Self {
        ListRegime::Other
    }
}

impl OfficialList {
    /// The regime whose law the list carries.
    pub fn regime(self) -> ListRegime {
        match self {
            OfficialList::UnSc => ListRegime::Un,
            OfficialList::EuFsf => ListRegime::Eu,
            OfficialList::UkSanctions => ListRegime::Uk,
            OfficialList::Other => ListRegime::Other,
            _ => ListRegime::Us,
        }
    }
}

labelled_enum!(
    /// A company's standing on an official list.
    DesignationStatus {
        /// Currently on the list: counts in full.
        Listed = "listed", "Listed";
        /// Checked and found absent; needs the date it was observed (`Designation::as_of`). Adds nothing.
        NotListed = "not_listed", "Not listed";
        /// Was on the list and has been removed: counts 10 %.
        Delisted = "delisted", "Delisted";
        /// Being considered for listing: counts 40 %.
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
    /// How a cloud provider offers a company's product.
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

/// A [`RecordKind`] serialised as its table name ("cloud_offerings"), as the audit trail and
/// bundle plans name it (`#[serde(with = "as_table")]`; TypeScript type `RecordTable`).
pub mod as_table {
    use super::RecordKind;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the table name.
    pub fn serialize<S: Serializer>(k: &RecordKind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(k.table())
    }

    /// Reads a table name; any other text is refused.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<RecordKind, D::Error> {
        let t = <std::borrow::Cow<str>>::deserialize(d)?;
        RecordKind::from_table(&t).ok_or_else(|| serde::de::Error::custom(format!("{t:?} is not a table of records")))
    }
}

/// The table names of the record kinds: the TypeScript type of a [`RecordKind`] written with
/// `as_table`. Rust code uses `RecordKind`; this type exists for the bindings.
#[derive(TS)]
#[ts(export, rename_all = "snake_case")]
pub enum RecordTable {
    /// `companies`.
    Companies,
    /// `sources`.
    Sources,
    /// `allegations`.
    Allegations,
    /// `designations`.
    Designations,
    /// `restrictions`.
    Restrictions,
    /// `cloud_offerings`.
    CloudOfferings,
    /// `deployments`.
    Deployments,
    /// `scenarios`.
    Scenarios,
    /// `persons`.
    Persons,
    /// `relations`.
    Relations,
}

/// The kinds of record a user keeps, edits and deletes, and bundles carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A [`Company`] (table `companies`).
    Company,
    /// A [`Source`] (table `sources`).
    Source,
    /// An [`Allegation`], with its citations and responses (table `allegations`).
    Allegation,
    /// A [`Designation`] (table `designations`).
    Designation,
    /// A [`Restriction`] (table `restrictions`).
    Restriction,
    /// A [`CloudOffering`] (table `cloud_offerings`).
    CloudOffering,
    /// A [`Deployment`] of a vendor's product in the organisation (table `deployments`).
    Deployment,
    /// A [`Scenario`] of hypothetical changes (table `scenarios`).
    Scenario,
    /// A natural [`Person`] (table `persons`).
    Person,
    /// A [`Relation`] of ownership or control (table `relations`).
    Relation,
}

impl RecordKind {
    /// Every kind, children before parents (the order deletions are applied in).
    pub const DELETION_ORDER: [RecordKind; 10] = [
        RecordKind::Scenario,
        RecordKind::Relation,
        RecordKind::Deployment,
        RecordKind::Allegation,
        RecordKind::Designation,
        RecordKind::Restriction,
        RecordKind::CloudOffering,
        RecordKind::Company,
        RecordKind::Person,
        RecordKind::Source,
    ];

    /// Whether search finds records of this kind: each has a document in the search index
    /// (the `search_documents` view, migrations 0009, 0013 and 0017).
    pub const fn searched(self) -> bool {
        matches!(
            self,
            RecordKind::Company
                | RecordKind::Source
                | RecordKind::Allegation
                | RecordKind::Deployment
                | RecordKind::Person
                | RecordKind::Relation
        )
    }

    /// The table, as bundles and the audit trail name it.
    pub const fn table(self) -> &'static str {
        match self {
            RecordKind::Company => "companies",
            RecordKind::Source => "sources",
            RecordKind::Allegation => "allegations",
            RecordKind::Designation => "designations",
            RecordKind::Restriction => "restrictions",
            RecordKind::CloudOffering => "cloud_offerings",
            RecordKind::Deployment => "deployments",
            RecordKind::Scenario => "scenarios",
            RecordKind::Person => "persons",
            RecordKind::Relation => "relations",
        }
    }

    /// The kind stored in `table` (the inverse of [`RecordKind::table`]); `None` for any other table.
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
            RecordKind::Deployment => "deployment",
            RecordKind::Scenario => "scenario",
            RecordKind::Person => "person",
            RecordKind::Relation => "relation",
        }
    }
}

/// A company under assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Company {
    /// Stable id (UUID v7), the same on every laptop the record travels to.
    pub id: Uuid,
    /// Short, unique, lower-case handle for the CLI (`deepseek`).
    pub slug: String,
    /// The registered name, in Latin script ("Hangzhou DeepSeek … Co., Ltd."); never empty.
    pub legal_name: String,
    /// The registered name in its own script, e.g. 杭州深度求索人工智能基础技术研究有限公司.
    #[serde(default)]
    pub native_name: Option<String>,
    /// Other names the company goes by, the short name people use first ("DeepSeek", "深度求索").
    /// Screening matches lists against these too.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// ISO 3166-1 alpha-2 code of the country of incorporation (upper case); it sets the
    /// jurisdiction factor of the score.
    pub country: String,
    /// Where the company is based, in words ("Hangzhou, China").
    #[serde(default)]
    pub headquarters: Option<String>,
    /// Who owns or controls the company, as the sources say.
    #[serde(default)]
    pub owner: Option<String>,
    /// The line of business, in words ("Artificial intelligence").
    #[serde(default)]
    pub sector: Option<String>,
    /// The company's website: an http(s) URL.
    #[serde(default)]
    pub website: Option<String>,
    /// A sentence or two on what the company does, for the brief's profile.
    #[serde(default)]
    pub description: Option<String>,
    /// Products and services by name ("DeepSeek-R1", "DeepSeek app").
    #[serde(default)]
    pub products: Vec<String>,
    /// Sources for the profile facts above.
    #[serde(default)]
    pub source_ids: Vec<Uuid>,
    /// RFC 3339 timestamp of the last change (set by the edge that writes, never by the core).
    pub updated_at: Timestamp,
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

/// A document that facts are taken from, graded for reliability (NATO Admiralty scale). Records
/// cite sources by id; a source still cited cannot be deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Source {
    /// Stable id (UUID v7).
    pub id: Uuid,
    /// Who published it ("Reuters", "U.S. Department of Commerce"); never empty.
    pub publisher: String,
    /// The document's title; never empty.
    pub title: String,
    /// Where to read it: an http(s) URL.
    #[serde(default)]
    pub url: Option<String>,
    /// When it was published, to the precision known.
    #[serde(default)]
    pub published: Option<PartialDate>,
    /// What kind of document it is.
    pub kind: SourceKind,
    /// How far the source can be trusted (A–F).
    pub reliability: Reliability,
    /// Why the grade, or how the source was found (e.g. "secondary copy").
    #[serde(default)]
    pub note: Option<String>,
    /// RFC 3339 timestamp of the last change (set by the edge that writes, never by the core).
    pub updated_at: Timestamp,
}

/// A source cited in support of an allegation, with the credibility of the information it gives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Citation {
    /// The [`Source`] cited; an allegation cites each source at most once.
    pub source_id: Uuid,
    /// How credible the information this source gives for the allegation is (1–6).
    pub credibility: Credibility,
}

/// An answer to an allegation by the accused or a third party.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Response {
    /// Stable id (UUID v7).
    pub id: Uuid,
    /// Who answered ("DeepSeek", "Chinese Ministry of Foreign Affairs"); never empty.
    pub responder: String,
    /// What they said, quoted or summarised; never empty.
    pub statement: String,
    /// When they said it, to the precision known.
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// The [`Source`] that reports the response.
    #[serde(default)]
    pub source_id: Option<Uuid>,
}

/// A claim made against a company, with its status, the sources behind it and the answers to it.
/// It needs at least one citation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Allegation {
    /// Stable id (UUID v7).
    pub id: Uuid,
    /// The [`Company`] the allegation is about.
    pub company_id: Uuid,
    /// What the allegation is about.
    pub category: AllegationCategory,
    /// The claim in one sentence, as briefs quote it; never empty.
    pub summary: String,
    /// Further particulars, for the brief and search.
    #[serde(default)]
    pub detail: Option<String>,
    /// Who makes the allegation, and through whom, as the source reports it ("A senior U.S.
    /// State Department official, speaking to Reuters on condition of anonymity"): what a reader
    /// weighs first. Left out of the JSON when unknown, so data without it fingerprints as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub attribution: Option<String>,
    /// Where the allegation stands (alleged … confirmed, refuted).
    pub status: AllegationStatus,
    /// When the allegation was first made public; sets its recency weight (undated: 0.75).
    #[serde(default)]
    pub first_reported: Option<PartialDate>,
    /// The sources behind the allegation, in order, each with its credibility; at least one.
    pub citations: Vec<Citation>,
    /// Answers to the allegation, in order.
    #[serde(default)]
    pub responses: Vec<Response>,
    /// RFC 3339 timestamp of the last change (set by the edge that writes, never by the core).
    pub updated_at: Timestamp,
}

/// A company's status on one official list, as observed: listed, not listed, delisted or under
/// review. A confirmed screening hit becomes one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Designation {
    /// Stable id (UUID v7).
    pub id: Uuid,
    /// The [`Company`] designated.
    pub company_id: Uuid,
    /// The list.
    pub list: OfficialList,
    /// The list's own name when `list` is `other`, or the listed entity's name on the list.
    #[serde(default)]
    pub listed_name: Option<String>,
    /// The company's standing on the list.
    pub status: DesignationStatus,
    /// When the listing took effect.
    #[serde(default)]
    pub since: Option<PartialDate>,
    /// When the listing ended (delisting); never certainly before `since`.
    #[serde(default)]
    pub until: Option<PartialDate>,
    /// For "not listed" and "under review": the date the status was observed (required for
    /// "not listed").
    #[serde(default)]
    pub as_of: Option<PartialDate>,
    /// Federal Register citation or list URL.
    #[serde(default)]
    pub citation: Option<String>,
    /// The [`Source`] for the status.
    #[serde(default)]
    pub source_id: Option<Uuid>,
    /// Free-text remarks: how the status was established, caveats.
    #[serde(default)]
    pub note: Option<String>,
    /// RFC 3339 timestamp of the last change (set by the edge that writes, never by the core).
    pub updated_at: Timestamp,
}

/// A government measure against a company or its products (a device ban, a data-processing
/// order, an outright product ban, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Restriction {
    /// Stable id (UUID v7).
    pub id: Uuid,
    /// The [`Company`] the measure targets.
    pub company_id: Uuid,
    /// Where it applies: a country, optionally with a sub-division after " — " ("United States —
    /// Texas"); "United States" or "United States (federal)" is a U.S. federal measure. Never empty.
    pub jurisdiction: String,
    /// The authority that took the measure ("Garante per la protezione dei dati personali"); never empty.
    pub body: String,
    /// What the measure does, in a sentence; never empty.
    pub measure: String,
    /// What the measure covers; sets its weight in the score (`risk::restriction_weight`).
    pub scope: RestrictionScope,
    /// When the measure was taken or took effect.
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// The [`Source`] that reports the measure.
    #[serde(default)]
    pub source_id: Option<Uuid>,
    /// RFC 3339 timestamp of the last change (set by the edge that writes, never by the core).
    pub updated_at: Timestamp,
}

/// A company's product offered through a cloud provider; its data path and type set the usage
/// route the brief gives guidance for (`risk::route_of`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CloudOffering {
    /// Stable id (UUID v7).
    pub id: Uuid,
    /// The [`Company`] whose product is offered.
    pub company_id: Uuid,
    /// The company's product ("DeepSeek-R1"); never empty.
    pub product: String,
    /// "Amazon", "Microsoft", "Google", or any other provider.
    pub platform: String,
    /// The provider's service that offers it ("Amazon Bedrock"); never empty.
    pub service: String,
    /// How the provider offers it.
    pub offering_type: OfferingType,
    /// Where a customer's prompts and data go.
    pub data_path: DataPath,
    /// Regions the offering is available in, as the provider names them.
    #[serde(default)]
    pub regions: Vec<String>,
    /// When the provider began offering it.
    #[serde(default)]
    pub available_since: Option<PartialDate>,
    /// When someone last checked that the offering exists as recorded.
    #[serde(default)]
    pub last_verified: Option<PartialDate>,
    /// The [`Source`] documenting the offering.
    #[serde(default)]
    pub source_id: Option<Uuid>,
    /// Free-text remarks (what the documentation does and does not say).
    #[serde(default)]
    pub note: Option<String>,
    /// RFC 3339 timestamp of the last change (set by the edge that writes, never by the core).
    pub updated_at: Timestamp,
}

labelled_enum!(
    /// The way a deployment uses a vendor's product: the route its data takes.
    DeploymentRoute {
        /// The vendor's own service, app or API: data reaches the vendor.
        VendorService = "vendor_service", "Vendor's own service or app";
        /// Run by a cloud provider (Amazon Bedrock, Azure AI Foundry, …): `platform` and,
        /// when known, the recorded cloud offering.
        CloudHosted = "cloud_hosted", "Hosted by a cloud provider";
        /// Open weights run by the organisation, in its cloud project or on its premises.
        SelfHosted = "self_hosted", "Open weights, self-hosted";
        /// Hardware or devices installed on site (cameras, network gear, radios).
        OnSite = "on_site", "Hardware or device on site";
        /// Anything else (installed software, a reseller, …).
        Other = "other", "Other";
    }
);

labelled_enum!(
    /// The most sensitive data a deployment handles, least sensitive first.
    DataClass {
        Public = "public", "Public";
        Internal = "internal", "Internal";
        Confidential = "confidential", "Confidential";
        /// Personal data of staff or customers.
        Personal = "personal", "Personal data";
        /// Health, financial, CUI, export-controlled or other regulated data.
        Regulated = "regulated", "Regulated";
    }
);

labelled_enum!(
    /// Where a deployment stands in its life.
    DeploymentStatus {
        Planned = "planned", "Planned";
        Pilot = "pilot", "Pilot";
        Production = "production", "Production";
        /// No longer in use: its verdict raises nothing.
        Retired = "retired", "Retired";
    }
);

labelled_enum!(
    /// How one party stands behind a company (`Relation::kind`).
    RelationKind {
        /// Holds shares in it (a share in % when a source states one).
        OwnsShares = "owns_shares", "Owns shares in";
        /// Controls it (voting rights, a controlling shareholder, a board majority).
        Controls = "controls", "Controls";
        /// Is its subsidiary: the relation runs from the subsidiary to its parent.
        SubsidiaryOf = "subsidiary_of", "Is a subsidiary of";
        /// Founded it.
        Founded = "founded", "Founded";
        /// Funds or incubated it.
        Funds = "funds", "Funds or incubated";
        /// Directs it (a director or the chief executive).
        Directs = "directs", "Directs";
        /// Acts for it or on its behalf.
        ActsFor = "acts_for", "Acts for or on behalf of";
        /// Operates it.
        Operates = "operates", "Operates";
    }
);

/// One side of a relation: a company, or a natural person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Party {
    /// A company (`companies`).
    Company(Uuid),
    /// A natural person (`persons`).
    Person(Uuid),
}

impl Party {
    /// The record's id.
    pub fn id(self) -> Uuid {
        match self {
            Party::Company(id) | Party::Person(id) => id,
        }
    }
}

/// A natural person who owns, founded, directs or controls a company.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Person {
    /// Stable id (UUID v7).
    pub id: Uuid,
    /// Name as published in Latin script ("Liang Wenfeng"); never empty.
    pub name: String,
    /// Name in its native script ("梁文锋"), when a source gives it.
    #[serde(default)]
    pub native_name: Option<String>,
    /// Nationality, ISO 3166-1 alpha-2 ("CN"), when known.
    #[serde(default)]
    pub nationality: Option<String>,
    /// Free-text remarks.
    #[serde(default)]
    pub note: Option<String>,
    /// The official lists the person is on (a screening hit via this person, confirmed). They
    /// count under the 50 % rules like a listed company's designations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<PersonListing>>")]
    pub lists: Vec<PersonListing>,
    /// RFC 3339 timestamp of the last change (set by the edge that writes).
    pub updated_at: Timestamp,
}

/// A person's listing on an official list, with the source that records it (the list snapshot).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonListing {
    /// The list.
    pub list: OfficialList,
    /// The person's name as listed, and the entry's key ("SMITH, John [12345]").
    #[serde(default)]
    pub listed_name: Option<String>,
    /// Since when, when the list says.
    #[serde(default)]
    pub since: Option<PartialDate>,
    /// The source that records it: the list snapshot.
    pub source_id: Uuid,
}

/// Who stands behind a company: `from` owns, controls, founded, funds, directs, acts for or
/// operates `to` (or, for `subsidiary_of`, `from` is `to`'s subsidiary). Sourced and graded like
/// an allegation. A share is recorded only when a source states one; otherwise it is undisclosed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Relation {
    /// Stable id (UUID v7).
    pub id: Uuid,
    /// The owner, founder, controller … (for `subsidiary_of`: the subsidiary).
    pub from: Party,
    /// The company (for `subsidiary_of`: the parent).
    pub to: Uuid,
    /// What the relation is.
    pub kind: RelationKind,
    /// The share held, in percent (0 < share ≤ 100), only when a source states it.
    #[serde(default)]
    pub share: Option<f64>,
    /// Since when.
    #[serde(default)]
    pub since: Option<PartialDate>,
    /// Until when (an ended relation).
    #[serde(default)]
    pub until: Option<PartialDate>,
    /// The sources that report it, each with the credibility of what it says; at least one.
    pub citations: Vec<Citation>,
    /// Free-text remarks: how it is known, caveats.
    #[serde(default)]
    pub note: Option<String>,
    /// RFC 3339 timestamp of the last change (set by the edge that writes).
    pub updated_at: Timestamp,
}

/// A use of a vendor's product inside the organisation: who runs it, the route its data takes
/// and what data it handles. Judged per deployment by `exposure::judge`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Deployment {
    /// Stable id (UUID v7).
    pub id: Uuid,
    /// The system or use case ("Customer support bot"); never empty.
    pub name: String,
    /// The team or business unit that owns it.
    #[serde(default)]
    pub owner: Option<String>,
    /// The [`Company`] the vendor resolved to; `None` while the vendor is not in the database
    /// (the deployment is then flagged "vendor not assessed").
    #[serde(default)]
    pub company_id: Option<Uuid>,
    /// The vendor as the register names it ("Deepseek AI"); never empty.
    pub vendor_name: String,
    /// The product used ("DeepSeek-R1", "DS-2CD2143 cameras").
    #[serde(default)]
    pub product: Option<String>,
    /// The route its data takes.
    pub route: DeploymentRoute,
    /// The cloud platform ("Amazon") or the place it runs ("on premises").
    #[serde(default)]
    pub platform: Option<String>,
    /// The recorded [`CloudOffering`] it uses, when cloud-hosted and known.
    #[serde(default)]
    pub offering_id: Option<Uuid>,
    /// The most sensitive data it handles.
    pub data: DataClass,
    /// Planned, pilot, production or retired.
    pub status: DeploymentStatus,
    /// How many users or devices, when known.
    #[serde(default)]
    pub users: Option<u32>,
    /// When the contract renews or the use is next reviewed.
    #[serde(default)]
    pub review_date: Option<PartialDate>,
    /// Free-text remarks.
    #[serde(default)]
    pub notes: Option<String>,
    /// Who reported the deployment.
    #[serde(default)]
    pub reported_by: Option<String>,
    /// When it was reported.
    #[serde(default)]
    pub reported_on: Option<PartialDate>,
    /// RFC 3339 timestamp of the last change (set by the edge that writes, never by the core).
    pub updated_at: Timestamp,
}

/// The legal text a list's consequence rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LegalSource {
    /// Who issues it ("Federal Communications Commission").
    pub publisher: String,
    /// The regulation, list or statute, as cited.
    pub title: String,
    /// Where to read it, when its address is known.
    #[serde(default)]
    pub url: Option<String>,
}

/// What a current listing on one official list legally means for a buyer, in plain words, with
/// its legal source (`data/list-consequences.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ListConsequence {
    /// The list.
    pub list: OfficialList,
    /// The consequence, as a clause ("U.S. persons may generally not deal with it").
    pub consequence: String,
    /// The legal text it rests on.
    pub source: LegalSource,
}

/// One hypothetical change a scenario assumes. Never written into the real records: a scenario
/// run applies it to a copy in memory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScenarioChange {
    /// The company is put on a list (or its status there changes).
    Designate {
        /// The company.
        company_id: Uuid,
        /// The list.
        list: OfficialList,
        /// Its standing on the list (usually `listed`).
        status: DesignationStatus,
        /// When it would take effect.
        #[serde(default)]
        since: Option<PartialDate>,
    },
    /// An allegation's status changes (confirmed, refuted, …).
    AllegationStatus {
        /// The allegation.
        allegation_id: Uuid,
        /// Its new status.
        status: AllegationStatus,
    },
    /// A government measure is taken against the company.
    Restrict {
        /// The company.
        company_id: Uuid,
        /// Where it applies ("United States").
        jurisdiction: String,
        /// Who takes it.
        body: String,
        /// What it does.
        measure: String,
        /// What it covers.
        scope: RestrictionScope,
        /// When.
        #[serde(default)]
        date: Option<PartialDate>,
    },
    /// A cloud provider stops offering the product.
    WithdrawOffering {
        /// The cloud offering withdrawn.
        offering_id: Uuid,
    },
    /// One of the organisation's deployments changes route, data or status.
    ChangeDeployment {
        /// The deployment.
        deployment_id: Uuid,
        /// Its new route, if it changes.
        #[serde(default)]
        route: Option<DeploymentRoute>,
        /// Its new data class, if it changes.
        #[serde(default)]
        data: Option<DataClass>,
        /// Its new status, if it changes.
        #[serde(default)]
        status: Option<DeploymentStatus>,
    },
}

/// A named, saved set of hypothetical changes over the real data, run in memory by
/// `scenario::run`: what would change for the vendors and for the organisation's deployments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Scenario {
    /// Stable id (UUID v7).
    pub id: Uuid,
    /// Its name ("DeepSeek added to the BIS Entity List"); unique, never empty.
    pub name: String,
    /// What it explores, in a sentence.
    #[serde(default)]
    pub description: Option<String>,
    /// The date to assess as of; none: the date the scenario is run for.
    #[serde(default)]
    pub as_of: Option<chrono::NaiveDate>,
    /// The changes assumed, in order; at least one.
    pub changes: Vec<ScenarioChange>,
    /// RFC 3339 timestamp of the last change (set by the edge that writes, never by the core).
    pub updated_at: Timestamp,
}

/// Everything known about one company, with the sources it cites: the input of scoring and briefs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CompanyData {
    /// The company's profile.
    pub company: Company,
    /// Allegations about it (from the store: first reported first, undated last).
    pub allegations: Vec<Allegation>,
    /// Its statuses on official lists (from the store: by list code).
    pub designations: Vec<Designation>,
    /// Government measures against it (from the store: oldest first, undated last).
    pub restrictions: Vec<Restriction>,
    /// Its products on cloud platforms (from the store: by platform).
    pub cloud_offerings: Vec<CloudOffering>,
    /// Every source cited by the records above, ordered by first citation.
    pub sources: Vec<Source>,
    /// The current list snapshots the company was screened against.
    #[serde(default)]
    pub screenings: Vec<Screening>,
    /// Who stands behind it: the relations into it and up its ownership chains, and the parties
    /// they name. Its sources are among `sources`.
    #[serde(default)]
    pub ownership: OwnershipData,
}

/// A party as shown: its name, slug (a company's), and the lists it is currently on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartyView {
    /// The party.
    pub party: Party,
    /// Its name.
    pub name: String,
    /// A company's slug.
    pub slug: Option<String>,
    /// The official lists it is on now (a company's designations with status `listed` and no
    /// end date), by list code.
    pub lists: Vec<OfficialList>,
}

/// Who stands behind a company, as read from the store: every relation into it, and every
/// relation into the companies upstream of it (its owners' owners, its parent's parents …), of
/// any date; and each party these relations name. Scoring and briefs judge it as of their date.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OwnershipData {
    /// The relations, by id.
    pub relations: Vec<Relation>,
    /// The parties they name, the company itself among them, by party.
    pub parties: Vec<PartyView>,
}

impl Designation {
    /// The list in a word or two, for a figure's tag ("SDN", "Entity List"); for `other`, the
    /// list's own name when recorded.
    pub fn list_tag(&self) -> &str {
        match (self.list, &self.listed_name) {
            (OfficialList::Other, Some(name)) => name,
            (list, _) => list.tag(),
        }
    }
}

impl OfficialList {
    /// The list in a word or two, for a figure ("SDN", "Entity List", "Other list").
    pub fn tag(self) -> &'static str {
        match self {
            OfficialList::BisEntityList => "Entity List",
            OfficialList::BisMeu => "MEU",
            OfficialList::OfacSdn => "SDN",
            OfficialList::Dod1260h => "1260H",
            OfficialList::FccCovered => "FCC",
            OfficialList::Ndaa889 => "§889",
            OfficialList::Uflpa => "UFLPA",
            OfficialList::BisDpl => "DPL",
            OfficialList::OfacNonSdn => "OFAC non-SDN",
            OfficialList::UnSc => "UN",
            OfficialList::EuFsf => "EU",
            OfficialList::UkSanctions => "UK",
            OfficialList::Other => "Other list",
        }
    }
}

impl CompanyData {
    /// The cited source with this id; `None` when it is not among `sources`.
    pub fn source(&self, id: Uuid) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }
}

/// One record of any kind, owned: what the thread reading a bundle file hands to the merge.
#[derive(Debug, Clone, PartialEq)]
pub enum AnyRecord {
    /// A source.
    Source(Source),
    /// A company.
    Company(Company),
    /// An allegation, with its citations and responses.
    Allegation(Allegation),
    /// A designation.
    Designation(Designation),
    /// A restriction.
    Restriction(Restriction),
    /// A cloud offering.
    CloudOffering(CloudOffering),
    /// A deployment in the organisation's register.
    Deployment(Deployment),
    /// A scenario.
    Scenario(Scenario),
    /// A person.
    Person(Person),
    /// A relation of ownership or control.
    Relation(Relation),
}

impl AnyRecord {
    /// The record, borrowed.
    pub fn as_ref(&self) -> RecordRef<'_> {
        match self {
            AnyRecord::Source(x) => RecordRef::Source(x),
            AnyRecord::Company(x) => RecordRef::Company(x),
            AnyRecord::Allegation(x) => RecordRef::Allegation(x),
            AnyRecord::Designation(x) => RecordRef::Designation(x),
            AnyRecord::Restriction(x) => RecordRef::Restriction(x),
            AnyRecord::CloudOffering(x) => RecordRef::CloudOffering(x),
            AnyRecord::Deployment(x) => RecordRef::Deployment(x),
            AnyRecord::Scenario(x) => RecordRef::Scenario(x),
            AnyRecord::Person(x) => RecordRef::Person(x),
            AnyRecord::Relation(x) => RecordRef::Relation(x),
        }
    }
}

/// One record of any kind, borrowed: what a streamed export hands on, one at a time. It
/// serialises exactly as the record itself.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(untagged)]
pub enum RecordRef<'a> {
    /// A source.
    Source(&'a Source),
    /// A company.
    Company(&'a Company),
    /// An allegation, with its citations and responses.
    Allegation(&'a Allegation),
    /// A designation.
    Designation(&'a Designation),
    /// A restriction.
    Restriction(&'a Restriction),
    /// A cloud offering.
    CloudOffering(&'a CloudOffering),
    /// A deployment in the organisation's register.
    Deployment(&'a Deployment),
    /// A scenario.
    Scenario(&'a Scenario),
    /// A person.
    Person(&'a Person),
    /// A relation of ownership or control.
    Relation(&'a Relation),
}

impl RecordRef<'_> {
    /// The record's stable id.
    pub fn id(&self) -> Uuid {
        match self {
            RecordRef::Source(x) => x.id,
            RecordRef::Company(x) => x.id,
            RecordRef::Allegation(x) => x.id,
            RecordRef::Designation(x) => x.id,
            RecordRef::Restriction(x) => x.id,
            RecordRef::CloudOffering(x) => x.id,
            RecordRef::Deployment(x) => x.id,
            RecordRef::Scenario(x) => x.id,
            RecordRef::Person(x) => x.id,
            RecordRef::Relation(x) => x.id,
        }
    }

    /// When the record last changed.
    pub fn updated_at(&self) -> Timestamp {
        match self {
            RecordRef::Source(x) => x.updated_at,
            RecordRef::Company(x) => x.updated_at,
            RecordRef::Allegation(x) => x.updated_at,
            RecordRef::Designation(x) => x.updated_at,
            RecordRef::Restriction(x) => x.updated_at,
            RecordRef::CloudOffering(x) => x.updated_at,
            RecordRef::Deployment(x) => x.updated_at,
            RecordRef::Scenario(x) => x.updated_at,
            RecordRef::Person(x) => x.updated_at,
            RecordRef::Relation(x) => x.updated_at,
        }
    }

    /// The record's kind.
    pub fn kind(&self) -> RecordKind {
        match self {
            RecordRef::Source(_) => RecordKind::Source,
            RecordRef::Company(_) => RecordKind::Company,
            RecordRef::Allegation(_) => RecordKind::Allegation,
            RecordRef::Designation(_) => RecordKind::Designation,
            RecordRef::Restriction(_) => RecordKind::Restriction,
            RecordRef::CloudOffering(_) => RecordKind::CloudOffering,
            RecordRef::Deployment(_) => RecordKind::Deployment,
            RecordRef::Scenario(_) => RecordKind::Scenario,
            RecordRef::Person(_) => RecordKind::Person,
            RecordRef::Relation(_) => RecordKind::Relation,
        }
    }
}

impl Dataset {
    /// The order a dataset holds its kinds of record in (and a bundle writes them): sources,
    /// companies, allegations, designations, restrictions, cloud offerings, deployments,
    /// scenarios, persons, relations. Every dataset holds the first `Dataset::ALWAYS` arrays; the
    /// others only when they have records.
    pub const ORDER: [RecordKind; 10] = [
        RecordKind::Source,
        RecordKind::Company,
        RecordKind::Allegation,
        RecordKind::Designation,
        RecordKind::Restriction,
        RecordKind::CloudOffering,
        RecordKind::Deployment,
        RecordKind::Scenario,
        RecordKind::Person,
        RecordKind::Relation,
    ];

    /// How many of `ORDER`'s arrays every dataset holds, even empty (the others are left out of
    /// the JSON when empty, so that data without them reads and hashes as before they existed).
    pub const ALWAYS: usize = 6;

    /// Every record, in `Dataset::ORDER`.
    pub fn records(&self) -> impl Iterator<Item = RecordRef<'_>> {
        (self.sources.iter().map(RecordRef::Source))
            .chain(self.companies.iter().map(RecordRef::Company))
            .chain(self.allegations.iter().map(RecordRef::Allegation))
            .chain(self.designations.iter().map(RecordRef::Designation))
            .chain(self.restrictions.iter().map(RecordRef::Restriction))
            .chain(self.cloud_offerings.iter().map(RecordRef::CloudOffering))
            .chain(self.deployments.iter().map(RecordRef::Deployment))
            .chain(self.scenarios.iter().map(RecordRef::Scenario))
            .chain(self.persons.iter().map(RecordRef::Person))
            .chain(self.relations.iter().map(RecordRef::Relation))
    }
}

/// A bundle of records as found in `data/` (and, later, exchanged between laptops).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// Every source the records cite (a dataset is self-contained: references resolve inside it).
    #[serde(default)]
    pub sources: Vec<Source>,
    /// The companies; slugs and ids are unique.
    #[serde(default)]
    pub companies: Vec<Company>,
    /// Allegations, each about one of `companies`.
    #[serde(default)]
    pub allegations: Vec<Allegation>,
    /// Designations, each of one of `companies`.
    #[serde(default)]
    pub designations: Vec<Designation>,
    /// Restrictions, each on one of `companies`.
    #[serde(default)]
    pub restrictions: Vec<Restriction>,
    /// Cloud offerings, each of one of `companies`.
    #[serde(default)]
    pub cloud_offerings: Vec<CloudOffering>,
    /// The organisation's deployments (whole-database bundles only), each of one of `companies`
    /// or of a vendor not in the database. Left out of the JSON when there are none, so that a
    /// dataset without them reads and hashes as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<Deployment>>")]
    pub deployments: Vec<Deployment>,
    /// Saved scenarios (whole-database bundles only); left out of the JSON when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<Scenario>>")]
    pub scenarios: Vec<Scenario>,
    /// Natural persons who own, found, direct or control companies; left out when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<Person>>")]
    pub persons: Vec<Person>,
    /// Relations of ownership and control; left out of the JSON when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<Relation>>")]
    pub relations: Vec<Relation>,
}

/// One row of the portfolio: a company with counts, for lists and tables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CompanySummary {
    /// The company's id.
    pub id: Uuid,
    /// The company's slug.
    pub slug: String,
    /// The company's legal name (the portfolio is sorted by it, ignoring case).
    pub legal_name: String,
    /// Short name for lists: the first alias ("DeepSeek"), else the legal name.
    pub display_name: String,
    /// ISO 3166-1 alpha-2 code of the country of incorporation.
    pub country: String,
    /// Number of allegations recorded, whatever their status.
    pub allegations: u32,
    /// Number of official lists the company is currently listed on.
    pub designations_listed: u32,
    /// Number of government restrictions recorded.
    pub restrictions: u32,
    /// The distinct cloud platforms offering its products, sorted.
    pub platforms: Vec<String>,
    /// The company record's last change (RFC 3339); changes to its other records do not count.
    pub updated_at: Timestamp,
}

/// What a full-text search hit is; serialised as `"company"`, `"allegation"` or `"source"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    /// A company profile (names, products, description…).
    Company,
    /// An allegation (summary and detail).
    Allegation,
    /// A source (title, publisher, URL, note).
    Source,
    /// A deployment in the organisation's register (name, vendor, product, owner, notes).
    Deployment,
    /// A natural person who stands behind companies (names, nationality, note).
    Person,
    /// A relation of ownership or control ("Liang Wenfeng founded DeepSeek", its note).
    Relation,
}

/// One result of the full-text search over companies, allegations and sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchHit {
    /// What was found.
    pub kind: SearchKind,
    /// The id of the company, allegation or source found.
    pub id: Uuid,
    /// The company the hit belongs to (none for a source).
    pub company_slug: Option<String>,
    /// The record's title: the legal name, the allegation's summary or the source's title.
    pub title: String,
    /// A short excerpt around the match.
    pub snippet: String,
}

/// A brief that was generated: what it was built from and the hash of the bytes written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BriefRecord {
    /// Id of this record (UUID v7); one brief id can be recorded several times.
    pub id: Uuid,
    /// The id printed on the brief ("RB-…").
    pub brief_id: String,
    /// None for a portfolio brief.
    pub company_id: Option<Uuid>,
    /// What the brief is about: the company's name, or "Portfolio".
    pub subject: String,
    /// The date the brief assesses the data as of.
    pub as_of: chrono::NaiveDate,
    /// The handling marking printed on every page.
    pub marking: String,
    /// SHA-256 (hex, 64 characters) of the facts the brief was built from (`brief::fingerprint`).
    pub data_fingerprint: String,
    /// SHA-256 (hex, 64 characters) of the PDF's bytes, which `verify` looks a file up by.
    pub pdf_sha256: String,
    /// Where the PDF was saved, when known.
    pub path: Option<String>,
    /// RFC 3339 timestamp of when the brief was recorded.
    pub created_at: Timestamp,
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
    /// What a change in the audit trail did to its record.
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
    /// Row id, increasing with each change (the trail's order).
    #[ts(type = "number")]
    pub id: i64,
    /// RFC 3339 timestamp of the change, from the writer's `AuditContext`.
    pub at: Timestamp,
    /// Who made the change: the analyst, the OS user, or e.g. "bundled dataset".
    pub actor: String,
    /// Whether the record was created, changed or deleted.
    pub action: AuditAction,
    /// The kind of record changed, serialised as its table ("allegations", …).
    #[serde(with = "as_table")]
    #[ts(as = "RecordTable")]
    pub table: RecordKind,
    /// The id of the record changed.
    pub record_id: Uuid,
    /// The company the change is filed under (none for a source). Kept after the company is deleted.
    pub company_id: Option<Uuid>,
    /// Changed fields: {"status": ["alleged", "confirmed"], …}.
    #[ts(type = "Record<string, [unknown, unknown]>")]
    pub changes: serde_json::Map<String, serde_json::Value>,
}

/// A public key (Ed25519, hex) whose signed bundles are accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrustedKey {
    /// The Ed25519 public key: 64 lower-case hex characters. Unique.
    pub public_key: String,
    /// Whose key it is, as the user named it; never empty.
    pub name: String,
    /// RFC 3339 timestamp of when the key was first trusted.
    pub added_at: Timestamp,
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
        OfacConsolidated = "ofac_consolidated", "OFAC Consolidated non-SDN legacy CSV (cons_prim.csv, then cons_alt.csv and cons_add.csv)";
        UnXml = "un_xml", "UN Security Council Consolidated List (XML)";
        BisDpl = "bis_dpl", "BIS Denied Persons List (tab-separated text)";
        EuFsfXml = "eu_fsf_xml", "EU Financial Sanctions Files (XML 1.1)";
        UkSanctionsXml = "uk_sanctions_xml", "UK Sanctions List (FCDO XML)";
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
    /// The entry's primary name, as listed; never empty.
    pub name: String,
    /// Other names the list gives (a.k.a., f.k.a., native-script names); screened too.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Names the list itself marks as weak or low quality (UN `Low`, EU `strong="false"`):
    /// shown with the entry, not screened, as they match too broadly.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub weak_aliases: Vec<String>,
    /// "entity", "individual", "vessel", "aircraft", … as the list says.
    #[serde(default)]
    pub entity_type: Option<String>,
    /// Sanctions programmes the entry is listed under, as the list names them ("CUBA", "SDGT").
    #[serde(default)]
    pub programs: Vec<String>,
    /// Countries the list associates with the entry, as it writes them.
    #[serde(default)]
    pub countries: Vec<String>,
    /// Addresses as listed, one string each.
    #[serde(default)]
    pub addresses: Vec<String>,
    /// The list's free-text remarks on the entry.
    #[serde(default)]
    pub remarks: Option<String>,
    /// When the entry was added to the list, when the list says.
    #[serde(default)]
    pub since: Option<PartialDate>,
    /// When the entry stops or stopped applying, when the list says.
    #[serde(default)]
    pub until: Option<PartialDate>,
    /// The entry's own citation (Federal Register notice, source URL), when the list gives one.
    #[serde(default)]
    pub url: Option<String>,
    /// For consolidated lists: the list the entry comes from ("Entity List (EL) - Bureau of …").
    #[serde(default)]
    pub source_list: Option<String>,
    /// Who the list says owns the entry: the 1260H table's "Parent Name", OpenSanctions
    /// `Ownership` records. Become relations when both sides are in the database.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<ListOwner>>")]
    pub owners: Vec<ListOwner>,
}

impl ListEntry {
    /// The names screened: the primary name and the aliases (not the weak ones). A decision on a
    /// hit holds on a later snapshot of the list while these stay the same.
    pub fn screened_names(&self) -> std::collections::BTreeSet<&str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str)).collect()
    }
}

/// A holder of a list entry, as the list states it (`ListEntry::owners`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ListOwner {
    /// The holder's name, as listed.
    pub name: String,
    /// `subsidiary_of` for a parent (the entry is its subsidiary), `owns_shares` for a holder.
    pub kind: RelationKind,
    /// The share held, in %, when the list states one.
    #[serde(default)]
    pub share: Option<f64>,
}

/// One imported version of an official list. The newest snapshot of a list is current; older
/// ones are kept (without their entries) with what changed between them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ListSnapshot {
    /// Stable id (UUID v7).
    pub id: Uuid,
    /// Stable key of the list (`ofac_sdn`, `dod_1260h`, `opensanctions:<dataset>`, …).
    pub list: String,
    /// The list's name, as the file or its format gives it ("OFAC Specially Designated Nationals and
    /// Blocked Persons List (SDN)").
    pub title: String,
    /// Who publishes the list ("U.S. Department of the Treasury, Office of Foreign Assets Control").
    pub publisher: String,
    /// Where the list is published.
    #[serde(default)]
    pub url: Option<String>,
    /// The file format it was read from.
    pub format: ListFormat,
    /// The date the list was published or downloaded, as the file or the user says.
    pub as_of: chrono::NaiveDate,
    /// SHA-256 of the imported files, in order.
    pub file_hash: String,
    /// The imported files' names (without their folders), in the order read.
    pub files: Vec<String>,
    /// How many entries were imported (the count stays when a replaced snapshot's entries are dropped).
    pub entry_count: u32,
    /// RFC 3339 timestamp of the import.
    pub imported_at: Timestamp,
    /// The snapshot this one replaced, and what changed since it.
    #[serde(default)]
    pub previous_id: Option<Uuid>,
    /// Entries in this snapshot and not in the previous one (0 for a first import).
    pub added: u32,
    /// Entries in the previous snapshot and not in this one (0 for a first import).
    pub removed: u32,
    /// Set when a newer snapshot replaced this one.
    #[serde(default)]
    pub replaced_at: Option<Timestamp>,
    /// The regime the list belongs to (from its key, `lists::regime`; not stored).
    #[serde(default)]
    pub regime: ListRegime,
}

/// An entry added to or removed from a list between two snapshots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ListChange {
    /// The newer of the two snapshots: the one whose import made the change.
    pub snapshot_id: Uuid,
    /// True when the entry was added, false when it was removed.
    pub added: bool,
    /// The entry's key ([`ListEntry::key`]).
    pub key: String,
    /// The entry's primary name.
    pub name: String,
}

/// Two tokens, one from each name, that agreed, with their similarity (0–100).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TokenAgreement {
    /// The token (or run of tokens) of the name screened, as shown to a reviewer.
    pub query: String,
    /// The token (or run of tokens) of the list entry's name, as shown to a reviewer.
    pub entry: String,
    /// How alike the two are, 0–100 (100: identical after normalisation).
    pub similarity: u8,
}

/// How one of the company's names compared with one of the entry's names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NameMatch {
    /// The company's name compared, as written.
    pub query_name: String,
    /// The entry's name compared, as written.
    pub entry_name: String,
    /// 0–100.
    pub score: u8,
    /// The tokens that agreed: distinctive ones first, then shared legal forms and common words.
    pub agreed: Vec<TokenAgreement>,
}

/// A possible list match for a company, kept for review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScreeningHit {
    /// Stable id (UUID v7).
    pub id: Uuid,
    /// The [`Company`] screened.
    pub company_id: Uuid,
    /// The [`ListSnapshot`] the entry is in. A hit is unique per company, snapshot and entry.
    pub snapshot_id: Uuid,
    /// The snapshot's list key ([`ListSnapshot::list`]).
    pub list: String,
    /// The snapshot's list title.
    pub list_title: String,
    /// The entry's key ([`ListEntry::key`]).
    pub entry_key: String,
    /// The entry's primary name.
    pub entry_name: String,
    /// The best pair's names and score: the company's name …
    pub query_name: String,
    /// … the entry's name (primary or alias) it matched …
    pub matched_name: String,
    /// … and the score, 0–100 (at least the screening's threshold when found).
    pub score: u8,
    /// Every pair of names that scored, best first.
    pub matches: Vec<NameMatch>,
    /// The entry as listed (programs, countries, dates, citation).
    pub entry: ListEntry,
    /// Where the hit stands in review.
    pub status: HitStatus,
    /// Why the hit was dismissed; required for a dismissal.
    #[serde(default)]
    pub reason: Option<String>,
    /// Who reviewed the hit.
    #[serde(default)]
    pub reviewed_by: Option<String>,
    /// RFC 3339 timestamp of the review.
    #[serde(default)]
    pub reviewed_at: Option<Timestamp>,
    /// The designation a confirmation created.
    #[serde(default)]
    pub designation_id: Option<Uuid>,
    /// RFC 3339 timestamp of the screening that first found the hit.
    pub found_at: Timestamp,
    /// The owner or controller whose name matched, when it was not the company's own: the hit
    /// is "via owner".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub via: Option<Via>,
    /// The regime of the hit's list (US, UN, EU, UK), shown with the hit (not stored).
    #[serde(default)]
    pub regime: ListRegime,
}

/// The party behind a company that a screening hit matched (`ScreeningHit::via`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Via {
    /// The owner or controller.
    pub party: Party,
    /// Its name.
    pub name: String,
    /// How it stands behind the company, in words ("owns an undisclosed share; controls").
    pub how: String,
}

labelled_enum!(
    /// What an inbox event reports.
    InboxKind {
        /// A list import or a new company, alias or owner raised a possible match to review.
        NewHit = "new_hit", "New possible match";
        /// An entry a company was matched to is no longer on its list (a delisting).
        EntryRemoved = "entry_removed", "Entry removed from its list";
        /// A designation rests on a list snapshot that a newer one replaced.
        SnapshotReplaced = "snapshot_replaced", "List snapshot replaced";
        /// A company's risk band changed since the last check.
        BandChanged = "band_changed", "Band changed";
        /// A deployment's verdict changed since the last check.
        VerdictChanged = "verdict_changed", "Verdict changed";
    }
);

labelled_enum!(
    /// Where an inbox event stands: open until someone acknowledges it; it is never deleted.
    EventStatus {
        Open = "open", "Open";
        Assigned = "assigned", "Assigned";
        Acknowledged = "acknowledged", "Acknowledged";
    }
);

/// Something that changed for the portfolio and waits for a decision (`riskbrief inbox`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InboxEvent {
    /// Stable id (UUID v7).
    pub id: Uuid,
    /// When it was raised (RFC 3339).
    pub at: Timestamp,
    /// What it reports.
    pub kind: InboxKind,
    /// The company it concerns, while the company exists.
    #[serde(default)]
    pub company_id: Option<Uuid>,
    /// The list snapshot it comes from, if any.
    #[serde(default)]
    pub snapshot_id: Option<Uuid>,
    /// The screening hit it is about, if any: its evidence (names, scores, entry).
    #[serde(default)]
    pub hit_id: Option<Uuid>,
    /// One line: "Huawei ≈ HUAWEI TECHNOLOGIES CO., LTD. on the OFAC SDN List".
    pub title: String,
    /// What changed and where to look, in words.
    pub detail: String,
    /// Open, assigned or acknowledged.
    pub status: EventStatus,
    /// Who it is assigned to.
    #[serde(default)]
    pub assignee: Option<String>,
    /// Who acknowledged or assigned it, and when.
    #[serde(default)]
    pub decided_by: Option<String>,
    /// RFC 3339 time of the decision.
    #[serde(default)]
    pub decided_at: Option<Timestamp>,
    /// The decision's note.
    #[serde(default)]
    pub note: Option<String>,
}

impl InboxEvent {
    /// An open event raised `at`.
    pub fn open(kind: InboxKind, at: Timestamp, title: String, detail: String) -> InboxEvent {
        InboxEvent {
            id: Uuid::now_v7(),
            at,
            kind,
            company_id: None,
            snapshot_id: None,
            hit_id: None,
            title,
            detail,
            status: EventStatus::Open,
            assignee: None,
            decided_by: None,
            decided_at: None,
            note: None,
        }
    }

    /// The event for a new open hit: its names, score and list.
    pub fn new_hit(h: &ScreeningHit, at: Timestamp) -> InboxEvent {
        let via = h.via.as_ref().map(|v| format!(" via its owner {} ({})", v.name, v.how)).unwrap_or_default();
        let mut e = InboxEvent::open(
            InboxKind::NewHit,
            at,
            format!("{} ≈ {} on the {} ({})", h.query_name, h.entry_name, h.list_title, h.regime.label()),
            format!(
                "A possible match{via} scored {} (\"{}\" against \"{}\"): review it — confirm it as a designation or dismiss it with a reason.",
                h.score, h.query_name, h.matched_name
            ),
        );
        e.company_id = Some(h.company_id);
        e.snapshot_id = Some(h.snapshot_id);
        e.hit_id = Some(h.id);
        e
    }
}

/// That a company was screened against a list snapshot, when, and what came of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Screening {
    /// The [`Company`] screened.
    pub company_id: Uuid,
    /// The [`ListSnapshot`] it was screened against.
    pub snapshot_id: Uuid,
    /// The snapshot's list title.
    pub list_title: String,
    /// The snapshot's as-of date.
    pub list_as_of: chrono::NaiveDate,
    /// How many entries the snapshot holds.
    pub entry_count: u32,
    /// RFC 3339 timestamp of the latest screening against the snapshot.
    pub screened_at: Timestamp,
    /// The lowest score (0–100) reported as a hit in that screening.
    pub threshold: u8,
    /// Hits against the snapshot awaiting review.
    pub open_hits: u32,
    /// Hits against the snapshot confirmed (each made a designation).
    pub confirmed_hits: u32,
    /// Hits against the snapshot dismissed.
    pub dismissed_hits: u32,
    /// The regime of the snapshot's list (US, UN, EU, UK).
    #[serde(default)]
    pub regime: ListRegime,
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

    #[test]
    fn timestamps_read_any_rfc3339_and_write_one_format() {
        let t: Timestamp = "2026-12-02T11:15:00.734+01:00".parse().unwrap();
        assert_eq!(t.to_string(), "2026-12-02T10:15:00Z", "converted to UTC, fraction dropped");
        assert_eq!(t, "2026-12-02t10:15:00z".parse().unwrap(), "the same instant in lower case");
        assert!(t < "2026-12-02T10:15:01Z".parse().unwrap());
        assert_eq!(t.date().to_string(), "2026-12-02");
        for bad in ["", "2026-12-02", "9999-99-99", "yesterday", "2026-12-02 10:15:00"] {
            let e = bad.parse::<Timestamp>().unwrap_err();
            assert!(e.contains("not an RFC 3339 time"), "{bad:?}: {e}");
        }
        // Serialised as the same text, read back as the same instant, refused when not a time.
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"2026-12-02T10:15:00Z\"");
        assert_eq!(serde_json::from_str::<Timestamp>("\"2026-12-02T10:15:00+00:00\"").unwrap(), t);
        assert!(serde_json::from_str::<Timestamp>("\"\"").is_err());
        assert_eq!(Timestamp::UNSTORED.to_string(), "1970-01-01T00:00:00Z");
        // Every field zero-padded to its width, at both ends of the four-digit years.
        for text in ["0042-03-04T05:06:07Z", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z"] {
            assert_eq!(text.parse::<Timestamp>().unwrap().to_string(), text);
        }
        // Past them, chrono's own form (RFC 3339 has no such years).
        let far = Timestamp::from_utc(chrono::DateTime::from_timestamp(253_402_300_800, 0).unwrap());
        assert_eq!(far.to_string(), "+10000-01-01T00:00:00Z");
    }

    #[test]
    fn record_kinds_cross_as_their_table_names() {
        #[derive(Serialize, Deserialize)]
        struct Row {
            #[serde(with = "as_table")]
            table: RecordKind,
        }
        for k in RecordKind::DELETION_ORDER {
            let text = serde_json::to_string(&Row { table: k }).unwrap();
            assert_eq!(text, format!("{{\"table\":\"{}\"}}", k.table()));
            assert_eq!(serde_json::from_str::<Row>(&text).unwrap().table, k);
        }
        assert!(serde_json::from_str::<Row>(r#"{"table":"passwords"}"#).is_err());
    }
}
