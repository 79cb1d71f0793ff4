//! A synthetic portfolio for the scale benchmark (`scripts/bench-scale.sh`, issue #12).
//!
//!   synth_portfolio --companies N [--seed S] [--created-at RFC3339] -o FILE.json
//!
//! Writes a dataset bundle (unsigned; import it with `riskbrief import FILE.json --allow-unsigned`)
//! of N companies, each with 3 sources, 1–5 allegations (3 on average; each cites 1–2 of the
//! sources, one in three has a response), 1–2 designations on distinct lists, 2–4 cloud offerings,
//! and one company in four a government restriction. The same N and seed give the same bytes.
//!
//! Names are built from syllables and legal forms by country (Chinese, U.S., European, Japanese,
//! Korean, Russian, Iranian, Indian, …), so that name matching, `show` by name and search have
//! realistic work to do: "Shenzhen Huaxin Intelligent Technology Co., Ltd." (深圳华信智能科技有限公司,
//! a.k.a. "Huaxin"), "Norvex Systems Inc.", "OOO Tekhsoft" («Техсофт»). Some companies have
//! aliases, some a native-script name; legal names and slugs are unique.
//!
//! Prints one JSON line on standard output: the counts, and a probe company whose legal name
//! and alias each find exactly that company through the name path of `riskbrief show` (not its
//! slug), for the benchmark to look up.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use clap::Parser;
use riskbrief::model::*;
use std::collections::{HashMap, HashSet};
use std::fmt::Debug;
use std::path::PathBuf;
use std::str::FromStr;
use uuid::Uuid;

#[derive(Parser)]
#[command(about = "Write a synthetic portfolio as a dataset bundle")]
struct Args {
    /// How many companies.
    #[arg(long)]
    companies: usize,
    /// Seed of the generator: the same seed gives the same bundle.
    #[arg(long, default_value_t = 12)]
    seed: u64,
    /// The bundle's `created_at`; every record's `updated_at` falls in the two years before it.
    #[arg(long, default_value = "2026-06-30T00:00:00Z")]
    created_at: String,
    /// The bundle file to write (replaced if it exists).
    #[arg(short, long)]
    output: PathBuf,
}

/// splitmix64: small, fast, and good enough to vary test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// 0 ≤ x < n.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// lo ≤ x ≤ hi.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// True `percent` times in 100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// `lo` to `hi` distinct indices below `n`, in increasing order.
    fn distinct(&mut self, n: usize, lo: usize, hi: usize) -> Vec<usize> {
        let k = self.range(lo, hi);
        let mut idx: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            let j = i + self.below(n - i);
            idx.swap(i, j);
        }
        let mut out = idx[..k.min(n)].to_vec();
        out.sort_unstable();
        out
    }
}

/// Record ids: UUID v7, with a timestamp that grows by a millisecond per record (so unique) and
/// random bits from the generator.
struct Ids {
    millis: u64,
}

impl Ids {
    fn next(&mut self, rng: &mut Rng) -> Uuid {
        self.millis += 1;
        let r = rng.next().to_le_bytes();
        let s = rng.next().to_le_bytes();
        let bytes = [r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], s[0], s[1]];
        uuid::Builder::from_unix_timestamp_millis(self.millis, &bytes).into_uuid()
    }
}

// ---- names -------------------------------------------------------------------------------

