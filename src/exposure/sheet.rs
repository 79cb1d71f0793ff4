//! Reading a deployments register from a spreadsheet (CSV or XLSX): the grid of cells, which
//! row is the header, which column holds which field, and each row's values parsed, with every
//! problem named by sheet, row and column. Pure: the caller reads the file and resolves vendors.

use crate::error::{Error, Refusal, Result};
use crate::model::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::io::Cursor;
use ts_rs::TS;
use uuid::Uuid;

/// One cell as read: text, a number or a date (spreadsheets keep dates as numbers with a
/// date format; CSV has only text).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text, trimmed.
    Text(String),
    /// A number.
    Number(f64),
    /// A date (or a date and time, of which the date is kept).
    Date(NaiveDate),
}

impl Cell {
    fn text(&self) -> Option<String> {
        match self {
            Cell::Empty => None,
            Cell::Text(s) if s.is_empty() => None,
            Cell::Text(s) => Some(s.clone()),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Some(format!("{}", *n as i64)),
            Cell::Number(n) => Some(n.to_string()),
            Cell::Date(d) => Some(d.to_string()),
        }
    }
}

/// A sheet's cells: each non-empty row with its 1-based row number.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// The sheet's name ("CSV" for a CSV file).
    pub sheet: String,
    /// The rows that hold anything, with their row number as the spreadsheet shows it.
    pub rows: Vec<(u32, Vec<Cell>)>,
}

/// The most rows a register may hold.
pub const MAX_ROWS: usize = 200_000;

/// Reads the first sheet of an XLSX workbook, or a CSV file (UTF-8, comma or semicolon
/// separated). `name` is used in messages. Anything else is refused, naming the file.
pub fn read(name: &str, bytes: &[u8]) -> Result<Grid> {
    if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(name, bytes)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Err(Error::refused(
            Refusal::WrongFormat,
            format!("{name} is an old Excel (.xls) workbook: save it as .xlsx or CSV and import that"),
        ))
    } else {
        read_csv(name, bytes)
    }
}

/// The most a workbook may unpack to (the sizes its central directory declares): a register is
/// a few megabytes; a "zip bomb" of a few bytes that unpacks to gigabytes is refused unread.
pub const MAX_UNPACKED: u128 = 1 << 30;

fn read_xlsx(name: &str, bytes: &[u8]) -> Result<Grid> {
    use calamine::{Data, Reader};
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        Error::refused(Refusal::Truncated, format!("{name} is not a whole XLSX workbook ({e}); nothing was imported"))
    })?;
    let mut unpacked: u128 = 0;
    for i in 0..zip.len() {
        unpacked += zip.by_index_raw(i).map(|f| u128::from(f.size())).unwrap_or(MAX_UNPACKED + 1);
    }
    if unpacked > MAX_UNPACKED {
        return Err(Error::refused(
            Refusal::Malformed,
            format!("{name} unpacks to more than {} MiB: not a register; nothing was imported", MAX_UNPACKED >> 20),
        ));
    }
    let refused = |e: calamine::Error| {
        Error::refused(
            Refusal::Malformed,
            format!("{name} is not a readable XLSX workbook ({e}); nothing was imported"),
        )
    };
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(refused)?;
    let Some(sheet) = book.sheet_names().first().cloned() else {
        return Err(Error::refused(Refusal::NoEntries, format!("{name} has no sheet; nothing was imported")));
    };
    let range = book.worksheet_range(&sheet).map_err(refused)?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows = vec![];
    for (i, r) in range.rows().enumerate() {
        let mut cells: Vec<Cell> = vec![Cell::Empty; left as usize];
        cells.extend(r.iter().map(|c| match c {
            Data::Empty | Data::Error(_) => Cell::Empty,
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.trim().to_string()),
            Data::Int(n) => Cell::Number(*n as f64),
            Data::Float(f) => Cell::Number(*f),
            Data::Bool(b) => Cell::Text(b.to_string()),
            Data::DateTime(d) if d.is_datetime() => {
                d.as_datetime().map(|t| Cell::Date(t.date())).unwrap_or(Cell::Number(d.as_f64()))
            }
            Data::DateTime(d) => Cell::Number(d.as_f64()),
        }));
        if cells.iter().any(|c| c.text().is_some()) {
            rows.push((top + i as u32 + 1, cells));
        }
        if rows.len() > MAX_ROWS {
            return Err(too_many(name));
        }
    }
    Ok(Grid { sheet, rows })
}

