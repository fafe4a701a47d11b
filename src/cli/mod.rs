//! The command line: argument parsing and printing. Each verb is a thin file that calls
//! the library; nothing here knows how a site is made.

pub mod build;
pub mod check;
pub mod completions;
pub mod export;
pub mod init;
pub mod lsp;
pub mod new;
pub mod passphrase;
pub mod schema;
pub mod serve;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use mentorlog::diagnostic::{Diagnostic, Severity, Sources, printable};

/// mentorlog: a static site generator for mentoring records.
#[derive(Debug, Parser)]
#[command(name = "mentorlog", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Options every command takes.
    #[command(flatten)]
    pub global: Global,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The site's folder (holds `content/` and `mentorlog.toml`).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Print only errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Print more about what happens.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// When to use colour.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When printing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The verbs.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build(build::BuildArgs),
    /// Check every note and report all problems, without building.
    Check(check::CheckArgs),
    /// Create a new site: config, a mentorship, a first session, .gitignore, netlify.toml.
    Init(init::InitArgs),
    /// Write the next session's note, carrying every open goal forward; print its path.
    New(new::NewArgs),
    /// Print the linked model as JSON, or the goals as CSV.
    Export(export::ExportArgs),
    /// Print the JSON Schema of front matter, for editors.
    Schema(schema::SchemaArgs),
    /// Print a strong generated passphrase for the encrypted team site (or, with --salt,
    /// a new salt for mentorlog.toml).
    Passphrase(passphrase::PassphraseArgs),
    /// Print a shell completion script.
    Completions(completions::CompletionsArgs),
    /// Build, serve and watch the site for audience `all`, reloading open pages on changes.
    Serve(serve::ServeArgs),
    /// Run a language server over stdio: diagnostics as you type, completion, hover,
    /// definition, references, rename, code actions.
    #[command(long_about = lsp::LONG_ABOUT)]
    Lsp(lsp::LspArgs),
}

/// Prints diagnostics to stderr, errors and warnings alike (warnings unless quiet).
pub fn print_diagnostics(diagnostics: &[Diagnostic], sources: &Sources, global: &Global) {
    let mut printer = Printer::new(global);
    diagnostics.iter().for_each(|d| printer.print(d, sources));
}

/// Diagnostics printed to stderr through one buffer, flushed when it goes: stderr is not
/// buffered, a message was two writes, and a careless log has hundreds of thousands.
pub struct Printer {
    out: std::io::BufWriter<std::io::StderrLock<'static>>,
    color: bool,
    quiet: bool,
}

impl Printer {
    /// A printer as the global flags ask (colour, `--quiet` leaves warnings out).
    #[must_use]
    pub fn new(global: &Global) -> Self {
        Self {
            out: std::io::BufWriter::with_capacity(64 * 1024, std::io::stderr().lock()),
            color: use_color(global.color),
            quiet: global.quiet,
        }
    }

    /// Prints `d` with its source line from `sources`.
    pub fn print(&mut self, d: &Diagnostic, sources: &Sources) {
        if self.quiet && d.severity == Severity::Warning {
            return;
        }
        let text = d.render(sources);
        let text = if self.color {
            colorize(&text, d.severity)
        } else {
            text
        };
        let _ = writeln!(self.out, "{text}");
    }
}

/// How many warnings `build` shows before it counts the rest by code.
pub const BUILD_WARNINGS_SHOWN: usize = 20;

/// Prints a build's every error and at most `limit` warnings, then the rest counted by
/// code and a pointer to `mentorlog check`: a build with thirty thousand warnings still
/// ends with its summary line on the screen (issue 13). The build keeps only the warnings
/// it was asked to ([`warnings_kept`]) and counts the others.
pub fn print_bounded(report: &mentorlog::BuildReport, global: &Global, limit: usize) {
    let diagnostics = &report.diagnostics;
    let warnings: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    let total = report.warnings();
    if global.verbose || global.quiet || total <= limit {
        print_diagnostics(diagnostics, &report.sources, global);
        return;
    }
    let mut shown = 0;
    let kept: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| {
            let show = d.is_error() || shown < limit;
            if !d.is_error() && show {
                shown += 1;
            }
            show
        })
        .cloned()
        .collect();
    print_diagnostics(&kept, &report.sources, global);
    let mut by_code: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for d in warnings.iter().skip(limit) {
        *by_code.entry(d.code.as_str()).or_default() += 1;
    }
    for (code, n) in &report.more_warnings {
        *by_code.entry(code.as_str()).or_default() += n;
    }
    let mut counts: Vec<(&str, usize)> = by_code.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let counts: Vec<String> = counts.iter().map(|(c, n)| format!("{c}: {n}")).collect();
    eprintln!(
        "… and {} ({}); `mentorlog check` lists them all, `build --verbose` shows them here\n",
        plural(total - limit, "more warning"),
        counts.join(", ")
    );
}

/// How many warnings a build keeps whole for [`print_bounded`]: all with `--verbose`,
/// none with `--quiet` (which prints none), else the `limit` it shows.
#[must_use]
pub fn warnings_kept(global: &Global, limit: usize) -> Option<usize> {
    if global.verbose {
        None
    } else if global.quiet {
        Some(0)
    } else {
        Some(limit)
    }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
        }
    }
}

fn colorize(text: &str, severity: Severity) -> String {
    let (start, label) = match severity {
        Severity::Error => ("\x1b[1;31m", "error"),
        Severity::Warning => ("\x1b[1;33m", "warning"),
    };
    let mut out = String::with_capacity(text.len() + 32);
    for (i, line) in text.lines().enumerate() {
        if i == 0 {
            out.push_str(&line.replacen(label, &format!("{start}{label}\x1b[0m\x1b[1m"), 1));
            out.push_str("\x1b[0m");
        } else if line.trim_start().starts_with('|') || line.contains(" | ") {
            out.push_str(&line.replace('^', &format!("{start}^\x1b[0m")));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// `path` as it may be printed on a terminal (see [`printable`]): a file or folder name
/// may hold control characters.
#[must_use]
pub fn shown(path: &std::path::Path) -> String {
    printable(&path.display().to_string()).into_owned()
}

/// "1 error, 2 warnings".
#[must_use]
pub fn count_line(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    counts(errors, diagnostics.len() - errors)
}

/// "2 errors, 1 warning".
#[must_use]
pub fn counts(errors: usize, warnings: usize) -> String {
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// "1 session", "2 sessions".
#[must_use]
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Creates `path` (and its folders) with `text`; fails if it exists, so `init` and `new`
/// never overwrite a file, even in a race.
pub fn create_new_file(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(text.as_bytes())
}
