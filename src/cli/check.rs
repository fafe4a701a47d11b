//! `mentorlog check`: every problem in one run, as text or JSON.

use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{Global, count_line, plural, print_diagnostics};

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Messages with source lines, for people.
    Human,
    /// One JSON object per problem, for editors and CI.
    Json,
}

/// Flags of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// How to print problems.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Runs `check`.
pub fn run(args: &CheckArgs, global: &Global) -> ExitCode {
    let mut checked = mentorlog::check(&global.root);
    if args.strict {
        for d in &mut checked.diagnostics {
            d.severity = mentorlog::diagnostic::Severity::Error;
        }
    }
    let failed = checked.has_errors();
    match args.format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&checked.diagnostics)
                .unwrap_or_else(|_| "[]".to_owned());
            println!("{}", mentorlog::diagnostic::json_printable(&json));
        }
        Format::Human => {
            print_diagnostics(&checked.diagnostics, &checked.sources, global);
            if !global.quiet || failed {
                let sessions: usize = checked
                    .log
                    .mentorships
                    .iter()
                    .map(|m| m.sessions.len())
                    .sum();
                let goals: usize = checked.log.mentorships.iter().map(|m| m.goals.len()).sum();
                eprintln!(
                    "{}: {}, {}, {}; {}",
                    if failed {
                        "check failed"
                    } else {
                        "check passed"
                    },
                    plural(checked.log.mentorships.len(), "mentorship"),
                    plural(sessions, "session"),
                    plural(goals, "goal"),
                    count_line(&checked.diagnostics)
                );
            }
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
