//! `mentorlog serve`: parse the flags, call [`mentorlog::serve::run`], print what happens.

use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr};
use std::process::ExitCode;

use clap::Args;

use mentorlog::serve::{self, Report};

use super::{Global, count_line, print_diagnostics, printable};

/// Flags of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on; anything but a loopback address shows every session,
    /// confidential ones included, to the network.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1", value_parser = parse_bind)]
    pub bind: IpAddr,
    /// The port to listen on; 0 picks a free one.
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Open the site in the browser once it is served.
    #[arg(long)]
    pub open: bool,
    /// Look for changes every second (reading the files) instead of waiting for the
    /// system's file events: for network drives, WSL and some containers.
    #[arg(long)]
    pub poll: bool,
}

fn parse_bind(s: &str) -> Result<IpAddr, String> {
    if s.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    s.parse()
        .map_err(|_| format!("`{s}` is not an IP address (e.g. 127.0.0.1, ::1, 0.0.0.0)"))
}

/// The server's limits: the defaults, which debug builds let tests shorten with
/// `MENTORLOG_SERVE_HEAD_TIMEOUT_MS` and `MENTORLOG_SERVE_MAX_CONNECTIONS` (so that a test
/// of a 10-second timeout need not wait 10 seconds). Release builds read neither.
fn test_limits() -> serve::Limits {
    let mut limits = serve::Limits::default();
    if cfg!(debug_assertions) {
        let var = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
        if let Some(ms) = var("MENTORLOG_SERVE_HEAD_TIMEOUT_MS") {
            limits.head_timeout = std::time::Duration::from_millis(ms);
        }
        if let Some(n) = var("MENTORLOG_SERVE_MAX_CONNECTIONS") {
            limits.max_connections = usize::try_from(n).unwrap_or(usize::MAX);
        }
    }
    limits
}

/// Runs `serve`.
pub fn run(args: &ServeArgs, global: &Global) -> ExitCode {
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}, which is not a loopback address: anyone on your network can read every session, confidential ones included",
            args.bind
        );
    }
    let options = serve::Options {
        bind: args.bind,
        port: args.port,
        poll: args.poll,
        limits: test_limits(),
    };
    let open = args.open;
    let report = |r: Report<'_>| on_report(&r, global, open);
    match serve::run(&global.root, &options, &report) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", printable(&e.to_string()));
            ExitCode::from(1)
        }
    }
}

fn on_report(report: &Report<'_>, global: &Global, open: bool) {
    match report {
        Report::FirstBuild { outcome, sources } => {
            print_diagnostics(&outcome.diagnostics, sources, global);
            if outcome.ok {
                if !global.quiet {
                    println!(
                        "Built {} pages in {:.0?} (audience all: confidential sessions included; pages a public build would withhold carry a banner)",
                        outcome.total, outcome.elapsed
                    );
                }
            } else {
                eprintln!(
                    "The site does not build: {}. Serving all the same: fix the files and the pages will follow.",
                    count_line(&outcome.diagnostics)
                );
            }
        }
        Report::Listening {
            url,
            addr: _,
            watching,
        } => {
            // Always printed, even when quiet: tools read the address from it.
            println!(
                "Serving {} at {url}{} (Ctrl-C to stop)",
                super::shown(&global.root),
                if *watching {
                    ", watching for changes"
                } else {
                    ""
                }
            );
            let _ = std::io::stdout().flush();
            if open {
                open_browser(url);
            }
        }
        Report::Rebuilt { outcome, sources } => {
            print_diagnostics(&outcome.diagnostics, sources, global);
            if global.quiet {
                return;
            }
            if global.verbose {
                let stages: Vec<String> = outcome
                    .stages
                    .iter()
                    .map(|(name, t)| format!("{name} {t:.1?}"))
                    .collect();
                println!("  stages: {}", stages.join(", "));
            }
            if outcome.ok {
                println!(
                    "Rebuilt in {}ms after a change to {}: {} of {} pages rendered, {} changed{}",
                    outcome.elapsed.as_millis(),
                    printable(&outcome.what),
                    outcome.rendered,
                    outcome.total,
                    outcome.changed,
                    if outcome.full { " (full rebuild)" } else { "" }
                );
            } else {
                println!(
                    "Rebuild failed in {}ms after a change to {}: {}; still serving the last good site",
                    outcome.elapsed.as_millis(),
                    printable(&outcome.what),
                    count_line(&outcome.diagnostics)
                );
            }
            let _ = std::io::stdout().flush();
        }
        Report::Warning(text) => eprintln!("warning: {}", printable(text)),
    }
}

/// Opens `url` in the default browser; a failure is a warning, never fatal.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let spawned = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }
}
