//! `mentorlog build`: parse the flags, call [`mentorlog::build`], print the summary.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use mentorlog::audience::Audience;
use mentorlog::{BuildOptions, build};

use super::{Global, count_line, print_diagnostics};

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
}

/// Runs `build`.
pub fn run(args: BuildArgs, global: &Global) -> ExitCode {
    let options = BuildOptions {
        output: args.output,
        audience: args.audience,
        base_url: args.base_url,
        force: args.force,
    };
    let report = build(&global.root, &options);
    print_diagnostics(&report.diagnostics, &report.sources, global);
    if !report.written {
        eprintln!(
            "build failed: {}; nothing was written",
            count_line(&report.diagnostics)
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
