//! `mentorlog init [DIR]`: scaffold a small site that builds at once; never overwrite.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use mentorlog::date::Date;

use super::Global;

/// Flags of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the site in (default: the current folder, or --root).
    pub dir: Option<PathBuf>,
    /// The mentee's name, used in the mentorship's title.
    #[arg(long, default_value = "Our Team")]
    pub mentee: String,
}

/// The files of a new site: (path, contents), with `{{today}}`, `{{next}}`,
/// `{{mentee}}` and `{{salt}}` (a fresh random salt for the team site) filled in.
#[must_use]
pub fn files(today: Date, mentee: &str) -> Vec<(String, String)> {
    let salt = mentorlog::team::crypto::Salt::random().to_hex();
    let fill = |t: &str| {
        t.replace("{{salt}}", &salt)
            .replace("{{today}}", &today.to_string())
            .replace("{{next}}", &today.plus_days(14).to_string())
            .replace("{{mentee}}", mentee)
    };
    vec![
        (
            "mentorlog.toml".to_owned(),
            fill(include_str!("../scaffold/mentorlog.toml")),
        ),
        (
            "content/mentorship.md".to_owned(),
            fill(include_str!("../scaffold/mentorship.md")),
        ),
        (
            format!("content/sessions/{today}-kickoff.md"),
            fill(include_str!("../scaffold/kickoff.md")),
        ),
        (
            ".gitignore".to_owned(),
            fill(include_str!("../scaffold/gitignore")),
        ),
        (
            "netlify.toml".to_owned(),
            fill(include_str!("../scaffold/netlify.toml")),
        ),
    ]
}

/// Runs `init`.
pub fn run(args: &InitArgs, global: &Global) -> ExitCode {
    let dir = args.dir.clone().unwrap_or_else(|| global.root.clone());
    let files = files(Date::today(), &args.mentee);
    let existing: Vec<&str> = files
        .iter()
        .filter(|(p, _)| dir.join(p).exists())
        .map(|(p, _)| p.as_str())
        .collect();
    if !existing.is_empty() {
        eprintln!(
            "error: not initialising `{}`: these files exist and would be overwritten:\n{}",
            super::shown(&dir),
            existing
                .iter()
                .map(|p| format!("  {p}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
        eprintln!("  = hint: run `mentorlog init` in an empty folder, or move those files away");
        return ExitCode::from(1);
    }
    for (path, text) in &files {
        if let Err(e) = super::create_new_file(&dir.join(path), text) {
            eprintln!(
                "error: cannot write `{}`: {e}",
                super::shown(&dir.join(path))
            );
            return ExitCode::from(1);
        }
    }
    if !global.quiet {
        println!("Created a mentoring log in {}:", super::shown(&dir));
        for (path, _) in &files {
            println!("  {path}");
        }
        println!("Next: edit content/mentorship.md, then `mentorlog check` and `mentorlog build`.");
        println!(
            "Sessions are confidential by default: `build` publishes only `visibility: public` ones."
        );
    }
    ExitCode::SUCCESS
}
