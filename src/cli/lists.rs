//! `lists`, `screen` and `hits`: official lists at the command line.

use super::{print_json, text};
use crate::{HitsCommand, ListsCommand};
use anyhow::{Context, Result};
use riskbrief::app::monitor;
use riskbrief::edge::Input;
use riskbrief::lists::InputFile;
use riskbrief::model::{HitStatus, ListFormat, ScreeningHit};
use riskbrief::screening::{self, Decision, ListIndex};
use riskbrief::{Error, Refusal, Store};
use std::io::IsTerminal;
use std::path::PathBuf;
use uuid::Uuid;

use riskbrief::edge::now;

pub fn lists(mut store: Store, action: Option<ListsCommand>, json: bool) -> Result<()> {
    match action {
        None => {
            let snapshots = store.list_snapshots()?;
            if json {
                print_json(&snapshots)?;
            } else {
                out!("{}", text::snapshots(&snapshots));
            }
        }
        Some(ListsCommand::Import { format, files, as_of }) => {
            let format: ListFormat = format.parse().map_err(Error::Validation)?;
            let as_of = as_of
                .map(|d| {
                    chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                        .with_context(|| format!("--as-of {d:?} is not a date (YYYY-MM-DD)"))
                })
                .transpose()?;
            // Each file is read as a stream, once, as it is parsed.
            let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
            let inputs = names
                .iter()
                .zip(&files)
                .map(|(n, p)| -> Result<InputFile> {
                    if super::is_stdio(p) {
                        return Ok(InputFile::streamed(n, std::io::stdin()));
                    }
                    let (file, len) = riskbrief::edge::open_input(p, Input::List)?;
                    Ok(InputFile::new(n, file, len))
                })
                .collect::<Result<Vec<_>>>()?;
            let bar = indicatif::ProgressBar::new(0).with_style(
                indicatif::ProgressStyle::with_template("{msg:8} {bar:40} {percent:>3}%").expect("valid template"),
            );
            if !std::io::stderr().is_terminal() {
                bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
            }
            let outcome = monitor::import_list(&mut store, format, &inputs, as_of, Uuid::now_v7(), now(), &mut |p| {
                bar.set_length(p.total.max(1));
                bar.set_position(p.done);
                bar.set_message(p.phase.code());
            })
            .map_err(|e| match e {
                Error::Refused { kind: Refusal::NoDate, message } => {
                    Error::refused(Refusal::NoDate, format!("{message} (--as-of YYYY-MM-DD)"))
                }
                other => other,
            })?;
            bar.finish_and_clear();
            if json {
                print_json(&outcome)?;
            } else {
                out!("{}", text::imported(&outcome));
            }
        }
        Some(ListsCommand::Export { output, sign, force }) => {
            let key = sign
                .map(|p| {
                    super::read_input(&p, Input::Key)
                        .and_then(|b| Ok(riskbrief::bundle::signing_key(&String::from_utf8_lossy(&b))?))
                })
                .transpose()?;
            let by = riskbrief::edge::audit_context(&store.settings()?.analyst).actor;
            let bytes = screening::export_pack(&store, now(), by, key.as_ref())?;
            riskbrief::edge::write_file(&output, &bytes, force)?;
            let signed =
                key.map(|k| format!(", signed by {}", riskbrief::bundle::public_key_hex(&k))).unwrap_or_default();
            let lists = store.current_lists()?;
            outln!(
                "{}: {} lists, {} entries, {} bytes{signed}",
                output.display(),
                lists.len(),
                lists.iter().map(|(_, e)| e.len()).sum::<usize>(),
                bytes.len()
            );
        }
        Some(ListsCommand::ImportPack { file, dry_run, allow_unsigned }) => {
            let bytes = super::read_input(&file, Input::List)?;
            let outcome = monitor::import_pack(
                &mut store,
                &file.display().to_string(),
                &bytes,
                allow_unsigned,
                dry_run,
                now(),
                &mut |_| {},
            )?;
            if json {
                print_json(&outcome)?;
            } else {
                out!("{}", text::pack_imported(&outcome));
            }
        }
        Some(ListsCommand::Changes { snapshot }) => {
            let all = store.list_snapshots()?;
            let s = all
                .iter()
                .find(|s| s.id.to_string() == snapshot || (s.list == snapshot && s.replaced_at.is_none()))
                .ok_or_else(|| {
                    Error::NotFound(format!(
                        "no list snapshot {snapshot:?} (give a snapshot id or a list key from `riskbrief lists`)"
                    ))
                })?;
            let changes = store.list_changes(s.id)?;
            if json {
                print_json(&changes)?;
            } else {
                out!("{}", text::list_changes(s, &changes));
            }
        }
    }
    Ok(())
}

