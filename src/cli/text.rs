//! Plain-text renderings for the terminal.

use chrono::NaiveDate;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use riskbrief::app::PortfolioRow;
use riskbrief::model::*;
use riskbrief::risk::Assessment;
use std::fmt::Write;
use uuid::Uuid;

fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    t.set_header(header.to_vec());
    t
}

fn date(d: &Option<PartialDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
}

/// The portfolio table: `rows`, of `total` companies (the riskiest `rows.len()` when fewer).
pub fn portfolio(rows: &[PortfolioRow], total: usize, as_of: NaiveDate) -> String {
    let mut t =
        table(&["Company", "Slug", "Country", "Band", "Score", "Allegations", "Lists", "Restrictions", "Cloud"]);
    for r in rows {
        let s = &r.summary;
        t.add_row(vec![
            s.legal_name.clone(),
            s.slug.clone(),
            s.country.clone(),
            r.band.label().to_string(),
            r.score.to_string(),
            s.allegations.to_string(),
            s.designations_listed.to_string(),
            s.restrictions.to_string(),
            s.platforms.join(", "),
        ]);
    }
    let shown = if rows.len() < total { format!(" (the {} riskiest shown)", rows.len()) } else { String::new() };
    format!("Portfolio as of {as_of} — {total} companies{shown}\n{t}\n")
}

/// Reference number of a source in the company's source list ("[3]").
fn reference(data: &CompanyData, id: Option<Uuid>) -> String {
    id.and_then(|id| data.sources.iter().position(|s| s.id == id)).map(|i| format!("[{}]", i + 1)).unwrap_or_default()
}

