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
    dirs::document_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("."))
        .join("RiskBrief")
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

/// The current time as stored in the database (UTC, RFC 3339, seconds).
pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Who the audit trail names for records written from the bundled sample.
pub fn seeding_context() -> crate::db::AuditContext {
    crate::db::AuditContext { actor: "bundled dataset".into(), now: now_rfc3339 }
}

/// The audit context for this process: the configured analyst, else the OS user.
pub fn audit_context(analyst: &str) -> crate::db::AuditContext {
    let actor = if analyst.trim().is_empty() {
        std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".into())
    } else {
        analyst.trim().to_string()
    };
    crate::db::AuditContext { actor, now: now_rfc3339 }
}

/// Opens the database at `path`; a new file is created and filled from the bundled sample.
/// Changes are audited under the configured analyst (or the OS user), stamped with the clock.
pub fn open_database(path: &std::path::Path) -> crate::Result<(crate::Store, crate::db::Opened)> {
    let seed = if path.exists() { None } else { Some(crate::dataset::bundled()?) };
    let (mut store, opened) = crate::Store::open_seeded(path, seed.as_ref(), seeding_context())?;
    let analyst = store.settings()?.analyst;
    store.set_audit_context(audit_context(&analyst));
    Ok((store, opened))
}
