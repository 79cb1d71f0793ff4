//! Official-list files: parsing the published formats into list entries.
//!
//! The edges open the files; this module gets their names and readers, and reads each once, as
//! a stream (`InputFile`), so it stays pure and a list's memory is bounded by a buffer and an
//! entry, not by the file. Every problem is reported with the file, the line and the field, and
//! nothing is stored unless the whole file set parses.

mod formats;
mod input;
mod xml;

pub use input::InputFile;

use crate::error::{Error, Refusal, Result};
use crate::model::{ListEntry, ListFormat, ListOwner, ListRegime, OfficialList};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};

/// A list as read from its files, ready to be stored as a snapshot; its entries went to the
/// sink as they were read.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedList {
    /// Stable key of the list (`ofac_sdn`, `dod_1260h`, `opensanctions:<dataset>`, …): a new
    /// snapshot replaces the current one with the same key.
    pub list: String,
    /// The list's title, as shown and cited ("Consolidated Screening List").
    pub title: String,
    /// Who publishes the list (the agency, or OpenSanctions).
    pub publisher: String,
    /// Where the list is published, when known.
    pub url: Option<String>,
    /// The format the files were read in.
    pub format: ListFormat,
    /// The latest date the files themselves give (a listing date, a last-change date), if any.
    pub content_date: Option<NaiveDate>,
    /// How many screenable entries went to the sink; never 0 (an import with none is refused).
    pub entry_count: u32,
    /// The entries that state who owns them (`ListEntry::owners`), also kept here for the
    /// relations they state: a few, where the sink may hold a million.
    pub owned: Vec<ListEntry>,
    /// Rows read but not kept as screenable entries, with why ("3 equipment classes name no company").
    pub notes: Vec<String>,
}

/// Where a parser's entries go, in file order, each as soon as it is read: the import stores
/// them, so that a list's memory is bounded by what one entry takes, not by the file.
pub trait EntrySink {
    /// Takes `e`; false, with nothing taken, when an entry with the same key came before.
    fn put(&mut self, e: &ListEntry) -> Result<bool>;

    /// Adds `owners` to the entry taken with `key` (a file may name an entry's owners after the
    /// entry): the entry as it now stands, or None when no entry has that key.
    fn add_owners(&mut self, key: &str, owners: &[ListOwner]) -> Result<Option<ListEntry>>;
}

/// Entries kept in memory, in file order (a list pack's, the fuzz targets').
#[derive(Debug, Default)]
pub struct Collected {
    /// The entries taken.
    pub entries: Vec<ListEntry>,
    at: std::collections::HashMap<String, usize>,
}

impl EntrySink for Collected {
    fn put(&mut self, e: &ListEntry) -> Result<bool> {
        if self.at.contains_key(&e.key) {
            return Ok(false);
        }
        self.at.insert(e.key.clone(), self.entries.len());
        self.entries.push(e.clone());
        Ok(true)
    }

    fn add_owners(&mut self, key: &str, owners: &[ListOwner]) -> Result<Option<ListEntry>> {
        Ok(self.at.get(key).map(|&i| {
            self.entries[i].owners.extend_from_slice(owners);
            self.entries[i].clone()
        }))
    }
}

/// A parser's way to its sink: every entry is checked (a name with a letter or digit, a key not
/// seen before in the file set) on its way, and counted.
pub(crate) struct Put<'a> {
    file: &'a str,
    sink: &'a mut dyn EntrySink,
    count: u32,
    owned: Vec<ListEntry>,
}

impl Put<'_> {
    /// Puts `e`, or refuses the file set naming the entry.
    pub(crate) fn entry(&mut self, e: ListEntry) -> Result<()> {
        match self.try_entry(e)? {
            None => Ok(()),
            Some(e) => {
                Err(Error::Validation(format!("{}: entry key {:?} appears twice ({})", self.file, e.key, e.name)))
            }
        }
    }

    /// Puts `e`; gives it back, with nothing put, when an entry with its key came before (for a
    /// parser that says where, in its own words). A name without a letter or digit refuses the
    /// file set.
    pub(crate) fn try_entry(&mut self, e: ListEntry) -> Result<Option<ListEntry>> {
        check_name(self.file, &e)?;
        if !self.sink.put(&e)? {
            return Ok(Some(e));
        }
        if !e.owners.is_empty() {
            self.owned.push(e);
        }
        self.count += 1;
        Ok(None)
    }

    /// Adds `owners` to the entry put with `key`, if any (the entry then states its owners);
    /// called once per key.
    pub(crate) fn owners(&mut self, key: &str, owners: &[ListOwner]) -> Result<()> {
        if let Some(e) = self.sink.add_owners(key, owners)? {
            self.owned.push(e);
        }
        Ok(())
    }
}

