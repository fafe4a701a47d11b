//! `mentorlog check`: every problem in one run, as text or JSON.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use mentorlog::diagnostic::{Diagnostic, Severity};
use serde::ser::{SerializeSeq, Serializer as _};

use super::{Global, Printer, counts, plural};

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

/// Runs `check`: every problem printed as it is placed, a file at a time, none gathered
/// (`mentorlog::check_each`).
pub fn run(args: &CheckArgs, global: &Global) -> ExitCode {
    let (mut errors, mut warnings) = (0, 0);
    let mut tally = |d: &mut Diagnostic| {
        if args.strict {
            d.severity = Severity::Error;
        }
        if d.is_error() {
            errors += 1;
        } else {
            warnings += 1;
        }
    };
    let size = match args.format {
        Format::Json => {
            let out = Printable(std::io::BufWriter::new(std::io::stdout().lock()));
            let mut json = serde_json::Serializer::pretty(out);
            let mut list = json.serialize_seq(None).ok();
            let size = mentorlog::check_each(&global.root, |mut d, _| {
                tally(&mut d);
                if let Some(list) = &mut list {
                    let _ = list.serialize_element(&d);
                }
            });
            if let Some(list) = list {
                let _ = list.end();
            }
            let mut out = json.into_inner();
            let _ = writeln!(out.0);
            size
        }
        Format::Human => {
            let mut printer = Printer::new(global);
            let size = mentorlog::check_each(&global.root, |mut d, sources| {
                tally(&mut d);
                printer.print(&d, sources);
            });
            drop(printer);
            size
        }
    };
    let failed = errors > 0;
    if args.format == Format::Human && (!global.quiet || failed) {
        eprintln!(
            "{}: {}, {}, {}; {}",
            if failed {
                "check failed"
            } else {
                "check passed"
            },
            plural(size.mentorships, "mentorship"),
            plural(size.sessions, "session"),
            plural(size.goals, "goal"),
            counts(errors, warnings)
        );
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// JSON as [`mentorlog::diagnostic::json_printable`] makes it safe to print, written
/// through as serde_json writes it: it writes whole characters, and the escapes are made
/// one character at a time.
struct Printable<W>(W);

impl<W: Write> Write for Printable<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match std::str::from_utf8(buf) {
            Ok(text) => self
                .0
                .write_all(mentorlog::diagnostic::json_printable(text).as_bytes())
                .map(|()| buf.len()),
            Err(_) => self.0.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}