pub fn company(data: &CompanyData, a: &Assessment) -> String {
    let c = &data.company;
    let mut o = String::new();
    let _ = writeln!(o, "{}  ({})", c.legal_name, c.slug);
    if let Some(n) = &c.native_name {
        let _ = writeln!(o, "{n}");
    }
    let _ = writeln!(o, "Risk: {} — score {}/100 as of {}", a.band.label().to_uppercase(), a.score, a.as_of);
    if let Some(f) = &a.band_floor {
        let _ = writeln!(o, "  {f}");
    }
    let field = |o: &mut String, k: &str, v: &Option<String>| {
        if let Some(v) = v {
            let _ = writeln!(o, "  {k:<13}{v}");
        }
    };
    let _ = writeln!(o, "\nPROFILE");
    if !c.aliases.is_empty() {
        let _ = writeln!(o, "  {:<13}{}", "Aliases", c.aliases.join("; "));
    }
    let _ = writeln!(o, "  {:<13}{}", "Country", c.country);
    field(&mut o, "Headquarters", &c.headquarters);
    field(&mut o, "Owner", &c.owner);
    field(&mut o, "Sector", &c.sector);
    field(&mut o, "Website", &c.website);
    if !c.products.is_empty() {
        let _ = writeln!(o, "  {:<13}{}", "Products", c.products.join(", "));
    }
    field(&mut o, "About", &c.description);

    let _ = writeln!(o, "\nALLEGATIONS ({})", data.allegations.len());
    if data.allegations.is_empty() {
        let _ = writeln!(o, "  No allegations recorded.");
    }
    for (i, al) in data.allegations.iter().enumerate() {
        let grades: Vec<String> = al
            .citations
            .iter()
            .map(|ct| {
                let s = data.source(ct.source_id);
                format!(
                    "{} {}{} ({})",
                    reference(data, Some(ct.source_id)),
                    s.map(|s| s.reliability.code()).unwrap_or("?"),
                    ct.credibility.code(),
                    s.map(|s| s.publisher.as_str()).unwrap_or("?")
                )
            })
            .collect();
        let _ = writeln!(
            o,
            "  {}. [{}] {} — {}, first reported {}",
            i + 1,
            al.status.label().to_uppercase(),
            al.summary,
            al.category.label(),
            date(&al.first_reported)
        );
        if let Some(by) = &al.attribution {
            let _ = writeln!(o, "     Alleged by: {by}");
        }
        let _ = writeln!(o, "     Sources: {}", grades.join("; "));
        for r in &al.responses {
            let _ = writeln!(
                o,
                "     Response — {}{}: \"{}\" {}",
                r.responder,
                r.date.map(|d| format!(" ({d})")).unwrap_or_default(),
                r.statement,
                reference(data, r.source_id)
            );
        }
    }

    let _ = writeln!(o, "\nOFFICIAL LISTS");
    if data.designations.is_empty() {
        let _ = writeln!(o, "  No official-list status recorded.");
    } else {
        let mut t = table(&["List", "Status", "Since", "Until", "As of", "Citation", "Ref"]);
        for d in &data.designations {
            t.add_row(vec![
                d.list.label().to_string(),
                d.status.label().to_string(),
                date(&d.since),
                date(&d.until),
                date(&d.as_of),
                d.citation.clone().unwrap_or_default(),
                reference(data, d.source_id),
            ]);
        }
        let _ = writeln!(o, "{t}");
    }
    if data.screenings.is_empty() {
        let _ = writeln!(o, "  Not screened against an imported list (`riskbrief screen {}`).", data.company.slug);
    }
    for s in &data.screenings {
        let result = match (s.open_hits, s.confirmed_hits, s.dismissed_hits) {
            (0, 0, 0) => "no match".to_string(),
            (op, c, d) => format!("{} awaiting review, {c} confirmed, {d} dismissed", count(op, "hit", "hits")),
        };
        let _ = writeln!(
            o,
            "  Screened {} against {} ({}; {}, {} entries) at score ≥ {}: {result}",
            s.screened_at.date(),
            s.list_title,
            s.regime.label(),
            s.list_as_of,
            s.entry_count,
            s.threshold
        );
    }

    let _ = writeln!(o, "\nGOVERNMENT RESTRICTIONS ({})", data.restrictions.len());
    for r in &data.restrictions {
        let _ = writeln!(
            o,
            "  {} {} — {}: {} ({}) {}",
            date(&r.date),
            r.jurisdiction,
            r.body,
            r.measure,
            r.scope.label(),
            reference(data, r.source_id)
        );
    }

    let _ = writeln!(o, "\nCLOUD AVAILABILITY");
    if data.cloud_offerings.is_empty() {
        let _ = writeln!(o, "  No cloud offerings recorded.");
    } else {
        let mut t = table(&["Platform", "Product", "Service", "Type", "Data path", "Since", "Verified", "Ref"]);
        for x in &data.cloud_offerings {
            t.add_row(vec![
                x.platform.clone(),
                x.product.clone(),
                x.service.clone(),
                x.offering_type.label().to_string(),
                x.data_path.label().to_string(),
                date(&x.available_since),
                date(&x.last_verified),
                reference(data, x.source_id),
            ]);
        }
        let _ = writeln!(o, "{t}");
    }

    let _ = writeln!(o, "\nUSAGE GUIDANCE");
    for r in &a.routes {
        let _ = writeln!(o, "  {}: {}. {}", r.name, r.verdict.label().to_uppercase(), r.rationale);
    }

    let _ = writeln!(o, "\nSCORE BREAKDOWN ({} / 100)", a.score);
    for f in &a.factors {
        let _ = writeln!(o, "  {:<26}{:>5.1} / {:<4}  {}", f.name, f.points, f.max, f.rationale);
    }

    let _ = writeln!(o, "\nSOURCES");
    for (i, s) in data.sources.iter().enumerate() {
        let _ = writeln!(
            o,
            "  [{}] {}, \"{}\", {} — {} (reliability {}){}",
            i + 1,
            s.publisher,
            s.title,
            date(&s.published),
            s.kind.label(),
            s.reliability.code(),
            s.url.as_ref().map(|u| format!(" {u}")).unwrap_or_default()
        );
    }
    o
}

pub fn search(hits: &[SearchHit]) -> String {
    if hits.is_empty() {
        return "No matches.\n".into();
    }
    let mut t = table(&["Kind", "Company", "Title", "Match"]);
    for h in hits {
        let kind = match h.kind {
            SearchKind::Company => "company",
            SearchKind::Allegation => "allegation",
            SearchKind::Source => "source",
            SearchKind::Deployment => "deployment",
            SearchKind::Person => "person",
            SearchKind::Relation => "relation",
        };
        t.add_row(vec![
            kind.to_string(),
            h.company_slug.clone().unwrap_or_default(),
            h.title.clone(),
            h.snippet.clone(),
        ]);
    }
    format!("{t}\n")
}