/// Pinyin syllables with a character each, for Chinese names and their native forms.
const CN_SYLLABLES: &[(&str, &str)] = &[
    ("hua", "华"),
    ("xin", "信"),
    ("zhong", "中"),
    ("tian", "天"),
    ("hai", "海"),
    ("long", "龙"),
    ("feng", "丰"),
    ("rui", "瑞"),
    ("jin", "金"),
    ("da", "大"),
    ("heng", "恒"),
    ("kang", "康"),
    ("ming", "明"),
    ("sheng", "盛"),
    ("tong", "通"),
    ("wei", "维"),
    ("yuan", "源"),
    ("cheng", "诚"),
    ("guang", "光"),
    ("bo", "博"),
    ("xun", "讯"),
    ("hong", "宏"),
    ("an", "安"),
    ("chuang", "创"),
    ("jia", "佳"),
    ("yi", "易"),
    ("zhi", "智"),
    ("lian", "联"),
    ("kai", "凯"),
    ("teng", "腾"),
    ("xing", "星"),
    ("yun", "云"),
];
const CN_CITIES: &[(&str, &str)] = &[
    ("Shenzhen", "深圳"),
    ("Hangzhou", "杭州"),
    ("Beijing", "北京"),
    ("Shanghai", "上海"),
    ("Guangzhou", "广州"),
    ("Chengdu", "成都"),
    ("Wuhan", "武汉"),
    ("Nanjing", "南京"),
    ("Suzhou", "苏州"),
    ("Xiamen", "厦门"),
    ("Hefei", "合肥"),
    ("Tianjin", "天津"),
    ("Xi'an", "西安"),
    ("Dongguan", "东莞"),
];
const CN_INDUSTRIES: &[(&str, &str)] = &[
    ("Technology", "科技"),
    ("Information Technology", "信息技术"),
    ("Intelligent Technology", "智能科技"),
    ("Electronics", "电子"),
    ("Communication Technology", "通信技术"),
    ("Network Technology", "网络科技"),
    ("Semiconductor", "半导体"),
    ("Software", "软件"),
    ("Data Technology", "数据科技"),
    ("Digital Technology", "数字科技"),
    ("Optoelectronic Technology", "光电科技"),
    ("Microelectronics", "微电子"),
];
const JP_SYLLABLES: &[(&str, &str)] = &[
    ("kita", "北"),
    ("yama", "山"),
    ("naka", "中"),
    ("taka", "高"),
    ("mori", "森"),
    ("hoshi", "星"),
    ("kawa", "川"),
    ("sora", "空"),
    ("hikari", "光"),
    ("mizu", "水"),
    ("shima", "島"),
    ("ta", "田"),
];
const JP_INDUSTRIES: &[(&str, &str)] = &[
    ("Electric", "電機"),
    ("Communications", "通信"),
    ("Precision", "精密"),
    ("Electronics", "電子"),
    ("Systems", "システム"),
    ("Software", "ソフト"),
];
const KR_SYLLABLES: &[(&str, &str)] = &[
    ("han", "한"),
    ("sam", "삼"),
    ("dae", "대"),
    ("hyun", "현"),
    ("jin", "진"),
    ("sung", "성"),
    ("woo", "우"),
    ("kwang", "광"),
    ("min", "민"),
    ("seo", "서"),
    ("yeon", "연"),
    ("il", "일"),
];
const KR_INDUSTRIES: &[(&str, &str)] = &[
    ("Electronics", "전자"),
    ("Telecom", "텔레콤"),
    ("Systems", "시스템"),
    ("Semiconductor", "반도체"),
    ("Networks", "네트웍스"),
];
const RU_SYLLABLES: &[(&str, &str)] = &[
    ("tekh", "тех"),
    ("prom", "пром"),
    ("info", "инфо"),
    ("svyaz", "связь"),
    ("nauka", "наука"),
    ("sistem", "систем"),
    ("soft", "софт"),
    ("energo", "энерго"),
    ("elektro", "электро"),
    ("radio", "радио"),
    ("telekom", "телеком"),
    ("avia", "авиа"),
    ("geo", "гео"),
    ("kvant", "квант"),
];
const RU_FORMS: &[(&str, &str)] = &[("OOO", "ООО"), ("AO", "АО"), ("PAO", "ПАО")];
const COINED_HEADS: &[&str] = &[
    "Nor", "Vex", "Tera", "Lumi", "Arc", "Quan", "Syn", "Cor", "Zen", "Opti", "Astra", "Velo", "Nex", "Cyph", "Helio",
    "Kine", "Orbi", "Strato", "Vire", "Axi", "Bry", "Cala", "Dyna", "Evo", "Flux", "Gala", "Iso", "Juno", "Kel",
    "Meri",
];
const COINED_MIDS: &[&str] = &["a", "i", "o", "ra", "ri", "ta", "lo", "ne"];
const COINED_TAILS: &[&str] = &[
    "tek", "vex", "ion", "ora", "ix", "net", "sys", "lyn", "gen", "tra", "wave", "point", "path", "logic", "sphere",
    "link", "core", "data", "mind", "scale",
];
const ADJECTIVES: &[&str] = &[
    "Blue", "Silver", "North", "Bright", "Red", "Summit", "Iron", "Clear", "Deep", "Pacific", "Atlas", "Granite",
    "Cedar", "Coastal", "Polar", "Swift",
];
const NOUNS: &[&str] =
    &["River", "Peak", "Harbor", "Stone", "Field", "Bridge", "Wave", "Signal", "Forge", "Grove", "Ridge", "Lake"];
