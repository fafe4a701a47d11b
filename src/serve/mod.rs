//! `serve`: the live preview. Build once, serve from memory, watch, rebuild what changed,
//! tell open pages to reload.
//!
//! watch → classify change → cheapest correct rebuild → live reload:
//! `watch` turns file events into bursts, `change` says what each path is, `rebuild` keeps
//! the site up to date incrementally (and owns the invariant: identical to a clean build),
//! `http` serves it with the hardening of PRODUCT.md §9, `live_reload` tells pages to
//! reload or to show the errors. Nothing here writes a file.

pub mod change;
pub mod rebuild;
