//! Properties of the risk score (`riskbrief::risk::assess`), checked against the documented rules
//! rather than against numbers copied from a run.

use crate::common::*;
use chrono::NaiveDate;
use riskbrief::model::*;
use riskbrief::risk::{self, assess, Assessment, Band, FactorKind, RouteKind, Verdict};

/// Base companies for the properties: a few from the bundled data, and bare ones.
fn bases() -> Vec<CompanyData> {
    let t = TempStore::seeded();
    let mut v: Vec<CompanyData> =
        ["deepseek", "huawei", "kaspersky", "sensetime", "hytera"].iter().map(|s| t.data(s)).collect();
    v.push(bare_data("US"));
    v.push(bare_data("CN"));
    v
}

fn dates() -> Vec<NaiveDate> {
    vec![day(2025, 7, 1), day(2027, 1, 1), day(2035, 1, 1)]
}

fn factor(a: &Assessment, kind: FactorKind) -> f64 {
    a.factors.iter().find(|f| f.kind == kind).unwrap_or_else(|| panic!("no {kind:?} factor")).points
}

/// Adds an allegation (and a fresh source it cites) to `data`.
fn with_allegation(
    data: &CompanyData,
    category: AllegationCategory,
    status: AllegationStatus,
    reliability: Reliability,
    credibility: Credibility,
    first_reported: Option<PartialDate>,
) -> (CompanyData, uuid::Uuid) {
    let mut d = data.clone();
    let s = source_graded(reliability);
    let mut a = allegation(d.company.id, s.id);
    a.category = category;
    a.status = status;
    a.first_reported = first_reported;
    a.citations[0].credibility = credibility;
    let aid = a.id;
    d.sources.push(s);
    d.allegations.push(a);
    (d, aid)
}

fn with_designation(data: &CompanyData, list: OfficialList, status: DesignationStatus) -> CompanyData {
    let mut d = data.clone();
    d.designations.push(designation(d.company.id, list, status));
    d
}

#[track_caller]
fn assert_invariants(a: &Assessment, data: &CompanyData) {
    let who = &data.company.slug;
    assert!(a.score <= 100, "{who}: score {} out of range", a.score);
    let sum: f64 = a.factors.iter().map(|f| f.points).sum();
    if sum <= 100.0 {
        assert!((a.score as f64 - sum).abs() <= 0.5 + 1e-9, "{who}: factors sum to {sum} but score is {}", a.score);
    } else {
        assert_eq!(a.score, 100, "{who}: factors sum to {sum} (over 100), score should be capped");
    }
    for f in &a.factors {
        assert!(
            f.points >= 0.0 && f.points <= f.max + 1e-9,
            "{who}: factor {} = {} outside 0..={}",
            f.name,
            f.points,
            f.max
        );
    }
    match &a.band_floor {
        None => assert_eq!(a.band, Band::from_score(a.score as f64), "{who}: band does not follow the score"),
        Some(why) => {
            assert!(a.band > Band::from_score(a.score as f64), "{who}: band floor set but band not raised");
            assert!(!why.is_empty());
        }
    }
    assert_eq!(a.company_id, data.company.id);
}

#[test]
fn assessment_is_deterministic() {
    for data in bases() {
        for as_of in dates() {
            let a = assess(&data, as_of);
            let b = assess(&data.clone(), as_of);
            assert_eq!(a, b, "{} as of {as_of}", data.company.slug);
            assert_eq!(a.as_of, as_of);
        }
    }
}

#[test]
fn record_order_does_not_change_the_score() {
    for data in bases() {
        let mut rev = data.clone();
        rev.allegations.reverse();
        rev.designations.reverse();
        rev.restrictions.reverse();
        rev.cloud_offerings.reverse();
        rev.sources.reverse();
        let (a, b) = (assess(&data, as_of()), assess(&rev, as_of()));
        assert_eq!((a.score, a.band), (b.score, b.band), "{}", data.company.slug);
    }
}