const WEST_INDUSTRIES: &[&str] = &[
    "Systems",
    "Technologies",
    "Networks",
    "Labs",
    "Software",
    "Analytics",
    "Robotics",
    "Security",
    "Cloud",
    "Data",
    "Semiconductors",
    "Devices",
    "Solutions",
    "AI",
    "Communications",
];
const IR_WORDS: &[&str] = &[
    "Pars", "Sepehr", "Kish", "Arya", "Tadbir", "Farda", "Saman", "Pouya", "Mabna", "Rayan", "Fanavar", "Hamrah",
    "Tosee", "Andisheh", "Negin", "Atieh",
];
const IR_INDUSTRIES: &[&str] =
    &["Electronic", "Communication", "Engineering", "Trading", "Technology Development", "Network", "Industrial"];
const IR_FORMS: &[&str] = &["Company", "Co.", "Private Joint Stock Company", "Engineering Company"];
const IN_WORDS: &[&str] =
    &["Vayu", "Agni", "Surya", "Nava", "Prithvi", "Kaveri", "Indra", "Shakti", "Veda", "Anant", "Sampark", "Tejas"];

/// Countries, with their weight in the portfolio and their legal forms (for the Western-style ones).
const COUNTRIES: &[(&str, usize, &[&str])] = &[
    ("CN", 28, &[]),
    ("HK", 4, &[]),
    ("TW", 3, &["Co., Ltd.", "Corporation", "Inc."]),
    ("US", 18, &["Inc.", "LLC", "Corp.", "Corporation"]),
    ("GB", 5, &["Ltd", "Limited", "PLC"]),
    ("DE", 5, &["GmbH", "AG", "SE"]),
    ("FR", 3, &["SAS", "S.A."]),
    ("NL", 2, &["B.V.", "N.V."]),
    ("IL", 3, &["Ltd."]),
    ("SG", 3, &["Pte. Ltd."]),
    ("JP", 6, &[]),
    ("KR", 4, &[]),
    ("RU", 6, &[]),
    ("IR", 4, &[]),
    ("IN", 4, &["Pvt. Ltd.", "Limited"]),
    ("AE", 2, &["FZE", "FZ-LLC", "LLC"]),
];

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A name: the legal name, the native-script one, aliases, and the stem people call it by.
struct Name {
    legal: String,
    native: Option<String>,
    aliases: Vec<String>,
    stem: String,
    /// What tells companies with one stem apart in a slug: the city or the industry.
    qualifier: String,
    headquarters: String,
    country: &'static str,
}

/// `k` syllables of a table: the Latin stem ("Huaxin") and the native one ("华信").
fn syllables(rng: &mut Rng, table: &[(&str, &str)], k: usize) -> (String, String) {
    let (mut latin, mut native) = (String::new(), String::new());
    for _ in 0..k {
        let (l, n) = rng.pick(table);
        latin.push_str(l);
        native.push_str(n);
    }
    (capitalise(&latin), native)
}

fn western_stem(rng: &mut Rng) -> String {
    if rng.chance(55) {
        let mid = if rng.chance(25) { *rng.pick(COINED_MIDS) } else { "" };
        let head = format!("{}{mid}", rng.pick(COINED_HEADS));
        let tail = *rng.pick(COINED_TAILS);
        // No two vowels where the parts meet ("Lumion", not "Lumiion").
        let vowel = |c: Option<char>| c.is_some_and(|c| "aeiou".contains(c));
        let tail = if vowel(head.chars().last()) && vowel(tail.chars().next()) { &tail[1..] } else { tail };
        format!("{head}{tail}")
    } else {
        format!("{} {}", rng.pick(ADJECTIVES), rng.pick(NOUNS))
    }
}

