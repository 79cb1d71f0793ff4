//! Dataset bundles: a versioned JSON file of records with a manifest, the SHA-256 of its
//! content, and an optional Ed25519 signature, for moving data between offline laptops.
//! Creating, checking and planning are pure; `Store::import_bundle` applies a plan.

use crate::db::SCHEMA_VERSION;
use crate::error::{Error, Refusal, Result};
use crate::model::{AnyRecord, Dataset, RecordKind, RecordRef, Timestamp};
use chrono::{DateTime, Utc};
use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{self, Write};
use ts_rs::TS;
use uuid::Uuid;

/// The value of `manifest.format` that marks a file as a RiskBrief bundle; `open` refuses any
/// other as `Refusal::WrongFormat`.
pub const FORMAT: &str = "riskbrief-bundle";
/// The bundle layout this RiskBrief writes and the only one it reads: a higher
/// `manifest.bundle_version` is `Refusal::NewerVersion`, a lower or missing one
/// `Refusal::WrongFormat`.
pub const BUNDLE_VERSION: u32 = 1;

/// A record the bundle says to delete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Deletion {
    /// "companies", "sources", "allegations", "designations", "restrictions", "cloud_offerings"
    /// or "deployments".
    pub table: String,
    /// The stable id of the record to delete; a record this database does not hold is skipped.
    pub id: Uuid,
}

/// The Ed25519 signature of a bundle's manifest, and the key that made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signature {
    /// Ed25519 public key, hex.
    pub public_key: String,
    /// Signature over the manifest without this field (canonical JSON), hex.
    pub signature: String,
}

/// What a bundle says about itself. The signature covers all of it (but itself), and through
/// `content_sha256` the records and deletions too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `FORMAT` ("riskbrief-bundle").
    pub format: String,
    /// The bundle layout version (`BUNDLE_VERSION`).
    pub bundle_version: u32,
    /// Database schema the records follow.
    pub schema_version: i64,
    /// When the bundle was made (RFC 3339). No record's `updated_at` may be later, and it may
    /// not be more than a day after the importer's clock.
    pub created_at: String,
    /// Who made the bundle: the exporting store's analyst (or OS user).
    pub exported_by: String,
    /// SHA-256 (hex) of the canonical JSON of `[content, deletions]`.
    pub content_sha256: String,
    /// How many records `content` holds, all kinds together (deletions not counted).
    pub record_count: usize,
    /// The signature, when the bundle was signed.
    pub signature: Option<Signature>,
}

/// A dataset bundle as written to and read from its JSON file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    /// Format, versions, origin, content hash and signature.
    pub manifest: Manifest,
    /// The records to merge, by stable id.
    pub content: Dataset,
    /// Records to delete here (absent in the file: none).
    #[serde(default)]
    pub deletions: Vec<Deletion>,
}

/// `bytes` as lower-case hex, two characters a byte.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes a hex string spells (either case; surrounding spaces ignored); None for an odd
/// length or a character that is not a hex digit.
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

/// Feeds what is written to a SHA-256, so that a hash is computed without holding the bytes.
struct Hashing<'a>(&'a mut Sha256);

impl Write for Hashing<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// SHA-256 (hex) of the canonical (compact) JSON of `[content, deletions]`.
fn content_hash(content: &Dataset, deletions: &[Deletion]) -> String {
    let mut sha = Sha256::new();
    serde_json::to_writer(Hashing(&mut sha), &(content, deletions)).expect("plain data serialises");
    hex(&sha.finalize())
}

fn signing_message(m: &Manifest) -> Vec<u8> {
    let mut unsigned = m.clone();
    unsigned.signature = None;
    serde_json::to_vec(&unsigned).expect("plain data serialises")
}

/// A signing key from its 32 secret bytes (hex), as `keys generate` writes them.
pub fn signing_key(secret_hex: &str) -> Result<SigningKey> {
    let bytes: [u8; 32] = unhex(secret_hex)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| Error::Validation("signing key: expected 64 hex characters".into()))?;
    Ok(SigningKey::from_bytes(&bytes))
}

/// The public key (hex) of a signing key.
pub fn public_key_hex(key: &SigningKey) -> String {
    hex(key.verifying_key().as_bytes())
}

/// Builds a bundle of `content`, signed when a key is given.
pub fn create(
    content: Dataset,
    deletions: Vec<Deletion>,
    created_at: String,
    exported_by: String,
    key: Option<&SigningKey>,
) -> Bundle {
    let record_count = content.records().count();
    let manifest = manifest(content_hash(&content, &deletions), record_count, created_at, exported_by, key);
    Bundle { manifest, content, deletions }
}

