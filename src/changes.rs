//! What changed in a company's data between two points (two briefs, or a brief and now). Pure.

use crate::model::*;
use crate::risk::{Assessment, Band};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One difference, already worded for people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Change {
    /// What the change is about.
    pub kind: ChangeKind,
    /// The change in a sentence ("Status changed from alleged to confirmed: …").
    pub text: String,
}

/// Everything that changed between two versions of a company's data, with the score and band of
/// each version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChangeSet {
    /// The differences: profile first, then allegations, designations, restrictions, cloud
    /// offerings and, last, the score.
    pub changes: Vec<Change>,
    /// The older version's score (0–100).
    pub score_before: u32,
    /// The newer version's score (0–100).
    pub score_after: u32,
    /// The older version's band.
    pub band_before: Band,
    /// The newer version's band.
    pub band_after: Band,
}

impl ChangeSet {
    /// True when nothing changed (the scores and bands are then equal too).
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

crate::model::labelled_enum!(
    /// What a change is about.
    ChangeKind {
        Profile = "profile", "Profile";
        Allegation = "allegation", "Allegation";
        Designation = "designation", "Official list";
        Restriction = "restriction", "Restriction";
        CloudOffering = "cloud offering", "Cloud offering";
        Score = "score", "Score";
    }
);

fn push(out: &mut Vec<Change>, kind: ChangeKind, text: String) {
    out.push(Change { kind, text });
}

/// Added, removed and changed records, keyed by id, in the order of the newer data.
fn by_id<'a, T, K: PartialEq>(
    before: &'a [T],
    after: &'a [T],
    key: impl Fn(&T) -> K,
) -> (Vec<&'a T>, Vec<&'a T>, Vec<(&'a T, &'a T)>) {
    let added = after.iter().filter(|a| !before.iter().any(|b| key(b) == key(a))).collect();
    let removed = before.iter().filter(|b| !after.iter().any(|a| key(a) == key(b))).collect();
    let both = after.iter().filter_map(|a| before.iter().find(|b| key(b) == key(a)).map(|b| (b, a))).collect();
    (added, removed, both)
}

/// Compares two versions of one company's data, with their assessments.
pub fn compare(before: &CompanyData, a_before: &Assessment, after: &CompanyData, a_after: &Assessment) -> ChangeSet {
    let mut out = Vec::new();

    if before.company != after.company {
        let (b, a) = (&before.company, &after.company);
        let mut fields = Vec::new();
        if b.legal_name != a.legal_name {
            fields.push("legal name");
        }
        if b.native_name != a.native_name {
            fields.push("native-script name");
        }
        if b.aliases != a.aliases {
            fields.push("aliases");
        }
        if b.country != a.country {
            fields.push("country");
        }
        if b.owner != a.owner {
            fields.push("owner");
        }
        if b.products != a.products {
            fields.push("products");
        }
        if !fields.is_empty() {
            push(&mut out, ChangeKind::Profile, format!("Profile changed: {}.", fields.join(", ")));
        }
    }

    let (added, removed, both) = by_id(&before.allegations, &after.allegations, |x| x.id);
    for a in added {
        push(
            &mut out,
            ChangeKind::Allegation,
            format!("New allegation ({}): {}", a.status.label().to_lowercase(), a.summary),
        );
    }
    for a in removed {
        push(&mut out, ChangeKind::Allegation, format!("Allegation removed: {}", a.summary));
    }
    for (b, a) in both {
        if b.status != a.status {
            push(
                &mut out,
                ChangeKind::Allegation,
                format!(
                    "Status changed from {} to {}: {}",
                    b.status.label().to_lowercase(),
                    a.status.label().to_lowercase(),
                    a.summary
                ),
            );
        } else if b.responses.len() < a.responses.len() {
            push(&mut out, ChangeKind::Allegation, format!("New response recorded: {}", a.summary));
        } else if b != a {
            let mut b2 = b.clone();
            b2.updated_at = a.updated_at;
            if &b2 != a {
                push(
                    &mut out,
                    ChangeKind::Allegation,
                    format!("Allegation updated (wording, sources or responses): {}", a.summary),
                );
            }
        }
    }

    let (added, removed, both) = by_id(&before.designations, &after.designations, |x| x.id);
    for d in added {
        push(
            &mut out,
            ChangeKind::Designation,
            format!("{}: {} (new record)", d.list.label(), d.status.label().to_lowercase()),
        );
    }
    for d in removed {
        push(&mut out, ChangeKind::Designation, format!("{}: record removed", d.list.label()));
    }
    for (b, a) in both {
        if b.status != a.status {
            push(
                &mut out,
                ChangeKind::Designation,
                format!(
                    "{}: from {} to {}",
                    a.list.label(),
                    b.status.label().to_lowercase(),
                    a.status.label().to_lowercase()
                ),
            );
        }
    }

    let (added, removed, _) = by_id(&before.restrictions, &after.restrictions, |x| x.id);
    for r in added {
        push(&mut out, ChangeKind::Restriction, format!("New restriction: {} — {}", r.jurisdiction, r.measure));
    }
    for r in removed {
        push(&mut out, ChangeKind::Restriction, format!("Restriction removed: {} — {}", r.jurisdiction, r.measure));
    }

    let (added, removed, _) = by_id(&before.cloud_offerings, &after.cloud_offerings, |x| x.id);
    for o in added {
        push(&mut out, ChangeKind::CloudOffering, format!("Now on {}: {} ({})", o.platform, o.service, o.product));
    }
    for o in removed {
        push(
            &mut out,
            ChangeKind::CloudOffering,
            format!("No longer recorded on {}: {} ({})", o.platform, o.service, o.product),
        );
    }

    if a_before.score != a_after.score || a_before.band != a_after.band {
        push(
            &mut out,
            ChangeKind::Score,
            format!(
                "Score from {} to {} (band {} to {})",
                a_before.score,
                a_after.score,
                a_before.band.label(),
                a_after.band.label()
            ),
        );
    }
    ChangeSet {
        changes: out,
        score_before: a_before.score,
        score_after: a_after.score,
        band_before: a_before.band,
        band_after: a_after.band,
    }
}
