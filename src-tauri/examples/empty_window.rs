//! An empty Tauri window with the same configuration as RiskBrief: the memory baseline that
//! scripts/measure-app.sh measures beside the real app, in the same run.

fn main() {
    // The same WebKit setting as the app (see `webkit_settings` in src/main.rs).
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    let mut context = tauri::generate_context!("tauri.conf.json");
    context.config_mut().app.windows.clear();
    tauri::Builder::default()
        .setup(|app| {
            tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::App("empty.html".into()))
                .title("Empty window")
                .inner_size(1280.0, 820.0)
                .build()?;
            Ok(())
        })
        .run(context)
        .expect("error while running the empty window");
}
