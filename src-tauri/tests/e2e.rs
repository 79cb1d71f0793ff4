//! The real desktop app, end to end: the debug binary driven through WebDriver (tauri-driver
//! with Debian's WebKitWebDriver, under Xvfb) on a temporary database. Run by scripts/test.sh:
//! `xvfb-run -a cargo test -p riskbrief-desktop --test e2e`.

use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PORT: u16 = 4444;

/// The tests share tauri-driver's port, so they take turns.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Stops tauri-driver with SIGTERM (SIGKILL would orphan WebKitWebDriver on its port).
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg("-TERM").arg(self.0.id().to_string()).status();
        let _ = self.0.wait();
    }
}

fn app_binary() -> PathBuf {
    // RISKBRIEF_APP: the app to drive (scripts/test-package.sh: the installed one).
    if let Some(app) = std::env::var_os("RISKBRIEF_APP") {
        return app.into();
    }
    // target/debug/riskbrief-desktop, next to this test's own target folder.
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    let app = dir.join("riskbrief-desktop");
    assert!(app.exists(), "{} missing: run `cargo build -p riskbrief-desktop` first", app.display());
    app
}

fn tauri_driver() -> PathBuf {
    let home = std::env::var("HOME").unwrap_or_default();
    for p in [format!("{home}/.cargo/bin/tauri-driver"), "/usr/local/bin/tauri-driver".into()] {
        if Path::new(&p).exists() {
            return p.into();
        }
    }
    panic!("tauri-driver not found: cargo install tauri-driver --version '^2' --locked");
}

fn start_driver(db: &Path) -> Driver {
    assert!(
        Path::new("/usr/bin/WebKitWebDriver").exists(),
        "WebKitWebDriver missing: apt-get install webkit2gtk-driver"
    );
    assert!(std::env::var_os("DISPLAY").is_some(), "no DISPLAY: run under xvfb-run");
    let child = Command::new(tauri_driver())
        .args(["--port", &PORT.to_string(), "--native-driver", "/usr/bin/WebKitWebDriver"])
        .env("TAURI_WEBVIEW_AUTOMATION", "true")
        .env("RISKBRIEF_DB", db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start tauri-driver");
    // Wait for the port.
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", PORT)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(20), "tauri-driver did not listen on {PORT}");
        std::thread::sleep(Duration::from_millis(100));
    }
    Driver(child)
}

async fn connect(app: &Path) -> Client {
    connect_with(app, &[]).await
}

/// A session with the app started with `args` on its command line.
async fn connect_with(app: &Path, args: &[&str]) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert("tauri:options".into(), serde_json::json!({ "application": app, "args": args }));
    caps.insert("browserName".into(), serde_json::json!("wry"));
    // Creating the session can fail while the previous test's WebKitWebDriver is still letting go
    // of its port (three of the eight sessions failed so in one run here): try again for a while,
    // saying why.
    let start = Instant::now();
    loop {
        let tried = ClientBuilder::rustls()
            .expect("tls")
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{PORT}"))
            .await;
        match tried {
            Ok(client) => return client,
            Err(e) if start.elapsed() < Duration::from_secs(30) => {
                eprintln!("WebDriver session not created yet ({e}); trying again");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(e) => panic!("WebDriver session: {e}"),
        }
    }
}

