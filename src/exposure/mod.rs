//! Exposure: what a vendor's risk means for the organisation's own deployments of it. One pure
//! function, [`judge`], turns a deployment, its vendor's data and assessment and a date into a
//! verdict with the reasons (each traced to a fact) and the controls it needs. The rules are
//! here and nowhere else; `docs/methodology.md` ("Exposure") states them in words.

pub mod export;
pub mod sheet;

use crate::model::*;
use crate::risk::{self, Assessment, Band, RouteKind, Verdict};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;
use uuid::Uuid;

/// The record a reason rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FactRef {
    /// The kind of record, serialised as its table ("designations").
    #[serde(with = "as_table")]
    #[ts(as = "RecordTable")]
    pub table: RecordKind,
    /// The record's id.
    pub id: Uuid,
}

/// One reason for a verdict, in words, with the fact it rests on (none for a rule about the
/// deployment itself, such as its data or status).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Reason {
    /// The reason, in a sentence.
    pub text: String,
    /// The record behind it.
    pub fact: Option<FactRef>,
}

/// The verdict on one deployment, the reasons for it and the controls it needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Judgement {
    /// What the organisation may do with the deployment.
    pub verdict: Verdict,
    /// True when the vendor has not been assessed: it does not resolve to a company, or
    /// nothing is recorded about the company. Such a deployment is never "acceptable".
    pub not_assessed: bool,
    /// The vendor's band, when assessed.
    pub band: Option<Band>,
    /// The route the data takes, as the rules read it (none when retired or not assessed).
    pub route: Option<RouteKind>,
    /// Why, most weighty first.
    pub reasons: Vec<Reason>,
    /// What must be done for the verdict to hold, most urgent first.
    pub controls: Vec<String>,
}

/// The vendor of a deployment as the rules see it: its data and its assessment.
#[derive(Debug, Clone, Copy)]
pub struct Vendor<'a> {
    /// Everything recorded about the company.
    pub data: &'a CompanyData,
    /// Its assessment as of the date judged.
    pub assessment: &'a Assessment,
}

fn fact(table: RecordKind, id: Uuid) -> Option<FactRef> {
    Some(FactRef { table, id })
}

fn reason(text: impl Into<String>, fact: Option<FactRef>) -> Reason {
    Reason { text: text.into(), fact }
}

/// True when nothing at all is recorded about the company: no source, allegation, designation
/// (of any status), restriction or cloud offering. Its Low band would mean nothing.
fn nothing_recorded(data: &CompanyData) -> bool {
    data.company.source_ids.is_empty()
        && data.allegations.is_empty()
        && data.designations.is_empty()
        && data.restrictions.is_empty()
        && data.cloud_offerings.is_empty()
}

/// The route the data of a deployment takes, as the scoring names routes, with the offering it
/// was read from. A cloud-hosted deployment is read from its recorded offering, or else from
/// the offerings on its platform (the worst of them), or else taken as hosted by the provider.
fn route_of(d: &Deployment, data: &CompanyData) -> (RouteKind, Vec<Uuid>) {
    match d.route {
        DeploymentRoute::VendorService | DeploymentRoute::OnSite => (RouteKind::VendorOperated, vec![]),
        DeploymentRoute::SelfHosted => (RouteKind::SelfDeployed, vec![]),
        DeploymentRoute::Other => (RouteKind::Undocumented, vec![]),
        DeploymentRoute::CloudHosted => {
            if let Some(o) = d.offering_id.and_then(|id| data.cloud_offerings.iter().find(|o| o.id == id)) {
                return (risk::route_of(o), vec![o.id]);
            }
            let platform = d.platform.as_deref().unwrap_or("").trim();
            let on_platform: Vec<&CloudOffering> = data
                .cloud_offerings
                .iter()
                .filter(|o| !platform.is_empty() && o.platform.eq_ignore_ascii_case(platform))
                .collect();
            let worst = on_platform
                .iter()
                .map(|o| risk::route_of(o))
                .max_by_key(|k| (route_rank(*k), matches!(k, RouteKind::ProviderHosted | RouteKind::VendorOperated)))
                .unwrap_or(RouteKind::ProviderHosted);
            (worst, on_platform.iter().filter(|o| risk::route_of(o) == worst).map(|o| o.id).collect())
        }
    }
}

/// How much of the data a route lets reach the vendor: hosted and self-deployed 0, the vendor's
/// own service and an undocumented path 1.
fn route_rank(k: RouteKind) -> u8 {
    match k {
        RouteKind::ProviderHosted | RouteKind::SelfDeployed => 0,
        RouteKind::VendorOperated | RouteKind::Undocumented => 1,
    }
}

