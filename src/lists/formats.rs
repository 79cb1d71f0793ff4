//! One reader per published list format.

use super::input::{Stream, Trace, Tracking};
use super::{InputFile, ParsedList, Put};
use crate::error::{Error, Result};
use crate::model::{ListEntry, ListFormat, ListOwner, PartialDate, RelationKind};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;

fn invalid(file: &str, line: u64, field: &str, problem: impl std::fmt::Display) -> Error {
    Error::Validation(format!("{file}: line {line}, field {field}: {problem}"))
}

fn entry(key: String, name: String) -> ListEntry {
    ListEntry {
        key,
        name,
        aliases: vec![],
        weak_aliases: vec![],
        entity_type: None,
        programs: vec![],
        countries: vec![],
        addresses: vec![],
        remarks: None,
        since: None,
        until: None,
        url: None,
        source_list: None,
        owners: vec![],
    }
}

/// The text of a CSV cell, trimmed; None when empty or OFAC's `-0-`.
fn cell(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty() && t != "-0-").then_some(t)
}

fn split_list(s: Option<&str>, seps: &[char]) -> Vec<String> {
    s.map(|s| s.split(seps).filter_map(cell).map(str::to_owned).collect()).unwrap_or_default()
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

/// A key for lists that give no identifier: the name, lower-cased, spaces collapsed.
fn name_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// CSV rows as they are read, each with its line; a file cut off inside a quoted field is
/// refused (it would otherwise read as a shorter list).
struct Rows<'a> {
    file: &'a str,
    reader: csv::Reader<Stream<'a>>,
    trace: Trace,
    done: bool,
}

impl<'a> Rows<'a> {
    /// The rows of `f`, separated by `delimiter`; with `headers`, the first row is the header.
    fn open(f: &InputFile<'a>, headers: bool, delimiter: u8) -> Result<Rows<'a>> {
        let stream = f.open(Tracking::Csv { delimiter })?;
        Ok(Self::of(f.name, stream, headers, delimiter))
    }

    fn of(file: &'a str, stream: Stream<'a>, headers: bool, delimiter: u8) -> Rows<'a> {
        let trace = stream.trace();
        let reader =
            csv::ReaderBuilder::new().delimiter(delimiter).has_headers(headers).flexible(false).from_reader(stream);
        Rows { file, reader, trace, done: false }
    }

    fn headers(&mut self) -> Result<csv::StringRecord> {
        match self.reader.headers() {
            Ok(h) => Ok(h.clone()),
            Err(e) => Err(self.error(e)),
        }
    }

    fn error(&self, e: csv::Error) -> Error {
        if let Some(line) = self.trace.unclosed_quote() {
            return self.trace.truncated(line);
        }
        let line = e.position().map_or(0, |p| self.trace.line_before(p.byte() + 1));
        let file = self.file;
        self.trace.or(match e.kind() {
            csv::ErrorKind::UnequalLengths { expected_len, len, .. } => Error::Validation(format!(
                "{file}: line {line}: {len} fields where the file's first row has {expected_len}"
            )),
            _ => Error::Validation(format!("{file}: line {line}: {e}")),
        })
    }
}

impl Iterator for Rows<'_> {
    type Item = Result<(u64, csv::StringRecord)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut rec = csv::StringRecord::new();
        let got = self.reader.read_record(&mut rec);
        // Once the end is read, a quote still open means the last rows are cut off.
        let cut = self.trace.unclosed_quote();
        let item = match (got, cut) {
            (Err(e), _) => Some(Err(self.error(e))),
            (Ok(_), Some(line)) => Some(Err(self.trace.truncated(line))),
            (Ok(false), None) => None,
            // (The crate's offset of a row after a CRLF is the LF, which ends the line before.)
            (Ok(true), None) => Some(Ok((rec.position().map_or(0, |p| self.trace.line_before(p.byte() + 1)), rec))),
        };
        self.done = !matches!(item, Some(Ok(_)));
        item
    }
}

/// A CSV file with a header row, read by column name.
struct Table<'a> {
    file: &'a str,
    columns: HashMap<String, usize>,
}

impl<'a> Table<'a> {
    /// The file's header, checked for the `required` columns, and its rows after the header that
    /// are not blank, read as they are iterated: a file's rows never all live at once.
    fn read(f: &InputFile<'a>, required: &[&str]) -> Result<(Table<'a>, impl Iterator<Item = RowResult> + 'a)> {
        Self::of(f.name, f.open(Tracking::Csv { delimiter: b',' })?, required)
    }

    fn of(
        file: &'a str,
        stream: Stream<'a>,
        required: &[&str],
    ) -> Result<(Table<'a>, impl Iterator<Item = RowResult> + 'a)> {
        let mut rows = Rows::of(file, stream, true, b',');
        let header = rows.headers()?;
        let columns: HashMap<String, usize> =
            header.iter().enumerate().map(|(i, h)| (h.trim().to_lowercase(), i)).collect();
        for c in required {
            if !columns.contains_key(*c) {
                return Err(invalid(
                    file,
                    1,
                    c,
                    format!("missing column (the header has: {})", header.iter().collect::<Vec<_>>().join(", ")),
                ));
            }
        }
        let rows = rows.filter(|r| !matches!(r, Ok((_, rec)) if rec.iter().all(|c| c.trim().is_empty())));
        Ok((Table { file, columns }, rows))
    }

    fn get<'r>(&self, rec: &'r csv::StringRecord, col: &str) -> Option<&'r str> {
        self.columns.get(col).and_then(|i| rec.get(*i)).and_then(cell)
    }

    fn required<'r>(&self, line: u64, rec: &'r csv::StringRecord, col: &str) -> Result<&'r str> {
        self.get(rec, col).ok_or_else(|| invalid(self.file, line, col, "empty"))
    }

    fn date(&self, line: u64, rec: &csv::StringRecord, col: &str) -> Result<Option<PartialDate>> {
        self.get(rec, col)
            .map(|s| {
                let s = s.get(..10).filter(|_| s.len() > 10 && s.as_bytes()[10] == b'T').unwrap_or(s);
                s.parse::<PartialDate>().map_err(|e| invalid(self.file, line, col, format!("{s:?}: {e}")))
            })
            .transpose()
    }
}

/// A CSV row with its line, or why the file is refused.
type RowResult = Result<(u64, csv::StringRecord)>;

fn latest(dates: impl IntoIterator<Item = Option<PartialDate>>) -> Option<NaiveDate> {
    dates.into_iter().flatten().filter_map(|d| NaiveDate::parse_from_str(&d.to_string(), "%Y-%m-%d").ok()).max()
}

fn list(format: ListFormat, list: &str, title: &str, publisher: &str, url: Option<&str>) -> ParsedList {
    ParsedList {
        list: list.into(),
        title: title.into(),
        publisher: publisher.into(),
        url: url.map(str::to_owned),
        format,
        content_date: None,
        entry_count: 0,
        owned: vec![],
        notes: vec![],
    }
}

// ---------------------------------------------------------------- OFAC legacy CSV