/// Polls `f` until it returns Some, or fails with `what` after `secs`.
async fn until<T, F, Fut>(secs: u64, what: &str, mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(start.elapsed() < Duration::from_secs(secs), "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

async fn go(c: &Client, hash: &str) {
    c.execute(&format!("location.hash = {:?}", hash), vec![]).await.unwrap();
}

async fn text_of(c: &Client, css: &str) -> Option<String> {
    let e = c.find(Locator::Css(css)).await.ok()?;
    let t = e.text().await.ok()?;
    (!t.trim().is_empty()).then(|| t.trim().to_string())
}

/// The form control whose <label> text starts with `label` (found through `label.control`,
/// which works for both `for=` and wrapping labels), marked so WebDriver can address it.
async fn field(c: &Client, label: &str) -> Element {
    let script = "const want = arguments[0]; \
        document.querySelectorAll('[data-e2e]').forEach(e => e.removeAttribute('data-e2e')); \
        const l = [...document.querySelectorAll('label')].find(l => l.offsetParent !== null && l.textContent.trim().startsWith(want)); \
        if (!l || !l.control) return false; l.control.setAttribute('data-e2e', 'field'); return true;";
    until(10, &format!("field {label:?}"), || async {
        let found = c.execute(script, vec![serde_json::json!(label)]).await.ok()?;
        if found != serde_json::json!(true) {
            return None;
        }
        c.find(Locator::Css("[data-e2e=field]")).await.ok()
    })
    .await
}

/// Clicks the visible button whose text is `name`, scrolled into view first.
async fn click_button(c: &Client, name: &str) {
    let script = "const want = arguments[0]; \
        document.querySelectorAll('[data-e2e]').forEach(e => e.removeAttribute('data-e2e')); \
        const b = [...document.querySelectorAll('button')].find(b => b.offsetParent !== null && b.textContent.trim() === want); \
        if (!b) return false; b.scrollIntoView({block: 'center'}); b.setAttribute('data-e2e', 'button'); return true;";
    let b = until(10, &format!("button {name:?}"), || async {
        let found = c.execute(script, vec![serde_json::json!(name)]).await.ok()?;
        if found != serde_json::json!(true) {
            return None;
        }
        c.find(Locator::Css("[data-e2e=button]")).await.ok()
    })
    .await;
    b.click().await.unwrap_or_else(|e| panic!("click {name:?}: {e}"));
}

fn score_number(text: &str) -> u32 {
    text.split(|c: char| !c.is_ascii_digit()).find(|s| !s.is_empty()).and_then(|s| s.parse().ok()).expect("a score")
}

#[tokio::test]
async fn add_an_allegation_see_the_score_change_and_brief_it() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("e2e.db");
    let briefs = tmp.path().join("briefs");
    {
        // Seed the database the app will open, and point its briefs folder at the temp dir
        // (a native save dialog cannot be driven through WebDriver).
        let (mut store, _) = riskbrief::edge::open_database(&db).unwrap();
        store
            .save_settings(&riskbrief::model::Settings {
                briefs_dir: briefs.display().to_string(),
                analyst: "E2E".into(),
                effective_briefs_dir: String::new(),
            })
            .unwrap();
    }
    let _driver = start_driver(&db);
    let c = connect(&app_binary()).await;
    let _ = c.set_window_size(1280, 900).await;

    // The portfolio shows the bundled data (the list is virtualized: only visible rows exist).
    until(20, "portfolio", || async { text_of(&c, "main").await.filter(|t| t.contains("10 companies")) }).await;

    // Open DeepSeek and read its score.
    go(&c, "#/company/deepseek").await;
    let before = score_number(&until(20, "score", || text_of(&c, "[data-testid=company-score]")).await);

    // Add a confirmed allegation with a source.
    let summary = "E2E: confirmed transfer of user data to a state agency";
    click_button(&c, "Add allegation").await;
    field(&c, "Summary").await.send_keys(summary).await.unwrap();
    field(&c, "Category").await.select_by_value("data_sharing").await.unwrap();
    field(&c, "Status").await.select_by_value("confirmed").await.unwrap();
    field(&c, "First reported").await.send_keys("2026-11").await.unwrap();
    let source = field(&c, "Source").await;
    let first_source: String = c
        .execute(
            "return [...document.querySelector('[data-e2e=field]').options].map(o => o.value).find(v => v && v.length === 36)",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .expect("an existing source to cite")
        .to_string();
    source.select_by_value(&first_source).await.unwrap();
    field(&c, "Credibility").await.select_by_value("1").await.unwrap();
    click_button(&c, "Save").await;

    // The allegation appears and the score goes up.
    until(20, "new allegation in the list", || async {
        text_of(&c, "[data-testid=allegation-list]").await.filter(|t| t.contains(summary))
    })
    .await;
    let after = until(20, "score change", || async {
        let s = score_number(&text_of(&c, "[data-testid=company-score]").await?);
        (s != before).then_some(s)
    })
    .await;
    assert!(after > before, "a confirmed allegation raised the score from {before} to {after}");

    // Generate the brief into the briefs folder; the PDF on disk holds the new allegation.
    go(&c, "#/briefs/deepseek").await;
    click_button(&c, "Save to briefs folder").await;
    let path = until(60, "saved brief path", || text_of(&c, "[data-testid=brief-result-path]")).await;
    assert!(path.starts_with(&briefs.display().to_string()), "saved to {path}");
    let out = Command::new("pdftotext").arg(&path).arg("-").output().expect("pdftotext");
    let text: String = String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains(summary), "the brief on disk contains the new allegation");
    c.close().await.unwrap();

    // And the history recorded it.
    let store = riskbrief::Store::open(&db).unwrap();
    let ds = store.find_company("deepseek").unwrap();
    assert_eq!(store.briefs_for(ds.id).unwrap().len(), 1);
}

#[tokio::test]
async fn add_a_listed_owner_and_see_the_band_change_and_the_proof_path() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("e2e.db");
    let (huawei, source) = {
        let (store, _) = riskbrief::edge::open_database(&db).unwrap();
        (store.find_company("huawei").unwrap().id, store.sources().unwrap()[0].id)
    };
    let _driver = start_driver(&db);
    let c = connect(&app_binary()).await;
    let _ = c.set_window_size(1280, 900).await;
    until(20, "portfolio", || async { text_of(&c, "main").await.filter(|t| t.contains("10 companies")) }).await;

    // DeepSeek: High, its founder and funder shown, its ownership undisclosed.
    go(&c, "#/company/deepseek").await;
    let before = until(20, "band", || text_of(&c, "[data-testid=band-meaning]")).await;
    assert!(before.starts_with("High risk"), "{before}");
    let section = until(20, "ownership section", || async {
        text_of(&c, "[data-testid=ownership]").await.filter(|t| t.contains("Liang Wenfeng") && t.contains("High-Flyer"))
    })
    .await;
    assert!(section.contains("Unaccounted share: 100 %"), "{section}");

    // Record Huawei (on the BIS Entity List) as holding 60 % of DeepSeek.
    click_button(&c, "Add relation").await;
    field(&c, "From").await.select_by_value(&format!("company:{huawei}")).await.unwrap();
    field(&c, "Relation").await.select_by_value("owns_shares").await.unwrap();
    field(&c, "Share").await.send_keys("60").await.unwrap();
    field(&c, "Source").await.select_by_value(&source.to_string()).await.unwrap();
    field(&c, "Credibility").await.select_by_value("6").await.unwrap();
    click_button(&c, "Save").await;

    // The band rises, and the BIS Affiliates Rule shows its proof path (not in force today).
    let after = until(30, "band change", || async {
        text_of(&c, "[data-testid=band-meaning]").await.filter(|t| !t.starts_with("High risk"))
    })
    .await;
    assert!(after.starts_with("Severe risk"), "{after}");
    let proof = until(20, "proof path", || async {
        text_of(&c, "[data-testid=ownership]").await.filter(|t| t.contains("Huawei (BIS Entity List) 60 % → DeepSeek"))
    })
    .await;
    assert!(proof.contains("⇒ 60 % ≥ 50 %"), "{proof}");
    assert!(proof.contains("Unaccounted share: 40 %"), "{proof}");
    c.close().await.unwrap();

    // Stored, audited, as one relation citing the source.
    let store = riskbrief::Store::open(&db).unwrap();
    let ds = store.find_company("deepseek").unwrap();
    let r =
        store.relations().unwrap().into_iter().find(|r| r.from == riskbrief::model::Party::Company(huawei)).unwrap();
    assert_eq!((r.to, r.share, r.citations[0].source_id), (ds.id, Some(60.0), source));
    assert!(store.history(ds.id).unwrap().iter().any(|h| h.record_id == r.id));
}