/// Reads `files` in `format`, putting each entry into `sink` as it is read (the sink holds the
/// entries read so far when the file set is refused; the import then rolls them back).
/// `progress(done, total)` is called as bytes are consumed.
pub fn parse(
    format: ListFormat,
    files: &[InputFile],
    progress: &mut dyn FnMut(u64, u64),
    sink: &mut dyn EntrySink,
) -> Result<ParsedList> {
    if files.is_empty() {
        return Err(Error::Validation("no list file given".into()));
    }
    let several = matches!(format, ListFormat::Ofac | ListFormat::OfacConsolidated);
    if !several && files.len() > 1 {
        return Err(Error::Validation(format!("the {} format takes one file, got {}", format.code(), files.len())));
    }
    let mut put = Put { file: files[0].name, sink, count: 0, owned: vec![] };
    let p = &mut put;
    let mut parsed = match format {
        ListFormat::Ofac | ListFormat::OfacConsolidated => formats::ofac(format, files, progress, p)?,
        ListFormat::UnXml => formats::un(&files[0], progress, p)?,
        ListFormat::BisDpl => formats::bis_dpl(&files[0], p)?,
        ListFormat::EuFsfXml => formats::eu_fsf(&files[0], progress, p)?,
        ListFormat::UkSanctionsXml => formats::uk_sanctions(&files[0], progress, p)?,
        ListFormat::Dod1260h => formats::dod_1260h(&files[0], p)?,
        ListFormat::FccCovered => formats::fcc(&files[0], p)?,
        ListFormat::Ndaa889 => formats::ndaa_889(&files[0], p)?,
        ListFormat::BisMeu => formats::bis_meu(&files[0], p)?,
        ListFormat::OpenSanctionsCsv => formats::opensanctions_csv(&files[0], p)?,
        ListFormat::OpenSanctionsFtm => formats::opensanctions_ftm(&files[0], p)?,
        ListFormat::Csl => formats::csl(&files[0], p)?,
    };
    let total = files.iter().map(InputFile::size).sum();
    progress(total, total);
    // An empty result never replaces a list: an empty, header-only or cut-off file is a failed
    // download, not a list whose every entry was removed.
    if put.count == 0 {
        return Err(Error::refused(
            Refusal::NoEntries,
            format!(
                "{}: no list entries found (the file is empty, holds only a header, or is not a {} file); \
             nothing was imported and the current snapshot is kept",
                files[0].name,
                format.code()
            ),
        ));
    }
    parsed.entry_count = put.count;
    parsed.owned = put.owned;
    // By key, the order the store reads entries in.
    parsed.owned.sort_unstable_by(|a, b| a.key.cmp(&b.key));
    Ok(parsed)
}

/// An entry's name has a letter or digit; `file` opens the message.
fn check_name(file: &str, e: &ListEntry) -> Result<()> {
    if e.name.chars().any(char::is_alphanumeric) {
        return Ok(());
    }
    Err(Error::Validation(format!(
        "{file}: entry {:?}: its name has no letter or digit (empty, or only invisible characters); nothing was imported",
        e.key
    )))
}

/// Every entry has a name with a letter or digit, and no key appears twice; `name` (the file)
/// opens the message.
pub fn check_entries(name: &str, entries: &[ListEntry]) -> Result<()> {
    entries.iter().try_for_each(|e| check_name(name, e))?;
    let mut seen = std::collections::HashSet::new();
    for e in entries {
        if !seen.insert(e.key.as_str()) {
            return Err(Error::Validation(format!("{name}: entry key {:?} appears twice ({})", e.key, e.name)));
        }
    }
    Ok(())
}

/// The bytes of a text file as UTF-8 (a byte-order mark is dropped). UTF-16, which Excel and
/// Windows tools often save, is named as such, with how to convert it; other bytes that are not
/// UTF-8 are refused with their line.
pub fn text<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str> {
    if input::utf16(bytes) {
        return Err(input::utf16_refusal(name));
    }
    let s = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() as u64 + 1;
        input::not_utf8(name, line)
    })?;
    Ok(s.trim_start_matches('\u{feff}'))
}

