//! `riskbrief exposure …`: the organisation's deployments register.

use super::{print_json, read_input, text, today};
use crate::ExposureCommand;
use anyhow::{bail, Result};
use riskbrief::app::{self, exposure as use_case};
use riskbrief::edge::Input;
use riskbrief::exposure::{export, sheet};
use riskbrief::Store;
use std::path::Path;

pub fn exposure(mut store: Store, action: ExposureCommand, json: bool) -> Result<()> {
    match action {
        ExposureCommand::Import { file, map, dry_run } => {
            let map = map.iter().map(|m| sheet::parse_map(m)).collect::<riskbrief::Result<Vec<_>>>()?;
            let bytes = read_input(&file, Input::Register)?;
            let shown = file.display().to_string();
            let outcome =
                use_case::import_deployments(&mut store, &shown, &bytes, &map, dry_run, riskbrief::edge::now())?;
            if json {
                print_json(&outcome)?;
            } else {
                out!("{}", text::deployment_import(&outcome));
            }
            use_case::refuse_problems(&outcome)?;
        }
        ExposureCommand::List { vendor, as_of } => {
            let as_of = app::as_of(as_of.as_deref(), today())?;
            let reg = match vendor {
                Some(v) => use_case::register_of(&store, &v, as_of)?,
                None => use_case::register(&store, as_of)?,
            };
            if json {
                print_json(&reg)?;
            } else {
                out!("{}", text::register(&reg));
            }
        }
        ExposureCommand::Export { output, vendor, as_of, force } => {
            let as_of = app::as_of(as_of.as_deref(), today())?;
            let reg = match vendor {
                Some(v) => use_case::register_of(&store, &v, as_of)?,
                None => use_case::register(&store, as_of)?,
            };
            let bytes = match extension(&output).as_str() {
                "xlsx" => export::to_xlsx(&reg)?,
                "csv" => export::to_csv(&reg),
                _ => bail!("{}: name the file .xlsx or .csv", output.display()),
            };
            riskbrief::edge::write_file(&output, &bytes, force)?;
            outln!("wrote {} ({} deployments)", output.display(), reg.rows.len());
        }
        ExposureCommand::Save { file } => {
            let bytes = read_input(&file, Input::Record)?;
            let mut d: riskbrief::model::Deployment = serde_json::from_slice(&bytes)
                .map_err(|e| anyhow::anyhow!("{}: not a deployment ({e})", file.display()))?;
            if d.id.is_nil() {
                d.id = uuid::Uuid::now_v7();
            }
            let saved = use_case::save_deployment(&mut store, d, riskbrief::edge::now())?;
            if json {
                print_json(&saved)?;
            } else {
                outln!("saved deployment {} ({})", saved.name, saved.id);
            }
        }
        ExposureCommand::Delete { id } => {
            store.delete_deployment(id)?;
            outln!("deleted deployment {id}");
        }
        ExposureCommand::Brief { output, as_of, marking, force } => {
            let as_of = app::as_of(as_of.as_deref(), today())?;
            let fonts = super::load_fonts()?;
            let built = use_case::build_brief(&store, as_of, &marking, today())?;
            let (record, warnings) = riskbrief::edge::save_pdf_brief(&mut store, &built, &fonts, &output, force)?;
            for w in warnings {
                eprintln!("riskbrief: {w}");
            }
            outln!("wrote {} ({})", output.display(), record.brief_id);
        }
    }
    Ok(())
}

fn extension(p: &Path) -> String {
    p.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default()
}