/// The least verdict the data handled calls for, by band and by whether data can reach the
/// vendor. More sensitive data and a worse band never lower it.
fn data_floor(data: DataClass, band: Band, reaches_vendor: bool) -> Verdict {
    use Verdict::*;
    match data {
        DataClass::Public | DataClass::Internal => Acceptable,
        DataClass::Confidential if band >= Band::Moderate => AcceptableWithControls,
        DataClass::Confidential => Acceptable,
        DataClass::Personal if reaches_vendor && band >= Band::High => NotRecommended,
        DataClass::Personal if band >= Band::Moderate => AcceptableWithControls,
        DataClass::Personal => Acceptable,
        DataClass::Regulated if reaches_vendor && band >= Band::High => Prohibited,
        DataClass::Regulated if reaches_vendor && band >= Band::Moderate => NotRecommended,
        DataClass::Regulated if band >= Band::High => NotRecommended,
        DataClass::Regulated => AcceptableWithControls,
    }
}

/// Judges one deployment as of a date. `vendor` is `None` when the deployment's vendor does not
/// resolve to a company. Pure: the same inputs always give the same judgement.
pub fn judge(d: &Deployment, vendor: Option<Vendor<'_>>, as_of: NaiveDate) -> Judgement {
    if d.status == DeploymentStatus::Retired {
        return Judgement {
            verdict: Verdict::Acceptable,
            not_assessed: false,
            band: vendor.map(|v| v.assessment.band),
            route: None,
            reasons: vec![reason("Retired: no longer in use, so it raises nothing.", None)],
            controls: vec![],
        };
    }
    let by_date = |what: &str| match d.review_date {
        Some(r) => format!("{what} by {}", r.human()),
        None => format!("{what} before the next renewal, and set a review date"),
    };
    let Some(v) = vendor.filter(|v| !nothing_recorded(v.data)) else {
        let text = match vendor {
            Some(v) => format!(
                "Nothing is recorded about {}: it has not been assessed, so there is nothing for or against it.",
                v.data.company.display_name()
            ),
            None => {
                format!("\"{}\" is not a company in the database: the vendor has not been assessed.", d.vendor_name)
            }
        };
        return Judgement {
            verdict: Verdict::NotRecommended,
            not_assessed: true,
            band: None,
            route: None,
            reasons: vec![reason(text, vendor.map(|v| FactRef { table: RecordKind::Company, id: v.data.company.id }))],
            controls: vec![by_date(&format!("Assess {}", d.vendor_name))],
        };
    };
    let data = v.data;
    let a = v.assessment;
    let name = data.company.display_name();
    let company = fact(RecordKind::Company, data.company.id);
    let (route, offerings) = route_of(d, data);
    let reaches_vendor = route_rank(route) == 1;
    let mut reasons = vec![];
    let mut controls: Vec<String> = vec![];

    // The band, and the route.
    let floor = a.band_floor.as_deref().map(|f| format!(" {f}")).unwrap_or_default();
    reasons.push(reason(format!("{name} is {} risk (score {}).{floor}", a.band.label(), a.score), company.clone()));
    let mut verdict = risk::route_verdict(route, a.band);
    let route_text = match (d.route, route) {
        (DeploymentRoute::OnSite, _) => format!(
            "Equipment on site runs {name}'s firmware and takes its updates: judged like {name}'s own service."
        ),
        (DeploymentRoute::CloudHosted, RouteKind::ProviderHosted) if offerings.is_empty() => format!(
            "Hosted by {}: taken to keep data with the provider, but no cloud offering of {name} is recorded there.",
            d.platform.as_deref().unwrap_or("a cloud provider")
        ),
        (DeploymentRoute::CloudHosted, RouteKind::ProviderHosted) => {
            "Hosted by the cloud provider: the recorded offering keeps data with the provider in the customer's region.".to_string()
        }
        (DeploymentRoute::CloudHosted, RouteKind::VendorOperated) => {
            format!("The recorded cloud offering passes data on to {name}: judged like {name}'s own service.")
        }
        (DeploymentRoute::CloudHosted, RouteKind::SelfDeployed) => format!(
            "The recorded cloud offering runs open weights in the organisation's own cloud project: no data reaches {name}."
        ),
        (DeploymentRoute::CloudHosted, _) => {
            format!("Where the recorded cloud offering sends data is not documented: judged like {name}'s own service.")
        }
        (DeploymentRoute::SelfHosted, _) => {
            format!("Open weights run by the organisation: no data reaches {name}.")
        }
        (DeploymentRoute::VendorService, _) => format!("Data reaches {name} directly."),
        _ => format!("The route is not one RiskBrief knows: judged like {name}'s own service."),
    };
    let route_fact = offerings.first().and_then(|id| fact(RecordKind::CloudOffering, *id));
    reasons.push(reason(
        format!("{route_text} For a {} risk vendor on this route: {}.", a.band.label(), verdict.label().to_lowercase()),
        route_fact,
    ));

    // The data handled.
    let floor = data_floor(d.data, a.band, reaches_vendor);
    if floor > verdict {
        verdict = floor;
        reasons.push(reason(
            format!(
                "It handles {} data{}: at least {}.",
                d.data.label().to_lowercase().trim_end_matches(" data"),
                if reaches_vendor { format!(" that reaches {name}") } else { String::new() },
                floor.label().to_lowercase()
            ),
            None,
        ));
    }

    // Official lists, with their legal consequence.
    let mut section_889 = false;
    let mut lists_seen = vec![];
    for x in data.designations.iter().filter(|x| x.status == DesignationStatus::Listed) {
        let Some(consequence) = crate::dataset::list_consequence(x.list).map(|c| &c.consequence) else { continue };
        if lists_seen.contains(&x.list) {
            continue;
        }
        lists_seen.push(x.list);
        let since = x.since.map(|s| format!(" since {}", s.human())).unwrap_or_default();
        let on = match x.list {
            OfficialList::Ndaa889 => "Named under NDAA FY2019 §889".to_string(),
            l => format!("Listed on the {}{since}", l.label()),
        };
        reasons.push(reason(format!("{on}: {consequence}."), fact(RecordKind::Designation, x.id)));
        match x.list {
            OfficialList::OfacSdn => verdict = Verdict::Prohibited,
            OfficialList::Ndaa889 | OfficialList::FccCovered if reaches_vendor => {
                verdict = verdict.max(Verdict::NotRecommended);
                section_889 |= x.list == OfficialList::Ndaa889;
            }
            _ => {}
        }
    }
    // Government measures: an outright U.S. federal ban prohibits; bans on government devices
    // and in the public sector call for keeping the vendor's service off them.
    let mut device_bans: Vec<&Restriction> = vec![];
    for r in &data.restrictions {
        match r.scope {
            RestrictionScope::ProductBan if risk::is_us_federal(&r.jurisdiction) => {
                verdict = Verdict::Prohibited;
                let when = r.date.map(|x| format!(" ({})", x.human())).unwrap_or_default();
                reasons.push(reason(
                    format!("Banned in the United States{when}: {}", r.measure),
                    fact(RecordKind::Restriction, r.id),
                ));
            }
            RestrictionScope::GovernmentDevices | RestrictionScope::PublicSector
                if d.route == DeploymentRoute::VendorService =>
            {
                device_bans.push(r)
            }
            _ => {}
        }
    }
    if let Some(first) = device_bans.first() {
        let places: Vec<String> = device_bans
            .iter()
            .map(|r| {
                let when = r.date.map(|x| format!(", {}", x.human())).unwrap_or_default();
                format!("{}{when}", r.jurisdiction)
            })
            .collect();
        reasons.push(reason(
            format!(
                "Banned on government devices or in the public sector in {} place{}: {}.",
                device_bans.len(),
                if device_bans.len() == 1 { "" } else { "s" },
                places.join("; ")
            ),
            fact(RecordKind::Restriction, first.id),
        ));
        controls.push("Keep it off government devices and networks, and off any device that connects to them".into());
    }

    // Controls: first what the verdict demands, then what the route and the data need.
    let mut first = vec![];
    match verdict {
        Verdict::Prohibited => first.push("Stop using it now and take legal advice".to_string()),
        Verdict::NotRecommended if d.status == DeploymentStatus::Planned => {
            first.push("Do not go ahead without legal and security sign-off".to_string())
        }
        Verdict::NotRecommended => first.push(by_date("Replace it")),
        _ => {}
    }
    if section_889 {
        first.push(
            "If the organisation holds U.S. federal contracts, remove it now: NDAA §889 bars contractors from using covered equipment"
                .to_string(),
        );
    }
    if verdict >= Verdict::AcceptableWithControls && verdict < Verdict::Prohibited {
        match (d.route, route) {
            (DeploymentRoute::OnSite, _) => {
                controls.push("Put the devices on an isolated network segment with no internet access".into());
                controls.push("Install firmware only from verified sources".into());
            }
            (_, RouteKind::ProviderHosted) => {
                controls.push("Pin the deployment to an approved region".into());
                controls.push(format!("Confirm in the provider's terms that prompts and data do not reach {name}"));
            }
            (_, RouteKind::SelfDeployed) => {
                controls.push("Run it in an isolated network segment with no outbound access".into());
                controls.push("Scan the model files before use and evaluate its outputs".into());
            }
            _ => controls.push("Keep confidential, personal and regulated data out".into()),
        }
        if d.data >= DataClass::Personal && reaches_vendor {
            controls.retain(|c| !c.starts_with("Keep confidential"));
        }
        if d.data >= DataClass::Personal {
            let what = d.data.label().to_lowercase();
            controls.push(format!("Get the data owner's approval for {} data", what.trim_end_matches(" data")));
        }
    }
    if let Some(r) = d.review_date.filter(|r| r.last_day() < as_of) {
        reasons.push(reason(format!("Its review date, {}, has passed.", r.human()), None));
        first.push("Review it now".into());
    }
    first.extend(controls);
    let mut controls = first;
    controls.dedup();
    Judgement { verdict, not_assessed: false, band: Some(a.band), route: Some(route), reasons, controls }
}