fn name(rng: &mut Rng) -> Name {
    let total: usize = COUNTRIES.iter().map(|c| c.1).sum();
    let mut roll = rng.below(total);
    let &(country, _, forms) = COUNTRIES
        .iter()
        .find(|c| {
            if roll < c.1 {
                true
            } else {
                roll -= c.1;
                false
            }
        })
        .expect("weights add up");
    let two_or_three = |rng: &mut Rng| if rng.chance(25) { 3 } else { 2 };
    let mut aliases = vec![];
    let qualifier: String;
    let (legal, native, stem, headquarters) = match country {
        "CN" | "HK" => {
            let k = two_or_three(rng);
            let (stem, stem_native) = syllables(rng, CN_SYLLABLES, k);
            let (industry, industry_native) = *rng.pick(CN_INDUSTRIES);
            if country == "HK" {
                qualifier = industry.to_string();
                let legal = format!("{stem} {industry} Holdings Limited");
                let native = format!("{stem_native}{industry_native}控股有限公司");
                (legal, rng.chance(30).then_some(native), stem.clone(), "Hong Kong".to_string())
            } else {
                let (city, city_native) = *rng.pick(CN_CITIES);
                qualifier = city.to_string();
                let group = rng.chance(15);
                let legal = format!("{city} {stem} {industry} {}Co., Ltd.", if group { "Group " } else { "" });
                let native =
                    format!("{city_native}{stem_native}{industry_native}{}有限公司", if group { "集团" } else { "" });
                let native = rng.chance(40).then_some(native);
                if native.is_some() && rng.chance(30) {
                    aliases.push(stem_native.clone());
                }
                (legal, native, stem, format!("{city}, China"))
            }
        }
        "JP" => {
            let (stem, stem_native) = syllables(rng, JP_SYLLABLES, 2);
            let (industry, industry_native) = *rng.pick(JP_INDUSTRIES);
            qualifier = industry.to_string();
            let legal = format!("{stem} {industry} Co., Ltd.");
            let native = rng.chance(40).then(|| format!("{stem_native}{industry_native}株式会社"));
            (legal, native, stem, rng.pick(&["Tokyo, Japan", "Osaka, Japan", "Nagoya, Japan"]).to_string())
        }
        "KR" => {
            let (stem, stem_native) = syllables(rng, KR_SYLLABLES, 2);
            let (industry, industry_native) = *rng.pick(KR_INDUSTRIES);
            qualifier = industry.to_string();
            let legal = format!("{stem} {industry} Co., Ltd.");
            let native = rng.chance(40).then(|| format!("주식회사 {stem_native}{industry_native}"));
            (legal, native, stem, rng.pick(&["Seoul, South Korea", "Seongnam, South Korea"]).to_string())
        }
        "RU" => {
            let k = two_or_three(rng);
            let (stem, stem_native) = syllables(rng, RU_SYLLABLES, k);
            let (form, form_native) = *rng.pick(RU_FORMS);
            qualifier = "ru".into();
            let legal = format!("{form} {stem}");
            let native = rng.chance(40).then(|| format!("{form_native} «{}»", capitalise(&stem_native)));
            (
                legal,
                native,
                stem,
                rng.pick(&["Moscow, Russia", "Saint Petersburg, Russia", "Novosibirsk, Russia"]).to_string(),
            )
        }
        "IR" => {
            let stem = if rng.chance(50) {
                rng.pick(IR_WORDS).to_string()
            } else {
                format!("{} {}", rng.pick(IR_WORDS), rng.pick(IR_WORDS))
            };
            qualifier = rng.pick(IR_INDUSTRIES).to_string();
            let legal = format!("{stem} {qualifier} {}", rng.pick(IR_FORMS));
            (legal, None, stem, rng.pick(&["Tehran, Iran", "Isfahan, Iran", "Kish Island, Iran"]).to_string())
        }
        _ => {
            let stem = if country == "IN" && rng.chance(60) {
                format!("{}{}", rng.pick(IN_WORDS), rng.pick(&["", "tech", "net", "soft"]))
            } else {
                western_stem(rng)
            };
            qualifier = rng.pick(WEST_INDUSTRIES).to_string();
            let legal = format!("{stem} {qualifier} {}", rng.pick(forms));
            let hq = match country {
                "US" => *rng.pick(&[
                    "San Jose, California",
                    "Austin, Texas",
                    "Boston, Massachusetts",
                    "Seattle, Washington",
                ]),
                "GB" => *rng.pick(&["London, United Kingdom", "Cambridge, United Kingdom"]),
                "DE" => *rng.pick(&["Munich, Germany", "Berlin, Germany", "Stuttgart, Germany"]),
                "FR" => "Paris, France",
                "NL" => "Eindhoven, Netherlands",
                "IL" => "Tel Aviv, Israel",
                "SG" => "Singapore",
                "TW" => *rng.pick(&["Hsinchu, Taiwan", "Taipei, Taiwan"]),
                "IN" => *rng.pick(&["Bengaluru, India", "Pune, India", "Hyderabad, India"]),
                _ => "Dubai, United Arab Emirates",
            };
            (legal, None, stem, hq.to_string())
        }
    };
    if rng.chance(55) {
        aliases.insert(0, stem.clone());
    }
    if rng.chance(10) {
        // A former or trading name.
        aliases.push(format!("{} {}", western_stem(rng), rng.pick(WEST_INDUSTRIES)));
    }
    let qualifier = qualifier.split_whitespace().next().unwrap_or("").to_string();
    Name { legal, native, aliases, stem, qualifier, headquarters, country }
}

fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

// ---- records -------------------------------------------------------------------------------

const SECTORS: &[&str] = &[
    "Artificial intelligence",
    "Telecommunications equipment",
    "Video surveillance",
    "Semiconductors",
    "Cloud services",
    "Cybersecurity software",
    "Drones",
    "Consumer electronics",
    "Enterprise software",
    "Network equipment",
    "Data analytics",
    "Biometrics",
];
const PRODUCT_TAILS: &[&str] =
    &["Cloud", "OS", "Vision", "Edge", "AI Assistant", "Router X", "Camera Pro", "Chat", "Analytics", "Gateway", "LLM"];
const PUBLISHERS: &[(&str, SourceKind, Reliability, &str)] = &[
    ("Reuters", SourceKind::NewsReport, Reliability::B, "news.example"),
    ("Financial Wire", SourceKind::NewsReport, Reliability::B, "finwire.example"),
    ("Asia Tech Review", SourceKind::NewsReport, Reliability::C, "asiatech.example"),
    ("U.S. Department of Commerce", SourceKind::GovernmentRecord, Reliability::A, "commerce.example.gov"),
    ("Federal Register", SourceKind::GovernmentRecord, Reliability::A, "federalregister.example.gov"),
    ("U.S. District Court", SourceKind::CourtFiling, Reliability::A, "courts.example.gov"),
    ("Security Research Lab", SourceKind::Analysis, Reliability::C, "research.example.org"),
    ("Policy Institute", SourceKind::Analysis, Reliability::D, "policy.example.org"),
    ("Company press office", SourceKind::CompanyStatement, Reliability::F, "press.example.com"),
    ("Cloud provider documentation", SourceKind::VendorDocumentation, Reliability::B, "docs.example.com"),
];
const TITLES: &[&str] = &[
    "supplier ties to state programmes under scrutiny",
    "export filings show shipments through third countries",
    "researchers find undocumented data flows",
    "company named in procurement records",
    "annual report and ownership structure",
    "regulator opens inquiry",
    "model now available on major clouds",
    "statement on recent allegations",
];
const PLACES: &[&str] = &["Hong Kong", "Singapore", "Dubai", "Kuala Lumpur", "Istanbul", "Tashkent", "Almaty"];
const STATUSES: &[(AllegationStatus, usize)] = &[
    (AllegationStatus::Alleged, 40),
    (AllegationStatus::UnderInvestigation, 12),
    (AllegationStatus::Corroborated, 15),
    (AllegationStatus::Confirmed, 10),
    (AllegationStatus::Disputed, 10),
    (AllegationStatus::Refuted, 7),
    (AllegationStatus::Resolved, 6),
];
const LISTS: &[OfficialList] = &[
    OfficialList::BisEntityList,
    OfficialList::BisMeu,
    OfficialList::OfacSdn,
    OfficialList::Dod1260h,
    OfficialList::FccCovered,
    OfficialList::Ndaa889,
    OfficialList::Other,
];
const JURISDICTIONS: &[(&str, &str)] = &[
    ("United States", "Federal Communications Commission"),
    ("United States — Texas", "Office of the Governor"),
    ("Italy", "Garante per la protezione dei dati personali"),
    ("Australia", "Department of Home Affairs"),
    ("Taiwan", "Ministry of Digital Affairs"),
    ("India", "Ministry of Electronics and Information Technology"),
    ("Germany", "Federal Office for Information Security"),
    ("United Kingdom", "Cabinet Office"),
    ("Canada", "Treasury Board of Canada Secretariat"),
];
const CLOUDS: &[(&str, &[(&str, OfferingType)])] = &[
    (
        "Amazon",
        &[
            ("Amazon Bedrock", OfferingType::ManagedApi),
            ("AWS Marketplace", OfferingType::Marketplace),
            ("Amazon SageMaker JumpStart", OfferingType::SelfDeployWeights),
        ],
    ),
    ("Microsoft", &[("Azure AI Foundry", OfferingType::ManagedApi), ("Azure Marketplace", OfferingType::Marketplace)]),
    (
        "Google",
        &[
            ("Vertex AI Model Garden", OfferingType::SelfDeployWeights),
            ("Google Cloud Marketplace", OfferingType::Marketplace),
        ],
    ),
    ("Alibaba Cloud", &[("Model Studio", OfferingType::ManagedApi)]),
    ("Oracle", &[("OCI Marketplace", OfferingType::Marketplace)]),
];
const REGIONS: &[&str] = &["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"];