pub fn history(c: &Company, entries: &[AuditEntry]) -> String {
    if entries.is_empty() {
        return format!("No recorded changes for {}.\n", c.slug);
    }
    let mut t = table(&["When", "Who", "Action", "Record", "Changes"]);
    for e in entries {
        let changes: Vec<String> = e
            .changes
            .iter()
            .map(|(k, v)| match e.action {
                AuditAction::Update => format!("{k}: {} → {}", short(&v[0]), short(&v[1])),
                AuditAction::Create => format!("{k}: {}", short(&v[1])),
                AuditAction::Delete => format!("{k}: {}", short(&v[0])),
            })
            .collect();
        t.add_row(vec![
            e.at.to_string(),
            e.actor.clone(),
            e.action.label().to_string(),
            format!("{} {}", e.table.noun(), &e.record_id.to_string()[..8]),
            changes.join("\n"),
        ]);
    }
    format!("Changes to {} ({}), newest first\n{t}\n", c.legal_name, c.slug)
}

fn short(v: &serde_json::Value) -> String {
    let s = match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "—".into(),
        other => other.to_string(),
    };
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(59).collect::<String>())
    } else {
        s
    }
}

pub fn verification(file: &std::path::Path, v: &riskbrief::app::Verification) -> String {
    use riskbrief::app::FileStatus;
    let mut o = String::new();
    let id = v.brief_id.clone().unwrap_or_else(|| "no RiskBrief id".into());
    let _ = match v.file {
        FileStatus::Unaltered => writeln!(
            o,
            "{}: UNALTERED — brief {id}, exactly as generated{}.",
            file.display(),
            v.record.as_ref().map(|r| format!(" on {}", r.created_at)).unwrap_or_default()
        ),
        FileStatus::Altered => writeln!(
            o,
            "{}: ALTERED — it claims to be brief {id}, but its bytes differ from the brief recorded under that id.",
            file.display()
        ),
        FileStatus::Scenario => writeln!(
            o,
            "{}: SCENARIO BRIEF — {id} is hypothetical: it describes what would change, not what has, and is never recorded.",
            file.display()
        ),
        FileStatus::Unknown => writeln!(
            o,
            "{}: UNKNOWN — {id}; no brief with these bytes was generated from this database.",
            file.display()
        ),
    };
    match (v.data_changed, &v.changes) {
        (Some(false), _) => {
            let _ = writeln!(o, "The data behind it is unchanged since.");
        }
        (Some(true), Some(cs)) => {
            let _ = writeln!(o, "The data behind it has CHANGED since:");
            for c in &cs.changes {
                let _ = writeln!(o, "  - {}", c.text);
            }
        }
        _ => {}
    }
    o
}

pub fn import_plan(plan: &riskbrief::bundle::ImportPlan) -> String {
    use riskbrief::bundle::MergeAction as A;
    let mut o = String::new();
    let verb = if plan.applied { "Imported" } else { "Dry run — nothing changed. Would import" };
    let _ = writeln!(
        o,
        "{verb}: {} added, {} updated, {} deleted, {} unchanged, {} kept (local is newer), {} conflicts{}",
        plan.count(A::Add),
        plan.count(A::Update),
        plan.count(A::Delete),
        plan.count(A::Same),
        plan.count(A::KeepLocal),
        plan.count(A::Conflict),
        plan.signer
            .as_ref()
            .map(|s| format!("; signed by {} ({})", s.name, s.public_key))
            .unwrap_or_else(|| "; unsigned".into())
    );
    let what = |a: A| match a {
        A::Add => "add",
        A::Update => "update",
        A::Delete => "delete",
        A::KeepLocal => "keep local",
        A::Conflict => "CONFLICT",
        A::Same => "same",
    };
    for i in plan.items.iter().filter(|i| i.action != A::Same) {
        let fields = if i.fields.is_empty() { String::new() } else { format!(" [{}]", i.fields.join(", ")) };
        let _ =
            writeln!(o, "  {:<10} {} {}: {}{fields}", what(i.action), i.table.noun(), &i.id.to_string()[..8], i.label);
    }
    for a in [A::Update, A::Add, A::Delete, A::KeepLocal] {
        let n = plan.unlisted(a);
        if n > 0 {
            let _ = writeln!(o, "  {:<10} … and {n} more, not listed", what(a));
        }
    }
    if plan.count(A::Conflict) > 0 {
        let _ = writeln!(o, "Conflicts were not applied: both sides changed these records at the same time. Edit one side and export again.");
    }
    o
}