fn too_many(name: &str) -> Error {
    Error::refused(Refusal::Malformed, format!("{name} holds more than {MAX_ROWS} rows; nothing was imported"))
}

fn read_csv(name: &str, bytes: &[u8]) -> Result<Grid> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Error::refused(Refusal::Encoding, format!("{name} is UTF-16: save it as UTF-8 CSV")));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Error::refused(
            Refusal::Encoding,
            format!("{name} is not UTF-8 text (bad byte at {}); nothing was imported", e.valid_up_to()),
        )
    })?;
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' };
    let mut rd =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = vec![];
    for rec in rd.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            Error::refused(Refusal::Malformed, format!("{name}, line {line}: {e}; nothing was imported"))
        })?;
        let line = rec.position().map(|p| p.line() as u32).unwrap_or(0);
        let cells: Vec<Cell> = rec.iter().map(|c| Cell::Text(unescape(c.trim()).to_string())).collect();
        if cells.iter().any(|c| c.text().is_some()) {
            rows.push((line, cells));
        }
        if rows.len() > MAX_ROWS {
            return Err(too_many(name));
        }
    }
    Ok(Grid { sheet: "CSV".into(), rows })
}

/// A CSV cell without the `'` that `spreadsheet_safe` put before a leading `= + - @`.
fn unescape(c: &str) -> &str {
    match c.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => c,
    }
}

labelled_enum!(
    /// A field of a deployment that a column can hold, or `ignore`.
    SheetField {
        Id = "id", "Id";
        Name = "name", "Name";
        Vendor = "vendor", "Vendor";
        VendorCompany = "vendor_company", "Vendor company (slug)";
        Product = "product", "Product";
        Owner = "owner", "Owner";
        Route = "route", "Route";
        Platform = "platform", "Platform";
        Offering = "offering", "Cloud offering";
        Data = "data", "Data handled";
        Status = "status", "Status";
        Users = "users", "Users or devices";
        ReviewDate = "review_date", "Review date";
        Notes = "notes", "Notes";
        ReportedBy = "reported_by", "Reported by";
        ReportedOn = "reported_on", "Reported on";
        /// A column to leave out.
        Ignore = "ignore", "Ignored";
    }
);

/// Headers a field is recognised by (lower case, words separated by single spaces). A header
/// equal to one of them is sure; one that only contains one is a guess the user should confirm.
const HEADERS: &[(SheetField, &[&str])] = &[
    (SheetField::Id, &["id", "deployment id", "record id"]),
    (SheetField::VendorCompany, &["vendor company", "vendor slug", "riskbrief company"]),
    (SheetField::Vendor, &["vendor", "supplier", "manufacturer", "vendor name", "supplier name", "maker", "company"]),
    (
        SheetField::Name,
        &["name", "system", "use case", "deployment", "system name", "service name", "asset", "asset name"],
    ),
    (
        SheetField::Product,
        &["product", "application", "app", "model", "software", "device", "product name", "model name"],
    ),
    (SheetField::Owner, &["owner", "department", "team", "business unit", "bu", "owning team", "dept"]),
    (SheetField::Route, &["route", "hosting", "deployment type", "delivery", "access route", "how used", "access"]),
    (SheetField::Platform, &["platform", "cloud", "cloud provider", "host", "hosted on", "cloud platform", "location"]),
    (SheetField::Offering, &["cloud offering", "cloud service", "offering"]),
    (SheetField::Data, &["data", "data handled", "classification", "data classification", "data class", "sensitivity"]),
    (SheetField::Status, &["status", "stage", "lifecycle", "state"]),
    (
        SheetField::Users,
        &[
            "users",
            "devices",
            "users or devices",
            "user count",
            "seats",
            "count",
            "number of users",
            "licences",
            "licenses",
        ],
    ),
    (
        SheetField::ReviewDate,
        &["review date", "renewal", "renewal date", "review", "contract end", "next review", "renewal or review"],
    ),
    (SheetField::Notes, &["notes", "comments", "remarks", "note", "comment"]),
    (SheetField::ReportedBy, &["reported by", "reporter", "submitted by", "contact"]),
    (SheetField::ReportedOn, &["reported on", "date reported", "reported", "submitted on"]),
    (SheetField::Ignore, &["verdict", "reasons", "controls", "band", "vendor band"]),
];

