//! The audit trail: every create, update and delete, with who, when and what changed,
//! written in the same transaction as the change.

use crate::common::*;
use riskbrief::db::AuditContext;
use riskbrief::model::*;

fn audited() -> TempStore {
    let mut t = TempStore::new();
    t.store.set_audit_context(AuditContext { actor: "Ana Analyst".into(), now: || ts("2026-11-28T10:00:00Z") });
    t
}

fn audit_rows(t: &TempStore) -> i64 {
    t.raw().query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap()
}

#[test]
fn every_kind_of_change_is_recorded_with_who_when_and_what() {
    let mut t = audited();
    let s = source();
    t.store.save_source(&s).unwrap();
    let c = company("acme", "CN");
    t.store.save_company(&c).unwrap();
    let mut a = allegation(c.id, s.id);
    t.store.save_allegation(&a).unwrap();
    let d = designation(c.id, OfficialList::OfacSdn, DesignationStatus::NotListed);
    t.store.save_designation(&d).unwrap();
    let r = restriction(c.id, RestrictionScope::GovernmentDevices);
    t.store.save_restriction(&r).unwrap();
    let o = cloud_offering(c.id, "Amazon");
    t.store.save_cloud_offering(&o).unwrap();

    // Update: only the changed field is recorded, with before and after.
    a.status = AllegationStatus::Confirmed;
    a.updated_at = ts("2026-11-29T00:00:00Z");
    t.store.save_allegation(&a).unwrap();
    // Saving the same record again changes nothing and leaves no row.
    let before = audit_rows(&t);
    t.store.save_allegation(&a).unwrap();
    assert_eq!(audit_rows(&t), before);

    t.store.delete_cloud_offering(o.id).unwrap();

    let h = t.store.history(c.id).unwrap();
    // Newest first: delete offering, update allegation, then the five creates of the company's records.
    let kinds: Vec<(AuditAction, &str)> = h.iter().map(|e| (e.action, e.table.table())).collect();
    assert_eq!(
        kinds,
        vec![
            (AuditAction::Delete, "cloud_offerings"),
            (AuditAction::Update, "allegations"),
            (AuditAction::Create, "cloud_offerings"),
            (AuditAction::Create, "restrictions"),
            (AuditAction::Create, "designations"),
            (AuditAction::Create, "allegations"),
            (AuditAction::Create, "companies"),
        ]
    );
    let update = &h[1];
    assert_eq!(update.actor, "Ana Analyst");
    assert_eq!(update.at, ts("2026-11-28T10:00:00Z"));
    assert_eq!(update.record_id, a.id);
    assert_eq!(update.changes.len(), 1, "{:?}", update.changes);
    assert_eq!(update.changes["status"], serde_json::json!(["alleged", "confirmed"]));
    let delete = &h[0];
    assert_eq!(delete.changes["platform"], serde_json::json!(["Amazon", null]));
    let create = h.iter().find(|e| e.table == RecordKind::Allegation && e.action == AuditAction::Create).unwrap();
    assert_eq!(create.changes["summary"][1], serde_json::json!(a.summary));
    // Sources belong to no company, but are audited too.
    let n: i64 = t
        .raw()
        .query_row("SELECT count(*) FROM audit_log WHERE table_name = 'sources' AND action = 'create'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_refused_change_leaves_no_audit_row() {
    let mut t = audited();
    let s = source();
    t.store.save_source(&s).unwrap();
    let c = company("acme", "CN");
    t.store.save_company(&c).unwrap();
    let before = audit_rows(&t);
    let mut a = allegation(c.id, s.id);
    a.citations[0].source_id = uuid::Uuid::now_v7(); // no such source: the insert fails
    assert!(t.store.save_allegation(&a).is_err());
    assert_eq!(audit_rows(&t), before);
    assert!(t.store.delete_designation(uuid::Uuid::now_v7()).is_err());
    assert_eq!(audit_rows(&t), before);
}

#[test]
fn deleting_a_company_is_recorded_and_the_trail_survives() {
    let mut t = audited();
    let c = company("acme", "CN");
    t.store.save_company(&c).unwrap();
    t.store.delete_company(c.id).unwrap();
    let h = t.store.history(c.id).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].action, AuditAction::Delete);
    assert_eq!(h[0].changes["slug"], serde_json::json!([c.slug, null]));
}

#[test]
fn cli_history_shows_changes_of_the_seeded_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_riskbrief"))
        .args(["--db"])
        .arg(&db)
        .args(["history", "deepseek"])
        .env("USER", "cli-tester")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    // The first run seeded the database; the trail names that as the actor.
    assert!(text.contains("bundled dataset"), "{text}");
    assert!(text.contains("Created"));
    assert!(text.contains("allegation"));
}

/// A creation row is stored without its fields (`{}`), and history shows the fields the record
/// was created with: the current ones with every later change undone, through updates that
/// change and clear fields, a deletion, and a second creation under the same id.
#[test]
fn history_shows_each_record_as_it_was_created_though_the_row_stores_no_fields() {
    let mut t = audited();
    let s = source();
    t.store.save_source(&s).unwrap();
    let c = company("acme", "CN");
    t.store.save_company(&c).unwrap();
    let original = Allegation { detail: Some("First detail".into()), ..allegation(c.id, s.id) };
    t.store.save_allegation(&original).unwrap();
    let created_with = |x: &Allegation| -> serde_json::Map<String, serde_json::Value> {
        let serde_json::Value::Object(fields) = serde_json::to_value(x).unwrap() else { panic!("an object") };
        fields
            .into_iter()
            .filter(|(k, v)| k != "updated_at" && !v.is_null())
            .map(|(k, v)| (k, serde_json::json!([null, v])))
            .collect()
    };
    let mut a = original.clone();
    a.detail = None;
    a.summary = "Something else was alleged".into();
    a.updated_at = ts("2026-11-29T00:00:00Z");
    t.store.save_allegation(&a).unwrap();
    a.status = AllegationStatus::Confirmed;
    a.updated_at = ts("2026-11-30T00:00:00Z");
    t.store.save_allegation(&a).unwrap();

    let stored: Vec<String> = {
        let raw = t.raw();
        let mut st = raw.prepare("SELECT changes FROM audit_log WHERE action = 'create' ORDER BY id").unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(stored, ["{}", "{}", "{}"], "source, company and allegation: no fields stored");
    let creations = |t: &TempStore| -> Vec<serde_json::Map<String, serde_json::Value>> {
        let h = t.store.history(c.id).unwrap();
        h.into_iter()
            .filter(|e| e.record_id == original.id && e.action == AuditAction::Create)
            .map(|e| e.changes)
            .collect()
    };
    assert_eq!(creations(&t), [created_with(&original)]);
    assert!(created_with(&original).len() > 6, "{:?}", created_with(&original));
    let company_created = t.store.history(c.id).unwrap().pop().unwrap();
    assert_eq!(
        (company_created.action, company_created.changes["slug"][1].clone()),
        (AuditAction::Create, serde_json::json!(c.slug))
    );

    // Deleted, then created again with other fields: each creation shows its own.
    t.store.delete(RecordKind::Allegation, a.id).unwrap();
    let again =
        Allegation { summary: "Alleged once more".into(), updated_at: ts("2026-12-01T00:00:00Z"), ..original.clone() };
    t.store.save_allegation(&again).unwrap();
    assert_eq!(creations(&t), [created_with(&again), created_with(&original)]);
}