/// The manifest of content with this hash and count, signed when a key is given.
fn manifest(
    content_sha256: String,
    record_count: usize,
    created_at: String,
    exported_by: String,
    key: Option<&SigningKey>,
) -> Manifest {
    let mut manifest = Manifest {
        format: FORMAT.into(),
        bundle_version: BUNDLE_VERSION,
        schema_version: SCHEMA_VERSION,
        created_at,
        exported_by,
        content_sha256,
        record_count,
        signature: None,
    };
    if let Some(k) = key {
        let sig = k.sign(&signing_message(&manifest));
        manifest.signature = Some(Signature { public_key: public_key_hex(k), signature: hex(&sig.to_bytes()) });
    }
    manifest
}

/// Writes a bundle record by record, for exports too large to hold in memory: each record on a
/// line of its own as it comes, hashed as it is written, and the manifest last (a JSON object's
/// members are unordered, so `open` reads the file as any other). The hash is the one `create`
/// computes for the same records: it covers their canonical JSON, not this layout.
/// Records must come in `Dataset::ORDER`.
pub struct Writer<W: Write> {
    out: W,
    sha: Sha256,
    /// How many of `Dataset::ORDER`'s arrays have been opened.
    opened: usize,
    /// Whether a record has been written to the open array.
    any: bool,
    count: usize,
}

impl<W: Write> Writer<W> {
    /// Starts a bundle on `out`.
    pub fn new(mut out: W) -> io::Result<Self> {
        out.write_all(b"{\n\"content\": {")?;
        let mut sha = Sha256::new();
        sha.update(b"[{");
        Ok(Writer { out, sha, opened: 0, any: false, count: 0 })
    }

    /// Opens the arrays of `Dataset::ORDER` up to `through` (an index into it). A record of a
    /// kind whose array was already closed is refused: it would be written in the wrong array.
    fn open_through(&mut self, through: usize) -> io::Result<()> {
        if through + 1 < self.opened {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "bundle records out of order"));
        }
        while self.opened <= through {
            let at = self.opened;
            self.opened += 1;
            // An optional kind passed over has no records: left out, as serde leaves it out.
            if at >= Dataset::ALWAYS && at < through {
                continue;
            }
            // The first array is always written, so any later one closes an open array.
            if at > 0 {
                self.out.write_all(b"\n],")?;
                self.sha.update(b"],");
            }
            let name = Dataset::ORDER[at].table();
            write!(self.out, "\n\"{name}\": [")?;
            self.sha.update(format!("\"{name}\":[").as_bytes());
            self.any = false;
        }
        Ok(())
    }

    fn element(&mut self, json: &[u8]) -> io::Result<()> {
        if self.any {
            self.out.write_all(b",")?;
            self.sha.update(b",");
        }
        self.out.write_all(b"\n")?;
        self.out.write_all(json)?;
        self.sha.update(json);
        self.any = true;
        Ok(())
    }

    /// Writes one record.
    pub fn record(&mut self, r: RecordRef<'_>) -> io::Result<()> {
        let at = Dataset::ORDER.iter().position(|k| *k == r.kind()).expect("every kind is in the order");
        self.open_through(at)?;
        self.element(&serde_json::to_vec(&r)?)?;
        self.count += 1;
        Ok(())
    }

    /// Closes the content and writes the deletions; returns the content hash (hex).
    fn close(&mut self, deletions: &[Deletion]) -> io::Result<String> {
        // The arrays every dataset holds; the others were opened only if they have records (an
        // empty one is left out, as serde leaves it out).
        if self.opened < Dataset::ALWAYS {
            self.open_through(Dataset::ALWAYS - 1)?;
        }
        self.out.write_all(b"\n]\n},\n\"deletions\": [")?;
        self.sha.update(b"]},[");
        self.any = false;
        for d in deletions {
            self.element(&serde_json::to_vec(d)?)?;
        }
        self.sha.update(b"]]");
        Ok(hex(&std::mem::take(&mut self.sha).finalize()))
    }

    /// Writes the deletions and the manifest (signed when a key is given), and returns the
    /// output and the manifest.
    pub fn finish(
        mut self,
        deletions: &[Deletion],
        created_at: String,
        exported_by: String,
        key: Option<&SigningKey>,
    ) -> io::Result<(W, Manifest)> {
        let sha = self.close(deletions)?;
        let manifest = manifest(sha, self.count, created_at, exported_by, key);
        self.out.write_all(b"\n],\n\"manifest\": ")?;
        serde_json::to_writer_pretty(&mut self.out, &manifest)?;
        self.out.write_all(b"\n}\n")?;
        Ok((self.out, manifest))
    }
}

