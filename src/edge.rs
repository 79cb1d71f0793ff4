//! Helpers for the edges (the CLI and the desktop shell): the only code of the library that
//! reads files other than the database. Scoring and brief building never call it.

use crate::brief::fonts::{FontSet, SYSTEM_CJK_CANDIDATES};
use std::path::PathBuf;

/// The shared database in the OS data directory, unless `RISKBRIEF_DB` names another.
pub fn database_path() -> Option<PathBuf> {
    match std::env::var_os("RISKBRIEF_DB") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => dirs::data_dir().map(|d| crate::db::default_path(&d)),
    }
}

/// Where briefs go when no path is chosen: the setting, else `Documents/RiskBrief`.
pub fn briefs_dir(setting: &str) -> PathBuf {
    if !setting.trim().is_empty() {
        return PathBuf::from(setting.trim());
    }
    dirs::document_dir().or_else(dirs::home_dir).unwrap_or_else(|| PathBuf::from(".")).join("RiskBrief")
}

/// Loads the fonts for PDF briefs once: the bundled family plus a system CJK font if one is
/// installed (`RISKBRIEF_CJK_FONT=PATH[#INDEX]` chooses one). The second value, when set, is a
/// notice for the log that no system CJK font was found.
pub fn load_fonts() -> Result<(FontSet, Option<String>), String> {
    let mut candidates: Vec<(String, u32)> = Vec::new();
    if let Ok(v) = std::env::var("RISKBRIEF_CJK_FONT") {
        let (path, index) = match v.rsplit_once('#') {
            Some((p, i)) => (p.to_string(), i.parse().unwrap_or(0)),
            None => (v.clone(), 0),
        };
        candidates.push((path, index));
    }
    candidates.extend(SYSTEM_CJK_CANDIDATES.iter().map(|(p, i)| (p.to_string(), *i)));
    let system = candidates.into_iter().find_map(|(path, index)| {
        let bytes = std::fs::read(&path).ok()?;
        // Parsed once, kept for the life of the process.
        Some((&*Box::leak(bytes.into_boxed_slice()), index, path))
    });
    let notice = system.is_none().then(|| {
        "no system CJK font found; using the bundled subset, which covers the sample data only. \
         Install fonts-noto-cjk (Debian) for any Chinese, Japanese or Korean name."
            .to_string()
    });
    Ok((FontSet::new(system)?, notice))
}

/// The current time, to the second: the one clock every edge stamps with.
pub fn now() -> crate::model::Timestamp {
    crate::model::Timestamp::from_utc(chrono::Utc::now())
}

/// Who the audit trail names for records written from the bundled sample.
pub fn seeding_context() -> crate::db::AuditContext {
    crate::db::AuditContext { actor: "bundled dataset".into(), now }
}

/// The audit context for this process: the configured analyst, else the OS user.
pub fn audit_context(analyst: &str) -> crate::db::AuditContext {
    let actor = if analyst.trim().is_empty() {
        std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".into())
    } else {
        analyst.trim().to_string()
    };
    crate::db::AuditContext { actor, now }
}

/// Opens the database at `path`; a new file is created and filled from the bundled sample.
/// Changes are audited under the configured analyst (or the OS user), stamped with the clock.
pub fn open_database(path: &std::path::Path) -> crate::Result<(crate::Store, crate::db::Opened)> {
    let seed = if path.exists() { None } else { Some(crate::app::exposure::sample(now())?) };
    let seed = seed.as_ref().map(|(data, deployments)| (data, deployments.as_slice()));
    let (mut store, opened) = crate::Store::open_seeded(path, seed, seeding_context())?;
    let analyst = store.settings()?.analyst;
    store.set_audit_context(audit_context(&analyst));
    Ok((store, opened))
}

/// A file-system failure on `path`, in words: a full disk and a missing folder are named.
pub fn io_error(path: &std::path::Path, e: std::io::Error) -> crate::Error {
    use std::io::ErrorKind;
    let shown = path.display();
    let message = match e.kind() {
        ErrorKind::NotFound => format!("{shown}: no such file or folder"),
        ErrorKind::StorageFull => format!("cannot write {shown}: the disk is full; nothing was written"),
        ErrorKind::PermissionDenied => format!("{shown}: permission denied"),
        _ => format!("{shown}: {e}"),
    };
    crate::Error::Io { path: path.to_path_buf(), kind: e.kind(), message }
}

