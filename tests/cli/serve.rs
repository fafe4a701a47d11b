//! `mentorlog serve`: the incremental path against clean builds, the real watcher with
//! editors' save patterns, the HTTP hardening, connection timeouts and limits, and live reload in a real browser.

mod browser;
mod connections;
mod http;
pub(crate) mod property;
pub(crate) mod server;
mod watch;
