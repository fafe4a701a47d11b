//! The only writer: puts rendered pages into the output folder, all or nothing.
//!
//! `target` says whether a folder may be written at all; `staging` builds a complete new
//! tree beside the output, checks it against the plan and swaps it in, so a failed build
//! leaves the previous output untouched and a reader never sees half a site; `beside` owns
//! everything kept next to the output during a build (a lock, the tree being built, the
//! previous output being removed) and makes sure none of it outlives the build.

mod beside;
mod staging;
mod target;

use std::io;
use std::path::Path;

pub(crate) use beside::remove_leftovers_of;
pub use beside::remove_unfinished;
pub(crate) use staging::Staging;
pub use staging::write;
pub(crate) use target::check_target;

/// The file that marks a folder as mentorlog's output.
pub(crate) const MARKER: &str = ".mentorlog-output";

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The folder holds the site's sources, or is a parent of them.
    #[error("refusing to write the site to `{0}`: it {1}")]
    Unsafe(String, &'static str),
    /// A non-empty folder mentorlog did not make.
    #[error(
        "refusing to replace `{0}`: it is not empty and mentorlog did not create it (use --force to replace it)"
    )]
    NotOurs(String),
    /// A page path that would leave the output folder.
    #[error("a page path leaves the output folder: {0}")]
    BadPath(String),
    /// The new tree is not what the render planned: a bug, caught before publishing.
    #[error(
        "the new output does not hold exactly the planned pages ({0}); nothing was published (this is a bug in mentorlog: please report it)"
    )]
    Unplanned(String),
    /// Reading or writing failed.
    #[error("cannot write `{0}`: {1}")]
    Io(String, io::Error),
}

fn io_error(path: &Path, e: io::Error) -> OutputError {
    OutputError::Io(path.display().to_string(), e)
}