/// One deployment in the register, with its vendor and its judgement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExposureRow {
    /// The deployment as stored.
    pub deployment: Deployment,
    /// The vendor company's slug, when the vendor resolves to one.
    pub vendor_slug: Option<String>,
    /// The vendor company's short name, when it resolves to one.
    pub vendor_display: Option<String>,
    /// The service of the recorded cloud offering it uses ("Amazon Bedrock").
    pub offering: Option<String>,
    /// The verdict and why.
    pub judgement: Judgement,
}

/// How many deployments have each verdict.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VerdictCounts {
    /// Acceptable.
    pub acceptable: u32,
    /// Acceptable with controls.
    pub acceptable_with_controls: u32,
    /// Not recommended.
    pub not_recommended: u32,
    /// Prohibited.
    pub prohibited: u32,
    /// Of all of them, those whose vendor is not assessed.
    pub not_assessed: u32,
}

impl VerdictCounts {
    fn add(&mut self, j: &Judgement) {
        match j.verdict {
            Verdict::Acceptable => self.acceptable += 1,
            Verdict::AcceptableWithControls => self.acceptable_with_controls += 1,
            Verdict::NotRecommended => self.not_recommended += 1,
            Verdict::Prohibited => self.prohibited += 1,
        }
        self.not_assessed += j.not_assessed as u32;
    }
}