#[test]
fn score_range_band_and_factor_sum_hold_for_bundled_and_extreme_data() {
    let t = TempStore::seeded();
    let mut all = t.store.all_company_data().unwrap();
    // An extreme case: every listing, many confirmed allegations, many restrictions.
    let mut extreme = bare_data("CN");
    for list in OfficialList::ALL {
        extreme = with_designation(&extreme, *list, DesignationStatus::Listed);
    }
    for cat in AllegationCategory::ALL {
        for _ in 0..5 {
            extreme = with_allegation(
                &extreme,
                *cat,
                AllegationStatus::Confirmed,
                Reliability::A,
                Credibility::C1,
                Some(pd("2025-06")),
            )
            .0;
        }
    }
    for scope in RestrictionScope::ALL {
        for _ in 0..3 {
            extreme.restrictions.push(restriction(extreme.company.id, *scope));
        }
    }
    all.push(extreme.clone());
    all.push(bare_data("US"));
    for data in &all {
        for as_of in dates() {
            assert_invariants(&assess(data, as_of), data);
        }
    }
    let a = assess(&extreme, as_of());
    assert_eq!(a.score, 100, "every factor at or near its cap must give 100");
    assert_eq!(a.band, Band::Severe);
    let bare = assess(&bare_data("US"), as_of());
    assert_eq!(
        bare.score as f64,
        risk::UNDISCLOSED_MAX,
        "a US company with no records scores only its unknown ownership"
    );
}

#[test]
fn adding_a_confirmed_allegation_never_lowers_the_score() {
    for data in bases() {
        for as_of in dates() {
            let before = assess(&data, as_of);
            for cat in AllegationCategory::ALL {
                for (rel, cred, date) in [
                    (Reliability::A, Credibility::C1, Some(pd("2025-06-15"))),
                    (Reliability::E, Credibility::C5, Some(pd("1999"))),
                    (Reliability::F, Credibility::C6, None),
                ] {
                    let (d, _) = with_allegation(&data, *cat, AllegationStatus::Confirmed, rel, cred, date);
                    let after = assess(&d, as_of);
                    assert!(
                        after.score >= before.score,
                        "{}: confirmed {cat:?} ({rel:?}{cred:?}, {date:?}) lowered the score {} -> {} as of {as_of}",
                        data.company.slug,
                        before.score,
                        after.score
                    );
                    assert!(factor(&after, FactorKind::Allegations) >= factor(&before, FactorKind::Allegations));
                    assert!(after.band >= before.band);
                    assert_invariants(&after, &d);
                }
            }
        }
    }
}

#[test]
fn a_strong_recent_allegation_raises_the_score_of_a_clean_company() {
    for cat in AllegationCategory::ALL {
        let base = bare_data("US");
        let (d, _) = with_allegation(
            &base,
            *cat,
            AllegationStatus::Confirmed,
            Reliability::A,
            Credibility::C1,
            Some(pd("2025-06")),
        );
        assert!(assess(&d, as_of()).score > assess(&base, as_of()).score, "{cat:?} adds nothing");
    }
}

#[test]
fn adding_a_refuted_allegation_changes_nothing_in_the_score() {
    for data in bases() {
        let before = assess(&data, as_of());
        for cat in AllegationCategory::ALL {
            let (d, aid) = with_allegation(
                &data,
                *cat,
                AllegationStatus::Refuted,
                Reliability::A,
                Credibility::C1,
                Some(pd("2025-06")),
            );
            let after = assess(&d, as_of());
            assert_eq!(after.score, before.score, "{}: refuted {cat:?}", data.company.slug);
            assert_eq!(after.band, before.band);
            for (x, y) in before.factors.iter().zip(&after.factors) {
                assert_eq!(x.points, y.points, "{}: factor {} moved", data.company.slug, x.name);
            }
            let c = after
                .factors
                .iter()
                .flat_map(|f| &f.contributions)
                .find(|c| c.fact_id == aid)
                .expect("listed as a contribution");
            assert_eq!(c.points, 0.0);
        }
    }
}