/// Checks the Ed25519 signature of a bundle or list pack (`what`) over `message`: it must match
/// and be made by one of the `trusted` keys (public key hex, name); an unsigned file is refused
/// when keys are trusted, unless `allow_unsigned`. The refusal's kind and words, for the caller
/// to name its file in.
pub fn check_signature(
    sig: Option<&Signature>,
    message: &[u8],
    what: &str,
    trusted: &[(String, String)],
    allow_unsigned: bool,
) -> std::result::Result<Option<BundleSigner>, (Refusal, String)> {
    let Some(sig) = sig else {
        if !trusted.is_empty() && !allow_unsigned {
            return Err((
                Refusal::Unsigned,
                format!("unsigned, and this database only accepts {what}s signed by a trusted key (use --allow-unsigned to override)"),
            ));
        }
        return Ok(None);
    };
    let malformed = |m: &str| (Refusal::BadSignature, m.to_string());
    let key: [u8; 32] =
        unhex(&sig.public_key).and_then(|b| b.try_into().ok()).ok_or_else(|| malformed("malformed signing key"))?;
    let key = VerifyingKey::from_bytes(&key).map_err(|_| malformed("malformed signing key"))?;
    let s: [u8; 64] =
        unhex(&sig.signature).and_then(|b| b.try_into().ok()).ok_or_else(|| malformed("malformed signature"))?;
    key.verify(message, &ed25519_dalek::Signature::from_bytes(&s)).map_err(|_| {
        (
            Refusal::BadSignature,
            format!("the signature does not match: the {what} was altered or signed with another key"),
        )
    })?;
    let Some((_, who)) = trusted.iter().find(|(k, _)| *k == sig.public_key) else {
        return Err((
            Refusal::UntrustedKey,
            format!(
                "signed by an untrusted key {}; if you trust it, run `riskbrief keys trust` with its .pub file",
                sig.public_key
            ),
        ));
    };
    Ok(Some(BundleSigner { public_key: sig.public_key.clone(), name: who.clone() }))
}

/// Who signed a checked bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BundleSigner {
    /// The signing key's Ed25519 public key, 64 lower-case hex characters.
    pub public_key: String,
    /// The name this database trusts the key under.
    pub name: String,
}

/// Parses and checks a bundle file: format, schema version, content hash, signature. `trusted`
/// holds (public key hex, name). A signed bundle must be signed by a trusted key; an unsigned
/// one is refused when keys are trusted, unless `allow_unsigned`.
/// `now` bounds the timestamps: no record may claim to be newer than the bundle, nor the
/// bundle newer than a day from now (a record dated 9999 would otherwise win every merge).
/// This holds the whole bundle; `stream` reads one as a stream.
pub fn open(
    name: &str,
    bytes: &[u8],
    trusted: &[(String, String)],
    allow_unsigned: bool,
    now: DateTime<Utc>,
) -> Result<(Bundle, Option<BundleSigner>)> {
    let text = crate::lists::text(name, bytes)?;
    // The manifest alone first, so that a bundle of another kind or version is named as such.
    let head: Head = serde_json::from_str(text).map_err(|e| json_error(name, e))?;
    check_head(name, &head.manifest)?;
    // Typed parsing refuses a key given twice (two `legal_name`s, two manifests): JSON lets
    // the last one win silently, which would let a bundle say two things at once.
    let bundle: Bundle = serde_json::from_str(text).map_err(|e| json_error(name, e))?;
    let sha = content_hash(&bundle.content, &bundle.deletions);
    let mut newest = Newest::default();
    bundle.content.records().for_each(|r| newest.note(r));
    let signer = verify(
        name,
        &bundle.manifest,
        &sha,
        crate::validate::dataset(&bundle.content).err(),
        &newest,
        &bundle.deletions,
        (trusted, allow_unsigned, now),
    )?;
    Ok((bundle, signer))
}

/// A refusal of bundle `name`, which says that nothing was imported.
fn refused(name: &str, kind: Refusal, msg: String) -> Error {
    Error::refused(kind, format!("{name}: {msg}; nothing was imported"))
}

/// A bundle that is not well-formed JSON of the bundle's shape, refused with where.
fn json_error(name: &str, e: serde_json::Error) -> Error {
    if e.is_eof() || e.is_syntax() {
        refused(
            name,
            if e.is_eof() { Refusal::Truncated } else { Refusal::Malformed },
            format!(
                "not a complete JSON bundle (truncated or corrupt?) at line {}, column {}: {e}",
                e.line(),
                e.column()
            ),
        )
    } else {
        refused(name, Refusal::Malformed, format!("malformed bundle: {e}"))
    }
}

/// Refuses a file whose manifest does not say it is a bundle this RiskBrief reads.
fn check_head(name: &str, m: &HeadManifest) -> Result<()> {
    if m.format.as_deref() != Some(FORMAT) {
        return Err(refused(
            name,
            Refusal::WrongFormat,
            "not a RiskBrief bundle (manifest.format is not \"riskbrief-bundle\")".into(),
        ));
    }
    if let Some(v) = m.schema_version.filter(|v| *v > SCHEMA_VERSION) {
        return Err(Error::refused(
            Refusal::NewerVersion,
            format!(
            "{name}: written by a newer RiskBrief (schema {v}, this one understands {SCHEMA_VERSION}); upgrade RiskBrief; nothing was imported"
        )));
    }
    if m.bundle_version != Some(BUNDLE_VERSION) {
        return Err(refused(
            name,
            if m.bundle_version > Some(BUNDLE_VERSION) { Refusal::NewerVersion } else { Refusal::WrongFormat },
            format!(
                "bundle version {} is not one this RiskBrief reads (it reads version {BUNDLE_VERSION})",
                m.bundle_version.map_or("(none)".into(), |v| v.to_string())
            ),
        ));
    }
    Ok(())
}

