//! The integration tests: the real `mentorlog` binary on real sites in temp dirs.

mod audience;
mod authoring;
mod build;
mod errors;
mod history;
mod lints;
mod publish;
mod search;
mod serve;
mod site;
mod site_pages;