/// An RFC 3339 time with whole seconds and `Z`, as the type wanted reads it.
fn rfc3339<T: FromStr>(t: DateTime<Utc>) -> T
where
    T::Err: Debug,
{
    t.to_rfc3339_opts(SecondsFormat::Secs, true).parse().expect("an RFC 3339 time")
}

fn month(rng: &mut Rng, from_year: i32, to_year: i32) -> PartialDate {
    PartialDate {
        year: rng.range(from_year as usize, to_year as usize) as i32,
        month: Some(rng.range(1, 12) as u8),
        day: None,
    }
}

fn day(rng: &mut Rng, from_year: i32, to_year: i32) -> PartialDate {
    PartialDate { day: Some(rng.range(1, 28) as u8), ..month(rng, from_year, to_year) }
}

fn weighted<T: Copy>(rng: &mut Rng, xs: &[(T, usize)]) -> T {
    let mut roll = rng.below(xs.iter().map(|x| x.1).sum());
    for &(x, w) in xs {
        if roll < w {
            return x;
        }
        roll -= w;
    }
    unreachable!("weights add up")
}

struct Gen {
    rng: Rng,
    ids: Ids,
    created: DateTime<Utc>,
}

impl Gen {
    fn id(&mut self) -> Uuid {
        self.ids.next(&mut self.rng)
    }

    /// A time in the two years before the bundle, whole seconds, as the model's `updated_at`
    /// type reads it.
    fn stamp<T: FromStr>(&mut self) -> T
    where
        T::Err: Debug,
    {
        let back = self.rng.below(2 * 365 * 24 * 3600) as i64;
        rfc3339(self.created - Duration::seconds(back))
    }