/// The record with the latest `updated_at` (the first of them), which no record may pass.
#[derive(Default)]
struct Newest(Option<(RecordKind, Uuid, Timestamp)>);

impl Newest {
    fn note(&mut self, r: RecordRef<'_>) {
        let at = r.updated_at();
        if self.0.is_none_or(|(_, _, t)| at > t) {
            self.0 = Some((r.kind(), r.id(), at));
        }
    }
}

/// The checks of a parsed bundle whose manifest says what it is (`check_head`), in the order
/// `open` has always made them: the content is what the manifest hashed (`sha`, computed),
/// the signature, the records' rules (`invalid`: the first broken one), the timestamps, the
/// deletions' tables.
/// `trust` is (trusted keys, allow unsigned, now).
fn verify(
    name: &str,
    manifest: &Manifest,
    sha: &str,
    invalid: Option<Error>,
    newest: &Newest,
    deletions: &[Deletion],
    trust: (&[(String, String)], bool, DateTime<Utc>),
) -> Result<Option<BundleSigner>> {
    let (trusted, allow_unsigned, now) = trust;
    let bad = |kind: Refusal, msg: String| refused(name, kind, msg);
    if sha != manifest.content_sha256 {
        return Err(bad(
            Refusal::Altered,
            "content does not match its SHA-256: the bundle was altered or damaged".into(),
        ));
    }
    let signer =
        check_signature(manifest.signature.as_ref(), &signing_message(manifest), "bundle", trusted, allow_unsigned)
            .map_err(|(kind, msg)| bad(kind, msg))?;
    // A record that breaks a rule is named with its field, so that a form can show it there.
    if let Some(e) = invalid {
        return Err(match e {
            Error::Invalid { what, record, field, problem } => {
                Error::Invalid { what: format!("{name}: {what}"), record, field, problem }
            }
            other => bad(Refusal::Malformed, other.to_string()),
        });
    }
    check_times(&manifest.created_at, newest, now).map_err(|e| bad(Refusal::Malformed, e))?;
    for d in deletions {
        if RecordKind::from_table(&d.table).is_none() {
            return Err(bad(
                Refusal::Malformed,
                format!(
                    "deletion of {} names an unknown table {:?} (expected one of {})",
                    d.id,
                    d.table,
                    RecordKind::DELETION_ORDER.map(RecordKind::table).join(", ")
                ),
            ));
        }
    }
    Ok(signer)
}

#[derive(Deserialize)]
struct Head {
    manifest: HeadManifest,
}

#[derive(Deserialize)]
struct HeadManifest {
    format: Option<String>,
    bundle_version: Option<u32>,
    schema_version: Option<i64>,
}

/// A stored timestamp (RFC 3339), as a point in time.
pub fn timestamp(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

/// The bundle's `created_at` is an RFC 3339 time no later than a day after `now`, and no
/// record's `updated_at` (the newest) is later than it.
fn check_times(created_at: &str, newest: &Newest, now: DateTime<Utc>) -> std::result::Result<(), String> {
    let created =
        timestamp(created_at).ok_or_else(|| format!("manifest.created_at {created_at:?} is not an RFC 3339 time"))?;
    if created > now + chrono::Duration::days(1) {
        return Err(format!("manifest.created_at {created_at} is in the future"));
    }
    match newest.0 {
        Some((kind, id, at)) if at.utc() > created => Err(format!(
            "{} {id}: field `updated_at`: {at} is later than the bundle itself ({created_at})",
            kind.noun()
        )),
        _ => Ok(()),
    }
}

// Reading a bundle as a stream, for files too large to hold: one pass over the file, holding a
// few hundred records at a time. A thread of its own parses the file, hashes the content as it
// passes and makes every check `open` makes, while the caller's thread merges each record it
// hands on; the merge is kept only if the whole file passes. The hash takes the records in
// `Dataset::ORDER`: the order every RiskBrief writes. A file in another order is read whole.

/// A bundle file `stream` read to its end and accepted: who signed it, what it deletes.
#[derive(Debug)]
pub struct Streamed {
    /// Who signed it (None: unsigned, and accepted).
    pub signer: Option<BundleSigner>,
    /// The records it deletes.
    pub deletions: Vec<Deletion>,
}

/// What went into a pass over a bundle file, and what it found.
struct Walk<'s> {
    /// Where each record goes.
    sink: &'s mut dyn FnMut(AnyRecord),
    /// Hashes the content as it passes (nothing is written).
    hash: Writer<io::Sink>,
    /// A record came after a kind that follows its own in `Dataset::ORDER`.
    out_of_order: bool,
    manifest: Option<Manifest>,
    deletions: Option<Vec<Deletion>>,
}