/// Aliases OFAC writes into remarks: `a.k.a. 'NAME';`, `f.k.a. 'NAME'.`, `n.k.a. …`.
pub(super) fn remark_aliases(remarks: &str) -> Vec<String> {
    let mut out = vec![];
    for marker in ["a.k.a. '", "f.k.a. '", "n.k.a. '"] {
        let mut rest = remarks;
        while let Some(i) = rest.find(marker) {
            let after = &rest[i + marker.len()..];
            // The closing quote is one followed by punctuation or the end, not an apostrophe in a name.
            let end = after
                .char_indices()
                .find(|&(j, c)| c == '\'' && after[j + 1..].chars().next().is_none_or(|n| ";.,)".contains(n)))
                .map(|(j, _)| j);
            let Some(end) = end else { break };
            if let Some(name) = cell(&after[..end]) {
                push_unique(&mut out, name.to_owned());
            }
            rest = &after[end..];
        }
    }
    out
}

/// OFAC's legacy CSV: sdn.csv (or cons_prim.csv for the non-SDN lists, same layout), then
/// alt.csv and add.csv. The entry's key is OFAC's ent_num.
///
/// The alias and address files are read first and kept by entry number (they are a few MB where
/// the primary file may be hundreds); each entry of the primary file then goes to the sink whole,
/// as it is read, so the entries never all live at once.
pub(super) fn ofac(
    format: ListFormat,
    files: &[InputFile],
    progress: &mut dyn FnMut(u64, u64),
    put: &mut Put,
) -> Result<ParsedList> {
    let total: u64 = files.iter().map(InputFile::size).sum();
    let mut done = 0;
    let publisher = "U.S. Department of the Treasury, Office of Foreign Assets Control";
    let (out, first) = if format == ListFormat::OfacConsolidated {
        let title = "OFAC Consolidated Sanctions List (non-SDN lists)";
        let url = "https://www.treasury.gov/ofac/downloads/consolidated/cons_prim.csv";
        (list(format, "ofac_non_sdn", title, publisher, Some(url)), "cons_prim.csv")
    } else {
        let title = "OFAC Specially Designated Nationals and Blocked Persons List (SDN)";
        (list(format, "ofac_sdn", title, publisher, Some("https://www.treasury.gov/ofac/downloads/sdn.csv")), "sdn.csv")
    };
    /// What the alias and address files add to one entry, and where they first name it.
    struct Extra {
        aliases: Vec<String>,
        addresses: Vec<String>,
        countries: Vec<String>,
        at: (usize, u64),
    }
    let mut extra: HashMap<u64, Extra> = HashMap::new();
    let order = (1..files.len()).chain([0]);
    for n in order {
        let f = &files[n];
        let mut kind = None;
        for row in Rows::open(f, false, b',')? {
            let (line, rec) = row?;
            let role = *kind.get_or_insert(match (n, rec.len()) {
                (0, 12) => "sdn",
                (0, _) => {
                    return Err(invalid(f.name, line, "(row)", format!(
                        "{} fields; the first OFAC file must be {first} (12 fields: ent_num, SDN_Name, SDN_Type, Program, …)",
                        rec.len()
                    )))
                }
                (_, 5) => "alt",
                (_, 6) => "add",
                (_, l) => {
                    return Err(invalid(f.name, line, "(row)", format!(
                        "{l} fields; expected alt.csv (5 fields) or add.csv (6 fields) after {first}"
                    )))
                }
            });
            let num: u64 = rec[0]
                .trim()
                .parse()
                .map_err(|_| invalid(f.name, line, "ent_num", format!("{:?} is not a number", rec[0].trim())))?;
            match role {
                "sdn" => {
                    let name = cell(&rec[1]).ok_or_else(|| invalid(f.name, line, "SDN_Name", "empty"))?;
                    let mut e = entry(num.to_string(), name.to_owned());
                    e.entity_type = Some(cell(&rec[2]).unwrap_or("entity").to_lowercase());
                    e.programs = cell(&rec[3])
                        .map(|p| p.split("] [").map(|s| s.trim_matches(['[', ']', ' ']).to_owned()).collect())
                        .unwrap_or_default();
                    if let Some(remarks) = cell(&rec[11]) {
                        e.aliases = remark_aliases(remarks);
                        e.remarks = Some(remarks.to_owned());
                    }
                    if let Some(x) = extra.remove(&num) {
                        x.aliases.into_iter().for_each(|a| push_unique(&mut e.aliases, a));
                        e.addresses = x.addresses;
                        e.countries = x.countries;
                    }
                    if put.try_entry(e)?.is_some() {
                        return Err(invalid(f.name, line, "ent_num", format!("{num} appears twice")));
                    }
                }
                role => {
                    let x = extra.entry(num).or_insert_with(|| Extra {
                        aliases: vec![],
                        addresses: vec![],
                        countries: vec![],
                        at: (n, line),
                    });
                    if role == "alt" {
                        if let Some(alias) = cell(&rec[3]) {
                            push_unique(&mut x.aliases, alias.to_owned());
                        }
                    } else {
                        let parts: Vec<&str> = (2..5).filter_map(|i| cell(&rec[i])).collect();
                        if !parts.is_empty() {
                            push_unique(&mut x.addresses, parts.join(", "));
                        }
                        if let Some(c) = cell(&rec[4]) {
                            push_unique(&mut x.countries, c.to_owned());
                        }
                    }
                }
            }
            if line % 2048 == 0 {
                progress(done + rec.position().map_or(0, |p| p.byte()), total);
            }
        }
        done += f.size();
        progress(done, total);
    }
    // A row of the alias or address files whose entry the primary file does not have: the first.
    if let Some((num, x)) = extra.iter().min_by_key(|(_, x)| x.at) {
        let (n, line) = x.at;
        return Err(invalid(files[n].name, line, "ent_num", format!("{num} is not an entry of {}", files[0].name)));
    }
    Ok(out)
}

// ---------------------------------------------------------------- DoD 1260H

