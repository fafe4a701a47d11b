//! `log.json`: the linked model of this audience (documented in `docs/log-json.md`),
//! streamed, never held whole.

use serde::Serialize;

use crate::history::Log;

use super::super::Env;

/// What `log.json` holds.
#[derive(Serialize)]
struct LogJson<'a> {
    generator: &'a str,
    audience: &'a str,
    #[serde(flatten)]
    log: &'a Log,
}

/// Writes `log.json` to `w`.
pub(super) fn write(env: &Env<'_>, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
    let log = crate::audience::without_withheld_meetings(env.log);
    serde_json::to_writer(
        &mut w,
        &LogJson {
            generator: &env.site.generator,
            audience: env.settings.audience.as_str(),
            log: log.as_ref().unwrap_or(env.log),
        },
    )?;
    std::io::Write::flush(&mut w)
}

/// `log.json`, whole (for a subset of the site, which is held in memory anyway).
pub(super) fn bytes(env: &Env<'_>) -> Vec<u8> {
    let mut bytes = Vec::new();
    let _ = write(env, &mut bytes);
    bytes
}
