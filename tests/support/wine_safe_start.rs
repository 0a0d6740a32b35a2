//! Starting a program from a test, with one failure of Wine's own retried.
//!
//! Shared by the test programs that start `vraa-desk-cli` or `vraa-sandbox` (included with
//! `#[path]`, so that no crate exists only for these lines).
//!
//! Under Wine, `CreateProcess` once failed in CI with ERROR_INTERNAL_ERROR (1359): Wine's
//! process creation waits for the new process to finish Wine's own start-up and reports
//! STATUS_INTERNAL_ERROR when it dies there, before the program's first line ran (140 local
//! runs under load did not show it again). Such a start says nothing about the program and
//! did nothing, so it is tried again; what the program itself does (its exit code, its
//! output, a crash after it started) is never retried. On Linux nothing is retried.
#![allow(dead_code)] // each test program uses the half it needs

use std::io;
use std::process::{Child, Command, ExitStatus, Output};
use std::time::Duration;

/// ERROR_INTERNAL_ERROR, as Wine's `CreateProcessW` reports a child that died in start-up.
const WINE_CHILD_START_FAILED: i32 = 1359;
const ATTEMPTS: u32 = 3;

pub trait WineSafeStart {
    /// `Command::output`, with a failed Wine start tried again.
    fn wine_safe_output(&mut self) -> io::Result<Output>;
    /// `Command::status`, with a failed Wine start tried again.
    fn wine_safe_status(&mut self) -> io::Result<ExitStatus>;
    /// `Command::spawn`, with a failed Wine start tried again.
    fn wine_safe_spawn(&mut self) -> io::Result<Child>;
}

impl WineSafeStart for Command {
    fn wine_safe_output(&mut self) -> io::Result<Output> {
        retry_failed_start(|| self.output())
    }

    fn wine_safe_status(&mut self) -> io::Result<ExitStatus> {
        retry_failed_start(|| self.status())
    }

    fn wine_safe_spawn(&mut self) -> io::Result<Child> {
        retry_failed_start(|| self.spawn())
    }
}

fn retry_failed_start<T>(mut start: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    let mut attempt = 1;
    loop {
        match start() {
            Err(e) if is_failed_wine_start(&e) && attempt < ATTEMPTS => {
                eprintln!("the program did not start under Wine ({e}); attempt {attempt} of {ATTEMPTS}, trying again");
                attempt += 1;
                std::thread::sleep(Duration::from_millis(250));
            }
            outcome => return outcome,
        }
    }
}

fn is_failed_wine_start(e: &io::Error) -> bool {
    cfg!(windows) && e.raw_os_error() == Some(WINE_CHILD_START_FAILED)
}