/// Clicks, inside the card `[data-testid=<card>]` each of whose `parts` (a CSS selector within
/// the card, "" for the whole card) contains its text, the visible button whose text starts with
/// `label`.
async fn click_in_card(c: &Client, card: &str, parts: &[(&str, &str)], label: &str) {
    let script = "const [card, parts, label] = arguments; \
        document.querySelectorAll('[data-e2e]').forEach(e => e.removeAttribute('data-e2e')); \
        const el = [...document.querySelectorAll(`[data-testid=${card}]`)].find(a => parts.every(([css, text]) => (css ? a.querySelector(css) : a)?.textContent.includes(text))); \
        if (!el) return false; \
        const b = [...el.querySelectorAll('button')].find(b => b.offsetParent !== null && b.textContent.trim().startsWith(label)); \
        if (!b) return false; b.scrollIntoView({block: 'center'}); b.setAttribute('data-e2e', 'button'); return true;";
    let b = until(20, &format!("{label:?} in the {card} card {parts:?}"), || async {
        let found = c
            .execute(script, vec![serde_json::json!(card), serde_json::json!(parts), serde_json::json!(label)])
            .await
            .ok()?;
        if found != serde_json::json!(true) {
            return None;
        }
        c.find(Locator::Css("[data-e2e=button]")).await.ok()
    })
    .await;
    b.click().await.unwrap_or_else(|e| panic!("click {label:?}: {e}"));
}

/// Clicks `label` in the hit card whose heading mentions `entry` and whose list line `list`.
async fn click_in_hit(c: &Client, entry: &str, list: &str, label: &str) {
    click_in_card(c, "hit", &[("h3", entry), (".list", list)], label).await;
}

