//! `serve`: the live preview. Build once, serve from memory, watch, rebuild what changed,
//! tell open pages to reload.
//!
//! watch → classify change → cheapest correct rebuild → live reload:
//! [`watch`] turns file events into bursts, [`change`] says what each path is, [`rebuild`]
//! keeps the site up to date incrementally (and owns the invariant: identical to a clean
//! build), `http` serves it with the hardening of PRODUCT.md §9 (request rules, timeouts,
//! a cap on connections), `live_reload` tells pages to reload or to show the errors.
//! This module wires them together: one thread rebuilds, the tokio runtime serves. Nothing
//! here writes a file; the site lives in memory, so the user's output folder is never
//! touched.

pub mod change;
pub(crate) mod http;
pub(crate) mod live_reload;
pub mod rebuild;
pub(crate) mod site;
pub(crate) mod state;
pub mod watch;

use std::hash::{BuildHasher, Hasher};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use crate::diagnostic::Sources;
pub use http::Limits;
use http::{App, HostRule};
use rebuild::{Outcome, Preview};
use state::{ErrorView, Shared, Snapshot, Status};

/// How to serve.
#[derive(Debug, Clone)]
pub struct Options {
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port; 0 for any free one.
    pub port: u16,
    /// Poll for changes instead of waiting for the system's events.
    pub poll: bool,
    /// Timeouts and the cap on connections ([`Limits::default`] but in tests).
    pub limits: Limits,
}

/// What the server tells whoever runs it, as it happens.
pub enum Report<'a> {
    /// The first build is done (it may have failed: the server starts all the same).
    FirstBuild {
        /// What it did.
        outcome: &'a Outcome,
        /// File texts, for showing diagnostics.
        sources: &'a Sources,
    },
    /// The server listens.
    Listening {
        /// `http://127.0.0.1:1111/`.
        url: &'a str,
        /// The address bound.
        addr: SocketAddr,
        /// Whether files are watched (they are not when the watcher failed to start).
        watching: bool,
    },
    /// A rebuild after changes.
    Rebuilt {
        /// What it did.
        outcome: &'a Outcome,
        /// File texts, for showing diagnostics.
        sources: &'a Sources,
    },
    /// Something the author should know, such as a watcher problem.
    Warning(&'a str),
}

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site's folder is not there.
    #[error("cannot serve `{}`: {source}", path.display())]
    Root {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The address is taken or not ours.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The server stopped with an error.
    #[error("the server failed: {0}")]
    Server(std::io::Error),
}

/// Builds the site at `root`, serves it on `options.bind:options.port`, and rebuilds it
/// as its files change, until Ctrl-C.
///
/// # Errors
/// When the folder is missing, the address cannot be bound, or the server fails.
// Long on purpose: wires the watcher thread, the runtime and the server, which borrow its
// locals inside one `thread::scope`.
pub fn run(
    root: &Path,
    options: &Options,
    report: &(dyn Fn(Report<'_>) + Sync),
) -> Result<(), Error> {
    let root = root.canonicalize().map_err(|source| Error::Root {
        path: root.to_path_buf(),
        source,
    })?;
    let addr = SocketAddr::new(options.bind, options.port);
    let listener =
        std::net::TcpListener::bind(addr).map_err(|source| Error::Bind { addr, source })?;
    let local = listener
        .local_addr()
        .map_err(|source| Error::Bind { addr, source })?;
    listener
        .set_nonblocking(true)
        .map_err(|source| Error::Bind { addr, source })?;

    // Watching first: what changes during the first build is rebuilt right after it.
    let watcher = match watch::Watcher::start(&root, options.poll) {
        Ok(w) => Some(w),
        Err(e) => {
            report(Report::Warning(&format!(
                "cannot watch the site's files ({e}); pages will not update: restart to see changes, or try --poll"
            )));
            None
        }
    };
    let (mut preview, outcome) = Preview::open(&root);
    let sources = if outcome.diagnostics.is_empty() {
        Sources::default()
    } else {
        preview.sources()
    };
    report(Report::FirstBuild {
        outcome: &outcome,
        sources: &sources,
    });

    let instance = instance_id();
    let (status, _) = tokio::sync::watch::channel(status_of(&preview, &instance, 0));
    let shared = Arc::new(Shared {
        site: RwLock::new(Arc::new(snapshot_of(&preview, &instance))),
        status,
        open: std::sync::Mutex::new(std::collections::HashMap::new()),
    });
    let url = format!("http://{local}/");
    report(Report::Listening {
        url: &url,
        addr: local,
        watching: watcher.is_some(),
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(Error::Server)?;
    let stop = AtomicBool::new(false);
    let result = std::thread::scope(|scope| {
        if let Some(mut watcher) = watcher {
            let shared = &shared;
            let (stop, instance) = (&stop, &instance);
            scope.spawn(move || {
                let mut rebuilds = 0;
                while let Some(mut burst) = watcher.next_burst(preview.theme_name(), stop) {
                    for problem in &burst.errors {
                        report(Report::Warning(problem));
                    }
                    preview.prune(&mut burst.changes);
                    if burst.changes.is_empty() {
                        continue;
                    }
                    rebuilds += 1;
                    // The pages open in browsers first: they reload as soon as they are
                    // ready, the rest of the site follows before the next burst.
                    let open = shared.open_pages();
                    let outcome = preview.apply_with(&burst.changes, &open, &mut |p| {
                        shared.publish(snapshot_of(p, instance));
                        shared.status.send_replace(status_of(p, instance, rebuilds));
                    });
                    if outcome.changed > 0 {
                        shared.publish(snapshot_of(&preview, instance));
                    }
                    shared
                        .status
                        .send_replace(status_of(&preview, instance, rebuilds));
                    let sources = if outcome.diagnostics.is_empty() {
                        Sources::default()
                    } else {
                        preview.sources()
                    };
                    report(Report::Rebuilt {
                        outcome: &outcome,
                        sources: &sources,
                    });
                }
            });
        }
        let app = Arc::new(App {
            shared: shared.clone(),
            hosts: HostRule {
                ip: local.ip(),
                port: local.port(),
            },
        });
        let served = runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener)?;
            tokio::select! {
                () = http::serve(listener, http::router(app), options.limits) => Ok(()),
                _ = tokio::signal::ctrl_c() => Ok(()),
            }
        });
        stop.store(true, Ordering::Relaxed);
        served.map_err(Error::Server)
    });
    // Open event streams never end by themselves: do not wait for them.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    result
}

/// The site as it is now, for serving.
fn snapshot_of(preview: &Preview, instance: &str) -> Snapshot {
    Snapshot {
        pages: preview.pages().clone(),
        instance: instance.to_owned(),
        has_site: preview.has_site(),
    }
}

/// What open pages are told.
fn status_of(preview: &Preview, instance: &str, rebuilds: u64) -> Status {
    let errors = if preview.errors().is_empty() {
        Vec::new()
    } else {
        ErrorView::of(preview.errors(), &preview.sources())
    };
    Status {
        tag: tag(instance, preview.generation()),
        has_site: preview.has_site(),
        rebuilds,
        pages: preview.pages().len(),
        errors,
    }
}

/// A site version: this server and its count of successful rebuilds. A restarted server
/// has another, so pages served by the last one reload.
fn tag(instance: &str, generation: u64) -> String {
    format!("{instance}-{generation:x}")
}

fn instance_id() -> String {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    format!("{:08x}", hasher.finish() & 0xffff_ffff)
}