/// Moves a finished temporary file into place (it is synced first). Without `overwrite`, an
/// existing `path` is refused, atomically; on any failure the temporary file is removed.
pub fn persist(tmp: tempfile::NamedTempFile, path: &std::path::Path, overwrite: bool) -> crate::Result<()> {
    tmp.as_file().sync_all().map_err(|e| io_error(path, e))?;
    rename_synced(tmp, path, overwrite)
}

/// `persist` for a temporary file already synced.
fn rename_synced(tmp: tempfile::NamedTempFile, path: &std::path::Path, overwrite: bool) -> crate::Result<()> {
    let done = if overwrite { tmp.persist(path) } else { tmp.persist_noclobber(path) };
    done.map_err(|e| match e.error.kind() {
        std::io::ErrorKind::AlreadyExists => {
            crate::Error::Conflict(format!("{} already exists; use --force to overwrite it", path.display()))
        }
        _ => io_error(path, e.error),
    })?;
    // The rename itself is durable once the folder is synced.
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Writes `bytes` to `path` whole or not at all: a temporary file in the same folder, synced,
/// then renamed into place. An existing file is kept unless `overwrite`.
pub fn write_file(path: &std::path::Path, bytes: &[u8], overwrite: bool) -> crate::Result<()> {
    write_file_then(path, |w| w.write_all(bytes).map_err(|e| io_error(path, e)), overwrite, 0o644, || Ok(()))
}

/// Exports a dataset bundle (see `app::exchange::export_bundle`) to `path`, whole or not at all
/// (as `write_file`), streamed from the database through a buffer.
pub fn export_bundle(
    store: &crate::Store,
    company: Option<&str>,
    key: Option<&ed25519_dalek::SigningKey>,
    path: &std::path::Path,
    overwrite: bool,
) -> crate::Result<crate::bundle::Manifest> {
    let mut manifest = None;
    write_file_then(
        path,
        |w| {
            manifest = Some(crate::app::exchange::export_bundle(store, company, key, w, path)?);
            Ok(())
        },
        overwrite,
        0o644,
        || Ok(()),
    )?;
    Ok(manifest.expect("written"))
}

/// `write_file` for a secret (a signing key): readable by its owner only.
pub fn write_secret(path: &std::path::Path, bytes: &[u8]) -> crate::Result<()> {
    write_file_then(path, |w| w.write_all(bytes).map_err(|e| io_error(path, e)), false, 0o600, || Ok(()))
}

/// Writes a PDF brief and records it in the brief history: the PDF is written to a temporary
/// file beside `path` and synced, the brief is recorded, and only then is the file renamed into
/// place. A brief on disk is always a recorded one; a failure leaves neither.
pub fn save_pdf_brief(
    store: &mut crate::Store,
    built: &crate::app::BuiltBrief,
    fonts: &FontSet,
    path: &std::path::Path,
    overwrite: bool,
) -> crate::Result<(crate::model::BriefRecord, Vec<String>)> {
    let shown = std::path::absolute(path).unwrap_or(path.to_path_buf()).display().to_string();
    let (bytes, record, warnings) = crate::app::render_pdf(built, fonts, uuid::Uuid::now_v7(), Some(shown), now());
    write_file_then(
        path,
        |w| w.write_all(&bytes).map_err(|e| io_error(path, e)),
        overwrite,
        0o644,
        || store.record_brief(&record, built.snapshot.as_deref()),
    )?;
    Ok((record, warnings))
}

fn write_file_then(
    path: &std::path::Path,
    content: impl FnOnce(&mut dyn std::io::Write) -> crate::Result<()>,
    overwrite: bool,
    mode: u32,
    before_rename: impl FnOnce() -> crate::Result<()>,
) -> crate::Result<()> {
    use std::io::Write;
    if !overwrite && path.exists() {
        return Err(crate::Error::Conflict(format!("{} already exists; use --force to overwrite it", path.display())));
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let mut tmp =
        tempfile::Builder::new().prefix(".riskbrief-").suffix(".tmp").tempfile_in(dir).map_err(|e| io_error(dir, e))?;
    {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, tmp.as_file_mut());
        content(&mut w)?;
        w.flush().map_err(|e| io_error(path, e))?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(mode)).map_err(|e| io_error(path, e))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    tmp.as_file().sync_all().map_err(|e| io_error(path, e))?;
    before_rename()?;
    rename_synced(tmp, path, overwrite)
}

/// Input files RiskBrief reads: list files, bundles, supplier files, PDFs to verify, backups.
/// Each kind has a size cap so that a wrong file (a device, a disk image) is refused plainly.
#[derive(Debug, Clone, Copy)]
pub enum Input {
    /// An official-list file (CSV, JSON, …): up to 2 GiB.
    List,
    /// A dataset bundle: up to 1 GiB.
    Bundle,
    /// A supplier file of names to screen: up to 256 MiB.
    Names,
    /// A PDF brief to verify: up to 256 MiB.
    Pdf,
    /// A deployments register (CSV or XLSX): up to 256 MiB.
    Register,
    /// A signing key or public key file (64 hex characters): up to 4 KiB.
    Key,
    /// One record as JSON (a deployment, a scenario): up to 16 MiB.
    Record,
}

impl Input {
    /// The largest file of this kind `read_input` accepts, in bytes; a larger one is refused
    /// as too large.
    pub fn max_bytes(self) -> u64 {
        match self {
            Input::List => 2 << 30,
            Input::Bundle => 1 << 30,
            Input::Names => 256 << 20,
            Input::Pdf | Input::Register => 256 << 20,
            Input::Key => 4 << 10,
            Input::Record => 16 << 20,
        }
    }
}

/// Reads an input file: only a regular file (not a folder, device or pipe), at most the cap of
/// its kind. Missing files are `NotFound`.
pub fn read_input(path: &std::path::Path, kind: Input) -> crate::Result<Vec<u8>> {
    use std::io::{ErrorKind, Read};
    let (file, len) = open_input(path, kind)?;
    let max = kind.max_bytes();
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max + 1).read_to_end(&mut bytes).map_err(|e| io_error(path, e))?;
    if bytes.len() as u64 > max {
        return Err(crate::Error::Io {
            path: path.to_path_buf(),
            kind: ErrorKind::FileTooLarge,
            message: format!("{} grew past {} MB while being read", path.display(), max >> 20),
        });
    }
    Ok(bytes)
}