#[tokio::test]
async fn import_a_list_with_progress_screen_and_review_hits() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("e2e-lists.db");
    {
        let (mut store, _) = riskbrief::edge::open_database(&db).unwrap();
        store
            .save_settings(&riskbrief::model::Settings {
                briefs_dir: String::new(),
                analyst: "E2E reviewer".into(),
                effective_briefs_dir: String::new(),
            })
            .unwrap();
    }
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/lists");
    let fcc = fixtures.join("fcc-covered-list.csv").canonicalize().unwrap();
    let _driver = start_driver(&db);
    let c = connect(&app_binary()).await;
    let _ = c.set_window_size(1280, 900).await;
    until(20, "portfolio", || async { text_of(&c, "main").await.filter(|t| t.contains("10 companies")) }).await;

    // Import through the app's own IPC command (a native open dialog cannot be driven through
    // WebDriver), listening to its progress events the way the UI does.
    let outcome = c
        .execute_async(
            "const [path, done] = [arguments[0], arguments[arguments.length - 1]]; \
             const t = window.__TAURI_INTERNALS__; window.__progress = []; \
             t.invoke('plugin:event|listen', { event: 'list-progress', target: { kind: 'Any' }, handler: t.transformCallback(e => window.__progress.push(e.payload)) }) \
              .then(() => t.invoke('import_list', { request: { format: 'fcc_covered', paths: [path], as_of: null } })) \
              .then(o => setTimeout(() => done({ ok: o, progress: window.__progress }), 300), e => done({ err: e }));",
            vec![serde_json::json!(fcc.display().to_string())],
        )
        .await
        .unwrap();
    assert!(outcome.get("err").is_none(), "import refused: {outcome}");
    assert_eq!(outcome["ok"]["snapshot"]["entry_count"], 12, "{outcome}");
    let phases: Vec<&str> =
        outcome["progress"].as_array().unwrap().iter().filter_map(|p| p["phase"].as_str()).collect();
    assert!(phases.contains(&"reading") && phases.contains(&"storing"), "progress events: {outcome}");

    // The Lists screen shows the snapshot.
    go(&c, "#/lists").await;
    until(20, "FCC snapshot row", || async {
        text_of(&c, "[data-testid=current-snapshots]")
            .await
            .filter(|t| t.contains("FCC Covered List") && t.contains("12"))
    })
    .await;

    // Screen every company; Huawei's FCC entry is a hit, with the words that agreed.
    click_button(&c, "Screen all companies").await;
    let result = until(30, "screening result", || text_of(&c, "[data-testid=screen-result]")).await;
    assert!(result.contains("10 companies"), "{result}");
    until(20, "Huawei hit", || async {
        text_of(&c, "[data-testid=hit-list]").await.filter(|t| t.contains("Huawei Technologies Company"))
    })
    .await;

    // Dismiss the ZTE hit with a reason, confirm the Huawei one.
    click_in_hit(&c, "ZTE Corporation", "FCC", "Dismiss").await;
    field(&c, "Why is this not a match?").await.send_keys("E2E: reviewed, kept apart").await.unwrap();
    click_in_hit(&c, "ZTE Corporation", "FCC", "Dismiss hit").await;
    click_in_hit(&c, "Huawei Technologies Company", "FCC", "Confirm").await;
    click_button(&c, "Confirm: record as listed").await;
    // Reviewed hits leave the "Awaiting review" view; the confirmed one is under "Confirmed".
    until(20, "Huawei hit reviewed", || async {
        let open = text_of(&c, "[data-testid=hit-list]").await.unwrap_or_default();
        (!open.contains("Huawei Technologies Company")).then_some(())
    })
    .await;
    let confirmed_tab = c
        .execute("const l = [...document.querySelectorAll('label.seg')].find(l => l.textContent.trim().startsWith('Confirmed')); if (!l) return false; l.click(); return true;", vec![])
        .await
        .unwrap();
    assert_eq!(confirmed_tab, serde_json::json!(true), "a Confirmed filter");
    let shown = until(20, "confirmed hit listed", || async {
        text_of(&c, "[data-testid=hit-list]").await.filter(|t| t.contains("Huawei Technologies Company"))
    })
    .await;
    assert!(shown.contains("E2E reviewer"), "the reviewer is shown: {shown}");
    c.close().await.unwrap();

    // The database holds the review: a dismissed hit with its reason and reviewer, and a
    // designation citing the FCC snapshot.
    let store = riskbrief::Store::open(&db).unwrap();
    let hits = store.screening_hits(None, None).unwrap();
    let zte = hits.iter().find(|h| h.entry_name == "ZTE Corporation").unwrap();
    assert_eq!(zte.status, riskbrief::model::HitStatus::Dismissed);
    assert_eq!(zte.reason.as_deref(), Some("E2E: reviewed, kept apart"));
    assert_eq!(zte.reviewed_by.as_deref(), Some("E2E reviewer"));
    let hw = hits.iter().find(|h| h.entry_name == "Huawei Technologies Company").unwrap();
    assert_eq!(hw.status, riskbrief::model::HitStatus::Confirmed);
    let huawei = store.company_data(hw.company_id).unwrap();
    let d = huawei
        .designations
        .iter()
        .find(|d| Some(d.id) == hw.designation_id)
        .expect("designation from the confirmed hit");
    assert_eq!(d.list, riskbrief::model::OfficialList::FccCovered);
    assert_eq!(huawei.source(d.source_id.unwrap()).unwrap().publisher, "Federal Communications Commission");
}

