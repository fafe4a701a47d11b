//! `mentorlog export`: the linked model as data, for one audience.

use std::process::ExitCode;

use clap::{Args, ValueEnum};

use mentorlog::audience::Audience;

use super::{Global, print_diagnostics};

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The whole linked model, as in `log.json`.
    Json,
    /// One row per goal.
    Csv,
}

/// Flags of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Whom the data is for (default: the config's `default_audience`, public).
    #[arg(long, value_enum)]
    pub audience: Option<Audience>,
}

/// Runs `export`.
pub fn run(args: &ExportArgs, global: &Global) -> ExitCode {
    let checked = mentorlog::check(&global.root);
    if checked.has_errors() {
        print_diagnostics(&checked.diagnostics, &checked.sources, global);
        return ExitCode::from(1);
    }
    let audience = args.audience.unwrap_or(checked.config.default_audience);
    let log = mentorlog::log_for(&checked, audience);
    let out = match args.format {
        Format::Json => mentorlog::export::json(&log, audience).map_err(Into::into),
        Format::Csv => mentorlog::export::csv(&log),
    };
    match out {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "error: {}",
                mentorlog::diagnostic::printable(&e.to_string())
            );
            ExitCode::from(1)
        }
    }
}