/// Why a pass stopped early.
enum Stop {
    /// Not well-formed JSON of a bundle's shape.
    Malformed,
    /// The file could not be read.
    Io(io::Error),
    OutOfOrder,
}

/// The file's bytes, past a UTF-8 byte-order mark.
fn reader<R: io::Read>(file: R) -> io::Result<io::BufReader<R>> {
    use io::BufRead;
    let mut r = io::BufReader::with_capacity(1 << 20, file);
    if r.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        r.consume(3);
    }
    Ok(r)
}

/// One pass over a bundle file: each record to `sink`, the manifest and deletions kept.
fn walk<R: io::Read>(file: R, sink: &mut dyn FnMut(AnyRecord)) -> std::result::Result<Walk<'_>, Stop> {
    let mut w = Walk {
        sink,
        hash: Writer::new(io::sink()).expect("a sink takes anything"),
        out_of_order: false,
        manifest: None,
        deletions: None,
    };
    let mut de = serde_json::Deserializer::from_reader(reader(file).map_err(Stop::Io)?);
    let parsed = serde::de::DeserializeSeed::deserialize(TopSeed(&mut w), &mut de).and_then(|()| de.end());
    match parsed {
        Ok(()) => Ok(w),
        Err(_) if w.out_of_order => Err(Stop::OutOfOrder),
        Err(e) if e.is_io() => Err(Stop::Io(e.into())),
        Err(_) => Err(Stop::Malformed),
    }
}

impl Walk<'_> {
    /// Hashes a record and hands it to the sink; Err (a record out of order) stops the pass.
    fn put(&mut self, r: AnyRecord) -> std::result::Result<(), ()> {
        if self.hash.record(r.as_ref()).is_err() {
            self.out_of_order = true;
            return Err(());
        }
        (self.sink)(r);
        Ok(())
    }

    fn sha(&mut self) -> String {
        let deletions = self.deletions.as_deref().unwrap_or_default();
        self.hash.close(deletions).expect("a sink takes anything")
    }
}

/// What the reading thread found: the pass (content hash, manifest, deletions), the first
/// record that breaks a rule, and the newest record.
type Pass = (std::result::Result<(String, Option<Manifest>, Vec<Deletion>), Stop>, Option<Error>, Newest);

/// The reading thread hands records on in batches of this many (one at a time, waking the
/// other thread for each cost more than the parsing), at most `AHEAD` batches ahead of the merge.
const BATCH: usize = 64;
const AHEAD: usize = 4;