/// "1 hit", "2 hits".
fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// An entry's name, with its key when the list gives one of its own.
fn entry_label(name: &str, key: &str) -> String {
    if key == name.to_lowercase() {
        name.to_string()
    } else {
        format!("{name} [{key}]")
    }
}

pub fn snapshots(snapshots: &[ListSnapshot]) -> String {
    if snapshots.is_empty() {
        return "No list imported yet. Import one with `riskbrief lists import --format FORMAT FILE…`.\n".into();
    }
    let mut t =
        table(&["List", "Regime", "Key", "As of", "Entries", "Since previous", "Files", "Imported", "Snapshot"]);
    for s in snapshots {
        t.add_row(vec![
            if s.replaced_at.is_some() { format!("{} (replaced)", s.title) } else { s.title.clone() },
            s.regime.label().to_owned(),
            s.list.clone(),
            s.as_of.to_string(),
            s.entry_count.to_string(),
            if s.previous_id.is_some() { format!("+{} −{}", s.added, s.removed) } else { "first snapshot".into() },
            s.files.join(", "),
            s.imported_at.to_string(),
            s.id.to_string(),
        ]);
    }
    format!("{t}\n")
}

pub fn imported(o: &riskbrief::screening::ImportOutcome) -> String {
    let s = &o.snapshot;
    let mut out = format!(
        "{}: {} entries as of {} (from {}), snapshot {}\n",
        s.title, s.entry_count, s.as_of, o.as_of_from, s.id
    );
    if s.previous_id.is_some() {
        let _ = writeln!(
            out,
            "since the previous snapshot: {} added, {} removed (see `riskbrief lists changes {}`)",
            s.added, s.removed, s.list
        );
    }
    for n in &o.notes {
        let _ = writeln!(out, "note: {n}");
    }
    let r = &o.rescreen;
    if r.companies > 0 {
        let how = if r.screened_in_full == r.companies {
            format!("against all {} entries", s.entry_count)
        } else {
            format!(
                "against the {} entries added or renamed ({} not screened before: against all entries); {} earlier hits carried over with their decisions",
                r.entries_screened, r.screened_in_full, r.hits_carried
            )
        };
        let _ = writeln!(
            out,
            "re-screened {} companies {how}: {} new hits, {} other events (see `riskbrief inbox`)",
            r.companies, r.new_hits, r.events
        );
    }
    if r.changes > 0 {
        let _ = writeln!(out, "{} band or verdict change(s) since the last check (see `riskbrief inbox`)", r.changes);
    }
    out
}

pub fn pack_imported(o: &riskbrief::screening::PackOutcome) -> String {
    let signed = match &o.signed_by {
        Some(s) => format!("signed by {} ({})", s.name, s.public_key),
        None => "unsigned".to_string(),
    };
    let mut out = format!(
        "list pack made by {} on {}, {signed}{}\n",
        o.exported_by,
        o.created_at,
        if o.dry_run { " — dry run, nothing stored" } else { "" }
    );
    for l in &o.lists {
        let what = match (&l.imported, &l.refused) {
            (_, Some(why)) => format!("left as it is: {why}"),
            (Some(i), None) => {
                let r = &i.rescreen;
                let changed = match i.snapshot.previous_id {
                    Some(_) => format!("+{} −{}", i.snapshot.added, i.snapshot.removed),
                    None => "first snapshot".to_string(),
                };
                format!("imported ({changed}); {} new hits, {} other events", r.new_hits, r.events)
            }
            (None, None) => "would be imported".to_string(),
        };
        let _ = writeln!(out, "  {} ({} entries, as of {}): {what}", l.title, l.entry_count, l.as_of);
    }
    out
}

