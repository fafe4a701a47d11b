//! `mentorlog schema`: the JSON Schema of front matter, for editors' YAML support.

use std::process::ExitCode;

use clap::{Args, ValueEnum};

/// The schema of mentorship and session front matter (JSON Schema 2020-12).
pub const SCHEMA: &str = include_str!("../schema/front-matter.schema.json");

/// Which schema to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// Either kind of note (`oneOf`).
    Any,
    /// `mentorship.md`.
    Mentorship,
    /// A session note.
    Session,
}

/// Flags of `schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which front matter to describe.
    #[arg(long, value_enum, default_value_t = Kind::Any)]
    pub kind: Kind,
}

/// Runs `schema`.
pub fn run(args: &SchemaArgs) -> ExitCode {
    let text = match args.kind {
        Kind::Any => SCHEMA.to_owned(),
        Kind::Mentorship | Kind::Session => {
            let name = if args.kind == Kind::Mentorship {
                "mentorship"
            } else {
                "session"
            };
            let Ok(mut all) = serde_json::from_str::<serde_json::Value>(SCHEMA) else {
                return ExitCode::from(1);
            };
            let mut one = all["$defs"][name].take();
            one["$schema"] = all["$schema"].take();
            serde_json::to_string_pretty(&one).unwrap_or_default()
        }
    };
    println!("{}", text.trim_end());
    ExitCode::SUCCESS
}
