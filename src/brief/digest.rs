//! The digest: for the executive who asks "what changed since …?" — the bottom line first, then
//! the new and removed listings that touch the portfolio, bands and verdicts that moved, the
//! lists imported, the decisions taken and what is still open. Built from the inbox and the
//! review trail (`DigestData`, gathered by `app::monitor::digest`); pure and deterministic.

use super::facts::brief_id;
use super::model::*;
use super::text::human_day;
use super::BriefOptions;
use crate::model::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A decision taken on a hit or an event within the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DigestDecision {
    /// When (RFC 3339).
    pub at: Timestamp,
    /// What was decided on ("Huawei ≈ HUAWEI TECHNOLOGIES CO., LTD. on the OFAC SDN List").
    pub item: String,
    /// The decision ("Confirmed", "Dismissed", "Acknowledged", "Assigned to Procurement").
    pub decision: String,
    /// Who.
    pub by: String,
    /// The reason or note, if any.
    pub note: Option<String>,
}

/// Everything a digest says, gathered from the store for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DigestData {
    /// The start of the period (inclusive).
    pub since: NaiveDate,
    /// The list snapshots imported in the period, oldest first.
    pub snapshots: Vec<ListSnapshot>,
    /// The events raised in the period, oldest first, as they stand now.
    pub events: Vec<InboxEvent>,
    /// The decisions taken in the period, oldest first.
    pub decisions: Vec<DigestDecision>,
    /// Every event still awaiting a decision (whenever raised), oldest first.
    pub open: Vec<InboxEvent>,
    /// Hits on current snapshots still awaiting review.
    pub open_hits: u32,
    /// The company names events refer to, by id.
    pub companies: Vec<(uuid::Uuid, String)>,
}