    fn company(&mut self, d: &mut Dataset, n: Name, slug: String) {
        let rng = &mut self.rng;
        let display = n.aliases.first().cloned().unwrap_or_else(|| n.stem.clone());
        let sector = *rng.pick(SECTORS);
        let products: Vec<String> = rng
            .distinct(PRODUCT_TAILS.len(), 2, 4)
            .into_iter()
            .map(|i| format!("{} {}", n.stem, PRODUCT_TAILS[i]))
            .collect();
        let website = rng.chance(80).then(|| format!("https://www.{}.example.com", slugify(&n.stem).replace('-', "")));
        let owner = rng.chance(30).then(|| {
            rng.pick(&[
                "State-owned holding company",
                "Founder and management",
                "Listed; no controlling shareholder",
                "Private equity consortium",
            ])
            .to_string()
        });

        // Three sources.
        let mut sources = vec![];
        for i in 0..3 {
            let (publisher, kind, reliability, host) = *self.rng.pick(PUBLISHERS);
            let title = format!("{display}: {}", self.rng.pick(TITLES));
            let published = Some(if self.rng.chance(60) {
                day(&mut self.rng, 2019, 2025)
            } else {
                month(&mut self.rng, 2019, 2025)
            });
            let s = Source {
                id: self.id(),
                publisher: publisher.into(),
                title,
                url: self.rng.chance(85).then(|| format!("https://{host}/{slug}/{}", i + 1)),
                published,
                kind,
                reliability,
                note: self.rng.chance(10).then(|| "Secondary copy; the original was not available.".into()),
                updated_at: self.stamp(),
            };
            sources.push(s);
        }
        let company = Company {
            id: self.id(),
            slug,
            legal_name: n.legal.clone(),
            native_name: n.native.clone(),
            aliases: n.aliases.clone(),
            country: n.country.into(),
            headquarters: Some(n.headquarters.clone()),
            owner,
            sector: Some(sector.into()),
            website,
            description: Some(format!(
                "{display} makes {} for government and enterprise customers.",
                sector.to_lowercase()
            )),
            products: products.clone(),
            source_ids: vec![sources[0].id],
            updated_at: self.stamp(),
        };
        let cid = company.id;

        // 1–5 allegations, 3 on average.
        for _ in 0..self.rng.range(1, 5) {
            let category = *self.rng.pick(AllegationCategory::ALL);
            let product = self.rng.pick(&products).clone();
            let place = *self.rng.pick(PLACES);
            let summary = match category {
                AllegationCategory::MilitaryIntelligence => {
                    format!("{display} is alleged to supply {product} to units of a state military.")
                }
                AllegationCategory::ExportControlEvasion => {
                    format!("{display} allegedly obtained export-controlled chips through intermediaries in {place}.")
                }
                AllegationCategory::DataSharing => {
                    format!("{product} is reported to send user data to servers the vendor does not disclose.")
                }
                AllegationCategory::SanctionsEvasion => {
                    format!("{display} is alleged to have sold equipment to a sanctioned buyer via {place}.")
                }
                AllegationCategory::Misrepresentation => {
                    format!("{display} is said to have misstated its ownership in procurement filings.")
                }
                AllegationCategory::Cyber => {
                    format!("Researchers report a hidden remote-access function in {product}.")
                }
                AllegationCategory::Other => {
                    format!("{display} is alleged to have breached a public procurement contract.")
                }
            };
            let cited = self.rng.distinct(3, 1, 2);
            let citations = cited
                .into_iter()
                .map(|i| Citation { source_id: sources[i].id, credibility: *self.rng.pick(Credibility::ALL) })
                .collect();
            let first_reported = self.rng.chance(85).then(|| month(&mut self.rng, 2020, 2025));
            let responses = if self.rng.chance(33) {
                vec![Response {
                    id: self.id(),
                    responder: display.clone(),
                    statement: format!(
                        "{display} denies the allegation and says it complies with the law wherever it operates."
                    ),
                    // After the allegation was made public.
                    date: Some(day(&mut self.rng, first_reported.map_or(2023, |d| d.year + 1).min(2025), 2025)),
                    source_id: self.rng.chance(70).then(|| sources[2].id),
                }]
            } else {
                vec![]
            };
            let a = Allegation {
                id: self.id(),
                company_id: cid,
                category,
                summary,
                detail: self.rng.chance(50).then(|| {
                    format!("The report cites documents seen by the publisher concerning {product}; the company's role is not independently confirmed.")
                }),
                attribution: self.rng.chance(30).then(|| "A government official, speaking on condition of anonymity".into()),
                status: weighted(&mut self.rng, STATUSES),
                first_reported,
                citations,
                responses,
                updated_at: self.stamp(),
            };
            d.allegations.push(a);
        }

        // 1–2 designations, on distinct lists.
        for i in self.rng.distinct(LISTS.len(), 1, 2) {
            let list = LISTS[i];
            let status = weighted(
                &mut self.rng,
                &[
                    (DesignationStatus::Listed, 40),
                    (DesignationStatus::NotListed, 30),
                    (DesignationStatus::UnderReview, 15),
                    (DesignationStatus::Delisted, 15),
                ],
            );
            let since = matches!(status, DesignationStatus::Listed | DesignationStatus::Delisted)
                .then(|| day(&mut self.rng, 2019, 2023));
            let until = (status == DesignationStatus::Delisted).then(|| day(&mut self.rng, 2024, 2025));
            let as_of = matches!(status, DesignationStatus::NotListed | DesignationStatus::UnderReview)
                .then(|| day(&mut self.rng, 2025, 2025));
            let listed_name = match list {
                OfficialList::Other => Some(
                    self.rng.pick(&["EU Consolidated List", "UK Sanctions List", "Japan End User List"]).to_string(),
                ),
                _ if status == DesignationStatus::Listed => Some(n.legal.to_uppercase()),
                _ => None,
            };
            d.designations.push(Designation {
                id: self.id(),
                company_id: cid,
                list,
                listed_name,
                status,
                since,
                until,
                as_of,
                citation: (status == DesignationStatus::Listed)
                    .then(|| format!("{} FR {}", self.rng.range(84, 90), self.rng.range(10_000, 99_999))),
                source_id: self.rng.chance(80).then(|| sources[1].id),
                note: self.rng.chance(20).then(|| "Checked against the published list.".into()),
                updated_at: self.stamp(),
            });
        }

        // One company in four: a restriction.
        if self.rng.below(4) == 0 {
            let (jurisdiction, body) = *self.rng.pick(JURISDICTIONS);
            let scope = *self.rng.pick(RestrictionScope::ALL);
            d.restrictions.push(Restriction {
                id: self.id(),
                company_id: cid,
                jurisdiction: jurisdiction.into(),
                body: body.into(),
                measure: format!("Restricts the use of {display} products ({}).", scope.label().to_lowercase()),
                scope,
                date: Some(day(&mut self.rng, 2020, 2025)),
                source_id: self.rng.chance(80).then(|| sources[1].id),
                updated_at: self.stamp(),
            });
        }

        // 2–4 cloud offerings.
        for _ in 0..self.rng.range(2, 4) {
            let (platform, services) = *self.rng.pick(CLOUDS);
            let (service, offering_type) = *self.rng.pick(services);
            let regions = self.rng.distinct(REGIONS.len(), 0, 3).into_iter().map(|i| REGIONS[i].to_string()).collect();
            d.cloud_offerings.push(CloudOffering {
                id: self.id(),
                company_id: cid,
                product: self.rng.pick(&products).clone(),
                platform: platform.into(),
                service: service.into(),
                offering_type,
                data_path: *self.rng.pick(&[
                    DataPath::ProviderRegion,
                    DataPath::ProviderRegion,
                    DataPath::ReachesVendor,
                    DataPath::Unknown,
                ]),
                regions,
                available_since: self.rng.chance(70).then(|| month(&mut self.rng, 2022, 2025)),
                last_verified: self.rng.chance(50).then(|| day(&mut self.rng, 2025, 2025)),
                source_id: self.rng.chance(75).then(|| sources[2].id),
                note: None,
                updated_at: self.stamp(),
            });
        }
        d.sources.extend(sources);
        d.companies.push(company);
    }
}