/// Exposure in the real app: a register with a column the importer does not know is imported
/// through the app's own command (a native open dialog cannot be driven), the column mapped by
/// hand; the verdicts show on the Exposure screen; a deployment opens with its reasons and
/// controls; the register is exported and re-imports unchanged.
#[tokio::test]
async fn import_a_register_map_a_column_see_the_verdicts_and_export() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("e2e-exposure.db");
    drop(riskbrief::edge::open_database(&db).unwrap());
    let register = tmp.path().join("register.csv");
    std::fs::write(
        &register,
        "System,Brand,Hosting,Cloud provider,Data classification,Status,Owner\n\
         E2E support bot,DeepSeek,Amazon Bedrock,Amazon,PII,Live,Customer Service\n\
         E2E lobby cameras,Hikvison,on-prem hardware,,personal,production,Facilities\n",
    )
    .unwrap();
    let _driver = start_driver(&db);
    let c = connect(&app_binary()).await;
    let _ = c.set_window_size(1280, 900).await;
    until(20, "portfolio", || async { text_of(&c, "main").await.filter(|t| t.contains("10 companies")) }).await;

    let import = |map: serde_json::Value, dry: bool| {
        let c = c.clone();
        let path = register.display().to_string();
        async move {
            c.execute_async(
                "const [path, map, dryRun, done] = arguments; \
                 window.__TAURI_INTERNALS__.invoke('import_deployments', { path, map, dryRun }).then(o => done({ ok: o }), e => done({ err: e }));",
                vec![serde_json::json!(path), map, serde_json::json!(dry)],
            )
            .await
            .unwrap()
        }
    };
    // Unmapped, "Brand" is not read as the vendor: the mapping comes back with the problem.
    let first = import(serde_json::json!([]), true).await;
    assert!(first.get("err").is_none(), "{first}");
    let problem = first["ok"]["problems"][0]["problem"].as_str().unwrap_or_default().to_string();
    assert!(problem.starts_with("no column holds the vendor"), "{first}");
    // Mapped by hand, then imported for real.
    let done = import(serde_json::json!([["Brand", "vendor"]]), false).await;
    assert_eq!(done["ok"]["written"], true, "{done}");
    assert_eq!(done["ok"]["added"], 2, "{done}");
    let bot =
        done["ok"]["rows"].as_array().unwrap().iter().find(|r| r["deployment"]["name"] == "E2E support bot").unwrap();
    assert_eq!(bot["vendor"]["company"]["slug"], "deepseek");
    let id = bot["deployment"]["id"].as_str().unwrap().to_string();

    // The Exposure screen shows both with their verdicts; the bot opens with why and what to do.
    go(&c, "#/exposure").await;
    let register_text = until(20, "register rows", || async {
        text_of(&c, "[data-testid=register]")
            .await
            .filter(|t| t.contains("E2E support bot") && t.contains("E2E lobby cameras"))
    })
    .await;
    assert!(register_text.contains("Not recommended"), "{register_text}");
    go(&c, &format!("#/exposure?deployment={id}")).await;
    let reasons =
        until(20, "the bot's reasons", || text_of(&c, "[data-testid=deployment-detail] [data-testid=reasons]")).await;
    assert!(reasons.contains("DeepSeek is High risk"), "{reasons}");
    let controls =
        until(20, "the bot's controls", || text_of(&c, "[data-testid=deployment-detail] [data-testid=controls]")).await;
    assert!(controls.contains("Pin the deployment to an approved region"), "{controls}");

    // Export through the app's command; the workbook re-imports unchanged.
    let out = tmp.path().join("register.xlsx");
    let n = c
        .execute_async(
            "const [path, done] = arguments; window.__TAURI_INTERNALS__.invoke('export_register', { path, vendor: null }).then(n => done({ ok: n }), e => done({ err: e }));",
            vec![serde_json::json!(out.display().to_string())],
        )
        .await
        .unwrap();
    assert_eq!(n["ok"], 22, "{n}");
    c.close().await.unwrap();
    let mut store = riskbrief::Store::open(&db).unwrap();
    let bytes = std::fs::read(&out).unwrap();
    let again = riskbrief::app::exposure::import_deployments(
        &mut store,
        "register.xlsx",
        &bytes,
        &[],
        true,
        riskbrief::edge::now(),
    )
    .unwrap();
    assert!(again.problems.is_empty(), "{:?}", again.problems);
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 22));
}

