//! Language server latency: from `didChange` to the `publishDiagnostics` of the edited
//! note, and from `didChange` to the answer of a completion request sent right after it,
//! through the real binary over stdio.
//!
//! ```sh
//! cargo bench --bench lsp_latency                  # 1,000 notes
//! NOTES="1000 10000" EDITS=50 cargo bench --bench lsp_latency
//! ```
//!
//! For each corpus size it starts `mentorlog lsp --root SITE`, opens the latest session of
//! the first mentorship, and edits it `EDITS` times — alternately a sentence appended to
//! the body and the title changed in the front matter (the whole mentorship is linked
//! again) — then as many times again with a goal-id completion asked at once after each
//! edit. It prints p50/p95 of both. Corpora come from `cargo run --release --example
//! corpus` under `target/serve-bench/` (shared with `serve_latency`), or `WORK`.
//! `MENTORLOG_BIN=path/to/mentorlog` times another binary. The machine is shared and
//! small: quote medians.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

#[path = "common.rs"]
mod common;

fn main() {
    let notes = common::notes_from_env("1000");
    let edits = common::edits_from_env(40);
    println!("lsp latency: didChange → publishDiagnostics / completion; {edits} edits per case");
    for n in notes {
        let site = common::corpus(n, false);
        bench(&site, n, edits);
    }
}

/// The latest session of the first mentorship folder (by path).
fn pick_note(site: &Path) -> PathBuf {
    let notes = common::first_mentorship_notes(site);
    notes[notes.len() - 1].clone()
}

struct Server {
    stdin: ChildStdin,
    rx: Receiver<Value>,
    id: i64,
}

impl Server {
    fn send(&mut self, v: &Value) {
        let body = v.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> i64 {
        self.id += 1;
        let id = self.id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn wait(&mut self, accept: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self
                .rx
                .recv_timeout(Duration::from_secs(120))
                .expect("the server answers");
            if accept(&m) {
                return m;
            }
        }
    }
}

fn spawn(site: &Path) -> Server {
    let bin = std::env::var_os("MENTORLOG_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_mentorlog")),
        PathBuf::from,
    );
    let mut child = Command::new(bin)
        .arg("--root")
        .arg(site)
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("mentorlog starts");
    let stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let _child = child;
        loop {
            let mut len = 0;
            loop {
                let mut line = String::new();
                if out.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length:") {
                    len = v.trim().parse().unwrap();
                }
            }
            let mut body = vec![0; len];
            if out.read_exact(&mut body).is_err() {
                return;
            }
            if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        }
    });
    Server { stdin, rx, id: 0 }
}

fn report(what: &str, mut ms: Vec<f64>) -> f64 {
    ms.sort_by(f64::total_cmp);
    let p50 = common::percentile(&ms, 0.5);
    println!(
        "  {what:<34} p50 {p50:6.1} ms   p95 {:6.1} ms   max {:6.1} ms",
        common::percentile(&ms, 0.95),
        ms[ms.len() - 1]
    );
    p50
}

/// The text after the `n`th edit: a sentence appended to the body, or a new title.
fn edited(original: &str, n: usize) -> String {
    if n.is_multiple_of(2) {
        format!("{original}\nEdit {n}: one more sentence of notes.\n")
    } else {
        match original.find("\ntitle:") {
            Some(at) => {
                let end = original[at + 1..]
                    .find('\n')
                    .map_or(original.len(), |i| at + 1 + i);
                format!(
                    "{}\ntitle: Edited title {n}{}",
                    &original[..at],
                    &original[end..]
                )
            }
            None => original.replacen("---\n", &format!("---\ntitle: Edited title {n}\n"), 1),
        }
    }
}

fn bench(site: &Path, n: usize, edits: usize) {
    let note = pick_note(site);
    let original = std::fs::read_to_string(&note).unwrap();
    let uri = format!("file://{}", std::fs::canonicalize(&note).unwrap().display());
    let started = Instant::now();
    let mut s = spawn(site);
    let id = s.request(
        "initialize",
        json!({"processId": null, "capabilities": {"general": {"positionEncodings": ["utf-16"]}}}),
    );
    s.wait(|m| m["id"] == id);
    s.notify("initialized", json!({}));
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 0, "text": original}}),
    );
    s.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri);
    println!(
        "{n} notes: started, loaded and published in {:.0} ms ({})",
        started.elapsed().as_secs_f64() * 1000.0,
        note.strip_prefix(site).unwrap().display()
    );
    let mut version = 0;
    let mut diagnostics = Vec::new();
    for e in 0..edits {
        version += 1;
        let text = edited(&original, e);
        let t = Instant::now();
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
        s.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        diagnostics.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    // Completion of a goal id in a new entry under `goals:` (or at a new key).
    let mut completions = Vec::new();
    for e in 0..edits {
        version += 1;
        let base = edited(&original, e);
        let (text, line) = match base.find("\ngoals:\n") {
            Some(at) => {
                let line = base[..at].matches('\n').count() + 2;
                let text = format!("{}\ngoals:\n  - id: \n{}", &base[..at], &base[at + 8..]);
                (text, line)
            }
            None => (base.replacen("---\n", "---\ngoals:\n  - id: \n", 1), 2),
        };
        let t = Instant::now();
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
        let id = s.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 8}}),
        );
        let answer = s.wait(|m| m["id"] == id);
        completions.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(
            answer["result"]["items"]
                .as_array()
                .is_some_and(|i| !i.is_empty()),
            "goal ids offered: {answer}"
        );
    }
    report("didChange → publishDiagnostics", diagnostics);
    report("didChange → completion answer", completions);
    let id = s.request("shutdown", Value::Null);
    s.wait(|m| m["id"] == id);
    s.notify("exit", Value::Null);
}