/// Does `reference` find company `i`, and only it, through `show`'s name path (a legal name
/// beginning with it, a native name equal to it, an alias equal to it, ignoring ASCII case), and
/// is it no slug? (`riskbrief show` tries slugs first.)
fn finds_only(d: &Dataset, reference: &str, i: usize) -> bool {
    let r = reference.to_ascii_lowercase();
    if !reference.is_ascii() || d.companies.iter().any(|c| c.slug == r) {
        return false;
    }
    let hits = d.companies.iter().enumerate().filter(|(_, c)| {
        c.legal_name.to_ascii_lowercase().starts_with(&r)
            || c.native_name.as_deref() == Some(reference)
            || c.aliases.iter().any(|a| a.to_ascii_lowercase() == r)
    });
    let mut hits = hits.map(|(j, _)| j);
    hits.next() == Some(i) && hits.next().is_none()
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    anyhow::ensure!(args.companies > 0, "--companies must be at least 1");
    let created = DateTime::parse_from_rfc3339(&args.created_at)
        .map_err(|e| anyhow::anyhow!("--created-at {:?}: {e}", args.created_at))?
        .with_timezone(&Utc);
    let start = (created - Duration::days(800)).timestamp_millis() as u64;
    let mut g = Gen { rng: Rng(args.seed), ids: Ids { millis: start }, created };

    let mut d = Dataset::default();
    let (mut legal_names, mut slugs) = (HashSet::new(), HashMap::<String, usize>::new());
    for _ in 0..args.companies {
        let mut n = name(&mut g.rng);
        while !legal_names.insert(n.legal.to_lowercase()) {
            n = name(&mut g.rng);
        }
        // Short slugs, as people make them: the stem and the city or the first industry word;
        // a number when that is taken.
        let base = slugify(&format!("{} {}", n.stem, n.qualifier));
        let count = slugs.entry(base.clone()).or_insert(0);
        *count += 1;
        let slug = if *count == 1 { base } else { format!("{base}-{count}") };
        g.company(&mut d, n, slug);
    }
    // A slug made with a number may equal a base made later: renumber the few that clash.
    let mut seen = HashSet::new();
    for c in &mut d.companies {
        let mut k = 2;
        let base = c.slug.clone();
        while !seen.insert(c.slug.clone()) {
            c.slug = format!("{base}-x{k}");
            k += 1;
        }
    }

    // The probe: from the middle on, the first company with an alias that each find only it.
    let probe = (args.companies / 2..args.companies)
        .chain(0..args.companies / 2)
        .find(|&i| {
            let c = &d.companies[i];
            finds_only(&d, &c.legal_name, i) && c.aliases.first().is_some_and(|a| finds_only(&d, a, i))
        })
        .map(|i| &d.companies[i]);

    riskbrief::validate::dataset(&d)?;
    let counts = serde_json::json!({
        "companies": d.companies.len(),
        "sources": d.sources.len(),
        "allegations": d.allegations.len(),
        "designations": d.designations.len(),
        "restrictions": d.restrictions.len(),
        "cloud_offerings": d.cloud_offerings.len(),
        "probe": probe.map(|c| serde_json::json!({
            "slug": c.slug, "legal_name": c.legal_name, "alias": c.aliases[0],
        })),
    });
    let b = riskbrief::bundle::create(d, vec![], rfc3339(created), "synth_portfolio".into(), None);
    riskbrief::edge::write_file(&args.output, serde_json::to_string(&b)?.as_bytes(), true)?;
    println!("{counts}");
    Ok(())
}