/// A built-in scenario in the real app: DeepSeek added to the BIS Entity List moves DeepSeek to
/// Severe and makes our cloud-hosted deployment of it not recommended, on screen; the database
/// is left exactly as it was.
#[tokio::test]
async fn run_a_built_in_scenario_and_see_the_changed_verdicts() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("e2e-scenario.db");
    drop(riskbrief::edge::open_database(&db).unwrap());
    let before = riskbrief::Store::open(&db).unwrap().export_dataset(None).unwrap();
    let _driver = start_driver(&db);
    let c = connect(&app_binary()).await;
    let _ = c.set_window_size(1280, 900).await;
    until(20, "portfolio", || async { text_of(&c, "main").await.filter(|t| t.contains("10 companies")) }).await;
    go(&c, "#/scenarios?name=DeepSeek%20added%20to%20the%20BIS%20Entity%20List").await;
    let band = until(30, "DeepSeek's band change", || async {
        // Rendered text: the band tags are drawn in capitals.
        text_of(&c, "[data-testid=company-delta]")
            .await
            .map(|t| t.to_lowercase())
            .filter(|t| t.contains("deepseek") && t.contains("severe"))
    })
    .await;
    assert!(band.contains("54") && band.contains("high") && band.contains("94"), "{band}");
    let deployments = until(20, "the changed deployments", || async {
        text_of(&c, "[data-testid=deployment-changes]").await.filter(|t| t.contains("Customer support assistant"))
    })
    .await;
    assert!(deployments.to_lowercase().contains("not recommended"), "{deployments}");
    let hypothetical = until(10, "the hypothetical banner", || text_of(&c, "[data-testid=hypothetical]")).await;
    assert!(hypothetical.to_uppercase().contains("HYPOTHETICAL"), "{hypothetical}");
    let consequence = until(10, "the consequence", || text_of(&c, "[data-testid=consequences]")).await;
    assert!(
        consequence.contains("Entity List") && consequence.contains("Bureau of Industry and Security"),
        "{consequence}"
    );
    c.close().await.unwrap();
    let after = riskbrief::Store::open(&db).unwrap().export_dataset(None).unwrap();
    assert_eq!(after, before, "running a scenario changed the database");
}

