//! The integration tests: the real `mentorlog` binary on real sites in temp dirs.

mod audience;
mod authoring;
mod between;
mod build;
mod errors;
mod history;
mod i18n;
mod lints;
mod lsp;
mod native;
mod notes_as_written;
mod print;
mod publish;
mod search;
mod serve;
mod site;
mod site_pages;
mod team;