#[test]
fn ofac_or_bis_listing_means_at_least_high_even_with_nothing_else() {
    for list in [OfficialList::OfacSdn, OfficialList::BisEntityList] {
        for country in ["US", "DE", "CN"] {
            let base = bare_data(country);
            let d = with_designation(&base, list, DesignationStatus::Listed);
            let a = assess(&d, as_of());
            assert!(a.band >= Band::High, "{list:?} listing of a {country} company gives {:?}", a.band);
            assert!(a.score > assess(&base, as_of()).score);
            assert_invariants(&a, &d);
        }
    }
    // The floor is explained when it, and not the score, decided the band.
    let a =
        assess(&with_designation(&bare_data("US"), OfficialList::BisEntityList, DesignationStatus::Listed), as_of());
    if Band::from_score(a.score as f64) < Band::High {
        assert!(a.band_floor.is_some());
    }
    // An SDN listing prohibits every route.
    let mut d = with_designation(&bare_data("US"), OfficialList::OfacSdn, DesignationStatus::Listed);
    d.cloud_offerings.push(cloud_offering(d.company.id, "Amazon"));
    let a = assess(&d, as_of());
    assert!(!a.routes.is_empty());
    assert!(a.routes.iter().all(|r| r.verdict == Verdict::Prohibited), "{:?}", a.routes);
}

#[test]
fn other_listings_do_not_trigger_the_floor() {
    let d = with_designation(&bare_data("US"), OfficialList::FccCovered, DesignationStatus::Listed);
    let a = assess(&d, as_of());
    assert!(a.band_floor.is_none());
    assert_invariants(&a, &d);
    // Delisted or under review on OFAC is not "listed": no floor.
    for status in [DesignationStatus::Delisted, DesignationStatus::UnderReview] {
        let d = with_designation(&bare_data("US"), OfficialList::OfacSdn, status);
        let a = assess(&d, as_of());
        assert!(a.band_floor.is_none(), "{status:?}");
        assert!(a.band < Band::High, "{status:?} on OFAC gives {:?}", a.band);
    }
}

#[test]
fn a_further_list_counts_a_quarter_and_a_further_entry_on_the_same_list_nothing() {
    let one = with_designation(&bare_data("US"), OfficialList::FccCovered, DesignationStatus::Listed);
    let two = with_designation(&one, OfficialList::Dod1260h, DesignationStatus::Listed);
    let again = with_designation(&two, OfficialList::FccCovered, DesignationStatus::Listed);
    let points = |d: &CompanyData| factor(&assess(d, as_of()), FactorKind::Designations);
    let (fcc, dod) = (risk::list_weight(OfficialList::FccCovered), risk::list_weight(OfficialList::Dod1260h));
    assert!((points(&one) - fcc).abs() <= 0.051, "one list counts in full: {}", points(&one));
    // Points are rounded to a tenth.
    let both = fcc.max(dod) + 0.25 * fcc.min(dod);
    assert!((points(&two) - both).abs() <= 0.051, "the second list counts a quarter: {} against {both}", points(&two));
    assert_eq!(points(&again), points(&two), "a second entry on a list already counted adds nothing");
}

#[test]
fn not_listed_adds_zero_points() {
    for data in bases() {
        let before = assess(&data, as_of());
        let mut d = data.clone();
        for list in OfficialList::ALL {
            d = with_designation(&d, *list, DesignationStatus::NotListed);
        }
        let after = assess(&d, as_of());
        assert_eq!(after.score, before.score, "{}", data.company.slug);
        assert_eq!(factor(&after, FactorKind::Designations), factor(&before, FactorKind::Designations));
        assert_eq!(after.band, before.band);
    }
    let a = assess(&with_designation(&bare_data("US"), OfficialList::OfacSdn, DesignationStatus::NotListed), as_of());
    assert_eq!(factor(&a, FactorKind::Designations), 0.0);
    assert_eq!(a.score as f64, riskbrief::risk::UNDISCLOSED_MAX, "only its unknown ownership counts");
}

