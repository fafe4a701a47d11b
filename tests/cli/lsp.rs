//! `mentorlog lsp`: the protocol over stdio against the real binary, and a real editor
//! (Neovim, headless) as the client.

mod neovim;
mod protocol;