/// Reads a bundle file in one pass and hands each record to `sink`, in order, as it is read;
/// then makes every check `open` makes (format, versions, content hash, signature against
/// `trusted`, each record's rules and references, timestamps against `now`). The file is
/// parsed, hashed and checked on a thread of its own while `sink` runs on the caller's, a few
/// hundred records behind, so memory does not grow with the file. The reading thread also
/// runs `prepare` on each record, and `sink` takes its result with the record: work the merge
/// needs that needs no database is done there. `sink` sees no record after the first that
/// breaks a rule, and none after it has failed once.
///
/// Whatever `sink` did is for the caller to undo unless this returns `Ok(Some(_))`: the file
/// refused (the same refusal as `open`'s), `sink` failed (its error, unless the file is refused
/// too: a refusal names the file's own fault first), or `Ok(None)` when the file must be read
/// whole with `open` instead: its records are not in `Dataset::ORDER`, or it is not well-formed
/// (then `open` says where). A file that cannot be read is an `Error::Io` naming it.
pub fn stream<R: io::Read + Send, P: Send>(
    name: &str,
    file: R,
    trusted: &[(String, String)],
    allow_unsigned: bool,
    now: DateTime<Utc>,
    prepare: &(dyn Fn(RecordRef<'_>) -> P + Sync),
    sink: &mut dyn FnMut(RecordRef<'_>, P) -> Result<()>,
) -> Result<Option<Streamed>> {
    let mut failed: Option<Error> = None;
    let (walked, invalid, newest) = std::thread::scope(|s| {
        // Made in the scope, so that a panic in `sink` drops the receiver and the reading
        // thread, no longer blocked on a full channel, ends: the scope waits for it.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<(AnyRecord, P)>>(AHEAD);
        let reading = s.spawn(move || -> Pass {
            let mut check = crate::validate::DatasetCheck::default();
            let mut invalid: Option<Error> = None;
            let mut newest = Newest::default();
            let mut batch = Vec::with_capacity(BATCH);
            let walked = walk(file, &mut |r| {
                newest.note(r.as_ref());
                if invalid.is_none() {
                    invalid = check.record(r.as_ref()).err();
                }
                if invalid.is_none() {
                    let prepared = prepare(r.as_ref());
                    batch.push((r, prepared));
                    if batch.len() == BATCH {
                        // A merge that has stopped hangs up; the file is still read to its
                        // end, to be hashed and checked.
                        let _ = tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
                    }
                }
            })
            .map(|mut w| {
                let sha = w.sha();
                (sha, w.manifest.take(), w.deletions.take().unwrap_or_default())
            });
            if walked.is_ok() {
                let _ = tx.send(batch);
            }
            (walked, invalid, newest)
        });
        for (r, prepared) in rx.iter().flatten() {
            if failed.is_none() {
                failed = sink(r.as_ref(), prepared).err();
            }
        }
        reading.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    let (sha, manifest, deletions) = match walked {
        Ok(w) => w,
        Err(Stop::Io(e)) => return Err(crate::edge::io_error(std::path::Path::new(name), e)),
        Err(Stop::Malformed | Stop::OutOfOrder) => return Ok(None),
    };
    let Some(manifest) = manifest else { return Ok(None) };
    check_head(
        name,
        &HeadManifest {
            format: Some(manifest.format.clone()),
            bundle_version: Some(manifest.bundle_version),
            schema_version: Some(manifest.schema_version),
        },
    )?;
    let signer = verify(name, &manifest, &sha, invalid, &newest, &deletions, (trusted, allow_unsigned, now))?;
    match failed {
        Some(e) => Err(e),
        None => Ok(Some(Streamed { signer, deletions })),
    }
}

/// The names of `Dataset`'s arrays, in `Dataset::ORDER`.
const TABLES: [&str; Dataset::ORDER.len()] = {
    let mut names = [""; Dataset::ORDER.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = Dataset::ORDER[i].table();
        i += 1;
    }
    names
};

/// The bundle's top-level object: `manifest`, `content`, `deletions` (others are passed over,
/// as `Bundle` passes them over); a member given twice is refused, as typed parsing does.
struct TopSeed<'a, 's>(&'a mut Walk<'s>);

impl<'de> serde::de::DeserializeSeed<'de> for TopSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for TopSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a RiskBrief bundle (an object with manifest, content and deletions)")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        use serde::de::Error as _;
        let mut content = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "manifest" if self.0.manifest.is_some() => return Err(A::Error::duplicate_field("manifest")),
                "manifest" => self.0.manifest = Some(map.next_value()?),
                "content" if content => return Err(A::Error::duplicate_field("content")),
                "content" => {
                    content = true;
                    map.next_value_seed(ContentSeed(&mut *self.0))?;
                }
                "deletions" if self.0.deletions.is_some() => return Err(A::Error::duplicate_field("deletions")),
                "deletions" => self.0.deletions = Some(map.next_value()?),
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        if !content {
            return Err(A::Error::missing_field("content"));
        }
        Ok(())
    }
}

/// `content`: each of `Dataset`'s arrays at most once, no other member.
struct ContentSeed<'a, 's>(&'a mut Walk<'s>);

impl<'de> serde::de::DeserializeSeed<'de> for ContentSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for ContentSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("the bundle's content: an object of arrays of records")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        use serde::de::Error as _;
        let mut seen = [false; TABLES.len()];
        while let Some(key) = map.next_key::<String>()? {
            let Some(at) = TABLES.iter().position(|t| *t == key) else {
                return Err(A::Error::unknown_field(&key, &TABLES));
            };
            if std::mem::replace(&mut seen[at], true) {
                return Err(A::Error::duplicate_field(TABLES[at]));
            }
            map.next_value_seed(ArraySeed(&mut *self.0, Dataset::ORDER[at]))?;
        }
        Ok(())
    }
}

/// One of `content`'s arrays, of records of one kind, each handed on as it is parsed.
struct ArraySeed<'a, 's>(&'a mut Walk<'s>, RecordKind);

impl<'de> serde::de::DeserializeSeed<'de> for ArraySeed<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for ArraySeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "an array of {} records", self.1.noun())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> std::result::Result<(), A::Error> {
        let w = self.0;
        match self.1 {
            RecordKind::Source => each(seq, w, AnyRecord::Source),
            RecordKind::Company => each(seq, w, AnyRecord::Company),
            RecordKind::Allegation => each(seq, w, AnyRecord::Allegation),
            RecordKind::Designation => each(seq, w, AnyRecord::Designation),
            RecordKind::Restriction => each(seq, w, AnyRecord::Restriction),
            RecordKind::CloudOffering => each(seq, w, AnyRecord::CloudOffering),
            RecordKind::Deployment => each(seq, w, AnyRecord::Deployment),
            RecordKind::Scenario => each(seq, w, AnyRecord::Scenario),
            RecordKind::Person => each(seq, w, AnyRecord::Person),
            RecordKind::Relation => each(seq, w, AnyRecord::Relation),
        }
    }
}

