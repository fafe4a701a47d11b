//! `build --encrypt-team` (issue 16): the team audience's whole site, encrypted, under
//! `/team/` of the public build.
//!
//! Owns the envelope format (`crypto`), the passphrase (`passphrase`), the page shell
//! (`shell.html`) and the browser's side (`team.js`, which decrypts with WebCrypto). It
//! renders nothing itself: `encrypted_site` asks the analysis host for the team
//! audience's history and renders it at the base path `…/team/`, seals every file, and
//! returns the
//! files to add to the public build — the shell, the script, the encrypted manifest and
//! one opaque `x/ID.bin` per file. Nothing of the team site is in clear in them: not a
//! path, a title or a date; only the number and sizes of the files show.
//!
//! It must not write: the files go to `output` with the public site's, in one tree that
//! is checked and swapped in as a whole.

pub mod crypto;
pub mod passphrase;

use crate::code::Code;
use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::analysis::Host;
use crate::audience::Audience;
use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::render::{Page, RenderSettings, escape_html};
use crypto::{MANIFEST_ID, MasterKey, Salt};
use passphrase::Passphrase;

/// Where the team site lives, inside the output and under the base URL.
pub(crate) const DIR: &str = "team";
/// The browser's side, published as `team/team.js`.
pub(crate) const SCRIPT: &str = include_str!("team.js");
const SHELL: &str = include_str!("shell.html");

/// What `--encrypt-team` needs.
#[derive(Debug, Clone)]
pub struct TeamOptions {
    /// The team's passphrase, already checked for strength.
    pub passphrase: Passphrase,
    /// The salt when the config has none: [`SALT_ENV`] (a site whose folder holds no
    /// `mentorlog.toml`, such as this repository's example, keeps it in `netlify.toml`).
    pub salt: Option<String>,
}

/// The environment variable that gives the salt when `[team] salt` is not in the config.
/// Not a secret: it only makes guessing the passphrase site by site.
pub const SALT_ENV: &str = "MENTORLOG_TEAM_SALT";

/// The base URL of the team site: `base_url` with `team/` added.
#[must_use]
pub(crate) fn team_base_url(base_url: &str) -> String {
    if base_url.ends_with('/') {
        format!("{base_url}{DIR}/")
    } else {
        format!("{base_url}/{DIR}/")
    }
}

/// The path part of a base URL, with slashes on both ends: `/` or `/log/`.
fn base_path(base_url: &str) -> String {
    let path = base_url.split_once("://").map_or(base_url, |(_, rest)| {
        rest.split_once('/').map_or("", |(_, p)| p)
    });
    let path = path.trim_matches('/');
    if path.is_empty() {
        "/".to_owned()
    } else {
        format!("/{path}/")
    }
}

/// The salt of `[team] salt`, or the error that says how to add one.
fn salt(config: &SiteConfig, fallback: Option<&str>) -> Result<Salt, Diagnostic> {
    let fresh = Salt::random().to_hex();
    let hint = format!(
        "add a `[team]` table with `salt = \"{fresh}\"` (a fresh random salt) to mentorlog.toml, and keep it: a new salt changes every encrypted file"
    );
    match config.team.salt.as_deref().or(fallback) {
        None => Err(Diagnostic::error(
            crate::config::FILE,
            None,
            Code::TeamSalt,
            "--encrypt-team needs the salt of the team's key in the config: there is no `[team] salt`",
        )
        .with_hint(hint)),
        Some(text) => Salt::parse(text).ok_or_else(|| {
            Diagnostic::error(
                crate::config::FILE,
                None,
                Code::TeamSalt,
                "`[team] salt` must be 32 hexadecimal digits (16 random bytes)",
            )
            .with_hint(hint)
        }),
    }
}

/// Renders the team audience's site at `…/team/` and seals it: the files to add to the
/// public build, paths under `team/`.
///
/// # Errors
/// What stopped it: no salt, a theme or template error.
pub(crate) fn encrypted_site(
    host: &mut Host,
    options: &TeamOptions,
) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let config = host.config().clone();
    let salt = salt(&config, options.salt.as_deref()).map_err(|d| vec![d])?;
    let mut team_config = config.clone();
    team_config.base_url = team_base_url(&config.base_url);
    let settings = RenderSettings {
        audience: Audience::Team,
        mark_withheld: false,
    };
    // The theme, compiled for the team site's base URL (pages link under `…/team/`).
    let theme = host.compile_theme(&team_config);
    let Some(renderer) = &theme.renderer else {
        return Err(theme.diagnostics);
    };
    let (log, _) = host.restricted(Audience::Team);
    let pages = crate::render::render_subset(
        &log,
        &team_config,
        renderer,
        &settings,
        &crate::render::Select::ALL,
    )?;
    let key = MasterKey::derive(options.passphrase.expose(), &salt);
    let shell = shell(&config, &salt);
    Ok(seal(&key, pages, shell))
}