pub fn inbox(events: &[InboxEvent], raised: usize) -> String {
    let mut out = String::new();
    if raised > 0 {
        let _ = writeln!(out, "{raised} new since the last check.");
    }
    if events.is_empty() {
        out.push_str("The inbox is empty: nothing awaits a decision.\n");
        return out;
    }
    let mut t = table(&["Event", "Raised", "Kind", "What", "Status"]);
    for e in events {
        t.add_row(vec![
            short_id(e.id),
            e.at.date().to_string(),
            e.kind.label().to_string(),
            format!("{}\n{}", e.title, e.detail),
            match (&e.status, &e.assignee, &e.note) {
                (EventStatus::Assigned, Some(a), _) => format!("assigned to {a}"),
                (EventStatus::Acknowledged, _, Some(n)) => {
                    format!("acknowledged by {}: {n}", e.decided_by.as_deref().unwrap_or("?"))
                }
                (EventStatus::Acknowledged, _, None) => {
                    format!("acknowledged by {}", e.decided_by.as_deref().unwrap_or("?"))
                }
                _ => e.status.label().to_string(),
            },
        ]);
    }
    format!("{out}{t}\n")
}

pub fn list_changes(s: &ListSnapshot, changes: &[ListChange]) -> String {
    let mut out = format!("{} snapshot of {}: {} added, {} removed\n", s.title, s.as_of, s.added, s.removed);
    for c in changes {
        let _ = writeln!(out, "{} {}", if c.added { "+" } else { "−" }, entry_label(&c.name, &c.key));
    }
    out
}