/// Parses each element of `seq` as a `T` and hands it on, one at a time.
fn each<'de, T: Deserialize<'de>, A: serde::de::SeqAccess<'de>>(
    mut seq: A,
    w: &mut Walk<'_>,
    wrap: fn(T) -> AnyRecord,
) -> std::result::Result<(), A::Error> {
    while let Some(x) = seq.next_element::<T>()? {
        w.put(wrap(x)).map_err(|()| serde::de::Error::custom("out of order"))?;
    }
    Ok(())
}

/// What importing a record does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum MergeAction {
    /// New here: added.
    Add,
    /// The bundle's version is newer (`updated_at`): replaces the local one.
    Update,
    /// Identical: nothing to do.
    Same,
    /// The local version is newer: kept.
    KeepLocal,
    /// Both changed at the same time, differently: reported, not applied.
    Conflict,
    /// The bundle deletes it.
    Delete,
}

/// What importing a bundle does (or, in a dry run, would do) to one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PlanItem {
    /// The kind of record, serialised as its table ("allegations", …).
    #[serde(with = "crate::model::as_table")]
    #[ts(as = "crate::model::RecordTable")]
    pub table: RecordKind,
    /// The record's stable id.
    pub id: Uuid,
    /// A human handle: slug, summary, title…
    pub label: String,
    /// What happens to it.
    pub action: MergeAction,
    /// Fields that differ (for update, keep-local and conflict).
    pub fields: Vec<String>,
}

/// How many of a bundle's records each action touches: every record it holds or deletes is
/// counted once (with what a deleted company takes with it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PlanTally {
    /// New here.
    pub add: u32,
    /// Replaced by the bundle's newer version.
    pub update: u32,
    /// Identical.
    pub same: u32,
    /// Newer here: kept.
    pub keep_local: u32,
    /// Changed on both sides at the same time: not applied.
    pub conflict: u32,
    /// Deleted.
    pub delete: u32,
}

impl PlanTally {
    /// How many records have `action`.
    pub fn get(&self, action: MergeAction) -> u32 {
        match action {
            MergeAction::Add => self.add,
            MergeAction::Update => self.update,
            MergeAction::Same => self.same,
            MergeAction::KeepLocal => self.keep_local,
            MergeAction::Conflict => self.conflict,
            MergeAction::Delete => self.delete,
        }
    }

    fn slot(&mut self, action: MergeAction) -> &mut u32 {
        match action {
            MergeAction::Add => &mut self.add,
            MergeAction::Update => &mut self.update,
            MergeAction::Same => &mut self.same,
            MergeAction::KeepLocal => &mut self.keep_local,
            MergeAction::Conflict => &mut self.conflict,
            MergeAction::Delete => &mut self.delete,
        }
    }
}

/// The outcome of a bundle import, written (or, in a dry run, rolled back) in one transaction:
/// every record counted by what happens to it, and the records worth a look listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportPlan {
    /// How many records each action touches.
    pub tally: PlanTally,
    /// In the bundle's order (sources, companies, allegations, designations, restrictions, cloud
    /// offerings, …, then its deletions, each with what goes with it): every conflict, and of
    /// each other action but "same" the first `ImportPlan::LISTED` records. Identical records,
    /// and those past the limit (a large bundle's thousands of additions), are only counted.
    pub items: Vec<PlanItem>,
    /// Who signed the bundle, with a trusted key; None when it was unsigned.
    pub signer: Option<BundleSigner>,
    /// True when the plan was applied (false for a dry run).
    pub applied: bool,
}

impl ImportPlan {
    /// How many records of each action but conflict are listed at most.
    pub const LISTED: u32 = 500;

    /// A plan with nothing decided yet.
    pub fn new(signer: Option<BundleSigner>, applied: bool) -> ImportPlan {
        ImportPlan { tally: PlanTally::default(), items: vec![], signer, applied }
    }

    /// Counts one decision, and lists it when it is worth a look and within the limit.
    pub fn note(&mut self, item: PlanItem) {
        let n = self.tally.slot(item.action);
        *n += 1;
        let listed = match item.action {
            MergeAction::Conflict => true,
            MergeAction::Same => false,
            _ => *n <= Self::LISTED,
        };
        if listed {
            self.items.push(item);
        }
    }

    /// How many records have `action`.
    pub fn count(&self, action: MergeAction) -> usize {
        self.tally.get(action) as usize
    }

    /// How many records have `action` but are not listed in `items` (past the limit, or "same").
    pub fn unlisted(&self, action: MergeAction) -> usize {
        self.count(action) - self.items.iter().filter(|i| i.action == action).count()
    }
}