fn words(s: &str) -> String {
    s.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// How a column's field was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum MappedBy {
    /// The header is one RiskBrief knows.
    Header,
    /// The header contains a known one: a guess the user should confirm.
    Guess,
    /// The user said so (`--map`).
    User,
    /// Not recognised: the column is left out.
    Unknown,
}

/// One column of the sheet and the field it is read into.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Column {
    /// Its letter ("C").
    pub letter: String,
    /// Its header as written.
    pub header: String,
    /// The field it is read into; `None` when left out.
    pub field: Option<SheetField>,
    /// How that was decided.
    pub by: MappedBy,
}

/// The header row and what each column holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Mapping {
    /// The sheet read.
    pub sheet: String,
    /// The header's row number.
    pub header_row: u32,
    /// Every column of the header row, in order.
    pub columns: Vec<Column>,
}

/// "A", "B", … "Z", "AA" …: a column's letter from its 0-based index.
pub fn letter(mut i: usize) -> String {
    let mut s = vec![];
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII")
}

fn sure_field(header: &str) -> Option<SheetField> {
    let h = words(header);
    HEADERS.iter().find(|(_, names)| names.contains(&h.as_str())).map(|(f, _)| *f)
}

fn guessed_field(header: &str) -> Option<SheetField> {
    let h = format!(" {} ", words(header));
    HEADERS
        .iter()
        .flat_map(|(f, names)| names.iter().map(move |n| (*f, *n)))
        .filter(|(_, n)| n.len() > 3 && h.contains(&format!(" {n} ")))
        .max_by_key(|(_, n)| n.len())
        .map(|(f, _)| f)
}

/// A user's mapping of a header to a field, parsed from "Header=field" (`--map`). The field is
/// a code ("vendor", "review_date") or "ignore".
pub fn parse_map(s: &str) -> Result<(String, SheetField)> {
    let bad = |p: String| Error::invalid("", None, "map", p);
    let (h, f) =
        s.rsplit_once('=').ok_or_else(|| bad(format!("{s:?} is not HEADER=FIELD (e.g. \"Supplier=vendor\")")))?;
    let field = f.trim().parse::<SheetField>().map_err(bad)?;
    if h.trim().is_empty() {
        return Err(bad(format!("{s:?} names no header")));
    }
    Ok((h.trim().to_string(), field))
}