/// A dataset bundle opened from the file manager (the desktop entry starts
/// `riskbrief-desktop FILE`) opens the import preview: a dry run, signed by a trusted key, that
/// says what importing would do and changes nothing until it is confirmed. Confirmed, the
/// records are in at once, and the app indexes them for search in the background, with no
/// search asking for it.
#[tokio::test]
async fn a_bundle_opened_from_the_file_manager_shows_its_import_preview() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let tmp = tempfile::tempdir().unwrap();
    let key = riskbrief::bundle::signing_key(&"5a".repeat(32)).unwrap();
    let bundle = tmp.path().join("from-a-colleague.riskbrief");
    let sample = riskbrief::edge::open_database(&tmp.path().join("sample.db")).unwrap().0;
    let mut out = std::fs::File::create(&bundle).unwrap();
    let manifest = riskbrief::app::exchange::export_bundle(&sample, None, Some(&key), &mut out, &bundle).unwrap();
    drop(out);
    // The app's database: empty, trusting the colleague's key.
    let db = tmp.path().join("e2e-open.db");
    let mut store = riskbrief::Store::open(&db).unwrap();
    let public = riskbrief::bundle::public_key_hex(&key);
    riskbrief::app::exchange::trust_key(&mut store, "colleague.pub", &public, "A colleague".into()).unwrap();
    drop(store);
    let _driver = start_driver(&db);
    let c = connect_with(&app_binary(), &[bundle.to_str().unwrap()]).await;
    let _ = c.set_window_size(1280, 900).await;
    let preview = until(30, "the import preview", || text_of(&c, "[data-testid=import-preview]")).await;
    assert!(preview.contains("nothing has been imported yet"), "{preview}");
    assert!(preview.contains("from-a-colleague.riskbrief"), "{preview}");
    assert!(preview.contains("Signed by A colleague"), "{preview}");
    let counts = until(10, "the counts", || text_of(&c, "[data-testid=plan-counts]")).await;
    assert!(counts.contains(&format!("{} to add", manifest.record_count)), "every record would be added: {counts}");
    assert_eq!(riskbrief::Store::open(&db).unwrap().company_count().unwrap(), 0, "the preview imported something");

    click_button(&c, "Import").await;
    let result = until(60, "the import result", || text_of(&c, "[data-testid=import-result]")).await;
    assert!(result.contains(&format!("{} added", manifest.record_count)), "{result}");
    let companies = sample.company_count().unwrap();
    assert_eq!(riskbrief::Store::open(&db).unwrap().company_count().unwrap(), companies);
    until(60, "the search index to catch up in the background", || async {
        let store = riskbrief::Store::open(&db).ok()?;
        (store.search_backlog().ok()? == 0).then_some(())
    })
    .await;
    // Caught up (nothing left for the search to index first): the imported records are found.
    let hits = riskbrief::Store::open(&db).unwrap().search("H800", 10).unwrap();
    assert!(hits.iter().any(|h| h.company_slug.as_deref() == Some("deepseek")), "{hits:?}");
    c.close().await.unwrap();
}

/// The webview's content security policy and capabilities hold in the real app: an inline
/// script does not run, loads from elsewhere are refused (a loopback address, so that nothing
/// leaves the machine even if the policy were broken), and commands the capabilities do not
/// grant are refused by the core.
#[tokio::test]
async fn the_webview_refuses_inline_scripts_remote_loads_and_ungranted_commands() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("e2e-csp.db");
    drop(riskbrief::edge::open_database(&db).unwrap());
    let _driver = start_driver(&db);
    let c = connect(&app_binary()).await;
    until(20, "portfolio", || async { text_of(&c, "main").await.filter(|t| t.contains("companies")) }).await;

    let report = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; const t = window.__TAURI_INTERNALS__; \
             const violated = []; document.addEventListener('securitypolicyviolation', e => violated.push(e.effectiveDirective || e.violatedDirective)); \
             const s = document.createElement('script'); s.textContent = 'window.__inline = true'; document.head.appendChild(s); \
             const img = document.createElement('img'); img.src = 'http://127.0.0.1:9/probe.png'; document.body.appendChild(img); \
             const remote = document.createElement('script'); remote.src = 'http://127.0.0.1:9/probe.js'; document.head.appendChild(remote); \
             const fetched = fetch('http://127.0.0.1:9/probe').then(() => 'loaded', e => 'refused: ' + e); \
             const refused = cmd => cmd.then(() => 'allowed', e => 'refused: ' + e); \
             Promise.all([fetched, \
               refused(t.invoke('plugin:dialog|message', { message: 'probe' })), \
               refused(t.invoke('plugin:opener|open_path', { path: '/etc/passwd' }))]) \
             .then(([fetch, message, open]) => setTimeout(() => done({ inline: !!window.__inline, violated, fetch, message, open }), 500));",
            vec![],
        )
        .await
        .unwrap();
    c.close().await.unwrap();
    assert_eq!(report["inline"], false, "an inline script ran: {report}");
    let violated: Vec<&str> = report["violated"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
    for directive in ["script-src", "img-src", "connect-src"] {
        assert!(violated.iter().any(|v| v.starts_with(directive)), "no {directive} violation: {report}");
    }
    assert!(report["fetch"].as_str().unwrap().starts_with("refused"), "{report}");
    for cmd in ["message", "open"] {
        let r = report[cmd].as_str().unwrap();
        assert!(r.starts_with("refused") && r.to_lowercase().contains("not allowed"), "{cmd}: {report}");
    }
}

/// Clicks `label` in the inbox event whose text contains `title`.
async fn click_in_event(c: &Client, title: &str, label: &str) {
    click_in_card(c, "event", &[("", title)], label).await;
}

