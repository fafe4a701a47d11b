//! `mentorlog passphrase`: print a strong generated passphrase for the encrypted team
//! site (issue 16), or a new salt for `[team]` in mentorlog.toml.

use std::process::ExitCode;

use clap::Args;

use mentorlog::team::{crypto, passphrase};

/// Flags of `passphrase`.
#[derive(Debug, Args)]
pub struct PassphraseArgs {
    /// Print a new random `[team]` salt for mentorlog.toml instead.
    #[arg(long)]
    pub salt: bool,
}

/// Runs `passphrase`.
pub fn run(args: &PassphraseArgs) -> ExitCode {
    if args.salt {
        println!("[team]\nsalt = \"{}\"", crypto::Salt::random().to_hex());
        eprintln!(
            "Add these lines to mentorlog.toml. A new salt changes every encrypted file and, like a new passphrase, locks out the keys browsers remember."
        );
    } else {
        println!("{}", passphrase::generate());
        eprintln!(
            "Six words from the EFF's large list, about 77 bits. Give it to the team, and set it as {} where the site is built.",
            passphrase::ENV
        );
    }
    ExitCode::SUCCESS
}
