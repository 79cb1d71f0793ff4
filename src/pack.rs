//! List packs: the current official-list snapshots (entries, metadata, file hashes, changes) as
//! one versioned, gzip-compressed, optionally Ed25519-signed file (`.rbl`), which one connected
//! machine makes and every offline laptop imports. Building and opening are pure; applying a
//! pack is `screening::import_pack`.
//!
//! Layout: the line `RISKBRIEF-LIST-PACK` then a gzip stream of JSON `{manifest, lists}`
//! (flate2, already in the build; zstd packed smaller, but its C library put the .deb over budget). The
//! manifest carries the SHA-256 of the canonical JSON of `lists`; the signature covers the
//! manifest (but itself), and so, through the hash, every entry.

use crate::bundle::{hex, unhex, BundleSigner, Signature};
use crate::db::SCHEMA_VERSION;
use crate::error::{Error, Refusal, Result};
use crate::model::{ListChange, ListEntry, ListSnapshot, Timestamp};
use ed25519_dalek::{Signer, SigningKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Read;

/// The first bytes of every pack.
pub const MAGIC: &[u8] = b"RISKBRIEF-LIST-PACK\n";
/// The value of `manifest.format`.
pub const FORMAT: &str = "riskbrief-list-pack";
/// The pack layout this RiskBrief writes and the only one it reads.
pub const PACK_VERSION: u32 = 1;
/// The most a pack may decompress to (a hostile pack that would expand without bound is refused).
pub const MAX_UNPACKED: u64 = 4 << 30;
/// Compression level, the highest: packs are made once and read on many machines.
const LEVEL: u32 = 9;

/// What a pack says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackManifest {
    /// Always `FORMAT`.
    pub format: String,
    /// `PACK_VERSION`.
    pub pack_version: u32,
    /// The schema of the database that made it.
    pub schema_version: i64,
    /// When it was made.
    pub created_at: Timestamp,
    /// Who made it (the analyst, or the OS user).
    pub exported_by: String,
    /// SHA-256 (hex) of the canonical JSON of `lists`.
    pub content_sha256: String,
    /// How many lists and entries it holds.
    pub list_count: usize,
    /// All lists' entries together.
    pub entry_count: usize,
    /// The signature, when signed.
    pub signature: Option<Signature>,
}

/// One list's current snapshot in a pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackedList {
    /// The snapshot as the exporting database holds it (its id, dates, file hash and names).
    pub snapshot: ListSnapshot,
    /// Every entry, by key.
    pub entries: Vec<ListEntry>,
    /// What the snapshot added and removed relative to the one it replaced there.
    pub changes: Vec<ListChange>,
}

/// A list pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pack {
    /// Format, versions, origin, content hash, signature.
    pub manifest: PackManifest,
    /// The lists.
    pub lists: Vec<PackedList>,
}

fn content_hash(lists: &[PackedList]) -> String {
    let mut sha = Sha256::new();
    sha.update(serde_json::to_vec(lists).expect("plain data serialises"));
    hex(&sha.finalize())
}

fn signing_message(m: &PackManifest) -> Vec<u8> {
    let mut unsigned = m.clone();
    unsigned.signature = None;
    serde_json::to_vec(&unsigned).expect("plain data serialises")
}

/// Builds a pack of `lists`, signed when a key is given.
pub fn create(lists: Vec<PackedList>, created_at: Timestamp, exported_by: String, key: Option<&SigningKey>) -> Pack {
    let mut manifest = PackManifest {
        format: FORMAT.into(),
        pack_version: PACK_VERSION,
        schema_version: SCHEMA_VERSION,
        created_at,
        exported_by,
        content_sha256: content_hash(&lists),
        list_count: lists.len(),
        entry_count: lists.iter().map(|l| l.entries.len()).sum(),
        signature: None,
    };
    if let Some(k) = key {
        let sig = k.sign(&signing_message(&manifest));
        manifest.signature =
            Some(Signature { public_key: crate::bundle::public_key_hex(k), signature: hex(&sig.to_bytes()) });
    }
    Pack { manifest, lists }
}

/// The pack's file bytes.
pub fn to_bytes(p: &Pack) -> Vec<u8> {
    let json = serde_json::to_vec(p).expect("plain data serialises");
    let mut gz = flate2::write::GzEncoder::new(MAGIC.to_vec(), flate2::Compression::new(LEVEL));
    std::io::Write::write_all(&mut gz, &json).expect("compressing to memory does not fail");
    gz.finish().expect("compressing to memory does not fail")
}