/// SHA-256 over the files in order (each file's hash, then the hash of those), hex; once the
/// files have been read to their ends (`parse`).
pub fn files_hash(files: &[InputFile]) -> Result<String> {
    let mut all = Sha256::new();
    for f in files {
        all.update(f.digest()?);
    }
    Ok(crate::bundle::hex(&all.finalize()))
}

/// A date written in a file name ("ofac-sdn-2023-03-01.csv" → 2023-03-01).
pub fn date_in_name(name: &str) -> Option<NaiveDate> {
    let b = name.as_bytes();
    (0..b.len().saturating_sub(9)).rev().find_map(|i| {
        let s = name.get(i..i + 10)?;
        let ok = s.bytes().enumerate().all(|(j, c)| if j == 4 || j == 7 { c == b'-' } else { c.is_ascii_digit() });
        if ok {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
        } else {
            None
        }
    })
}

/// The official list a snapshot (or, for consolidated lists, an entry's source list) stands for,
/// used when a confirmed hit becomes a designation.
pub fn official_list(list: &str, source_list: Option<&str>) -> OfficialList {
    let name = source_list.unwrap_or(list).to_ascii_lowercase();
    match list {
        "ofac_sdn" => OfficialList::OfacSdn,
        "dod_1260h" => OfficialList::Dod1260h,
        "fcc_covered" => OfficialList::FccCovered,
        "ndaa_889" => OfficialList::Ndaa889,
        "bis_meu" => OfficialList::BisMeu,
        "bis_dpl" => OfficialList::BisDpl,
        "ofac_non_sdn" => OfficialList::OfacNonSdn,
        "un_sc" => OfficialList::UnSc,
        "eu_fsf" => OfficialList::EuFsf,
        "uk_sanctions" => OfficialList::UkSanctions,
        _ if name.contains("denied persons") => OfficialList::BisDpl,
        _ if name.contains("specially designated nationals") || name.contains("(sdn)") => OfficialList::OfacSdn,
        _ if name.contains("entity list") => OfficialList::BisEntityList,
        _ if name.contains("military end user") || name.contains("military end-user") => OfficialList::BisMeu,
        _ => OfficialList::Other,
    }
}

/// The regime a list snapshot belongs to, from its key: the lists RiskBrief reads by their
/// official list; OpenSanctions datasets by their country prefix (`us_`, `un_`, `eu_`, `gb_`);
/// the trade.gov CSL is U.S.
pub fn regime(list: &str) -> ListRegime {
    let dataset = list.strip_prefix("opensanctions:").unwrap_or(list);
    match official_list(list, None) {
        OfficialList::Other if list == "csl" => ListRegime::Us,
        OfficialList::Other => match dataset.split(['_', '-']).next() {
            Some("us") => ListRegime::Us,
            Some("un") => ListRegime::Un,
            Some("eu") => ListRegime::Eu,
            Some("gb") => ListRegime::Uk,
            _ => ListRegime::Other,
        },
        l => l.regime(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_file_names() {
        assert_eq!(date_in_name("ofac-sdn-2023-03-01.csv"), NaiveDate::from_ymd_opt(2023, 3, 1));
        assert_eq!(date_in_name("/x/2024-13-01/sdn.csv"), None);
        assert_eq!(date_in_name("sdn.csv"), None);
    }

    #[test]
    fn consolidated_sources_map_to_lists() {
        assert_eq!(
            official_list("csl", Some("Entity List (EL) - Bureau of Industry and Security")),
            OfficialList::BisEntityList
        );
        assert_eq!(
            official_list("csl", Some("Specially Designated Nationals (SDN) - Treasury Department")),
            OfficialList::OfacSdn
        );
        assert_eq!(official_list("opensanctions", None), OfficialList::Other);
    }

    #[test]
    fn every_list_has_its_regime() {
        assert_eq!(regime("ofac_sdn"), ListRegime::Us);
        assert_eq!(regime("un_sc"), ListRegime::Un);
        assert_eq!(regime("eu_fsf"), ListRegime::Eu);
        assert_eq!(regime("uk_sanctions"), ListRegime::Uk);
        assert_eq!(regime("csl"), ListRegime::Us);
        assert_eq!(regime("opensanctions:gb_hmt_sanctions"), ListRegime::Uk);
        assert_eq!(regime("opensanctions:sanctions"), ListRegime::Other);
    }
}