pub fn screen(
    mut store: Store,
    company: Option<String>,
    names: Option<PathBuf>,
    threshold: u8,
    csv: Option<PathBuf>,
    json: bool,
) -> Result<()> {
    // A bad supplier file is named before anything else.
    let names_file = names.map(|path| super::read_input(&path, Input::Names).map(|bytes| (path, bytes))).transpose()?;
    let ix = ListIndex::load(&store)?;
    if ix.is_empty() {
        return Err(Error::refused(
            Refusal::NoList,
            "no list has been imported yet; import one with `riskbrief lists import --format FORMAT FILE…`",
        )
        .into());
    }
    if let Some((path, bytes)) = names_file {
        let shown = path.display().to_string();
        let names = screening::read_names(&shown, riskbrief::lists::text(&shown, &bytes)?)?;
        let hits = ix.screen_names(&names, threshold);
        if let Some(out) = csv {
            let bytes = screening::hits_csv(&hits);
            if out.as_os_str() == "-" {
                std::io::Write::write_all(&mut std::io::stdout(), &bytes)?;
                return Ok(());
            }
            riskbrief::edge::write_file(&out, &bytes, true)?;
            eprintln!("riskbrief: {} hits written to {}", hits.len(), out.display());
        }
        if json {
            print_json(&hits)?;
        } else {
            out!("{}", text::name_hits(&hits, names.len(), &ix.snapshots, threshold));
        }
        return Ok(());
    }
    let outcome = screening::screen_companies(&mut store, &ix, company.as_deref(), threshold, now())?;
    if json {
        print_json(&outcome)?;
    } else {
        out!("{}", text::screened(&outcome, threshold, &store.company_summaries()?));
    }
    Ok(())
}

fn find_hit(store: &Store, reference: &str) -> Result<ScreeningHit> {
    let matching: Vec<ScreeningHit> = store
        .screening_hits(None, None)?
        .into_iter()
        .filter(|h| reference.len() >= 6 && h.id.to_string().ends_with(reference) || h.id.to_string() == reference)
        .collect();
    match matching.len() {
        1 => Ok(matching.into_iter().next().expect("one")),
        0 => Err(Error::NotFound(format!("no screening hit {reference:?} (see `riskbrief hits`)")).into()),
        n => Err(Error::Validation(format!("{n} hits end with {reference:?}; give more of the id")).into()),
    }
}

pub fn hits(
    mut store: Store,
    action: Option<HitsCommand>,
    company: Option<String>,
    status: Option<String>,
    json: bool,
) -> Result<()> {
    let reviewer = riskbrief::edge::audit_context(&store.settings()?.analyst).actor;
    let reviewed = match action {
        None => {
            let company_id = company.map(|c| store.find_company(&c)).transpose()?.map(|c| c.id);
            let status = status.map(|s| s.parse::<HitStatus>()).transpose().map_err(Error::Validation)?;
            let hits = store.screening_hits(company_id, status)?;
            if json {
                print_json(&hits)?;
            } else {
                let names = store.company_summaries()?;
                out!("{}", text::hits(&hits, &names));
            }
            return Ok(());
        }
        Some(HitsCommand::Confirm { hit }) => {
            let h = find_hit(&store, &hit)?;
            screening::review(&mut store, h.id, &Decision::Confirm, &reviewer, now())?
        }
        Some(HitsCommand::Dismiss { hit, reason }) => {
            let h = find_hit(&store, &hit)?;
            screening::review(&mut store, h.id, &Decision::Dismiss { reason }, &reviewer, now())?
        }
    };
    if json {
        print_json(&reviewed)?;
    } else {
        outln!(
            "{} hit on {} ({}): {}",
            reviewed.status.label(),
            reviewed.entry_name,
            reviewed.list_title,
            match reviewed.status {
                HitStatus::Confirmed => "recorded as a listing, citing the list snapshot",
                _ => "it is not raised again, on this or a later snapshot of the list, unless the entry's names change",
            }
        );
    }
    Ok(())
}