/// Reads and checks a pack: its format and version, that it decompresses whole, the content
/// hash, the signature (`trusted`: public key hex and name; a signed pack must be signed by a
/// trusted key; an unsigned one is refused when keys are trusted, unless `allow_unsigned`), and
/// each list (entries named, keys unique, the count the snapshot states). Any failure refuses
/// the whole pack.
pub fn open(
    name: &str,
    bytes: &[u8],
    trusted: &[(String, String)],
    allow_unsigned: bool,
) -> Result<(Pack, Option<BundleSigner>)> {
    let bad = |kind: Refusal, msg: String| Error::refused(kind, format!("{name}: {msg}; nothing was imported"));
    let Some(body) = bytes.strip_prefix(MAGIC) else {
        let kind = if MAGIC.starts_with(bytes) { Refusal::Truncated } else { Refusal::WrongFormat };
        return Err(bad(kind, "not a RiskBrief list pack (it does not begin with RISKBRIEF-LIST-PACK)".into()));
    };
    let mut json = vec![];
    let decoder = flate2::read::GzDecoder::new(body);
    decoder
        .take(MAX_UNPACKED + 1)
        .read_to_end(&mut json)
        .map_err(|e| bad(Refusal::Truncated, format!("the compressed data is cut off or damaged ({e})")))?;
    if json.len() as u64 > MAX_UNPACKED {
        return Err(bad(Refusal::Malformed, format!("it unpacks to more than {} GiB", MAX_UNPACKED >> 30)));
    }
    #[derive(Deserialize)]
    struct Head {
        manifest: HeadManifest,
    }
    #[derive(Deserialize)]
    struct HeadManifest {
        format: Option<String>,
        pack_version: Option<u32>,
        schema_version: Option<i64>,
    }
    let malformed = |e: serde_json::Error| bad(Refusal::Malformed, format!("malformed pack: {e}"));
    let head: Head = serde_json::from_slice(&json).map_err(malformed)?;
    if head.manifest.format.as_deref() != Some(FORMAT) {
        return Err(bad(Refusal::WrongFormat, format!("manifest.format is not \"{FORMAT}\"")));
    }
    match (head.manifest.pack_version, head.manifest.schema_version) {
        (Some(v), _) if v > PACK_VERSION => {
            return Err(bad(
                Refusal::NewerVersion,
                format!("pack version {v} is newer than this RiskBrief reads ({PACK_VERSION}); upgrade RiskBrief"),
            ))
        }
        (_, Some(s)) if s > SCHEMA_VERSION => {
            return Err(bad(
                Refusal::NewerVersion,
                format!(
                "written by a newer RiskBrief (schema {s}, this one understands {SCHEMA_VERSION}); upgrade RiskBrief"
            ),
            ))
        }
        (Some(PACK_VERSION), _) => {}
        (v, _) => return Err(bad(Refusal::WrongFormat, format!("pack version {v:?} is not one this RiskBrief reads"))),
    }
    let pack: Pack = serde_json::from_slice(&json).map_err(malformed)?;
    if content_hash(&pack.lists) != pack.manifest.content_sha256 {
        return Err(bad(
            Refusal::Altered,
            "its lists do not match their SHA-256: the pack was altered or damaged".into(),
        ));
    }
    let signer = crate::bundle::check_signature(
        pack.manifest.signature.as_ref(),
        &signing_message(&pack.manifest),
        "pack",
        trusted,
        allow_unsigned,
    )
    .map_err(|(kind, msg)| bad(kind, msg))?;
    let mut lists = std::collections::HashSet::new();
    for l in &pack.lists {
        let s = &l.snapshot;
        let what = format!("list {:?} ({})", s.list, s.title);
        if !lists.insert(s.list.as_str()) {
            return Err(bad(Refusal::Malformed, format!("{what} appears twice")));
        }
        if s.list.trim().is_empty() || unhex(&s.file_hash).map(|h| h.len()) != Some(32) {
            return Err(bad(Refusal::Malformed, format!("{what}: snapshot.list or snapshot.file_hash is not valid")));
        }
        if l.entries.len() != s.entry_count as usize {
            return Err(bad(
                Refusal::Malformed,
                format!("{what}: {} entries where its snapshot states {}", l.entries.len(), s.entry_count),
            ));
        }
        crate::lists::check_entries(&format!("{name}: {what}"), &l.entries)
            .map_err(|e| bad(Refusal::Malformed, e.to_string()))?;
    }
    Ok((pack, signer))
}