/// The organisation's register, judged as of a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Register {
    /// The date judged as of.
    pub as_of: NaiveDate,
    /// Every deployment, by vendor name, then name.
    pub rows: Vec<ExposureRow>,
    /// Counts by verdict, retired deployments left out.
    pub counts: VerdictCounts,
}

/// Judges every deployment. `vendors` holds each company's data and assessment by id; a
/// deployment whose company is missing from it is judged as not resolving.
pub fn register(
    deployments: Vec<Deployment>,
    vendors: &HashMap<Uuid, (CompanyData, Assessment)>,
    as_of: NaiveDate,
) -> Register {
    let mut counts = VerdictCounts::default();
    let rows = deployments
        .into_iter()
        .map(|d| {
            let v = d.company_id.and_then(|c| vendors.get(&c));
            let judgement = judge(&d, v.map(|(data, assessment)| Vendor { data, assessment }), as_of);
            if d.status != DeploymentStatus::Retired {
                counts.add(&judgement);
            }
            let offering = d.offering_id.and_then(|o| {
                v.and_then(|(data, _)| data.cloud_offerings.iter().find(|x| x.id == o)).map(|x| x.service.clone())
            });
            ExposureRow {
                offering,
                vendor_slug: v.map(|(data, _)| data.company.slug.clone()),
                vendor_display: v.map(|(data, _)| data.company.display_name().to_string()),
                deployment: d,
                judgement,
            }
        })
        .collect();
    Register { as_of, rows, counts }
}

/// How urgent a row's action is, most urgent first: prohibited, then not recommended, then
/// with controls; in production before pilot before planned; sooner review date first.
pub fn urgency(r: &ExposureRow) -> impl Ord {
    let d = &r.deployment;
    (
        std::cmp::Reverse(r.judgement.verdict),
        std::cmp::Reverse(d.status),
        d.review_date.map(|x| x.first_day()).unwrap_or(NaiveDate::MAX),
        d.name.to_lowercase(),
        d.id,
    )
}
