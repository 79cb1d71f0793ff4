//! Moving data between laptops and checking who sent it: bundle export and import, and the
//! keys that sign them. The CLI and the desktop shell call these; they only read and write the
//! files.

use crate::bundle::{self, ImportPlan, Manifest};
use crate::error::{Error, Refusal, Result};
use crate::model::TrustedKey;
use crate::Store;
use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use ts_rs::TS;

/// Whether an import changes the database or only says what it would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// Merge and commit.
    Apply,
    /// Perform the merge and roll it back: the plan is exactly what `Apply` would do.
    DryRun,
}

/// Whether an unsigned bundle is accepted although keys are trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsigned {
    /// Refused once any key is trusted (the default).
    RefuseWhenKeysTrusted,
    /// Accepted even when keys are trusted, because the user asked for it; a signed bundle is
    /// still checked against the trusted keys.
    Allow,
}

/// Writes a bundle of everything, or of one company with the sources it cites, to `out`,
/// signed when a key is given and stamped with the store's clock and analyst. Records are
/// streamed from the database one at a time (see `bundle::Writer`), so memory does not grow with
/// the database. `shown` names the output in an error. Returns the bundle's manifest.
pub fn export_bundle(
    store: &Store,
    company: Option<&str>,
    key: Option<&SigningKey>,
    out: &mut dyn Write,
    shown: &Path,
) -> Result<Manifest> {
    let id = company.map(|c| store.find_company(c)).transpose()?.map(|c| c.id);
    let io = |e: std::io::Error| crate::edge::io_error(shown, e);
    let mut w = bundle::Writer::new(out).map_err(io)?;
    store.export_records(id, &mut |r| w.record(r).map_err(io))?;
    let (_, manifest) = w.finish(&[], store.now().to_string(), store.actor().to_string(), key).map_err(io)?;
    Ok(manifest)
}

crate::model::labelled_enum!(
    /// The steps of a bundle import: a file read as a stream is checked and merged in one step;
    /// one read whole (its records not in the order RiskBrief writes them) is read and checked
    /// first, then merged. The search index catches up after the import (`SearchProgress`).
    BundlePhase {
        Checking = "checking", "Checking the file";
        Merging = "merging", "Merging records";
    }
);

/// Progress of a bundle import, sent to the UI as events and drawn as a bar by the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BundleProgress {
    /// Which step: checking the file, or merging its records.
    pub phase: BundlePhase,
    /// Work done so far in this step: bytes read (checking; merging a file read as a stream),
    /// or records merged (merging a file read whole).
    #[ts(type = "number")]
    pub done: u64,
    /// The step's whole work, in the same unit; 0 when the step has nothing to do (it is done).
    #[ts(type = "number")]
    pub total: u64,
}

/// How far the search index is in catching up with what bundle imports merged (see
/// `Store::catch_up_search`), sent to the UI as events after an import and at start-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchProgress {
    /// Records indexed so far.
    #[ts(type = "number")]
    pub done: u64,
    /// Records to index in all: those done and those left (an edit made meanwhile adds one).
    #[ts(type = "number")]
    pub total: u64,
}

/// A reader that counts the bytes that have passed, for another thread to report (`BufReader`
/// reads a megabyte at a time).
struct Counted<'c, R> {
    inner: R,
    done: &'c AtomicU64,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.done.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Passes a report on when its step or its whole percent changes, so that a step sends about a
/// hundred reports however large the file; never one that goes back (a file read whole after a
/// first pass stopped early is read again from its start).
struct Reports<'p> {
    sink: &'p mut dyn FnMut(BundleProgress),
    /// The last report passed on: its step, percent and work done.
    last: Option<(BundlePhase, u64, u64)>,
}

impl Reports<'_> {
    fn step(&mut self, phase: BundlePhase, done: u64, total: u64) {
        let percent = (done.min(total) * 100).checked_div(total).unwrap_or(100);
        if let Some((p, pc, d)) = self.last {
            if p == phase && (pc == percent || done < d) {
                return;
            }
        }
        self.last = Some((phase, percent, done));
        (self.sink)(BundleProgress { phase, done, total });
    }
}

