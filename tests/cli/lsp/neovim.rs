//! A real editor as the client: Neovim, headless (Debian's `neovim`), opens a note of the
//! example log, starts `mentorlog lsp` with `vim.lsp.start` and receives its diagnostics
//! and completions (`neovim.lua`). Without `nvim` the test says so and passes, but not
//! on CI (`.ci/run` installs it).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::site::copy_dir;

#[test]
fn lsp_neovim_receives_diagnostics_and_completions_on_the_example_log() {
    if Command::new("nvim").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs nvim (.ci/run installs it)"
        );
        eprintln!("skipped: no nvim on this machine");
        return;
    }
    let site = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &site.path().join("content"),
    );
    let note = site
        .path()
        .join("content/sessions/2026-04-01-after-sprint-2.md");
    let out = site.path().join("result.json");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/lsp/neovim.lua");
    let run = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(site.path())
        .env("LSP_NOTE", &note)
        .env("LSP_BIN", assert_cmd::cargo::cargo_bin!("mentorlog"))
        .env("LSP_OUT", &out)
        .output()
        .unwrap();
    let text = std::fs::read_to_string(&out).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&run.stderr));
    });
    let result: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(result["errors"], serde_json::json!([]), "{result:#}");
    assert_eq!(result["attached"], true, "{result:#}");
    let diagnostics = result["diagnostics"].as_array().unwrap();
    let status = diagnostics
        .iter()
        .find(|d| d["code"] == "unknown-value")
        .unwrap_or_else(|| panic!("{result:#}"));
    assert!(
        status["hint"]
            .as_str()
            .unwrap_or_default()
            .contains("did you mean `active`?"),
        "{status}"
    );
    let labels: Vec<&str> = result["completions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    for id in ["review-turnaround", "kernel-tests"] {
        assert!(labels.contains(&id), "{id} in {labels:?}");
    }
}