#[test]
fn older_allegations_weigh_less() {
    let as_of = day(2025, 7, 1);
    let base = bare_data("US");
    for cat in AllegationCategory::ALL {
        let score_of = |date: &str| {
            let (d, aid) = with_allegation(
                &base,
                *cat,
                AllegationStatus::Corroborated,
                Reliability::A,
                Credibility::C1,
                Some(pd(date)),
            );
            let a = assess(&d, as_of);
            let c = a.factors.iter().flat_map(|f| &f.contributions).find(|c| c.fact_id == aid).unwrap().points;
            (c, factor(&a, FactorKind::Allegations))
        };
        let recent = score_of("2025-06");
        let old = score_of("2018-01");
        let ancient = score_of("2001");
        assert!(old.0 < recent.0, "{cat:?}: an allegation from 2018 weighs {} vs {} for 2025", old.0, recent.0);
        assert!(old.1 < recent.1);
        assert!(ancient.0 <= old.0);
        assert!(ancient.0 > 0.0, "{cat:?}: old evidence should never count for nothing");
    }
    // The weight itself never increases with age, is 1 while fresh and at least a quarter.
    let mut previous = f64::INFINITY;
    for y in (1990..=2025).rev() {
        for m in [12u8, 6, 1] {
            let w = risk::recency_weight(Some(PartialDate { year: y, month: Some(m), day: None }), as_of);
            assert!(w <= previous + 1e-12, "recency weight rose with age at {y}-{m}");
            assert!((0.25..=1.0).contains(&w));
            previous = w;
        }
    }
    assert_eq!(risk::recency_weight(Some(pd("2025-06")), as_of), 1.0);
}

#[test]
fn better_evidence_and_status_weigh_more() {
    let base = bare_data("US");
    let score = |st, rel, cred| {
        let (d, _) = with_allegation(&base, AllegationCategory::Cyber, st, rel, cred, Some(pd("2025-06")));
        factor(&assess(&d, as_of()), FactorKind::Allegations)
    };
    assert!(
        score(AllegationStatus::Confirmed, Reliability::A, Credibility::C1)
            > score(AllegationStatus::Alleged, Reliability::A, Credibility::C1)
    );
    assert!(
        score(AllegationStatus::Alleged, Reliability::A, Credibility::C1)
            > score(AllegationStatus::Alleged, Reliability::E, Credibility::C1)
    );
    assert!(
        score(AllegationStatus::Alleged, Reliability::B, Credibility::C2)
            > score(AllegationStatus::Alleged, Reliability::B, Credibility::C5)
    );
}

#[test]
fn jurisdiction_counts_for_laws_compelling_cooperation() {
    let cn = assess(&bare_data("CN"), as_of());
    let us = assess(&bare_data("US"), as_of());
    assert!(factor(&cn, FactorKind::Jurisdiction) > 0.0);
    assert_eq!(factor(&us, FactorKind::Jurisdiction), 0.0);
    assert!(cn.score > us.score);
}

#[test]
fn deepseek_usage_guidance() {
    let data = bundled_data("deepseek");
    let a = assess(&data, as_of());
    assert_invariants(&a, &data);

    let vendor = a.routes.iter().find(|r| r.route == RouteKind::VendorOperated).expect("a vendor-operated route");
    assert_eq!(
        vendor.verdict,
        Verdict::NotRecommended,
        "DeepSeek's own app/API: {vendor:?} (score {}, band {:?})",
        a.score,
        a.band
    );

    let controlled: Vec<_> =
        a.routes.iter().filter(|r| matches!(r.route, RouteKind::ProviderHosted | RouteKind::SelfDeployed)).collect();
    assert!(!controlled.is_empty(), "no provider-hosted or self-deployed route: {:?}", a.routes);
    for r in &controlled {
        assert_eq!(r.verdict, Verdict::AcceptableWithControls, "{r:?}");
        assert!(!r.offering_ids.is_empty());
    }
    let kinds: Vec<_> = controlled.iter().map(|r| r.route).collect();
    assert!(kinds.contains(&RouteKind::ProviderHosted) && kinds.contains(&RouteKind::SelfDeployed), "{kinds:?}");
    // Every offering with a provider-region data path is in one of those routes.
    for o in data.cloud_offerings.iter().filter(|o| o.data_path == DataPath::ProviderRegion) {
        assert!(controlled.iter().any(|r| r.offering_ids.contains(&o.id)), "{} not routed", o.service);
    }
    // No listing on the floor lists, so no floor.
    assert!(a.band_floor.is_none());
    assert_eq!(factor(&a, FactorKind::Designations), 0.0, "DeepSeek is not listed anywhere");
}