/// Decides what happens to one record: `local` is the stored version, if any.
pub fn decide<T: Serialize>(
    incoming: &T,
    incoming_updated: Timestamp,
    local: Option<(&T, Timestamp)>,
) -> (MergeAction, Vec<String>) {
    let Some((local, local_updated)) = local else { return (MergeAction::Add, vec![]) };
    let (a, b) = (serde_json::to_value(incoming).expect("data"), serde_json::to_value(local).expect("data"));
    if a == b {
        return (MergeAction::Same, vec![]);
    }
    let fields: Vec<String> = a
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(k, v)| b.get(k.as_str()) != Some(v) && *k != "updated_at")
                .map(|(k, _)| k.clone())
                .collect()
        })
        .unwrap_or_default();
    let action = match incoming_updated.cmp(&local_updated) {
        std::cmp::Ordering::Greater => MergeAction::Update,
        std::cmp::Ordering::Less => MergeAction::KeepLocal,
        std::cmp::Ordering::Equal if fields.is_empty() => MergeAction::Same,
        std::cmp::Ordering::Equal => MergeAction::Conflict,
    };
    (action, fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Dataset {
        crate::dataset::bundled().expect("the bundled dataset loads")
    }

    /// A streamed bundle is the bundle `create` makes of the same records: same hash, same
    /// count, and `open` reads it back to the same content.
    #[test]
    fn a_streamed_bundle_is_the_bundle_create_makes() {
        let data = sample();
        let deletions = vec![Deletion { table: "companies".into(), id: Uuid::now_v7() }];
        let at = "2026-12-30T00:00:00Z".to_string();
        let mut w = Writer::new(Vec::new()).unwrap();
        for r in data.records() {
            w.record(r).unwrap();
        }
        let (bytes, manifest) = w.finish(&deletions, at.clone(), "t".into(), None).unwrap();
        let made = create(data.clone(), deletions, at, "t".into(), None);
        assert_eq!(manifest, made.manifest);
        let (read, _) = open("x.json", &bytes, &[], true, timestamp(&made.manifest.created_at).unwrap()).unwrap();
        assert_eq!(read, made);
    }

    /// A sink that panics ends the pass with its panic, not a hang: the reading thread, blocked
    /// ahead of the merge on a full channel, is let go and the scope ends.
    #[test]
    fn a_panicking_sink_panics_the_pass_instead_of_hanging() {
        let mut data = sample();
        let template = data.sources[0].clone();
        let more = (0..4 * BATCH * AHEAD).map(|_| crate::model::Source { id: Uuid::now_v7(), ..template.clone() });
        data.sources.extend(more);
        let at = "2026-12-30T00:00:00Z";
        let bytes = serde_json::to_vec(&create(data, vec![], at.into(), "t".into(), None)).unwrap();
        let now = timestamp(at).unwrap();
        let mut merged = 0;
        let pass = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            stream("b.json", &bytes[..], &[], true, now, &|_| (), &mut |_, ()| {
                merged += 1;
                assert!(merged < 10, "the merge broke");
                Ok(())
            })
        }));
        let panic = pass.expect_err("the sink's panic goes on");
        assert_eq!(panic.downcast_ref::<&str>(), Some(&"the merge broke"));
        assert_eq!(merged, 10);
    }

    /// Every decision is counted; conflicts are always listed, "same" never, the rest up to the limit.
    #[test]
    fn a_plan_counts_everything_and_lists_what_is_worth_a_look() {
        let mut plan = ImportPlan::new(None, false);
        let item = |action| PlanItem {
            table: RecordKind::Company,
            id: Uuid::now_v7(),
            label: "x".into(),
            action,
            fields: vec![],
        };
        let over = ImportPlan::LISTED as usize + 3;
        for action in [MergeAction::Add, MergeAction::Conflict, MergeAction::Same, MergeAction::Delete] {
            for _ in 0..over {
                plan.note(item(action));
            }
        }
        plan.note(item(MergeAction::Update));
        let listed = |a| plan.items.iter().filter(|i| i.action == a).count();
        assert_eq!((plan.count(MergeAction::Add), listed(MergeAction::Add)), (over, ImportPlan::LISTED as usize));
        assert_eq!((plan.count(MergeAction::Conflict), listed(MergeAction::Conflict)), (over, over));
        assert_eq!((plan.count(MergeAction::Same), listed(MergeAction::Same)), (over, 0));
        assert_eq!(plan.unlisted(MergeAction::Delete), 3);
        assert_eq!((plan.count(MergeAction::Update), plan.unlisted(MergeAction::Update)), (1, 0));
        assert_eq!(plan.count(MergeAction::KeepLocal), 0);
    }

    /// Records of a kind whose array is already closed are refused, not written in the wrong one.
    #[test]
    fn a_streamed_bundle_refuses_records_out_of_order() {
        let data = sample();
        let mut w = Writer::new(Vec::new()).unwrap();
        w.record(RecordRef::Company(&data.companies[0])).unwrap();
        assert_eq!(w.record(RecordRef::Source(&data.sources[0])).unwrap_err().kind(), io::ErrorKind::InvalidInput);
    }
}
