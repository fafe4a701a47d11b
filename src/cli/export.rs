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
    /// One row per goal (or per backlog change, with `--table backlog`).
    Csv,
}

/// What the CSV export's rows are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Table {
    /// One row per goal.
    Goals,
    /// One row per backlog change, with the kind of its values.
    Backlog,
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
    /// With `--format csv`: a row per goal (the default) or per backlog change.
    #[arg(long, value_enum)]
    pub table: Option<Table>,
}

/// Runs `export`.
pub fn run(args: &ExportArgs, global: &Global) -> ExitCode {
    if args.format == Format::Json && args.table.is_some() {
        eprintln!("error: `--table` chooses the rows of `--format csv`; JSON holds everything");
        return ExitCode::from(2);
    }
    let checked = mentorlog::check(&global.root);
    if checked.has_errors() {
        print_diagnostics(&checked.diagnostics, &checked.sources, global);
        return ExitCode::from(1);
    }
    let audience = args.audience.unwrap_or(checked.config.default_audience);
    let log = mentorlog::log_for(&checked, audience);
    let out = match args.format {
        Format::Json => mentorlog::export::json(&log, audience).map_err(Into::into),
        Format::Csv => match args.table.unwrap_or(Table::Goals) {
            Table::Goals => mentorlog::export::csv(&log),
            Table::Backlog => mentorlog::export::backlog_csv(&log),
        },
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