/// Finds the header row (`file` names the file in messages) among the first 20 rows (the one with most recognised headers; title
/// rows above it are skipped) and decides each column's field: the user's mapping first, then
/// a header RiskBrief knows, then a guess. A mapping naming a header the sheet lacks, two
/// columns read into one field, or no vendor column is `Error::Invalid` naming the header.
pub fn map_columns(file: &str, grid: &Grid, user: &[(String, SheetField)]) -> Result<(Mapping, Vec<CellProblem>)> {
    let known = |cells: &[Cell]| {
        cells
            .iter()
            .filter_map(Cell::text)
            .filter(|h| sure_field(h).is_some() || user.iter().any(|(u, _)| words(u) == words(h)))
            .count()
    };
    let Some((header_row, cells)) = grid
        .rows
        .iter()
        .take(20)
        .filter(|(_, c)| known(c) > 0)
        .max_by_key(|(row, c)| (known(c), std::cmp::Reverse(*row)))
    else {
        return Err(Error::refused(
            Refusal::NoEntries,
            format!(
                "{file}, sheet {}: no header row found in the first 20 rows (a row naming columns such as Vendor, Product, Owner); nothing was imported",
                grid.sheet
            ),
        ));
    };
    let mut columns = vec![];
    for (i, c) in cells.iter().enumerate() {
        let header = c.text().unwrap_or_default();
        let (field, by) = if let Some((_, f)) = user.iter().find(|(u, _)| words(u) == words(&header)) {
            (Some(*f), MappedBy::User)
        } else if header.is_empty() {
            (None, MappedBy::Unknown)
        } else if let Some(f) = sure_field(&header) {
            (Some(f), MappedBy::Header)
        } else if let Some(f) = guessed_field(&header) {
            (Some(f), MappedBy::Guess)
        } else {
            (None, MappedBy::Unknown)
        };
        let field = field.filter(|f| *f != SheetField::Ignore);
        columns.push(Column { letter: letter(i), header, field, by });
    }
    let invalid = |p: String| Err(Error::invalid(format!("{file}, sheet {}", grid.sheet), None, "map", p));
    for (h, _) in user {
        if !columns.iter().any(|c| words(&c.header) == words(h)) {
            let headers: Vec<&str> = columns.iter().map(|c| c.header.as_str()).filter(|h| !h.is_empty()).collect();
            return invalid(format!("no column is headed {h:?} (headers: {})", headers.join(", ")));
        }
    }
    // A guess never takes a field a sure column holds; two sure columns for one field are a problem.
    let mut problems = vec![];
    let problem = |column: &Column, p: String| CellProblem {
        sheet: grid.sheet.clone(),
        row: *header_row,
        column: format!("{} ({})", column.letter, column.header),
        problem: p,
    };
    for i in 0..columns.len() {
        let Some(f) = columns[i].field else { continue };
        let others: Vec<usize> = (0..columns.len()).filter(|j| *j != i && columns[*j].field == Some(f)).collect();
        if others.is_empty() {
            continue;
        }
        if columns[i].by == MappedBy::Guess {
            columns[i].field = None;
            columns[i].by = MappedBy::Unknown;
        } else if others.iter().all(|j| columns[*j].by == MappedBy::Guess) {
            continue;
        } else if others[0] > i {
            let other = &columns[others[0]];
            let p = format!(
                "read as {} like column {} ({}): map one of them to another field or to \"ignore\"",
                f.code(),
                other.letter,
                other.header
            );
            problems.push(problem(&columns[i], p));
        }
    }
    let headers = columns.iter().map(|c| c.header.as_str()).filter(|h| !h.is_empty()).collect::<Vec<_>>().join(", ");
    let has = |f: SheetField| columns.iter().any(|c| c.field == Some(f));
    let required = [
        (SheetField::Vendor, "the vendor", has(SheetField::Vendor)),
        (SheetField::Name, "the deployment's name (or its product)", has(SheetField::Name) || has(SheetField::Product)),
        (SheetField::Route, "the route", has(SheetField::Route)),
        (SheetField::Data, "the data handled", has(SheetField::Data)),
        (SheetField::Status, "the status", has(SheetField::Status)),
    ];
    for (f, what, present) in required {
        if !present {
            problems.push(CellProblem {
                sheet: grid.sheet.clone(),
                row: *header_row,
                column: String::new(),
                problem: format!(
                    "no column holds {what}: map the one that does to \"{}\" (in the CLI, --map \"HEADER={}\"); headers: {headers}",
                    f.code(),
                    f.code()
                ),
            });
        }
    }
    Ok((Mapping { sheet: grid.sheet.clone(), header_row: *header_row, columns }, problems))
}

