//! Errors of the command line: every one is printed as a single line,
//! `kļūda: <Latvian> / error: <English>`, and mapped to an exit code.

use std::fmt::Display;
use std::process::ExitCode;

/// A failure with its Latvian and English wording.
#[derive(Debug)]
pub struct CliError {
    lv: String,
    en: String,
    /// Bad input (exit 2) or a failure of the tool itself (exit 1).
    bad_input: bool,
}

impl CliError {
    /// Bad input described in both languages.
    pub fn input(lv: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            lv: lv.into(),
            en: en.into(),
            bad_input: true,
        }
    }

    /// A failure that is not the input's fault (exit 1), in both languages.
    pub fn failure(lv: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            lv: lv.into(),
            en: en.into(),
            bad_input: false,
        }
    }

    /// Bad input from a library error whose message reads `<lv> / <en>`.
    pub fn from_bilingual(prefix_lv: &str, prefix_en: &str, e: &dyn Display) -> Self {
        let text = one_line(&e.to_string());
        let (lv, en) = match text.split_once(" / ") {
            Some((lv, en)) => (lv.to_string(), en.to_string()),
            None => (text.clone(), text),
        };
        Self::input(format!("{prefix_lv}{lv}"), format!("{prefix_en}{en}"))
    }

    /// Adds what became of the user's input (e.g. where it was kept).
    pub fn with_note(mut self, lv: impl Display, en: impl Display) -> Self {
        self.lv = format!("{}; {lv}", self.lv);
        self.en = format!("{}; {en}", self.en);
        self
    }

    /// Prints the one line and gives the exit code.
    pub fn report(&self) -> ExitCode {
        eprintln!(
            "kļūda: {} / error: {}",
            one_line(&self.lv),
            one_line(&self.en)
        );
        if self.bad_input {
            ExitCode::from(2)
        } else {
            ExitCode::from(1)
        }
    }
}

/// Writes to stdout; a reader that went away (`vraa-desk-cli … | head`) is not an
/// error worth a panic, so a closed pipe ends the output quietly.
pub fn write_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Collapses a possibly multi-line message into one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Help and version go to stdout with exit 0; argument errors become one line.
pub fn report_clap(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            write_stdout(&e.to_string());
            ExitCode::SUCCESS
        }
        _ => {
            let rendered = e.to_string();
            // The message runs until the blank line before clap's usage block.
            let first = rendered
                .lines()
                .take_while(|l| !l.trim().is_empty())
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
                .trim_start_matches("error: ")
                .to_string();
            CliError::input(
                format!("nederīgi komandrindas argumenti ({first}); skatiet --help"),
                format!("invalid command-line arguments ({first}); see --help"),
            )
            .report()
        }
    }
}
