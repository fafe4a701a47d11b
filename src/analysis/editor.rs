//! What an editor asks of the host beyond what `check` asks: the text a note is analysed
//! from and the mentorship that owns it (for the language server, `crate::lsp`). Lookups
//! only: nothing here derives anything the rest of the host does not.

use std::path::Path;
use std::sync::Arc;

use super::Host;

impl Host {
    /// The text the host analyses for the note at `rel` (relative to `content/`): the
    /// editor's buffer laid over it, else the file as last read.
    #[must_use]
    pub(crate) fn note_text(&self, rel: &Path) -> Option<Arc<str>> {
        self.buffers
            .get(rel)
            .cloned()
            .or_else(|| self.files.get(rel).and_then(|e| e.text().cloned()))
    }

    /// The index (into [`Host::docs`] and the log's mentorships) of the mentorship that
    /// owns the note at `rel`: the deepest mentorship folder holding it.
    #[must_use]
    pub(crate) fn mentorship_of(&self, rel: &Path) -> Option<usize> {
        self.docs
            .iter()
            .enumerate()
            .filter(|(_, d)| rel.starts_with(&d.dir))
            .max_by_key(|(_, d)| d.dir.components().count())
            .map(|(i, _)| i)
    }

    /// Every note the host knows, relative to `content/` (parsed or not), buffers that
    /// exist only in the editor included.
    pub(crate) fn note_paths(&self) -> impl Iterator<Item = &Path> {
        self.files.keys().map(std::path::PathBuf::as_path)
    }
}