/// Checks a bundle file (format, version, hash, signature against the trusted keys, timestamps)
/// and merges it, in one transaction that a refusal rolls back. The file is read once, as a
/// stream (see `bundle::stream`): checked on one thread while its records are merged on this
/// one, so memory does not grow with the bundle. A file whose records are not in the order
/// RiskBrief writes them is read whole instead. `progress` hears how far each step is (see
/// `BundleProgress`).
pub fn import_bundle<F: Read + Seek + Send>(
    store: &mut Store,
    name: &str,
    file: &mut F,
    unsigned: Unsigned,
    mode: ImportMode,
    progress: &mut dyn FnMut(BundleProgress),
) -> Result<ImportPlan> {
    let trusted: Vec<(String, String)> = store.trusted_keys()?.into_iter().map(|k| (k.public_key, k.name)).collect();
    let now = store.now().utc();
    let allow = unsigned == Unsigned::Allow;
    let dry_run = mode == ImportMode::DryRun;
    let io = |e: std::io::Error| crate::edge::io_error(Path::new(name), e);
    let size = file.seek(SeekFrom::End(0)).map_err(io)?;
    file.seek(SeekFrom::Start(0)).map_err(io)?;
    let mut reports = Reports { sink: progress, last: None };
    reports.step(BundlePhase::Merging, 0, size);
    let read = AtomicU64::new(0);
    let mut import = store.begin_bundle_import(dry_run)?;
    let file_read = Counted { inner: &mut *file, done: &read };
    let streamed = bundle::stream(name, file_read, &trusted, allow, now, &|_| (), &mut |r, ()| {
        reports.step(BundlePhase::Merging, read.load(Ordering::Relaxed), size);
        import.put(r)
    })?;
    if let Some(streamed) = streamed {
        reports.step(BundlePhase::Merging, read.load(Ordering::Relaxed), size);
        return import.finish(streamed.signer, &streamed.deletions);
    }
    // Read whole: what the stream merged is rolled back first.
    drop(import);
    file.seek(SeekFrom::Start(0)).map_err(io)?;
    // The edge checked the file's size; one that grew since is cut at the cap, and then fails
    // its hash.
    let mut bytes = Vec::new();
    let mut reading = (&mut *file).take(crate::edge::Input::Bundle.max_bytes());
    reports.step(BundlePhase::Checking, 0, size);
    while (&mut reading).take(1 << 20).read_to_end(&mut bytes).map_err(io)? > 0 {
        reports.step(BundlePhase::Checking, bytes.len() as u64, size);
    }
    let (b, signer) = bundle::open(name, &bytes, &trusted, allow, now)?;
    drop(bytes);
    // Held whole, the merge is counted in records.
    let records = b.content.records().count() as u64;
    reports.step(BundlePhase::Merging, 0, records);
    let mut import = store.begin_bundle_import(dry_run)?;
    for (i, r) in b.content.records().enumerate() {
        import.put(r)?;
        reports.step(BundlePhase::Merging, i as u64 + 1, records);
    }
    import.finish(signer, &b.deletions)
}

/// Trusts the public key in `text` (64 hex characters, as `keys generate` writes it).
pub fn trust_key(store: &mut Store, file: &str, text: &str, name: String) -> Result<TrustedKey> {
    let hex = text.trim().to_lowercase();
    if bundle::unhex(&hex).map(|b| b.len()) != Some(32) {
        return Err(Error::refused(
            Refusal::WrongFormat,
            format!("{file}: not a public key (expected 64 hex characters)"),
        ));
    }
    let key = TrustedKey { public_key: hex, name, added_at: store.now() };
    store.trust_key(&key)?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heard(steps: &[(BundlePhase, u64, u64)]) -> Vec<(BundlePhase, u64, u64)> {
        let mut out = Vec::new();
        let mut sink = |p: BundleProgress| out.push((p.phase, p.done, p.total));
        let mut reports = Reports { sink: &mut sink, last: None };
        for &(phase, done, total) in steps {
            reports.step(phase, done, total);
        }
        out
    }

    /// A report passes when its step or whole percent changes; one that goes back in its step
    /// (a file read again from its start) does not, nor does one within the same percent.
    #[test]
    fn reports_pass_on_whole_percent_changes_and_never_go_back() {
        use BundlePhase::*;
        let bytes: Vec<_> = (0..=10_000).map(|done| (Checking, done, 10_000)).collect();
        let passed = heard(&bytes);
        assert_eq!(passed.len(), 101, "one a percent");
        assert_eq!(passed.first(), Some(&(Checking, 0, 10_000)));
        assert_eq!(passed.last(), Some(&(Checking, 10_000, 10_000)));
        assert!(passed.windows(2).all(|w| w[1].1 > w[0].1));

        // A first pass stopped at half the file, then the file read again from its start.
        let passed = heard(&[(Checking, 0, 100), (Checking, 50, 100), (Checking, 10, 100), (Checking, 60, 100)]);
        assert_eq!(passed, [(Checking, 0, 100), (Checking, 50, 100), (Checking, 60, 100)]);

        // A new step starts again from nothing; an empty step is done at once.
        let passed = heard(&[(Checking, 100, 100), (Merging, 0, 100), (Merging, 0, 100)]);
        assert_eq!(passed, [(Checking, 100, 100), (Merging, 0, 100)]);
        assert_eq!(heard(&[(Merging, 0, 0), (Merging, 0, 0)]), [(Merging, 0, 0)]);
    }
}
