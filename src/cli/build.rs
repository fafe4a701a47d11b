//! `mentorlog build`: parse the flags, call [`mentorlog::build`], print the summary.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use mentorlog::audience::Audience;
use mentorlog::{BuildOptions, build};

use super::{Global, counts, print_bounded};

/// Flags of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The output folder (default: the config's `output_dir`, `public`).
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Whom the build is for: public (default), team, or all (never publish that).
    #[arg(long, value_enum)]
    pub audience: Option<Audience>,
    /// Where the site will live, e.g. https://example.org/log/.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Replace a non-empty output folder that mentorlog did not create.
    #[arg(long)]
    pub force: bool,
    /// Also publish the team audience's site, encrypted, under /team/ (the passphrase
    /// from MENTORLOG_TEAM_PASSPHRASE or --passphrase-file).
    #[arg(long)]
    pub encrypt_team: bool,
    /// Read the team passphrase from the first line of FILE (with --encrypt-team).
    #[arg(long, value_name = "FILE", requires = "encrypt_team")]
    pub passphrase_file: Option<PathBuf>,
}

/// Runs `build`.
// Long on purpose: the flags' checks, then the summary, in the order they print.
pub fn run(args: BuildArgs, global: &Global) -> ExitCode {
    // Issue 16: the passphrase is read and checked before anything is built.
    let encrypt_team = if args.encrypt_team {
        if args.audience.is_some_and(|a| a != Audience::Public) {
            eprintln!(
                "error: --encrypt-team publishes the public audience's site in clear; it cannot be combined with --audience team or all"
            );
            return ExitCode::from(2);
        }
        let env = std::env::var(mentorlog::team::passphrase::ENV).ok();
        match mentorlog::team::passphrase::read(args.passphrase_file.as_deref(), env) {
            Ok(passphrase) => Some(mentorlog::team::TeamOptions {
                passphrase,
                salt: std::env::var(mentorlog::team::SALT_ENV).ok(),
            }),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    } else {
        None
    };
    let options = BuildOptions {
        output: args.output,
        audience: if args.encrypt_team {
            Some(Audience::Public)
        } else {
            args.audience
        },
        base_url: args.base_url,
        force: args.force,
        encrypt_team,
        warnings_kept: super::warnings_kept(global, super::BUILD_WARNINGS_SHOWN),
    };
    // Interrupted (Ctrl-C, SIGTERM, SIGHUP), the build removes the tree it was filling
    // before the process ends: nothing beside the output may hold pages (issue 12). A
    // SIGKILL cannot be caught; the next build removes what it left.
    let _ = ctrlc::set_handler(|| {
        mentorlog::output::remove_unfinished();
        std::process::exit(130);
    });
    let report = build(&global.root, &options);
    print_bounded(&report, global, super::BUILD_WARNINGS_SHOWN);
    if !report.written {
        let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
        eprintln!(
            "build failed: {}; nothing was written",
            counts(errors, report.warnings())
        );
        return ExitCode::from(1);
    }
    if report.audience == Audience::All {
        eprintln!(
            "warning: this build includes confidential sessions (--audience all): do not publish `{}`",
            super::shown(&report.output)
        );
    }
    if global.verbose {
        for (stage, took) in &report.stages {
            eprintln!("  {stage}: {took:.1?}");
        }
        if !mentorlog::render::writes_sitemap(&report.base_url) {
            eprintln!(
                "  sitemap.xml: not written, the base URL `{}` is not absolute (pass `--base-url https://…` or set `base_url`)",
                mentorlog::diagnostic::printable(&report.base_url)
            );
        }
    }
    if !global.quiet {
        let w = report.withheld;
        let mut withheld = match (w.team, w.confidential) {
            (0, 0) => "no sessions withheld".to_owned(),
            (t, c) => format!(
                "{} withheld ({t} team, {c} confidential)",
                super::plural(t + c, "session")
            ),
        };
        if w.mentorships > 0 {
            withheld.push_str(&format!(
                "; {} withheld whole",
                super::plural(w.mentorships, "mentorship")
            ));
        }
        println!(
            "Built {} pages for the {} audience into {} in {:.0?}; {withheld}",
            report.pages,
            report.audience.as_str(),
            super::shown(&report.output),
            report.elapsed,
        );
    }
    ExitCode::SUCCESS
}