/// The sealed files of `pages`, the manifest, the shell and the script.
#[must_use]
pub(crate) fn seal(key: &MasterKey, pages: Vec<Page>, shell: String) -> Vec<Page> {
    let mut sealed: Vec<(String, Page)> = pages
        .into_par_iter()
        .map(|page| {
            let id = key.file_id(&page.path);
            let bytes = key.seal(&id, &page.bytes);
            (
                page.path,
                Page {
                    path: format!("{DIR}/x/{id}.bin"),
                    bytes,
                },
            )
        })
        .collect();
    sealed.sort_by(|a, b| a.0.cmp(&b.0));
    let manifest = Manifest {
        version: 1,
        files: sealed
            .iter()
            .map(|(path, page)| {
                let id = page.path[DIR.len() + 3..page.path.len() - 4].to_owned();
                let siv = crypto::hex(crypto::siv_of(&page.bytes).unwrap_or_default());
                (path.as_str(), ManifestEntry { id, siv })
            })
            .collect(),
    };
    let manifest = serde_json::to_vec(&manifest).expect("a manifest serialises");
    let mut files: Vec<Page> = sealed.into_iter().map(|(_, page)| page).collect();
    files.push(Page {
        path: format!("{DIR}/site.bin"),
        bytes: key.seal(MANIFEST_ID, &manifest),
    });
    files.push(Page {
        path: format!("{DIR}/index.html"),
        bytes: shell.into_bytes(),
    });
    files.push(Page {
        path: format!("{DIR}/team.js"),
        bytes: SCRIPT.as_bytes().to_vec(),
    });
    files
}

/// The manifest: every file of the team site, by its path, with its published `ID` and
/// the synthetic IV it must carry. Encrypted like the files (`site.bin`).
#[derive(serde::Serialize)]
struct Manifest<'a> {
    version: u32,
    files: BTreeMap<&'a str, ManifestEntry>,
}

#[derive(serde::Serialize)]
struct ManifestEntry {
    id: String,
    siv: String,
}

/// The page at `/team/`: the unlock form, nothing of the team's log. Its words are the
/// public site's title (only when the config names it) and fixed English text.
fn shell(config: &SiteConfig, salt: &Salt) -> String {
    let base = base_path(&config.base_url);
    let title = config
        .title
        .as_deref()
        .map_or_else(|| "Team log".to_owned(), |t| format!("Team log · {t}"));
    SHELL
        .replace("{{lang}}", &escape_html(&config.language))
        .replace("{{title}}", &escape_html(&title))
        .replace("{{base}}", &escape_html(&base))
        .replace("{{salt}}", &salt.to_hex())
        .replace("{{iterations}}", &crypto::ITERATIONS.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_urls_sit_under_the_base() {
        assert_eq!(team_base_url("/"), "/team/");
        assert_eq!(
            team_base_url("https://example.org/log"),
            "https://example.org/log/team/"
        );
        assert_eq!(base_path("https://example.org/log/"), "/log/");
        assert_eq!(base_path("https://example.org"), "/");
        assert_eq!(base_path("/"), "/");
    }

    #[test]
    fn sealed_sites_name_nothing_and_open_with_the_key() {
        let key = MasterKey::derive_with("p", &Salt([3; 16]), 10);
        let pages = vec![
            Page {
                path: "sessions/secret-slug/index.html".into(),
                bytes: b"<h1>Secret</h1>".to_vec(),
            },
            Page {
                path: "index.html".into(),
                bytes: b"home".to_vec(),
            },
        ];
        let files = seal(&key, pages, String::new());
        assert_eq!(files.len(), 5);
        for f in &files {
            assert!(!f.path.contains("secret"), "{}", f.path);
            assert!(!String::from_utf8_lossy(&f.bytes).contains("ecret"));
        }
        let manifest = files.iter().find(|f| f.path == "team/site.bin").unwrap();
        let manifest: serde_json::Value =
            serde_json::from_slice(&key.open(MANIFEST_ID, &manifest.bytes).unwrap()).unwrap();
        let id = manifest["files"]["sessions/secret-slug/index.html"]["id"]
            .as_str()
            .unwrap();
        let file = files
            .iter()
            .find(|f| f.path == format!("team/x/{id}.bin"))
            .unwrap();
        assert_eq!(key.open(id, &file.bytes).unwrap(), b"<h1>Secret</h1>");
    }
}
