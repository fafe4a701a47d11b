//! `mentorlog lsp`: the language server over stdio (`mentorlog::lsp`); this file only
//! reads the flags.

use std::process::ExitCode;

use clap::Args;

use super::Global;

/// What `mentorlog lsp --help` says.
pub const LONG_ABOUT: &str = "Run a Language Server Protocol server on stdin and stdout, for \
editors: diagnostics as you type (the same as `mentorlog check`, warnings included), completion \
of keys, values, goal ids, weaknesses, people, tags and note links, hover, go to definition, \
find references, rename of goal ids, code actions, document symbols and folding.

The site is the folder holding `content/` above each opened note, or `--root` when given. \
Messages go to stderr; stdout carries only the protocol. docs/editors.md shows how to set up \
VS Code, Neovim, Helix, Zed and Emacs.";

/// Flags of `lsp`.
#[derive(Debug, Args)]
pub struct LspArgs {
    /// Accepted for clients that pass it; the server always talks over stdin and stdout.
    #[arg(long)]
    pub stdio: bool,
}

/// Runs `lsp`.
pub fn run(_args: &LspArgs, global: &Global, root_given: bool) -> ExitCode {
    let options = mentorlog::lsp::LspOptions {
        root: root_given.then(|| global.root.clone()),
    };
    match mentorlog::lsp::run(&options) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("mentorlog lsp: {e}");
            ExitCode::from(1)
        }
    }
}
