// Keeps a console window from opening next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Taken first thing, so that start-up time is measured from process start.
    let started = vraa_desk_lib::StartInstant::now();
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    few_malloc_arenas();
    #[cfg(target_os = "linux")]
    software_rendering_without_gpu();
    vraa_desk_lib::run(started);
}

/// glibc gives each thread that allocates its own malloc arena (up to 8 per
/// core) and keeps what is freed in it. The commands run on tokio's blocking
/// pool, whose threads come and go, so every few screen visits met a fresh
/// arena and the app's private memory crept up: +4.7 MB over 15 visits of the
/// Contract screen, +0.7 MB with one arena (tests/perf/memory-rounds.sh,
/// docs/performance.md). A desktop app has little allocator contention to
/// gain from more arenas.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn few_malloc_arenas() {
    // SAFETY: mallopt only sets an allocator parameter; called first thing in
    // main, before any other thread exists. Its answer (1 = done) is not
    // needed: without it glibc keeps its default and nothing else changes.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Without a GPU (no DRM render node: most virtual machines, remote sessions,
/// Xvfb) WebKitGTK's accelerated compositing runs on Mesa's software GL, which
/// is slower than WebKit's own CPU rendering by an order of magnitude: on this
/// project's test machine a scroll frame of the request list took 125–170 ms
/// composited and 16 ms without (docs/performance.md), and the web process
/// used ~90 MB more. So without a render node the app asks WebKit not to
/// composite. An explicit `WEBKIT_DISABLE_COMPOSITING_MODE` (either value) wins.
#[cfg(target_os = "linux")]
fn software_rendering_without_gpu() {
    const VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if std::env::var_os(VAR).is_some() {
        return;
    }
    let has_render_node = std::fs::read_dir("/dev/dri")
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        })
        .unwrap_or(false);
    if !has_render_node {
        // Set before any thread starts (first thing in main), so no other
        // thread can be reading the environment at the same time.
        std::env::set_var(VAR, "1");
    }
}