fn agreed(a: &[TokenAgreement]) -> String {
    a.iter()
        .map(
            |t| {
                if t.query == t.entry {
                    t.query.clone()
                } else {
                    format!("{}≈{} ({})", t.query, t.entry, t.similarity)
                }
            },
        )
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn name_hits(
    hits: &[riskbrief::screening::NameHit],
    names: usize,
    lists: &[ListSnapshot],
    threshold: u8,
) -> String {
    let screened: Vec<String> = lists.iter().map(|s| format!("{} ({})", s.title, s.as_of)).collect();
    let mut out = format!(
        "{} screened against {}; {} at score ≥ {threshold}\n",
        count(names as u64, "name", "names"),
        screened.join(", "),
        count(hits.len() as u64, "hit", "hits")
    );
    if hits.is_empty() {
        return out;
    }
    let mut t = table(&["Name", "Score", "Entry", "Matched name", "List", "Tokens that agreed"]);
    for h in hits {
        t.add_row(vec![
            h.query.clone(),
            h.score.to_string(),
            h.entry.clone(),
            h.matched_name.clone(),
            h.list.clone(),
            h.agreed.clone(),
        ]);
    }
    let _ = writeln!(out, "{t}");
    out
}

pub fn screened(o: &riskbrief::screening::ScreenOutcome, threshold: u8, companies: &[CompanySummary]) -> String {
    let lists: Vec<String> =
        o.snapshots.iter().map(|s| format!("{} ({}, {} entries)", s.title, s.as_of, s.entry_count)).collect();
    let open = o.hits.iter().filter(|h| h.status == HitStatus::Open).count();
    let mut out = format!(
        "{} screened against {} at score ≥ {threshold}: {}, {open} awaiting review\n",
        count(o.companies, "company", "companies"),
        lists.join("; "),
        count(o.new_hits, "new hit", "new hits")
    );
    if !o.hits.is_empty() {
        let _ = write!(out, "{}", hits_table(&o.hits, companies));
    }
    out
}

/// The last 8 characters of a hit id (random in a UUID v7), which `hits confirm|dismiss` accept.
fn short_id(id: Uuid) -> String {
    let s = id.to_string();
    s[s.len() - 8..].to_string()
}

fn hits_table(hits: &[ScreeningHit], companies: &[CompanySummary]) -> String {
    let mut t = table(&["Hit", "Company", "Status", "Score", "Entry (list)", "Matched", "Why"]);
    for h in hits {
        let company = companies
            .iter()
            .find(|c| c.id == h.company_id)
            .map(|c| c.display_name.clone())
            .unwrap_or_else(|| h.query_name.clone());
        let company = match &h.via {
            Some(v) => format!("{company}, via owner {} ({})", v.name, v.how),
            None => company,
        };
        let best = h.matches.first();
        t.add_row(vec![
            short_id(h.id),
            company,
            match &h.reason {
                Some(r) => format!("{}: {r}", h.status.label()),
                None => h.status.label().to_string(),
            },
            h.score.to_string(),
            format!("{} ({}: {})", entry_label(&h.entry_name, &h.entry_key), h.regime.label(), h.list_title),
            format!("{} ≈ {}", h.query_name, h.matched_name),
            best.map(|m| agreed(&m.agreed)).unwrap_or_default(),
        ]);
    }
    format!("{t}\n")
}

pub fn hits(hits: &[ScreeningHit], companies: &[CompanySummary]) -> String {
    if hits.is_empty() {
        return "No screening hits.\n".into();
    }
    format!(
        "{}Confirm or dismiss with `riskbrief hits confirm HIT` / `riskbrief hits dismiss HIT --reason TEXT` (HIT: the short id above, or the full id from --json).\n",
        hits_table(hits, companies)
    )
}

/// What a register import found: the columns, unresolved vendors, problems and counts.
pub fn deployment_import(o: &riskbrief::app::exposure::DeploymentImport) -> String {
    use riskbrief::exposure::sheet::MappedBy;
    let m = &o.mapping;
    let mut s = format!("{}: sheet {}, header on row {}\n", o.file, m.sheet, m.header_row);
    for c in &m.columns {
        let how = match c.by {
            MappedBy::Header => "",
            MappedBy::Guess => "  (guessed from the header: check it, or --map it)",
            MappedBy::User => "  (--map)",
            MappedBy::Unknown => "  (not recognised: left out)",
        };
        let field = c.field.map(|f| f.code().to_string()).unwrap_or_else(|| "—".into());
        s += &format!("  {} {:<28} → {field}{how}\n", c.letter, format!("{:?}", c.header));
    }
    let unresolved: Vec<_> = o.rows.iter().filter(|r| r.vendor.company.is_none()).collect();
    if !unresolved.is_empty() {
        s += "\nVendors not in the database (imported as \"not assessed\"):\n";
        for r in unresolved {
            let closest: Vec<String> =
                r.vendor.candidates.iter().map(|c| format!("{} ({})", c.slug, c.score)).collect();
            let closest = if closest.is_empty() {
                "no close company".to_string()
            } else {
                format!("closest: {}", closest.join(", "))
            };
            s += &format!("  row {}: {:?} — {closest}\n", r.row, r.deployment.vendor_name);
        }
    }
    let fuzzy: Vec<_> = o.rows.iter().filter(|r| r.vendor.company.as_ref().is_some_and(|c| c.score < 100)).collect();
    if !fuzzy.is_empty() {
        s += "\nVendors resolved by a close name:\n";
        for r in fuzzy {
            let c = r.vendor.company.as_ref().expect("resolved");
            s += &format!("  row {}: {:?} → {} ({})\n", r.row, r.deployment.vendor_name, c.slug, c.score);
        }
    }
    if !o.problems.is_empty() {
        s += &format!("\n{} problem(s):\n", o.problems.len());
        for p in &o.problems {
            s += &format!("  {p}\n");
        }
    }
    let verb = if o.written { "imported" } else { "would import" };
    s += &format!(
        "\n{}: {} new, {} updated, {} unchanged; {} vendor(s) not assessed{}\n",
        if o.problems.is_empty() { verb } else { "nothing imported" },
        o.added,
        o.updated,
        o.unchanged,
        o.unresolved,
        if !o.written && o.problems.is_empty() { " (dry run: nothing written)" } else { "" }
    );
    s
}

/// The register: a table of deployments with their verdicts, then each one that needs action
/// with its reasons and controls.
pub fn register(reg: &riskbrief::exposure::Register) -> String {
    use riskbrief::exposure::export::verdict_text;
    if reg.rows.is_empty() {
        return "No deployments recorded. Import a register with `riskbrief exposure import FILE`.\n".into();
    }
    let c = &reg.counts;
    let mut s = format!(
        "Exposure as of {}: {} deployments — {} prohibited, {} not recommended, {} with controls, {} acceptable; {} with a vendor not assessed\n",
        reg.as_of,
        reg.rows.len(),
        c.prohibited,
        c.not_recommended,
        c.acceptable_with_controls,
        c.acceptable,
        c.not_assessed
    );
    let mut t = table(&["Verdict", "Deployment", "Vendor", "Route", "Data", "Status", "Owner"]);
    for r in &reg.rows {
        let d = &r.deployment;
        t.add_row(vec![
            verdict_text(r),
            d.name.clone(),
            r.vendor_display.clone().unwrap_or_else(|| d.vendor_name.clone()),
            d.route.label().to_string(),
            d.data.label().to_string(),
            d.status.label().to_string(),
            d.owner.clone().unwrap_or_default(),
        ]);
    }
    s += &format!("{t}\n");
    let mut urgent: Vec<_> =
        reg.rows.iter().filter(|r| r.judgement.verdict > riskbrief::risk::Verdict::Acceptable).collect();
    urgent.sort_by_key(|r| riskbrief::exposure::urgency(r));
    for r in urgent {
        s += &format!("\n{} — {}\n", r.deployment.name, verdict_text(r));
        for x in &r.judgement.reasons {
            s += &format!("  because: {}\n", x.text);
        }
        for x in &r.judgement.controls {
            s += &format!("  do: {x}\n");
        }
    }
    s
}

/// A scenario run: what it assumes, then companies, routes and deployments before → after, and
/// what each hypothetical listing would mean.
pub fn scenario_run(r: &riskbrief::scenario::ScenarioRun) -> String {
    let verdict = |v: Option<riskbrief::risk::Verdict>| v.map(|v| v.label().to_string()).unwrap_or_else(|| "—".into());
    let mut s = format!("Scenario: {} (hypothetical; as of {})\n", r.scenario.name, r.as_of);
    for a in &r.assumed {
        s += &format!("  assumes: {a}\n");
    }
    for m in &r.missing {
        s += &format!("  left out: {m}\n");
    }
    s += "\nVendors\n";
    for c in &r.companies {
        s += &format!(
            "  {}: score {} → {}, {} → {}\n",
            c.name,
            c.score_before,
            c.score_after,
            c.band_before.label(),
            c.band_after.label()
        );
        for f in &c.factors {
            s += &format!("    {}: {:.1} → {:.1} points\n", f.name, f.before, f.after);
        }
        for x in &c.routes {
            s += &format!("    {}: {} → {}\n", x.name, verdict(x.before), verdict(x.after));
        }
    }
    if !r.consequences.is_empty() {
        s += "\nWhat the listings would mean\n";
        for c in &r.consequences {
            let k = &c.consequence;
            s += &format!(
                "  {} on the {}: {}. ({}, {})\n",
                c.company,
                k.list.label(),
                k.consequence,
                k.source.publisher,
                k.source.title
            );
        }
    }
    s += &format!("\nOur deployments whose verdict or controls change: {}\n", r.deployments.len());
    for d in &r.deployments {
        let x = &d.deployment;
        s += &format!(
            "  {} ({}; {}): {} → {}{}\n",
            x.name,
            d.vendor,
            x.owner.as_deref().unwrap_or("no owner"),
            d.before.verdict.label(),
            d.after.verdict.label(),
            if d.offering_withdrawn { " — its cloud offering is withdrawn" } else { "" }
        );
        if let Some(c) = d.after.controls.first() {
            s += &format!("    do: {c}\n");
        }
    }
    s
}

/// A timeline: one line an event, its date as precise as known, its lane, what happened.
pub fn timeline(events: &[riskbrief::timeline::TimelineEvent]) -> String {
    if events.is_empty() {
        return "No dated facts recorded.\n".into();
    }
    events.iter().map(|e| format!("{:<12} {:<21} {}\n", e.date.human(), e.kind.label(), e.text)).collect()
}

/// The portfolio timeline, a line per listing, delisting or measure.
pub fn portfolio_timeline(events: &[riskbrief::timeline::PortfolioEvent]) -> String {
    if events.is_empty() {
        return "No dated listings or government measures recorded.\n".into();
    }
    events
        .iter()
        .map(|e| {
            let name: String = match e.name.chars().count() {
                n if n > 24 => e.name.chars().take(23).chain(['…']).collect(),
                _ => e.name.clone(),
            };
            format!("{:<12} {name:<24} {:<18} {}\n", e.event.date.human(), e.event.kind.label(), e.event.text)
        })
        .collect()
}

/// `riskbrief owners`: the relations into the company with their sources, the effective holders,
/// each 50 % rule with its proof, the unaccounted share.
pub fn owners(v: &riskbrief::app::ownership::OwnershipView) -> String {
    use riskbrief::ownership::pct;
    let mut s = format!("Ownership and control of {} (as of {})\n", v.company.name, v.as_of);
    if v.relations.is_empty() {
        s.push_str("  No owner, controller or founder recorded.\n");
    }
    for r in &v.relations {
        let x = &r.relation;
        let share = match (x.kind, x.share) {
            (_, Some(p)) => format!(" {} %", pct(p)),
            (riskbrief::model::RelationKind::OwnsShares | riskbrief::model::RelationKind::SubsidiaryOf, None) => {
                " (share undisclosed)".into()
            }
            _ => String::new(),
        };
        let when = x.since.map(|d| format!(", since {}", d.human())).unwrap_or_default();
        let listed: Vec<&str> = r.from.lists.iter().map(|l| l.label()).collect();
        let listed = if listed.is_empty() { String::new() } else { format!(" [{}]", listed.join(", ")) };
        s.push_str(&format!(
            "  {}{listed} — {}{share} → {}{when}\n",
            r.from.name,
            x.kind.label().to_lowercase(),
            r.to.name
        ));
        for (c, src) in x.citations.iter().zip(&r.sources) {
            s.push_str(&format!(
                "      source: {}, {} (graded {}{})\n",
                src.publisher,
                src.title,
                src.reliability.code().to_uppercase(),
                c.credibility.code()
            ));
        }
    }
    if !v.holders.is_empty() {
        s.push_str("Effective holdings:\n");
        for h in &v.holders {
            let known = if h.paths.is_empty() { "undisclosed".to_string() } else { format!("{} %", pct(h.percent)) };
            s.push_str(&format!("  {}: {known}\n", h.party.name));
            for p in h.paths.iter().chain(&h.undisclosed) {
                s.push_str(&format!("      {p}\n"));
            }
        }
    }
    s.push_str(&format!("Unaccounted share: {} %", pct(v.unaccounted)));
    if v.unaccounted >= 100.0 {
        s.push_str(" (no owner with a share recorded: ownership undisclosed)");
    }
    s.push('\n');
    for f in &v.findings {
        let verdict = if f.applies {
            "APPLIES"
        } else if f.in_force {
            "does not apply"
        } else {
            "not in force"
        };
        s.push_str(&format!("{}: {verdict}. {}\n", f.regime.name, f.proof));
    }
    for c in &v.cycles {
        s.push_str(&format!("Cross-holding (cycle): {c}\n"));
    }
    s
}

/// `riskbrief owned-by`: each company with the party's effective share and paths.
pub fn owned_by(party: &str, rows: &[riskbrief::app::ownership::OwnedView]) -> String {
    if rows.is_empty() {
        return format!("{party} owns nothing recorded.\n");
    }
    let mut s = String::new();
    for r in rows {
        let known = if r.paths.is_empty() {
            "undisclosed".into()
        } else {
            format!("{} %", riskbrief::ownership::pct(r.percent))
        };
        s.push_str(&format!("{}: {known}\n", r.company.name));
        for p in r.paths.iter().chain(&r.undisclosed) {
            s.push_str(&format!("    {p}\n"));
        }
    }
    s
}
