//! Timelines: every dated fact of a company in order, partial dates kept partial and ordered
//! coarsest first on the same start; audit changes grouped; the CLI.

use crate::common::*;
use riskbrief::model::*;
use riskbrief::timeline::{build, TimelineKind};

#[test]
fn dated_facts_come_in_order_with_partial_dates_kept() {
    let mut data = bare_data("CN");
    let s = source();
    let c = data.company.id;
    let mut a = allegation(c, s.id);
    a.first_reported = Some(pd("2025-06"));
    a.responses.push(Response {
        id: id(),
        responder: "The company".into(),
        statement: "Denied.".into(),
        date: Some(pd("2025-06-03")),
        source_id: Some(s.id),
    });
    let mut listed = designation(c, OfficialList::BisEntityList, DesignationStatus::Delisted);
    listed.since = Some(pd("2025"));
    listed.until = Some(pd("2026-02-10"));
    let mut r = restriction(c, RestrictionScope::GovernmentDevices);
    r.date = Some(pd("2025-06-01"));
    let mut o = cloud_offering(c, "Amazon");
    o.available_since = Some(pd("2024-12"));
    data.allegations.push(a);
    data.designations.push(listed);
    data.restrictions.push(r);
    data.cloud_offerings.push(o);
    data.sources.push(s);
    let events = build(&data, &[], &[]);
    let shown: Vec<(String, TimelineKind)> = events.iter().map(|e| (e.date.to_string(), e.kind)).collect();
    assert_eq!(
        shown,
        vec![
            ("2024-12".into(), TimelineKind::Cloud),
            ("2025".into(), TimelineKind::Designation),
            ("2025-06".into(), TimelineKind::Allegation),
            ("2025-06-01".into(), TimelineKind::Restriction),
            ("2025-06-03".into(), TimelineKind::Response),
            ("2026-02-10".into(), TimelineKind::Designation),
        ]
    );
    assert!(events[1].text.starts_with("Listed on the BIS Entity List"));
    assert_eq!(events[1].listing, Some(riskbrief::timeline::ListingEvent::Listed));
    assert_eq!(events[5].listing, Some(riskbrief::timeline::ListingEvent::Removed));
    assert!(events.iter().filter(|e| e.kind != TimelineKind::Designation).all(|e| e.listing.is_none()));
    assert!(events[5].text.starts_with("Removed from the BIS Entity List"));
    assert_eq!(events[4].source_id, Some(data.sources[0].id));
    assert_eq!(events[2].date.human(), "Jun 2025");
}

#[test]
fn the_cli_prints_deepseeks_timeline_with_grouped_changes() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli_db(dir.path(), "x.db", false);
    let out = ok(cli(dir.path(), &db, &["timeline", "deepseek"]));
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.iter().any(|l| l.starts_with("30 Jan 2025") && l.contains("Garante")), "{out}");
    assert!(lines.iter().any(|l| l.starts_with("Jun 2025") && l.contains("A1 first reported (alleged)")), "{out}");
    assert!(lines.iter().any(|l| l.contains("7 allegation records created by bundled dataset")), "{out}");
    let pos = |needle: &str| lines.iter().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle}: {out}"));
    assert!(pos("Garante") < pos("A1 first reported"), "in date order");
    let json = ok(cli(dir.path(), &db, &["--json", "timeline", "deepseek"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v.as_array().unwrap().iter().any(|e| e["kind"] == "restriction" && e["record"]["table"] == "restrictions"));
}

#[test]
fn the_portfolio_timeline_keeps_only_listings_and_measures_of_every_company_in_order() {
    let (mut a, mut b) = (bare_data("CN"), bare_data("RU"));
    (a.company.legal_name, a.company.aliases) = ("Alpha Ltd".into(), vec![]);
    (b.company.legal_name, b.company.aliases) = ("Beta Ltd".into(), vec![]);
    let mut listed = designation(b.company.id, OfficialList::Uflpa, DesignationStatus::Listed);
    listed.since = Some(pd("2024"));
    let mut r = restriction(a.company.id, RestrictionScope::GovernmentDevices);
    r.date = Some(pd("2024-03"));
    let mut same_day = designation(a.company.id, OfficialList::OfacSdn, DesignationStatus::Listed);
    same_day.since = Some(pd("2024"));
    let mut o = cloud_offering(a.company.id, "Amazon");
    o.available_since = Some(pd("2023-01"));
    a.restrictions.push(r);
    a.designations.push(same_day);
    a.cloud_offerings.push(o);
    b.designations.push(listed);
    let events = riskbrief::timeline::portfolio([&b, &a]);
    let shown: Vec<(String, &str, TimelineKind)> =
        events.iter().map(|e| (e.event.date.to_string(), e.name.as_str(), e.event.kind)).collect();
    assert_eq!(
        shown,
        vec![
            ("2024".into(), "Alpha Ltd", TimelineKind::Designation),
            ("2024".into(), "Beta Ltd", TimelineKind::Designation),
            ("2024-03".into(), "Alpha Ltd", TimelineKind::Restriction),
        ],
        "no cloud offering; by date, then company"
    );
    assert!(events[1].event.text.contains("UFLPA Entity List"), "{events:#?}");
    assert_eq!(events[0].slug, a.company.slug);
}

#[test]
fn the_cli_prints_the_portfolio_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli_db(dir.path(), "x.db", false);
    let out = ok(cli(dir.path(), &db, &["timeline", "--all"]));
    assert!(out.lines().any(|l| l.contains("DeepSeek") && l.contains("Garante")), "{out}");
    assert!(out.lines().any(|l| l.contains("Huawei") && l.contains("Listed on the")), "{out}");
    let v: serde_json::Value =
        serde_json::from_str(&ok(cli(dir.path(), &db, &["--json", "timeline", "--all"]))).unwrap();
    let kinds: std::collections::BTreeSet<&str> =
        v.as_array().unwrap().iter().map(|e| e["event"]["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["designation", "restriction"].into_iter().collect());
    let (_, err) = exits(cli(dir.path(), &db, &["timeline"]), 2);
    assert!(err.contains("<COMPANY>"), "{err}");
}