fn status(e: &InboxEvent) -> String {
    match (e.status, &e.assignee, &e.note) {
        (EventStatus::Assigned, Some(a), _) => format!("Assigned to {a}"),
        // Settled by the hit's review: the review says it ("Dismissed: a namesake").
        (EventStatus::Acknowledged, _, Some(n)) if e.kind == InboxKind::NewHit => n.clone(),
        (EventStatus::Acknowledged, _, Some(n)) => format!("Acknowledged ({n})"),
        (s, _, _) => s.label().to_string(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Builds the digest of `d` up to `as_of`. `fingerprint` identifies the data it was built from.
pub fn build_digest(d: &DigestData, fingerprint: String, options: &BriefOptions, as_of: NaiveDate) -> Brief {
    let of = |k: InboxKind| d.events.iter().filter(move |e| e.kind == k);
    let company =
        |e: &InboxEvent| e.company_id.and_then(|id| d.companies.iter().find(|(c, _)| *c == id)).map(|(_, n)| n.clone());
    let since = d.since.to_string();
    let (new_hits, removed) = (of(InboxKind::NewHit).count(), of(InboxKind::EntryRemoved).count());
    let awaiting = of(InboxKind::NewHit).filter(|e| e.status != EventStatus::Acknowledged).count();
    let bands = of(InboxKind::BandChanged).count();
    let verdicts = of(InboxKind::VerdictChanged).count();
    let mut said = vec![match d.snapshots.len() {
        0 => "no list snapshot was imported".to_string(),
        n => format!("{} imported", plural(n, "list snapshot was", "list snapshots were")),
    }];
    said.push(match (new_hits, awaiting) {
        (0, _) => "no new possible match touches the portfolio".to_string(),
        (n, 0) => format!(
            "{} the portfolio, all dealt with",
            plural(n, "new possible match touches", "new possible matches touch")
        ),
        (n, a) => format!(
            "{} the portfolio, {a} not yet dealt with",
            plural(n, "new possible match touches", "new possible matches touch")
        ),
    });
    said.push(match removed {
        0 => "no entry a company was matched to left its list".to_string(),
        n => format!(
            "{} a company was matched to left {}",
            plural(n, "entry", "entries"),
            if n == 1 { "its list" } else { "their lists" }
        ),
    });
    said.push(match (bands, verdicts) {
        (0, 0) => "no company changed band and no deployment changed verdict".to_string(),
        (b, v) => format!(
            "{} changed band and {} changed verdict",
            plural(b, "company", "companies"),
            plural(v, "deployment", "deployments")
        ),
    });
    let mut summary = vec![Block::Paragraph(vec![Span::plain(format!(
        "Since {}, {}. {} taken; {} now, {} of them screening hits to review.",
        human_day(&since),
        said.join("; "),
        plural(d.decisions.len(), "decision was", "decisions were"),
        plural(d.open.len(), "item awaits a decision", "items await a decision"),
        d.open.iter().filter(|e| e.kind == InboxKind::NewHit).count(),
    ))])];
    summary.push(Block::Fields(vec![
        ("Period".into(), vec![Span::plain(format!("{} to {}", human_day(&since), human_day(&as_of.to_string())))]),
        ("New matches".into(), vec![Span::bold(new_hits.to_string())]),
        ("Entries removed".into(), vec![Span::bold(removed.to_string())]),
        ("Band changes".into(), vec![Span::bold(bands.to_string())]),
        ("Awaiting a decision".into(), vec![Span::bold(d.open.len().to_string())]),
    ]));
    let mut sections = vec![Section { title: "Bottom line".into(), blocks: summary }];

    let listing = |kinds: &[InboxKind]| -> Vec<Vec<Text>> {
        d.events
            .iter()
            .filter(|e| kinds.contains(&e.kind))
            .map(|e| {
                vec![
                    vec![Span::plain(human_day(&e.at.to_string()))],
                    vec![Span::bold(company(e).unwrap_or_else(|| "—".into()))],
                    {
                        let mut t = vec![Span::bold(e.kind.label()), Span::plain(format!("\n{}", e.title))];
                        // A new match's title says it all; other events need their detail.
                        if e.kind != InboxKind::NewHit {
                            t.push(Span::muted(format!("\n{}", e.detail)));
                        }
                        t
                    },
                    vec![Span::plain(status(e))],
                ]
            })
            .collect()
    };
    let table = |rows: Vec<Vec<Text>>, empty: &str, what: &str| -> Vec<Block> {
        if rows.is_empty() {
            vec![Block::Paragraph(vec![Span::muted(empty.to_string())])]
        } else {
            vec![Block::Table(Table {
                columns: vec![
                    ("Date".into(), 0.13),
                    ("Company".into(), 0.19),
                    (what.into(), 0.5),
                    ("Status".into(), 0.18),
                ],
                rows,
            })]
        }
    };
    sections.push(Section {
        title: "Listings that touch the portfolio".into(),
        blocks: table(
            listing(&[InboxKind::NewHit, InboxKind::EntryRemoved, InboxKind::SnapshotReplaced]),
            "No list change in the period touched a company in the portfolio.",
            "What changed",
        ),
    });
    sections.push(Section {
        title: "Bands and verdicts that moved".into(),
        blocks: table(
            listing(&[InboxKind::BandChanged, InboxKind::VerdictChanged]),
            "No company changed band and no deployment changed verdict.",
            "Change",
        ),
    });
    let lists: Vec<Vec<Text>> = d
        .snapshots
        .iter()
        .map(|s| {
            vec![
                vec![Span::plain(human_day(&s.imported_at.to_string()))],
                vec![Span::bold(s.title.clone()), Span::muted(format!("\n{} · {}", s.regime.label(), s.publisher))],
                vec![Span::plain(human_day(&s.as_of.to_string()))],
                vec![Span::plain(s.entry_count.to_string())],
                vec![Span::plain(match s.previous_id {
                    Some(_) => format!("+{} −{}", s.added, s.removed),
                    None => "first snapshot".into(),
                })],
            ]
        })
        .collect();
    sections.push(Section {
        title: "Lists imported".into(),
        blocks: if lists.is_empty() {
            vec![Block::Paragraph(vec![Span::muted(
                "No list was imported in the period: the lists may be out of date.",
            )])]
        } else {
            vec![Block::Table(Table {
                columns: vec![
                    ("Imported".into(), 0.14),
                    ("List".into(), 0.46),
                    ("As of".into(), 0.14),
                    ("Entries".into(), 0.1),
                    ("Changes".into(), 0.16),
                ],
                rows: lists,
            })]
        },
    });
    let decisions: Vec<Vec<Text>> = d
        .decisions
        .iter()
        .map(|x| {
            let mut what = vec![Span::plain(x.item.clone())];
            if let Some(n) = &x.note {
                what.push(Span::muted(format!("\n{n}")));
            }
            vec![
                vec![Span::plain(human_day(&x.at.to_string()))],
                what,
                vec![Span::bold(x.decision.clone())],
                vec![Span::plain(x.by.clone())],
            ]
        })
        .collect();
    sections.push(Section {
        title: "Decisions taken".into(),
        blocks: if decisions.is_empty() {
            vec![Block::Paragraph(vec![Span::muted("No decision was taken in the period.")])]
        } else {
            vec![Block::Table(Table {
                columns: vec![
                    ("Date".into(), 0.13),
                    ("On".into(), 0.5),
                    ("Decision".into(), 0.21),
                    ("By".into(), 0.16),
                ],
                rows: decisions,
            })]
        },
    });
    let mut open: Vec<Text> = d
        .open
        .iter()
        .map(|e| {
            let mut t = vec![Span::bold(format!("{}: ", e.kind.label())), Span::plain(e.title.clone())];
            t.push(Span::muted(format!(" — raised {}; {}", human_day(&e.at.to_string()), status(e))));
            t
        })
        .collect();
    // Hits whose event was acknowledged without a review still await one.
    let unlisted = (d.open_hits as usize).saturating_sub(d.open.iter().filter(|e| e.kind == InboxKind::NewHit).count());
    if unlisted > 0 {
        open.push(vec![
            Span::bold(format!(
                "{} awaiting review ",
                plural(unlisted, "further screening hit", "further screening hits")
            )),
            Span::plain("(confirm each as a designation or dismiss it with a reason)."),
        ]);
    }
    sections.push(Section {
        title: "Open items".into(),
        blocks: if open.is_empty() {
            vec![Block::Paragraph(vec![Span::plain("Nothing awaits a decision.")])]
        } else {
            vec![Block::Bullets(open)]
        },
    });
    Brief {
        id: brief_id(&fingerprint, options, as_of),
        data_fingerprint: fingerprint,
        marking: options.marking.clone(),
        subject: format!("What changed since {}", human_day(&since)),
        title: format!("What changed since {}", human_day(&since)),
        subtitle: format!(
            "Monitoring digest of the portfolio, {} to {}",
            human_day(&since),
            human_day(&as_of.to_string())
        ),
        as_of,
        generated: options.generated,
        keywords: vec!["RiskBrief".into(), "digest".into(), "monitoring".into()],
        sections,
    }
}