#[test]
fn routes_follow_the_data_path() {
    let mut d = bare_data("US");
    let mut self_deploy = cloud_offering(d.company.id, "Google");
    self_deploy.offering_type = OfferingType::SelfDeployWeights;
    let mut vendor = cloud_offering(d.company.id, "Vendor");
    vendor.data_path = DataPath::ReachesVendor;
    let mut unknown = cloud_offering(d.company.id, "Microsoft");
    unknown.data_path = DataPath::Unknown;
    let hosted = cloud_offering(d.company.id, "Amazon");
    d.cloud_offerings = vec![self_deploy.clone(), vendor.clone(), unknown.clone(), hosted.clone()];
    let a = assess(&d, as_of());
    let route = |k| a.routes.iter().find(|r| r.route == k).unwrap_or_else(|| panic!("no {k:?} route"));
    assert!(route(RouteKind::SelfDeployed).offering_ids == vec![self_deploy.id]);
    assert!(route(RouteKind::VendorOperated).offering_ids == vec![vendor.id]);
    assert!(route(RouteKind::Undocumented).offering_ids == vec![unknown.id]);
    assert!(route(RouteKind::ProviderHosted).offering_ids == vec![hosted.id]);
    // A clean company: everything acceptable.
    assert!(a.routes.iter().all(|r| r.verdict == Verdict::Acceptable), "{:?}", a.routes);
}

// Outright product bans (restriction scope `product_ban`).

fn with_restriction(data: &CompanyData, scope: RestrictionScope, jurisdiction: &str) -> (CompanyData, uuid::Uuid) {
    let mut d = data.clone();
    let r = Restriction { jurisdiction: jurisdiction.into(), ..restriction(d.company.id, scope) };
    let rid = r.id;
    d.restrictions.push(r);
    (d, rid)
}

/// Jurisdictions whose product bans do not bind a U.S. buyer.
const ELSEWHERE: [&str; 3] = ["Italy", "United Kingdom", "United States — Texas"];
const US_FEDERAL: [&str; 2] = ["United States", "United States (federal)"];

#[test]
fn an_outright_product_ban_weighs_more_than_any_other_measure() {
    for data in bases() {
        for j in ELSEWHERE {
            let (ban, ban_id) = with_restriction(&data, RestrictionScope::ProductBan, j);
            let with_ban = assess(&ban, as_of());
            let ban_points =
                with_ban.factors.iter().flat_map(|f| &f.contributions).find(|c| c.fact_id == ban_id).unwrap().points;
            for scope in RestrictionScope::ALL.iter().filter(|s| **s != RestrictionScope::ProductBan) {
                let (other, other_id) = with_restriction(&data, *scope, j);
                let with_other = assess(&other, as_of());
                let other_points = with_other
                    .factors
                    .iter()
                    .flat_map(|f| &f.contributions)
                    .find(|c| c.fact_id == other_id)
                    .unwrap()
                    .points;
                assert!(
                    ban_points > other_points,
                    "a product ban ({ban_points}) does not outweigh {scope:?} ({other_points})"
                );
                let (fb, fo) =
                    (factor(&with_ban, FactorKind::Restrictions), factor(&with_other, FactorKind::Restrictions));
                assert!(fb >= fo, "{}: restrictions {fb} with a ban < {fo} with {scope:?}", data.company.slug);
                if fo < risk::RESTRICTIONS_MAX {
                    assert!(fb > fo, "{}: below the cap a ban must add more than {scope:?}", data.company.slug);
                }
                assert!(
                    with_ban.score >= with_other.score && with_ban.band >= with_other.band,
                    "{} ({j}, {scope:?})",
                    data.company.slug
                );
                assert_invariants(&with_ban, &ban);
            }
        }
    }
    // In particular, heavier than a ban on government devices, on a clean company.
    let base = bare_data("US");
    let ban = factor(
        &assess(&with_restriction(&base, RestrictionScope::ProductBan, "Italy").0, as_of()),
        FactorKind::Restrictions,
    );
    let devices = factor(
        &assess(&with_restriction(&base, RestrictionScope::GovernmentDevices, "Italy").0, as_of()),
        FactorKind::Restrictions,
    );
    assert!(ban > devices, "{ban} <= {devices}");
}