/// A problem with one cell, named by sheet, row and column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CellProblem {
    /// The sheet.
    pub sheet: String,
    /// The row number as the spreadsheet shows it.
    pub row: u32,
    /// The column's letter and header ("C (Route)"); empty for a problem of the whole row.
    pub column: String,
    /// What is wrong.
    pub problem: String,
}

impl std::fmt::Display for CellProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.column.is_empty() {
            write!(f, "sheet {}, row {}: {}", self.sheet, self.row, self.problem)
        } else {
            write!(f, "sheet {}, row {}, column {}: {}", self.sheet, self.row, self.column, self.problem)
        }
    }
}

/// One row's values, parsed; the vendor is still a name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Draft {
    /// The row number.
    pub row: u32,
    /// The id, when the sheet carries one (a register RiskBrief exported).
    pub id: Option<Uuid>,
    /// Name (system or use case); the product when the sheet has no name.
    pub name: String,
    /// The vendor as written.
    pub vendor: String,
    /// The vendor company's slug, when the sheet carries one (a register RiskBrief exported).
    pub vendor_company: Option<String>,
    /// Product.
    pub product: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Route.
    pub route: DeploymentRoute,
    /// Platform.
    pub platform: Option<String>,
    /// The cloud offering's service name, as written.
    pub offering: Option<String>,
    /// Data handled.
    pub data: DataClass,
    /// Status.
    pub status: DeploymentStatus,
    /// Users or devices.
    pub users: Option<u32>,
    /// Review date.
    pub review_date: Option<PartialDate>,
    /// Notes.
    pub notes: Option<String>,
    /// Reported by.
    pub reported_by: Option<String>,
    /// Reported on.
    pub reported_on: Option<PartialDate>,
}

fn one_of<T: Copy>(v: &str, table: &[(&[&str], T)], what: &str, codes: &[&str]) -> std::result::Result<T, String> {
    let w = words(v);
    table
        .iter()
        .find(|(names, _)| names.iter().any(|n| *n == w))
        .or_else(|| {
            table
                .iter()
                .find(|(names, _)| names.iter().any(|n| n.len() > 3 && format!(" {w} ").contains(&format!(" {n} "))))
        })
        .map(|(_, x)| *x)
        .ok_or_else(|| format!("unknown {what} {v:?} (expected one of: {})", codes.join(", ")))
}

/// A route from the words registers use ("SaaS", "Amazon Bedrock", "self-hosted", "on-prem
/// hardware"), its code or its label.
pub fn route(v: &str) -> std::result::Result<DeploymentRoute, String> {
    use DeploymentRoute::*;
    let table: &[(&[&str], DeploymentRoute)] = &[
        (
            &[
                "vendor service",
                "vendor s own service or app",
                "vendor",
                "saas",
                "app",
                "mobile app",
                "web app",
                "api",
                "vendor api",
                "direct",
                "website",
            ],
            VendorService,
        ),
        (
            &[
                "cloud hosted",
                "hosted by a cloud provider",
                "cloud",
                "hosted",
                "managed",
                "managed api",
                "bedrock",
                "amazon bedrock",
                "azure ai foundry",
                "azure",
                "vertex ai",
                "vertex",
                "marketplace",
                "serverless",
            ],
            CloudHosted,
        ),
        (
            &[
                "self hosted",
                "open weights self hosted",
                "open weights",
                "self deployed",
                "on premises model",
                "local",
                "local model",
                "self managed",
            ],
            SelfHosted,
        ),
        (
            &[
                "on site",
                "hardware or device on site",
                "hardware",
                "device",
                "devices",
                "on premises",
                "on prem",
                "appliance",
                "installed",
                "equipment",
            ],
            OnSite,
        ),
        (&["other"], Other),
    ];
    one_of(v, table, "route", &DeploymentRoute::ALL.iter().map(|r| r.code()).collect::<Vec<_>>())
}