/// Opens an input file to be read as a stream, with its length: the checks of `read_input`.
pub fn open_input(path: &std::path::Path, kind: Input) -> crate::Result<(std::fs::File, u64)> {
    use std::io::ErrorKind;
    let shown = path.display();
    let refuse = |kind, message| crate::Error::Io { path: path.to_path_buf(), kind, message };
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
    if meta.is_dir() {
        return Err(refuse(ErrorKind::IsADirectory, format!("{shown} is a folder; give a file")));
    }
    if !meta.is_file() {
        return Err(refuse(
            ErrorKind::InvalidInput,
            format!("{shown} is not a regular file (a device, pipe or socket); save it to a file first"),
        ));
    }
    let max = kind.max_bytes();
    if meta.len() > max {
        return Err(refuse(
            ErrorKind::FileTooLarge,
            format!(
                "{shown} is {} MB, more than the {} MB RiskBrief reads as a {}",
                meta.len() >> 20,
                max >> 20,
                format!("{kind:?}").to_lowercase()
            ),
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| io_error(path, e))?;
    Ok((file, meta.len()))
}

/// A name for the copy of the database kept before a restore: `riskbrief.db.before-restore-20261202T101500Z`.
pub fn restore_keep_path(db: &std::path::Path) -> std::path::PathBuf {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    (1..)
        .map(|n| {
            let mut name = db.file_name().unwrap_or_default().to_os_string();
            name.push(format!(".before-restore-{stamp}"));
            if n > 1 {
                name.push(format!("-{n}"));
            }
            db.with_file_name(name)
        })
        .find(|p| !p.exists())
        .expect("a free name")
}
