//! Moving data between laptops and checking who sent it: bundle export and import, and the
//! keys that sign them. The CLI and the desktop shell call these; they only read and write the
//! files.

use crate::bundle::{self, ImportPlan, Manifest};
use crate::error::{Error, Refusal, Result};
use crate::model::TrustedKey;
use crate::Store;
use ed25519_dalek::SigningKey;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

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

/// Checks a bundle file (format, version, hash, signature against the trusted keys, timestamps)
/// and merges it. The file is read twice as a stream, one record at a time (see
/// `bundle::check_stream`): first every check, then the merge, in one transaction that a
/// refusal found on the way rolls back. Memory does not grow with the bundle. A file whose
/// records are not in the order RiskBrief writes them is read whole instead.
pub fn import_bundle<F: Read + Seek>(
    store: &mut Store,
    name: &str,
    file: &mut F,
    unsigned: Unsigned,
    mode: ImportMode,
) -> Result<ImportPlan> {
    let trusted: Vec<(String, String)> = store.trusted_keys()?.into_iter().map(|k| (k.public_key, k.name)).collect();
    let now = store.now().utc();
    let allow = unsigned == Unsigned::Allow;
    let dry_run = mode == ImportMode::DryRun;
    let io = |e: std::io::Error| crate::edge::io_error(Path::new(name), e);
    let checked = bundle::check_stream(name, &mut *file, &trusted, allow, now)?;
    file.seek(SeekFrom::Start(0)).map_err(io)?;
    match checked {
        Some(checked) => {
            let mut import = store.begin_bundle_import(checked.signer.clone(), dry_run)?;
            bundle::stream_records(name, &mut *file, &checked, &mut |r| import.put(r))?;
            import.finish(&checked.deletions)
        }
        None => {
            // The edge checked the file's size; one that grew since is cut at the cap, and then
            // fails its hash.
            let mut bytes = Vec::new();
            (&mut *file).take(crate::edge::Input::Bundle.max_bytes()).read_to_end(&mut bytes).map_err(io)?;
            let (b, signer) = bundle::open(name, &bytes, &trusted, allow, now)?;
            drop(bytes);
            store.import_bundle(&b, signer, dry_run)
        }
    }
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