pub(super) fn dod_1260h(f: &InputFile, put: &mut Put) -> Result<ParsedList> {
    let (t, rows) = Table::read(f, &["name", "start date", "end date"])?;
    let mut out = list(
        ListFormat::Dod1260h,
        "dod_1260h",
        "Entities identified as Chinese military companies (Section 1260H, NDAA FY2021)",
        "U.S. Department of Defense",
        None,
    );
    // One row per (entity, edition): group by name, keep entities whose latest row is open.
    struct Group {
        e: ListEntry,
        latest_start: Option<PartialDate>,
        open: bool,
    }
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let mut dates = vec![];
    for row in rows {
        let (line, rec) = row?;
        let rec = &rec;
        let name =
            t.get(rec, "clean name").or(t.get(rec, "name")).ok_or_else(|| invalid(f.name, line, "Name", "empty"))?;
        let start = t.date(line, rec, "start date")?;
        let end = t.date(line, rec, "end date")?;
        dates.extend([start, end]);
        let g = groups.entry(name_key(name)).or_insert_with(|| Group {
            e: entry(name_key(name), name.to_owned()),
            latest_start: None,
            open: false,
        });
        for a in split_list(t.get(rec, "alias"), &[',', ';'])
            .into_iter()
            .chain(t.get(rec, "previous name").map(str::to_owned))
        {
            push_unique(&mut g.e.aliases, a);
        }
        if g.e.since.is_none() || start < g.e.since {
            g.e.since = start;
        }
        if start >= g.latest_start {
            g.latest_start = start;
            g.open = end.is_none();
            g.e.until = end;
            g.e.url = t.get(rec, "source url").map(str::to_owned).or(g.e.url.take());
            g.e.owners = t
                .get(rec, "parent name")
                .map(|p| ListOwner { name: p.to_owned(), kind: RelationKind::SubsidiaryOf, share: None })
                .into_iter()
                .collect();
            let parent = t.get(rec, "parent name").map(|p| format!("Parent: {}.", p.trim_end_matches('.')));
            let remarks: Vec<String> = t.get(rec, "note").map(str::to_owned).into_iter().chain(parent).collect();
            g.e.remarks = (!remarks.is_empty()).then(|| remarks.join(" "));
        }
    }
    out.content_date = latest(dates);
    let (open, closed): (Vec<Group>, Vec<Group>) = groups.into_values().partition(|g| g.open);
    if !closed.is_empty() {
        out.notes.push(format!(
            "{} entities no longer on the list (an end date on their latest edition) are not kept",
            closed.len()
        ));
    }
    open.into_iter().try_for_each(|g| put.entry(g.e))?;
    Ok(out)
}

// ---------------------------------------------------------------- FCC Covered List

/// The company an FCC Covered List row names ("… produced by Huawei Technologies Company, including …").
pub(super) fn fcc_company(description: &str) -> Option<(String, Vec<String>)> {
    const BY: [&str; 5] =
        ["produced or provided by ", "directly or indirectly, by ", "produced by ", "provided by ", "supplied by "];
    const ENDS: [&str; 6] = [", including", ", to the extent", " subject to", ", subject to", " or any of", ", or any"];
    let start = BY.iter().filter_map(|b| description.find(b).map(|i| i + b.len())).min()?;
    let rest = &description[start..];
    let end = ENDS.iter().filter_map(|e| rest.find(e)).min().unwrap_or(rest.len());
    let named = rest[..end].trim().trim_end_matches(',');
    let mut parts = named.split(" and its wholly-owned subsidiary ");
    let name = parts.next()?.trim().to_owned();
    Some((name, parts.map(|s| s.trim().to_owned()).collect()))
}

pub(super) fn fcc(f: &InputFile, put: &mut Put) -> Result<ParsedList> {
    let (t, rows) = Table::read(f, &["covered_equipment_or_services"])?;
    let mut out = list(
        ListFormat::FccCovered,
        "fcc_covered",
        "FCC Covered List (Secure and Trusted Communications Networks Act)",
        "Federal Communications Commission",
        Some("https://www.fcc.gov/supplychain/coveredlist"),
    );
    let date_col = t.columns.keys().find(|c| c.starts_with("date_of_inclusion")).cloned();
    let mut classes = 0;
    let mut dates = vec![];
    for row in rows {
        let (line, rec) = row?;
        let rec = &rec;
        let description = t.required(line, rec, "covered_equipment_or_services")?;
        let since = match date_col.as_deref().and_then(|c| t.get(rec, c)) {
            None => None,
            Some(raw) => {
                let first = raw.split("Updated:").next().unwrap_or(raw).trim();
                // A four-digit year: chrono also reads "-2026" and "20260", which no list means.
                let day = NaiveDate::parse_from_str(first, "%B %d, %Y")
                    .ok()
                    .and_then(|d| Some((d, d.to_string().parse::<PartialDate>().ok()?)));
                let (d, day) = day.ok_or_else(|| {
                    invalid(
                        f.name,
                        line,
                        "date_of_inclusion_on_covered_list",
                        format!("{first:?} is not a date like \"March 12, 2021\""),
                    )
                })?;
                dates.push(d);
                Some(day)
            }
        };
        let Some((name, aliases)) = fcc_company(description) else {
            classes += 1;
            continue;
        };
        let mut e = entry(name_key(&name), name);
        e.aliases = aliases;
        e.remarks = Some(description.to_owned());
        e.since = since;
        put.entry(e)?;
    }
    if classes > 0 {
        out.notes
            .push(format!("{classes} rows cover a class of equipment and name no company; they are not screenable"));
    }
    out.content_date = dates.into_iter().max();
    Ok(out)
}

// ---------------------------------------------------------------- OpenSanctions-style source tables (889, MEU)

/// Column names of a source table in the OpenSanctions crawler's layout.
struct SourceColumns {
    aliases: &'static str,
    kind: &'static str,
    since: &'static str,
    until: &'static str,
    url: &'static str,
    /// Further date columns that may be the list's latest date.
    other_dates: &'static [&'static str],
    remarks: &'static [&'static str],
}

fn source_table(f: &InputFile, mut out: ParsedList, c: SourceColumns, put: &mut Put) -> Result<ParsedList> {
    // The columns that tell one table from the other, so a file given the wrong format is refused.
    let (t, rows) = Table::read(f, &["name", c.aliases, c.kind, c.since, c.url])?;
    let mut dates = vec![];
    for row in rows {
        let (line, rec) = row?;
        let rec = &rec;
        let name = t.required(line, rec, "name")?;
        let mut e = entry(name_key(name), name.to_owned());
        e.aliases = split_list(t.get(rec, c.aliases), &[';']);
        e.entity_type = t.get(rec, c.kind).map(str::to_lowercase);
        e.programs = t.get(rec, "program").map(str::to_owned).into_iter().collect();
        e.countries = split_list(t.get(rec, "country"), &[';']);
        e.remarks = c.remarks.iter().find_map(|r| t.get(rec, r)).map(str::to_owned);
        e.since = t.date(line, rec, c.since)?;
        e.until = t.date(line, rec, c.until)?;
        e.url = t.get(rec, c.url).map(str::to_owned);
        dates.push(e.since);
        for d in c.other_dates {
            dates.push(t.date(line, rec, d)?);
        }
        put.entry(e)?;
    }
    out.content_date = latest(dates);
    Ok(out)
}

pub(super) fn ndaa_889(f: &InputFile, put: &mut Put) -> Result<ParsedList> {
    let out = list(
        ListFormat::Ndaa889,
        "ndaa_889",
        "Section 889 of the John S. McCain National Defense Authorization Act for Fiscal Year 2019",
        "United States Congress",
        Some("https://www.congress.gov/115/plaws/publ232/PLAW-115publ232.pdf"),
    );
    let columns = SourceColumns {
        aliases: "aliases",
        kind: "schema",
        since: "start-date",
        until: "end-date",
        url: "source_url",
        other_dates: &["report-date"],
        remarks: &["notes", "reason"],
    };
    source_table(f, out, columns, put)
}

pub(super) fn bis_meu(f: &InputFile, put: &mut Put) -> Result<ParsedList> {
    let out = list(
        ListFormat::BisMeu,
        "bis_meu",
        "BIS Military End-User (MEU) List (Supplement No. 7 to Part 744 of the EAR)",
        "U.S. Department of Commerce, Bureau of Industry and Security",
        None,
    );
    let columns = SourceColumns {
        aliases: "alias",
        kind: "type",
        since: "date",
        until: "end date",
        url: "source url",
        other_dates: &[],
        remarks: &[],
    };
    source_table(f, out, columns, put)
}

