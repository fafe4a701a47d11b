//! The compiled theme, and the files it was compiled from.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Sources};
use crate::render::{Renderer, theme};

/// A theme as loaded and compiled once.
#[derive(Default)]
pub(crate) struct ThemeState {
    /// The compiled templates; `None` when they have errors.
    pub renderer: Option<Renderer>,
    /// Every template's bytes, by name.
    pub templates: BTreeMap<String, Vec<u8>>,
    /// Every static file's bytes, by name.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Problems loading or compiling it.
    pub diagnostics: Vec<Diagnostic>,
    /// The templates' texts, for showing source lines.
    pub sources: Sources,
}

impl ThemeState {
    /// Loads the theme `config` names (overlaid by the site's own files) and compiles it.
    pub(super) fn load(root: &Path, config: &SiteConfig) -> Self {
        let (theme, diagnostics) = theme::load(root, &config.theme);
        let bytes = |files: &BTreeMap<String, theme::ThemeFile>| -> BTreeMap<String, Vec<u8>> {
            files
                .iter()
                .map(|(k, v)| (k.clone(), v.bytes.clone()))
                .collect()
        };
        let mut state = Self {
            renderer: None,
            templates: bytes(&theme.templates),
            statics: bytes(&theme.statics),
            diagnostics,
            sources: Sources::default(),
        };
        if state.diagnostics.iter().any(Diagnostic::is_error) {
            return state;
        }
        match Renderer::new(theme, config, &mut state.sources) {
            Ok(r) => state.renderer = Some(r),
            Err(d) => state.diagnostics.extend(d),
        }
        state
    }
}