/// A list pack made on another machine is imported in the real app (previewed, then applied:
/// the portfolio is screened against it), and an inbox event it raised is acknowledged with a
/// note, which the database keeps with the reviewer.
#[tokio::test]
async fn import_a_list_pack_and_acknowledge_an_inbox_event() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let tmp = tempfile::tempdir().unwrap();
    // The connected machine: the FCC list imported, then packed.
    let pack = tmp.path().join("lists.rbl");
    {
        let (mut hq, _) = riskbrief::edge::open_database(&tmp.path().join("hq.db")).unwrap();
        let fcc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/lists/fcc-covered-list.csv");
        let bytes = std::fs::read(&fcc).unwrap();
        let files = [riskbrief::lists::InputFile::from_bytes("fcc-covered-list.csv", &bytes)];
        riskbrief::screening::import(
            &mut hq,
            riskbrief::model::ListFormat::FccCovered,
            &files,
            None,
            uuid::Uuid::now_v7(),
            riskbrief::edge::now(),
            &mut |_| {},
        )
        .unwrap();
        let b = riskbrief::screening::export_pack(&hq, riskbrief::edge::now(), "HQ".into(), None).unwrap();
        std::fs::write(&pack, b).unwrap();
    }
    let db = tmp.path().join("e2e-pack.db");
    {
        let (mut store, _) = riskbrief::edge::open_database(&db).unwrap();
        store
            .save_settings(&riskbrief::model::Settings {
                briefs_dir: String::new(),
                analyst: "E2E reviewer".into(),
                effective_briefs_dir: String::new(),
            })
            .unwrap();
    }
    let _driver = start_driver(&db);
    let c = connect(&app_binary()).await;
    let _ = c.set_window_size(1280, 900).await;
    until(20, "portfolio", || async { text_of(&c, "main").await.filter(|t| t.contains("10 companies")) }).await;

    // Through the app's own command (a native open dialog cannot be driven): the preview first.
    let call = "const [path, dry, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]]; \
         window.__TAURI_INTERNALS__.invoke('import_pack', { path, dryRun: dry, allowUnsigned: false }) \
           .then(o => done({ ok: o }), e => done({ err: e }));";
    let arg = serde_json::json!(pack.display().to_string());
    let preview = c.execute_async(call, vec![arg.clone(), serde_json::json!(true)]).await.unwrap();
    assert!(preview.get("err").is_none(), "preview refused: {preview}");
    assert_eq!(preview["ok"]["dry_run"], true);
    assert_eq!(preview["ok"]["lists"][0]["list"], "fcc_covered", "{preview}");
    assert!(preview["ok"]["lists"][0]["refused"].is_null() && preview["ok"]["lists"][0]["imported"].is_null());
    let done = c.execute_async(call, vec![arg, serde_json::json!(false)]).await.unwrap();
    assert!(done.get("err").is_none(), "import refused: {done}");
    let rescreen = &done["ok"]["lists"][0]["imported"]["rescreen"];
    assert_eq!(rescreen["new_hits"], 7, "{done}");

    // The Inbox screen shows the new matches; acknowledge the ZTE one with a note.
    go(&c, "#/inbox").await;
    until(20, "inbox events", || async {
        text_of(&c, "[data-testid=events]").await.filter(|t| t.contains("ZTE Corporation"))
    })
    .await;
    let summary = until(10, "inbox summary", || text_of(&c, "[data-testid=inbox-summary]")).await;
    assert!(summary.contains('7'), "{summary}");
    click_in_event(&c, "ZTE Corporation", "Acknowledge").await;
    field(&c, "Note").await.send_keys("E2E: known, on our watch list").await.unwrap();
    click_in_event(&c, "ZTE Corporation", "Acknowledge").await;
    until(20, "ZTE event acknowledged", || async {
        let shown = text_of(&c, "[data-testid=events]").await.unwrap_or_default();
        (!shown.contains("ZTE Corporation")).then_some(())
    })
    .await;
    let summary = until(10, "inbox summary", || async {
        text_of(&c, "[data-testid=inbox-summary]").await.filter(|t| t.contains('6'))
    })
    .await;
    assert!(!summary.contains('7'), "{summary}");
    c.close().await.unwrap();

    let store = riskbrief::Store::open(&db).unwrap();
    let all = store.inbox(true).unwrap();
    let zte = all.iter().find(|e| e.title.contains("ZTE Corporation")).unwrap();
    assert_eq!(zte.status, riskbrief::model::EventStatus::Acknowledged);
    assert_eq!(zte.decided_by.as_deref(), Some("E2E reviewer"));
    assert_eq!(zte.note.as_deref(), Some("E2E: known, on our watch list"));
    assert_eq!(store.inbox(false).unwrap().len(), 6);
    assert!(store.current_snapshot("fcc_covered").unwrap().is_some(), "the pack's snapshot is stored");
}