// ---------------------------------------------------------------- OpenSanctions exports

fn opensanctions_list(format: ListFormat, datasets: &[String]) -> ParsedList {
    let title = match datasets {
        [one] => format!("OpenSanctions: {one}"),
        _ => "OpenSanctions targets".to_owned(),
    };
    // Each collection is its own list, so importing one does not replace another.
    let key = format!("opensanctions:{}", name_key(&datasets.join(" ")).replace(' ', "_"));
    list(format, &key, &title, "OpenSanctions", Some("https://www.opensanctions.org/datasets/"))
}

pub(super) fn opensanctions_csv(f: &InputFile, put: &mut Put) -> Result<ParsedList> {
    let (t, rows) = Table::read(f, &["id", "schema", "name"])?;
    let mut datasets = vec![];
    let mut dates = vec![];
    for row in rows {
        let (line, rec) = row?;
        let rec = &rec;
        let id = t.required(line, rec, "id")?;
        let name = t.required(line, rec, "name")?;
        let mut e = entry(id.to_owned(), name.to_owned());
        e.entity_type = t.get(rec, "schema").map(str::to_lowercase);
        e.aliases = split_list(t.get(rec, "aliases"), &[';']);
        e.countries = split_list(t.get(rec, "countries"), &[';']);
        e.addresses = split_list(t.get(rec, "addresses"), &[';']);
        e.programs = split_list(t.get(rec, "sanctions"), &[';']);
        e.since = t.date(line, rec, "first_seen")?;
        e.url = Some(format!("https://www.opensanctions.org/entities/{id}/"));
        for d in split_list(t.get(rec, "dataset"), &[';']) {
            push_unique(&mut datasets, d);
        }
        dates.push(t.date(line, rec, "last_change")?.or(t.date(line, rec, "last_seen")?));
        put.entry(e)?;
    }
    let mut out = opensanctions_list(ListFormat::OpenSanctionsCsv, &datasets);
    out.content_date = latest(dates);
    Ok(out)
}

#[derive(serde::Deserialize)]
struct FtmEntity {
    id: String,
    schema: String,
    #[serde(default)]
    properties: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    datasets: Vec<String>,
    #[serde(default)]
    first_seen: Option<String>,
    #[serde(default)]
    last_change: Option<String>,
    #[serde(default)]
    target: Option<bool>,
}

/// FollowTheMoney schemata that name a party that can be screened.
const FTM_PARTIES: [&str; 7] = ["Person", "Company", "Organization", "LegalEntity", "PublicBody", "Vessel", "Airplane"];

pub(super) fn opensanctions_ftm(f: &InputFile, put: &mut Put) -> Result<ParsedList> {
    let mut stream = f.open(Tracking::Nothing)?;
    let trace = stream.trace();
    let mut datasets = vec![];
    let mut dates = vec![];
    let mut skipped = 0;
    // Every entity's first name, and the `Ownership` records (owner id, asset id, share), to
    // attach to their assets once all are read: the entries themselves go to the sink as read.
    let mut names: HashMap<String, String> = HashMap::new();
    let mut holdings: Vec<(String, String, Option<f64>)> = vec![];
    let (mut raw, mut line) = (String::new(), 0u64);
    loop {
        raw.clear();
        if stream.read_line(&mut raw).map_err(|e| trace.or(invalid(f.name, line + 1, "(line)", e)))? == 0 {
            break;
        }
        line += 1;
        if raw.trim().is_empty() {
            continue;
        }
        let ent: FtmEntity = serde_json::from_str(&raw).map_err(|e| invalid(f.name, line, "(json)", e))?;
        let first = |k: &str| -> Option<String> {
            match ent.properties.get(k) {
                Some(serde_json::Value::Array(v)) => {
                    v.iter().filter_map(|x| x.as_str()).find_map(cell).map(str::to_owned)
                }
                Some(serde_json::Value::String(s)) => cell(s).map(str::to_owned),
                _ => None,
            }
        };
        if let Some(n) = first("name") {
            names.insert(ent.id.clone(), n);
        }
        if ent.schema == "Ownership" {
            let (Some(owner), Some(asset)) = (first("owner"), first("asset")) else {
                return Err(invalid(
                    f.name,
                    line,
                    "properties.owner",
                    format!("ownership {} lacks its owner or asset", ent.id),
                ));
            };
            let share = match first("percentage") {
                None => None,
                Some(p) => match p.trim_end_matches('%').trim().parse::<f64>() {
                    Ok(x) if x > 0.0 && x <= 100.0 => Some(x),
                    _ => {
                        return Err(invalid(
                            f.name,
                            line,
                            "properties.percentage",
                            format!("{p:?} is not a share above 0 and at most 100"),
                        ))
                    }
                },
            };
            holdings.push((owner, asset, share));
            skipped += 1;
            continue;
        }
        if !FTM_PARTIES.contains(&ent.schema.as_str()) || ent.target == Some(false) {
            skipped += 1;
            continue;
        }
        let strings = |k: &str| -> Vec<String> {
            match ent.properties.get(k) {
                Some(serde_json::Value::Array(v)) => {
                    v.iter().filter_map(|x| x.as_str()).filter_map(cell).map(str::to_owned).collect()
                }
                Some(serde_json::Value::String(s)) => cell(s).map(str::to_owned).into_iter().collect(),
                _ => vec![],
            }
        };
        let mut names = strings("name");
        if names.is_empty() {
            return Err(invalid(f.name, line, "properties.name", format!("entity {} has no name", ent.id)));
        }
        let mut e = entry(ent.id.clone(), names.remove(0));
        for a in names.into_iter().chain(strings("alias")).chain(strings("previousName")).chain(strings("weakAlias")) {
            push_unique(&mut e.aliases, a);
        }
        e.entity_type = Some(ent.schema.to_lowercase());
        e.countries = strings("country");
        e.addresses = strings("address");
        e.programs = strings("program");
        e.since = ent.first_seen.as_deref().and_then(|d| d.get(..10)).and_then(|d| d.parse().ok());
        e.url = Some(format!("https://www.opensanctions.org/entities/{}/", ent.id));
        dates.push(ent.last_change.as_deref().and_then(|d| d.get(..10)).and_then(|d| d.parse().ok()));
        for d in ent.datasets {
            push_unique(&mut datasets, d);
        }
        put.entry(e)?;
    }
    // Each asset's owners, in file order, added to its entry once: found by key, not by a walk
    // of the entries (a file may hold many of both).
    let mut owners: BTreeMap<String, Vec<ListOwner>> = BTreeMap::new();
    for (owner, asset, share) in holdings {
        if let Some(name) = names.get(&owner) {
            let o = ListOwner { name: name.clone(), kind: RelationKind::OwnsShares, share };
            owners.entry(asset).or_default().push(o);
        }
    }
    for (asset, owners) in owners {
        put.owners(&asset, &owners)?;
    }
    let mut out = opensanctions_list(ListFormat::OpenSanctionsFtm, &datasets);
    if skipped > 0 {
        out.notes.push(format!(
            "{skipped} records are not screenable parties (positions, addresses, sanctions, ownership records, non-targets)"
        ));
    }
    out.content_date = latest(dates);
    Ok(out)
}