/// A data class from its code, label or the words registers use ("PII", "PHI", "CUI").
pub fn data_class(v: &str) -> std::result::Result<DataClass, String> {
    use DataClass::*;
    let table: &[(&[&str], DataClass)] = &[
        (&["public", "open", "unclassified"], Public),
        (&["internal", "internal only", "general", "restricted internal"], Internal),
        (&["confidential", "sensitive", "commercial in confidence", "proprietary", "secret"], Confidential),
        (&["personal", "personal data", "pii", "customer data", "employee data", "gdpr"], Personal),
        (
            &[
                "regulated",
                "health",
                "phi",
                "hipaa",
                "financial",
                "pci",
                "cui",
                "export controlled",
                "itar",
                "ear",
                "classified",
            ],
            Regulated,
        ),
    ];
    one_of(v, table, "data class", &DataClass::ALL.iter().map(|r| r.code()).collect::<Vec<_>>())
}

/// A status from its code, label or common words ("live", "PoC", "decommissioned").
pub fn status(v: &str) -> std::result::Result<DeploymentStatus, String> {
    use DeploymentStatus::*;
    let table: &[(&[&str], DeploymentStatus)] = &[
        (&["planned", "plan", "proposed", "requested", "evaluation", "under evaluation"], Planned),
        (&["pilot", "poc", "proof of concept", "trial", "testing", "test"], Pilot),
        (&["production", "prod", "live", "in use", "active", "in production"], Production),
        (&["retired", "decommissioned", "removed", "ended", "inactive", "retiring"], Retired),
    ];
    one_of(v, table, "status", &DeploymentStatus::ALL.iter().map(|r| r.code()).collect::<Vec<_>>())
}

fn date(c: &Cell) -> std::result::Result<Option<PartialDate>, String> {
    match c {
        Cell::Empty => Ok(None),
        Cell::Date(d) => Ok(Some(PartialDate::from_date(*d))),
        Cell::Number(n) if (1.0..=2_958_465.0).contains(n) && n.fract() == 0.0 && *n > 3000.0 => {
            // An Excel serial day number saved without a date format.
            let d = NaiveDate::from_ymd_opt(1899, 12, 30).expect("epoch") + chrono::Days::new(*n as u64);
            Ok(Some(PartialDate::from_date(d)))
        }
        Cell::Number(n) => Ok(Some(format!("{n}").parse::<PartialDate>()?)),
        Cell::Text(s) if s.is_empty() => Ok(None),
        Cell::Text(s) => {
            let s = s.split(['T', ' ']).next().unwrap_or(s);
            s.parse::<PartialDate>()
                .map(Some)
                .map_err(|_| format!("{s:?} is not a date as YYYY-MM-DD, YYYY-MM or YYYY"))
        }
    }
}

fn count(c: &Cell) -> std::result::Result<Option<u32>, String> {
    let bad = |v: &str| format!("{v:?} is not a whole number of users or devices");
    match c {
        Cell::Empty => Ok(None),
        Cell::Number(n) if n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(n) => Ok(Some(*n as u32)),
        Cell::Number(n) => Err(bad(&n.to_string())),
        Cell::Date(d) => Err(bad(&d.to_string())),
        Cell::Text(s) if s.is_empty() => Ok(None),
        Cell::Text(s) => s.replace([',', '_', ' '], "").parse::<u32>().map(Some).map_err(|_| bad(s)),
    }
}

