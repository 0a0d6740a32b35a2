// Keeps a console window from opening next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Taken first thing, so that start-up time is measured from process start.
    let started = vraa_desk_lib::StartInstant::now();
    vraa_desk_lib::run(started);
}