// ---------------------------------------------------------------- trade.gov Consolidated Screening List

fn csl_list() -> ParsedList {
    list(
        ListFormat::Csl,
        "csl",
        "Consolidated Screening List",
        "U.S. Department of Commerce, International Trade Administration (trade.gov)",
        Some("https://www.trade.gov/consolidated-screening-list"),
    )
}

/// The rows of a CSL JSON file, given one at a time to `each` as they are read: the file is an
/// array of rows, or an object whose `results` is one.
struct CslRows<'e> {
    each: &'e mut dyn FnMut(usize, serde_json::Value) -> Result<()>,
    /// Why `each` refused a row (serde's error cannot carry it).
    refused: Option<Error>,
    rows: usize,
}

impl CslRows<'_> {
    fn read(&mut self, stream: Stream) -> std::result::Result<(), serde_json::Error> {
        let mut de = serde_json::Deserializer::from_reader(stream);
        serde::Deserializer::deserialize_any(&mut de, &mut *self)?;
        de.end()
    }
}

impl<'de> serde::de::Visitor<'de> for &mut CslRows<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of rows, or an object with `results`")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while let Some(row) = seq.next_element::<serde_json::Value>()? {
            if let Err(e) = (self.each)(self.rows, row) {
                self.refused = Some(e);
                return Err(serde::de::Error::custom("row refused"));
            }
            self.rows += 1;
        }
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let mut results = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "results" && !results {
                results = true;
                map.next_value_seed(&mut *self)?;
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        if !results {
            return Err(serde::de::Error::missing_field("results"));
        }
        Ok(())
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for &mut CslRows<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

pub(super) fn csl(f: &InputFile, put: &mut Put) -> Result<ParsedList> {
    let mut stream = f.open(Tracking::Csv { delimiter: b',' })?;
    let trace = stream.trace();
    let mut out = csl_list();
    let mut dates = vec![];
    let start = stream.fill_buf().map_err(|e| trace.or(invalid(f.name, 1, "(file)", e)))?;
    if start.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|b| matches!(b, b'{' | b'[')) {
        trace.stop_tracking();
        let mut each = |i: usize, r: serde_json::Value| -> Result<()> {
            let at = |field: &str, problem: &str| {
                Error::Validation(format!("{}: results[{i}], field {field}: {problem}", f.name))
            };
            let s = |k: &str| r.get(k).and_then(|v| v.as_str()).and_then(cell).map(str::to_owned);
            let many = |k: &str| -> Vec<String> {
                match r.get(k) {
                    Some(serde_json::Value::Array(v)) => {
                        v.iter().filter_map(|x| x.as_str()).filter_map(cell).map(str::to_owned).collect()
                    }
                    Some(serde_json::Value::String(s)) => split_list(Some(s), &[';']),
                    _ => vec![],
                }
            };
            let name = s("name").ok_or_else(|| at("name", "empty"))?;
            let key = s("id").or(s("_id")).or(s("entity_number")).unwrap_or_else(|| name_key(&name));
            let mut e = entry(key, name);
            e.aliases = many("alt_names");
            e.entity_type = s("type").map(|t| t.to_lowercase());
            e.programs = many("programs");
            e.source_list = s("source");
            e.url = s("source_list_url").or(s("federal_register_notice"));
            e.remarks = s("remarks");
            if let Some(serde_json::Value::Array(addrs)) = r.get("addresses") {
                for a in addrs {
                    let parts: Vec<&str> = ["address", "city", "state", "postal_code", "country"]
                        .iter()
                        .filter_map(|k| a.get(*k).and_then(|v| v.as_str()).and_then(cell))
                        .collect();
                    if let Some(c) = a.get("country").and_then(|v| v.as_str()).and_then(cell) {
                        push_unique(&mut e.countries, c.to_owned());
                    }
                    if !parts.is_empty() {
                        e.addresses.push(parts.join(", "));
                    }
                }
            }
            e.since = s("start_date")
                .map(|d| d.parse::<PartialDate>().map_err(|_| at("start_date", &format!("{d:?} is not a date"))))
                .transpose()?;
            e.until = s("end_date")
                .map(|d| d.parse::<PartialDate>().map_err(|_| at("end_date", &format!("{d:?} is not a date"))))
                .transpose()?;
            dates.push(e.since);
            put.entry(e)
        };
        let mut rows = CslRows { each: &mut each, refused: None, rows: 0 };
        if let Err(e) = rows.read(stream) {
            return Err(rows.refused.take().unwrap_or_else(|| trace.or(invalid(f.name, e.line() as u64, "(json)", e))));
        }
    } else {
        let (t, rows) = Table::of(f.name, stream, &["name", "source"])?;
        for row in rows {
            let (line, rec) = row?;
            let rec = &rec;
            let name = t.required(line, rec, "name")?;
            let key = t
                .get(rec, "_id")
                .or(t.get(rec, "id"))
                .or(t.get(rec, "entity_number"))
                .map(str::to_owned)
                .unwrap_or_else(|| name_key(name));
            let mut e = entry(key, name.to_owned());
            e.aliases = split_list(t.get(rec, "alt_names"), &[';']);
            e.entity_type = t.get(rec, "type").map(str::to_lowercase);
            e.programs = split_list(t.get(rec, "programs"), &[';']);
            e.addresses = split_list(t.get(rec, "addresses"), &[';']);
            e.source_list = t.get(rec, "source").map(str::to_owned);
            e.url = t.get(rec, "source_list_url").or(t.get(rec, "federal_register_notice")).map(str::to_owned);
            e.remarks = t.get(rec, "remarks").map(str::to_owned);
            e.since = t.date(line, rec, "start_date")?;
            e.until = t.date(line, rec, "end_date")?;
            dates.push(e.since);
            put.entry(e)?;
        }
    }
    out.content_date = latest(dates);
    Ok(out)
}

// ---------------------------------------------------------------- dates in XML and text lists

/// An ISO date as XML files write it: `2015-04-07`, `2015-04-07-04:00` (with its zone) or
/// `2026-02-27T00:00:09.554Z` (a time); the day is kept.
fn iso_date(file: &str, line: u64, field: &str, s: &str) -> Result<PartialDate> {
    let s = s.trim();
    let day = match s.get(..10) {
        Some(d) if s.len() > 10 && matches!(s.as_bytes()[10], b'T' | b'-' | b'+' | b'Z' | b' ') => d,
        _ => s,
    };
    day.parse::<PartialDate>().map_err(|e| invalid(file, line, field, format!("{s:?}: {e}")))
}