/// A required cell's value: a problem when it is empty, unparsable or has no column.
fn required<T>(
    cell: Option<(&Cell, &Column)>,
    field: SheetField,
    label: &str,
    parse: fn(&str) -> std::result::Result<T, String>,
    problem: &dyn Fn(Option<&Column>, String),
) -> Option<T> {
    match cell {
        Some((c, col)) => match c.text() {
            Some(v) => parse(&v).map_err(|e| problem(Some(col), e)).ok(),
            None => {
                problem(Some(col), format!("{label} is empty"));
                None
            }
        },
        None => {
            problem(
                None,
                format!(
                    "no column holds the {label}: map one to \"{}\" (in the CLI, --map \"HEADER={}\")",
                    field.code(),
                    field.code()
                ),
            );
            None
        }
    }
}

/// Parses every row below the header. A row with a problem is left out of the drafts and each
/// problem is returned, named by sheet, row and column; rows with nothing in the mapped columns
/// are skipped.
pub fn drafts(grid: &Grid, m: &Mapping) -> (Vec<Draft>, Vec<CellProblem>) {
    let mut out = vec![];
    let mut problems = vec![];
    for (row, cells) in grid.rows.iter().filter(|(r, _)| *r > m.header_row) {
        let empty = Cell::Empty;
        let get = |f: SheetField| {
            m.columns
                .iter()
                .enumerate()
                .find(|(_, c)| c.field == Some(f))
                .map(|(i, c)| (cells.get(i).unwrap_or(&empty), c))
        };
        if m.columns.iter().enumerate().all(|(i, c)| c.field.is_none() || cells.get(i).and_then(Cell::text).is_none()) {
            continue;
        }
        let errs = std::cell::RefCell::new(vec![]);
        let problem = |col: Option<&Column>, p: String| {
            errs.borrow_mut().push(CellProblem {
                sheet: grid.sheet.clone(),
                row: *row,
                column: col.map(|c| format!("{} ({})", c.letter, c.header)).unwrap_or_default(),
                problem: p,
            })
        };
        let text = |f: SheetField| get(f).and_then(|(c, _)| c.text());
        let route = required(get(SheetField::Route), SheetField::Route, "route", route, &problem);
        let data = required(get(SheetField::Data), SheetField::Data, "data handled", data_class, &problem);
        let status = required(get(SheetField::Status), SheetField::Status, "status", status, &problem);
        let vendor = text(SheetField::Vendor);
        if vendor.is_none() {
            problem(get(SheetField::Vendor).map(|(_, c)| c), "vendor is empty".into());
        }
        let name = text(SheetField::Name).or_else(|| text(SheetField::Product));
        if name.is_none() {
            problem(get(SheetField::Name).map(|(_, c)| c), "name is empty (and no product to name it by)".into());
        }
        let id = match get(SheetField::Id) {
            Some((c, col)) => match c.text() {
                None => None,
                Some(v) => {
                    v.parse::<Uuid>().map_err(|_| problem(Some(col), format!("{v:?} is not an id (a UUID)"))).ok()
                }
            },
            None => None,
        };
        let dated = |f: SheetField| match get(f) {
            Some((c, col)) => date(c).map_err(|e| problem(Some(col), e)).ok().flatten(),
            None => None,
        };
        let review_date = dated(SheetField::ReviewDate);
        let reported_on = dated(SheetField::ReportedOn);
        let users = match get(SheetField::Users) {
            Some((c, col)) => count(c).map_err(|e| problem(Some(col), e)).ok().flatten(),
            None => None,
        };
        let errs = errs.into_inner();
        if !errs.is_empty() {
            problems.extend(errs);
            continue;
        }
        let (Some(route), Some(data), Some(status), Some(vendor), Some(name)) = (route, data, status, vendor, name)
        else {
            continue;
        };
        out.push(Draft {
            row: *row,
            id,
            name,
            vendor,
            vendor_company: text(SheetField::VendorCompany),
            product: text(SheetField::Product),
            owner: text(SheetField::Owner),
            route,
            platform: text(SheetField::Platform),
            offering: text(SheetField::Offering),
            data,
            status,
            users,
            review_date,
            notes: text(SheetField::Notes),
            reported_by: text(SheetField::ReportedBy),
            reported_on,
        });
    }
    (out, problems)
}