#[test]
fn turning_any_measure_into_a_product_ban_never_lowers_the_score() {
    let mut all = bases();
    let mut d = bare_data("CN");
    for scope in RestrictionScope::ALL {
        d = with_restriction(&d, *scope, "Australia").0;
    }
    all.push(d);
    for data in all {
        for i in 0..data.restrictions.len() {
            for as_of in dates() {
                let before = assess(&data, as_of);
                let mut d = data.clone();
                d.restrictions[i].scope = RestrictionScope::ProductBan;
                let after = assess(&d, as_of);
                assert!(
                    after.score >= before.score,
                    "{}: restriction {i} as a ban lowered {} -> {}",
                    data.company.slug,
                    before.score,
                    after.score
                );
                assert!(factor(&after, FactorKind::Restrictions) >= factor(&before, FactorKind::Restrictions));
                assert!(after.band >= before.band);
                assert_invariants(&after, &d);
            }
        }
    }
}

#[test]
fn a_us_federal_product_ban_means_at_least_high_and_every_route_prohibited() {
    for country in ["US", "DE", "CN", "RU"] {
        for j in US_FEDERAL {
            let mut base = bare_data(country);
            let mut self_deploy = cloud_offering(base.company.id, "Google");
            self_deploy.offering_type = OfferingType::SelfDeployWeights;
            let mut unknown = cloud_offering(base.company.id, "Microsoft");
            unknown.data_path = DataPath::Unknown;
            base.cloud_offerings = vec![cloud_offering(base.company.id, "Amazon"), self_deploy, unknown];
            let (d, _) = with_restriction(&base, RestrictionScope::ProductBan, j);
            let a = assess(&d, as_of());
            assert!(a.band >= Band::High, "a {j} product ban on a {country} company gives {:?}", a.band);
            assert!(a.score > assess(&base, as_of()).score);
            if Band::from_score(a.score as f64) < Band::High {
                assert!(a.band_floor.as_deref().is_some_and(|f| f.contains("banned")), "{:?}", a.band_floor);
            }
            assert_eq!(a.routes.len(), 4, "{:?}", a.routes);
            for r in &a.routes {
                assert_eq!(r.verdict, Verdict::Prohibited, "{j}, {country}: {r:?}");
                assert!(r.rationale.contains("Banned in the United States"), "{}", r.rationale);
            }
            assert_invariants(&a, &d);
        }
    }
    // An SDN listing still has the last word on the rationale.
    let (d, _) = with_restriction(
        &with_designation(&bare_data("US"), OfficialList::OfacSdn, DesignationStatus::Listed),
        RestrictionScope::ProductBan,
        "United States",
    );
    assert!(assess(&d, as_of())
        .routes
        .iter()
        .all(|r| r.verdict == Verdict::Prohibited && r.rationale.contains("OFAC SDN")));
}

#[test]
fn a_product_ban_elsewhere_is_named_but_neither_floors_the_band_nor_prohibits() {
    for j in ELSEWHERE {
        let mut base = bare_data("US");
        base.cloud_offerings = vec![cloud_offering(base.company.id, "Amazon")];
        let (d, _) = with_restriction(&base, RestrictionScope::ProductBan, j);
        let a = assess(&d, as_of());
        assert!(a.band_floor.is_none(), "{j}: {:?}", a.band_floor);
        assert_eq!(a.band, Band::from_score(a.score as f64));
        assert!(a.routes.iter().all(|r| r.verdict != Verdict::Prohibited), "{j}: {:?}", a.routes);
        let vendor = a.routes.iter().find(|r| r.route == RouteKind::VendorOperated).unwrap();
        let place = risk::jurisdiction_place(j);
        assert!(vendor.rationale.contains(&format!("banned {}", risk::in_place(place))), "{j}: {}", vendor.rationale);
    }
    assert_eq!(risk::in_place("United Kingdom"), "in the United Kingdom");
    assert_eq!(risk::in_place("Italy"), "in Italy");
    assert!(risk::is_us_federal("United States (federal)") && risk::is_us_federal("United States"));
    assert!(!risk::is_us_federal("United States — Texas") && !risk::is_us_federal("Italy"));
}

#[test]
fn kaspersky_is_at_least_high_with_every_route_prohibited() {
    let data = bundled_data("kaspersky");
    for as_of in dates() {
        let a = assess(&data, as_of);
        assert!(a.band >= Band::High, "Kaspersky as of {as_of}: {:?} ({})", a.band, a.score);
        assert!(a.routes.iter().all(|r| r.verdict == Verdict::Prohibited), "{:?}", a.routes);
        assert_invariants(&a, &data);
    }
}