/// A date written with slashes, `MM/DD/YYYY` (U.S.) or `DD/MM/YYYY` (UK), by `day_first`.
fn slash_date(file: &str, line: u64, field: &str, s: &str, day_first: bool) -> Result<PartialDate> {
    let bad = || {
        let layout = if day_first { "DD/MM/YYYY" } else { "MM/DD/YYYY" };
        invalid(file, line, field, format!("{s:?} is not a date written {layout}"))
    };
    let p: Vec<&str> = s.trim().split('/').collect();
    let [a, b, y] = p.as_slice() else { return Err(bad()) };
    let (m, d) = if day_first { (b, a) } else { (a, b) };
    let n = |x: &str| x.parse::<u32>().ok().filter(|_| !x.is_empty() && x.len() <= 2);
    let (Some(m), Some(d)) = (n(m), n(d)) else { return Err(bad()) };
    format!("{y}-{m:02}-{d:02}").parse::<PartialDate>().map_err(|_| bad())
}

fn day_of(d: PartialDate) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&d.to_string(), "%Y-%m-%d").ok()
}

/// Joins the non-blank parts of an address, each trimmed, with commas.
fn address(parts: impl IntoIterator<Item = Option<impl AsRef<str>>>) -> Option<String> {
    let parts: Vec<String> =
        parts.into_iter().flatten().map(|p| p.as_ref().trim().to_owned()).filter(|p| !p.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

// ---------------------------------------------------------------- UN Security Council XML

/// The UN Security Council Consolidated List (`CONSOLIDATED_LIST`, one `INDIVIDUAL` or `ENTITY`
/// per entry). The key is the UN's DATAID; the name joins FIRST_NAME … FOURTH_NAME; aliases of
/// quality "Low" are kept as weak aliases; the list's reference number opens the remarks.
pub(super) fn un(f: &InputFile, progress: &mut dyn FnMut(u64, u64), put: &mut Put) -> Result<ParsedList> {
    let mut out = list(
        ListFormat::UnXml,
        "un_sc",
        "United Nations Security Council Consolidated List",
        "United Nations Security Council",
        Some("https://scsanctions.un.org/resources/xml/en/consolidated.xml"),
    );
    let mut generated = None;
    let mut updated: Option<NaiveDate> = None;
    // The latest listing date, for a file that gives no other date.
    let mut listed: Option<NaiveDate> = None;
    let mut weak = 0;
    super::xml::read(
        f,
        "CONSOLIDATED_LIST",
        &["INDIVIDUAL", "ENTITY"],
        &mut |root| {
            if let Some(d) = root.attr("dateGenerated") {
                generated = day_of(iso_date(f.name, root.line, "dateGenerated", d)?);
            }
            Ok(())
        },
        &mut |n| {
            let individual = n.name == "INDIVIDUAL";
            let id = n.text_of("DATAID").ok_or_else(|| invalid(f.name, n.line, "DATAID", "empty"))?;
            let name = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
                .iter()
                .filter_map(|t| n.text_of(t))
                .collect::<Vec<_>>()
                .join(" ");
            if name.is_empty() {
                return Err(invalid(f.name, n.line, "FIRST_NAME", format!("entry {id} has no name")));
            }
            let mut e = entry(id.to_owned(), name);
            e.entity_type = Some(if individual { "individual" } else { "entity" }.into());
            let alias = if individual { "INDIVIDUAL_ALIAS" } else { "ENTITY_ALIAS" };
            for a in n.all(alias) {
                let Some(name) = a.text_of("ALIAS_NAME") else { continue };
                if a.text_of("QUALITY") == Some("Low") {
                    weak += 1;
                    push_unique(&mut e.weak_aliases, name.to_owned());
                } else {
                    push_unique(&mut e.aliases, name.to_owned());
                }
            }
            if let Some(native) = n.text_of("NAME_ORIGINAL_SCRIPT") {
                push_unique(&mut e.aliases, native.to_owned());
            }
            e.programs = n.texts("UN_LIST_TYPE").map(str::to_owned).collect();
            for c in n.all("NATIONALITY").flat_map(|x| x.texts("VALUE")) {
                push_unique(&mut e.countries, c.to_owned());
            }
            let place = if individual { "INDIVIDUAL_ADDRESS" } else { "ENTITY_ADDRESS" };
            for a in n.all(place) {
                let parts = ["STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"].map(|t| a.text_of(t));
                if let Some(text) = address(parts) {
                    push_unique(&mut e.addresses, text);
                }
                if let Some(c) = a.text_of("COUNTRY") {
                    push_unique(&mut e.countries, c.to_owned());
                }
            }
            let reference = n.text_of("REFERENCE_NUMBER");
            let comments = n.text_of("COMMENTS1");
            e.remarks = match (reference, comments) {
                (Some(r), Some(c)) => Some(format!("UN reference {r}. {c}")),
                (Some(r), None) => Some(format!("UN reference {r}.")),
                (None, c) => c.map(str::to_owned),
            };
            if let Some(d) = n.text_of("LISTED_ON") {
                e.since = Some(iso_date(f.name, n.child("LISTED_ON").map_or(n.line, |c| c.line), "LISTED_ON", d)?);
            }
            for d in n.all("LAST_DAY_UPDATED").flat_map(|x| x.all("VALUE")) {
                if !d.text.trim().is_empty() {
                    let day = day_of(iso_date(f.name, d.line, "LAST_DAY_UPDATED", &d.text)?);
                    updated = updated.max(day);
                }
            }
            listed = listed.max(e.since.and_then(day_of));
            put.entry(e)?;
            Ok(())
        },
        progress,
    )?;
    out.content_date = generated.or(updated).or(listed);
    if weak > 0 {
        out.notes
            .push(format!("{weak} alias(es) the list rates \"Low\" quality kept as weak aliases: shown, not screened"));
    }
    Ok(out)
}

// ---------------------------------------------------------------- BIS Denied Persons List

/// The BIS Denied Persons List as published: tab-separated, every field quoted, a header row
/// (Name, Street_Address, City, State, Country, Postal_Code, Effective_Date, Expiration_Date,
/// Standard_Order, Last_Update, Action, FR_Citation). The list has no identifiers and one row
/// per order and address, so rows of one name are one entry (its addresses, its earliest
/// effective and latest expiration dates, its Federal Register citations); the key is the name.
pub(super) fn bis_dpl(f: &InputFile, put: &mut Put) -> Result<ParsedList> {
    let mut out = list(
        ListFormat::BisDpl,
        "bis_dpl",
        "Denied Persons List",
        "U.S. Department of Commerce, Bureau of Industry and Security",
        None,
    );
    let mut records = Rows::open(f, true, b'\t')?;
    let header = records.headers()?;
    let col = |name: &str| header.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let need = |name: &str| {
        col(name).ok_or_else(|| {
            invalid(
                f.name,
                1,
                name,
                format!(
                    "missing column (the header has: {}); is this the tab-separated Denied Persons List?",
                    header.iter().collect::<Vec<_>>().join(", ")
                ),
            )
        })
    };
    let (name_c, effective_c, expiration_c) = (need("Name")?, need("Effective_Date")?, need("Expiration_Date")?);
    let [street, city, state, country, postal, updated_c, action, fr] =
        ["Street_Address", "City", "State", "Country", "Postal_Code", "Last_Update", "Action", "FR_Citation"].map(col);
    let mut by_name: BTreeMap<String, ListEntry> = BTreeMap::new();
    let mut updates = vec![];
    let mut effective: Option<PartialDate> = None;
    let mut rows = 0;
    for row in records {
        let (line, rec) = row?;
        let get = |c: Option<usize>| c.and_then(|i| rec.get(i)).and_then(cell);
        let Some(name) = get(Some(name_c)) else {
            if rec.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            return Err(invalid(f.name, line, "Name", "empty"));
        };
        rows += 1;
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let e = by_name.entry(name_key(&name)).or_insert_with(|| {
            let mut e = entry(name_key(&name), name.clone());
            e.programs = vec!["Denial of export privileges".into()];
            e
        });
        let date = |c: usize, field: &str| get(Some(c)).map(|d| slash_date(f.name, line, field, d, false)).transpose();
        let (from, to) = (date(effective_c, "Effective_Date")?, date(expiration_c, "Expiration_Date")?);
        e.since = match (e.since, from) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        e.until = e.until.max(to);
        if let Some(a) = address([get(street), get(city), get(state), get(postal), get(country)]) {
            push_unique(&mut e.addresses, a);
        }
        if let Some(c) = get(country) {
            push_unique(&mut e.countries, c.to_owned());
        }
        let citation = get(fr).map(|c| format!("Federal Register: {c}"));
        let remark = [citation, get(action).map(str::to_owned)].into_iter().flatten().collect::<Vec<_>>().join("; ");
        if !remark.is_empty() && !e.remarks.as_deref().is_some_and(|r| r.contains(&remark)) {
            e.remarks = Some(match e.remarks.take() {
                Some(r) => format!("{r} | {remark}"),
                None => remark,
            });
        }
        if let Some(u) = get(updated_c) {
            updates.push((line, iso_date(f.name, line, "Last_Update", u)?));
        }
        effective = effective.max(from);
    }
    // The published file has typing errors in Last_Update ("3017-08-22", "0222-05-18"): a date
    // more than a year after every order's effective date, or before 1950, is not the list's date.
    let last_order = effective.and_then(day_of);
    let (kept, typos): (Vec<_>, Vec<_>) = updates.into_iter().partition(|(_, d)| {
        day_of(*d).is_some_and(|d| d.year() >= 1950 && last_order.is_none_or(|l| d <= l + chrono::Days::new(366)))
    });
    out.content_date = latest(kept.into_iter().map(|(_, d)| Some(d)));
    if !typos.is_empty() {
        out.notes.push(format!(
            "Last_Update dates taken as typing errors, not as the list's date: {}",
            typos.iter().map(|(l, d)| format!("{d} (line {l})")).collect::<Vec<_>>().join(", ")
        ));
    }
    let entries = by_name.len();
    by_name.into_values().try_for_each(|e| put.entry(e))?;
    if rows > entries {
        out.notes.push(format!(
            "{rows} rows read as {entries} entries: the rows of one name (one per order and address) are one entry"
        ));
    }
    Ok(out)
}

// ---------------------------------------------------------------- EU Financial Sanctions Files

/// The EU's consolidated financial sanctions list, XML 1.1 (`export`, one `sanctionEntity` per
/// entry, namespace `http://eu.europa.ec/fpi/fsd/export`; docs/list-formats-eu-uk.md). The key is
/// the entry's `logicalId`; the name is the first `nameAlias`'s `wholeName` (the file marks no
/// primary name); the others are aliases, weak when marked `strong="false"`; the programme and
/// citation come from its `regulation`s; the listing date is `designationDate` when given.
pub(super) fn eu_fsf(f: &InputFile, progress: &mut dyn FnMut(u64, u64), put: &mut Put) -> Result<ParsedList> {
    let mut out = list(
        ListFormat::EuFsfXml,
        "eu_fsf",
        "Consolidated list of persons, groups and entities subject to EU financial sanctions",
        "European Commission (Financial Sanctions Files)",
        None,
    );
    let mut generated = None;
    // The latest listing date, for a file that gives no other date.
    let mut listed: Option<NaiveDate> = None;
    super::xml::read(
        f,
        "export",
        &["sanctionEntity"],
        &mut |root| {
            if let Some(d) = root.attr("generationDate") {
                generated = day_of(iso_date(f.name, root.line, "generationDate", d)?);
            }
            Ok(())
        },
        &mut |n| {
            let id =
                n.attr("logicalId").ok_or_else(|| invalid(f.name, n.line, "sanctionEntity/@logicalId", "empty"))?;
            let whole = |a: &super::xml::Node| {
                a.attr("wholeName").map(str::to_owned).or_else(|| {
                    let parts: Vec<&str> =
                        ["firstName", "middleName", "lastName"].iter().filter_map(|k| a.attr(k)).collect();
                    (!parts.is_empty()).then(|| parts.join(" "))
                })
            };
            let mut names = n.all("nameAlias").filter_map(|a| Some((whole(a)?, a.attr("strong") != Some("false"))));
            let Some((name, _)) = names.next() else {
                return Err(invalid(f.name, n.line, "nameAlias/@wholeName", format!("entry {id} has no name")));
            };
            let mut e = entry(id.to_owned(), name);
            for (alias, strong) in names {
                if alias != e.name {
                    push_unique(if strong { &mut e.aliases } else { &mut e.weak_aliases }, alias);
                }
            }
            e.entity_type = n.child("subjectType").and_then(|t| t.attr("code")).map(|c| match c {
                "person" => "individual".to_owned(),
                "enterprise" => "entity".to_owned(),
                other => other.to_owned(),
            });
            for r in n.all("regulation") {
                if let Some(p) = r.attr("programme") {
                    push_unique(&mut e.programs, p.to_owned());
                }
                if e.url.is_none() {
                    e.url = r.text_of("publicationUrl").or_else(|| r.attr("publicationUrl")).map(str::to_owned);
                }
            }
            for c in n.all("citizenship").chain(n.all("address")).filter_map(|c| c.attr("countryDescription")) {
                if c != "UNKNOWN" && c != "00" {
                    push_unique(&mut e.countries, c.to_owned());
                }
            }
            for a in n.all("address") {
                let parts = ["street", "poBox", "city", "zipCode", "region", "place", "countryDescription"]
                    .map(|k| a.attr(k).filter(|v| *v != "UNKNOWN"));
                if let Some(text) = address(parts) {
                    push_unique(&mut e.addresses, text);
                }
            }
            let remarks: Vec<&str> = n.texts("remark").collect();
            let reference = n.attr("euReferenceNumber");
            e.remarks = match (reference, remarks.is_empty()) {
                (None, true) => None,
                (r, _) => Some(
                    r.map(|r| format!("EU reference {r}."))
                        .into_iter()
                        .chain(remarks.iter().map(|s| s.to_string()))
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
            };
            // Older files give no designation date; a regulation's date may be an amendment's,
            // so it is not taken for the listing date.
            e.since = n
                .attr("designationDate")
                .map(|d| iso_date(f.name, n.line, "sanctionEntity/@designationDate", d))
                .transpose()?;
            listed = listed.max(e.since.and_then(day_of));
            put.entry(e)?;
            Ok(())
        },
        progress,
    )?;
    out.content_date = generated.or(listed);
    Ok(out)
}

// ---------------------------------------------------------------- UK Sanctions List

/// The UK Sanctions List (FCDO) in XML: `Designations` with its `DateGenerated` and one
/// `Designation` per entry (docs/list-formats-eu-uk.md). The key is its `UniqueID`; the name
/// joins Name1 … Name6 of the name whose `NameType` is "Primary Name" (in any case); other names
/// and non-Latin names are aliases, weak when their `AliasStrength` says "Low quality". Dates are
/// DD/MM/YYYY.
pub(super) fn uk_sanctions(f: &InputFile, progress: &mut dyn FnMut(u64, u64), put: &mut Put) -> Result<ParsedList> {
    let mut out = list(
        ListFormat::UkSanctionsXml,
        "uk_sanctions",
        "UK Sanctions List",
        "UK Foreign, Commonwealth & Development Office",
        Some("https://www.gov.uk/government/publications/the-uk-sanctions-list"),
    );
    let mut updated = vec![];
    let mut generated = None;
    super::xml::read(
        f,
        "Designations",
        &["Designation", "DateGenerated"],
        &mut |_| Ok(()),
        &mut |n| {
            if n.name == "DateGenerated" {
                generated = day_of(uk_date(f.name, n.line, "DateGenerated", n.text.trim())?);
                return Ok(());
            }
            let id = n.text_of("UniqueID").ok_or_else(|| invalid(f.name, n.line, "UniqueID", "empty"))?;
            let mut primary = None;
            let mut others = vec![];
            for nm in n.all("Names").flat_map(|x| x.all("Name")) {
                let text = ["Name1", "Name2", "Name3", "Name4", "Name5", "Name6"]
                    .iter()
                    .filter_map(|t| nm.text_of(t))
                    .collect::<Vec<_>>()
                    .join(" ");
                if text.is_empty() {
                    continue;
                }
                match nm.text_of("NameType") {
                    Some(t) if t.eq_ignore_ascii_case("Primary Name") && primary.is_none() => primary = Some(text),
                    _ => others
                        .push((text, nm.text_of("AliasStrength").is_some_and(|s| s.to_lowercase().starts_with("low")))),
                }
            }
            let name = match primary {
                Some(p) => p,
                None if !others.is_empty() => others.remove(0).0,
                None => {
                    return Err(invalid(f.name, n.line, "Names/Name/Name6", format!("designation {id} has no name")))
                }
            };
            let mut e = entry(id.to_owned(), name);
            for (alias, weak) in others {
                if alias != e.name {
                    push_unique(if weak { &mut e.weak_aliases } else { &mut e.aliases }, alias);
                }
            }
            for nl in n.all("NonLatinNames").flat_map(|x| x.all("NonLatinName")) {
                if let Some(t) = nl.text_of("NameNonLatinScript") {
                    push_unique(&mut e.aliases, t.to_owned());
                }
            }
            e.entity_type = n.text_of("IndividualEntityShip").map(str::to_lowercase);
            e.programs = n.texts("RegimeName").map(str::to_owned).collect();
            for a in n.all("Addresses").flat_map(|x| x.all("Address")) {
                let parts = [
                    "AddressLine1",
                    "AddressLine2",
                    "AddressLine3",
                    "AddressLine4",
                    "AddressLine5",
                    "AddressLine6",
                    "AddressPostalCode",
                    "AddressCountry",
                ]
                .map(|t| a.text_of(t));
                if let Some(text) = address(parts) {
                    push_unique(&mut e.addresses, text);
                }
                if let Some(c) = a.text_of("AddressCountry") {
                    push_unique(&mut e.countries, c.to_owned());
                }
            }
            let nationalities = n
                .all("IndividualDetails")
                .flat_map(|x| x.all("Individual"))
                .flat_map(|x| x.all("Nationalities"))
                .flat_map(|x| x.texts("Nationality"));
            for c in nationalities {
                push_unique(&mut e.countries, c.to_owned());
            }
            let remarks: Vec<&str> =
                ["UKStatementofReasons", "OtherInformation"].iter().filter_map(|t| n.text_of(t)).collect();
            e.remarks = (!remarks.is_empty()).then(|| remarks.join(" "));
            let date = |field: &str| -> Result<Option<PartialDate>> {
                n.child(field)
                    .filter(|c| !c.text.trim().is_empty())
                    .map(|c| uk_date(f.name, c.line, field, &c.text))
                    .transpose()
            };
            e.since = date("DateDesignated")?;
            updated.push(date("LastUpdated")?.or(e.since));
            put.entry(e)?;
            Ok(())
        },
        progress,
    )?;
    out.content_date = generated.or_else(|| latest(updated));
    Ok(out)
}

/// UK list dates: `DD/MM/YYYY`, or ISO.
fn uk_date(file: &str, line: u64, field: &str, s: &str) -> Result<PartialDate> {
    if s.contains('/') {
        slash_date(file, line, field, s, true)
    } else {
        iso_date(file, line, field, s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remark_aliases_keep_apostrophes_inside_names() {
        assert_eq!(remark_aliases("a.k.a. 'BNC'."), vec!["BNC"]);
        assert_eq!(remark_aliases("a.k.a. 'L'AVENIR'; f.k.a. 'OLD NAME'; Linked To: X."), vec!["L'AVENIR", "OLD NAME"]);
        assert!(remark_aliases("DOB 1970; nationality Cuba.").is_empty());
    }

    #[test]
    fn line_numbers_count_crlf_and_lf_lines() {
        for text in ["id,name\r\n1,a\r\nx,b\r\n", "id,name\n1,a\nx,b\n"] {
            let f = InputFile::from_bytes("t.csv", text.as_bytes());
            let (_, rows) = Table::read(&f, &["name"]).unwrap();
            assert_eq!(rows.map(|r| r.unwrap().0).collect::<Vec<_>>(), [2, 3], "{text:?}");
        }
        let f = InputFile::from_bytes("u.csv", b"a,b\r\n1,2\r\n1,2,3\r\n");
        let e = Table::read(&f, &[]).unwrap().1.find_map(Result::err).unwrap();
        assert!(e.to_string().starts_with("u.csv: line 3: 3 fields"), "{e}");
    }

    #[test]
    fn fcc_rows_name_their_company() {
        assert_eq!(
            fcc_company(
                "Telecommunications equipment produced by Huawei Technologies Company, including telecommunications"
            )
            .unwrap()
            .0,
            "Huawei Technologies Company"
        );
        assert_eq!(
            fcc_company("services provided by Pacific Networks Corp and its wholly-owned subsidiary ComNet (USA) LLC subject to section 214"),
            Some(("Pacific Networks Corp".into(), vec!["ComNet (USA) LLC".into()]))
        );
        assert_eq!(
            fcc_company("services supplied, directly or indirectly, by AO Kaspersky Lab or any of its predecessors")
                .unwrap()
                .0,
            "AO Kaspersky Lab"
        );
        assert_eq!(fcc_company("Routers produced in a foreign country, except routers approved by DoW or DHS."), None);
    }
}
