//! The protocol over stdio: a small JSON-RPC client drives the real binary, and what it
//! publishes is held against what `check` says of the same files.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::site::{KICKOFF, SECOND, Site, copy_dir};

const TIMEOUT: Duration = Duration::from_secs(30);

/// A language client on the binary's stdin and stdout.
pub struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: mpsc::Receiver<Value>,
    next_id: i64,
    /// Notifications read while waiting for something else.
    pub notes: Vec<Value>,
}

fn read_frame(r: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut len = 0;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse().ok()?;
        }
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).ok()?;
    Some(body)
}

pub fn uri(path: &Path) -> String {
    let path = std::fs::canonicalize(path.parent().unwrap())
        .unwrap()
        .join(path.file_name().unwrap());
    format!("file://{}", path.display())
}

impl Client {
    pub fn start(args: &[&str], dir: &Path) -> Self {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("mentorlog"))
            .arg("lsp")
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            while let Some(body) = read_frame(&mut stdout) {
                let v: Value = serde_json::from_slice(&body).expect("the server writes JSON");
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        Self {
            child,
            stdin,
            rx,
            next_id: 0,
            notes: Vec::new(),
        }
    }

    pub fn send_raw(&mut self, body: &[u8]) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(body).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        let body = json!({"jsonrpc": "2.0", "method": method, "params": params});
        self.send_raw(body.to_string().as_bytes());
    }

    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let body =
            json!({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params});
        self.send_raw(body.to_string().as_bytes());
        self.next_id
    }

    fn recv(&mut self, deadline: Instant) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        self.rx.recv_timeout(left).unwrap_or_else(|_| {
            panic!(
                "no message in time; notifications so far: {:#?}",
                self.notes
            )
        })
    }

    /// The whole response (`result` or `error`) to request `id`.
    pub fn response(&mut self, id: i64) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let m = self.recv(deadline);
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return m;
            }
            self.notes.push(m);
        }
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        let r = self.response(id);
        assert!(r.get("error").is_none(), "{method}: {r}");
        r["result"].clone()
    }

    pub fn initialize(&mut self, root: &Path, utf8: bool) -> Value {
        let encodings = if utf8 {
            json!(["utf-8", "utf-16"])
        } else {
            json!(["utf-16"])
        };
        let r = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(&root.join("x")).trim_end_matches("/x"),
                "capabilities": {"general": {"positionEncodings": encodings}},
            }),
        );
        self.notify("initialized", json!({}));
        r
    }

    /// The next diagnostics published for `uri` that `accept` takes.
    pub fn diagnostics(&mut self, uri: &str, accept: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + TIMEOUT;
        let found = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && accept(m["params"]["diagnostics"].as_array().unwrap())
        };
        if let Some(i) = self.notes.iter().rposition(found) {
            let m = self.notes.remove(i);
            self.notes.retain(|n| n["params"]["uri"] != uri);
            return m["params"]["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            let m = self.recv(deadline);
            if found(&m) {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
            self.notes.push(m);
        }
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    pub fn change_all(&mut self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// Shuts down and exits; the exit status.
    pub fn stop(mut self) -> i32 {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn pos(text: &str, needle: &str, after: usize) -> Value {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle}")) + after;
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let character: usize = text[start..at].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": character})
}

/// `check --format json` of the files of `site`, with `rel` replaced by `text`.
fn check_with(site: &Site, rel: &str, text: &str) -> Vec<Value> {
    let copy = tempfile::tempdir().unwrap();
    copy_dir(site.root(), copy.path());
    std::fs::write(copy.path().join(rel), text).unwrap();
    let out = Command::new(assert_cmd::cargo::cargo_bin!("mentorlog"))
        .args(["--root"])
        .arg(copy.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The published diagnostics as check's JSON names them: code, message, hint, line, column.
fn as_check(published: &[Value], path: &str) -> Vec<(String, String, Value, u64, u64)> {
    let mut out: Vec<_> = published
        .iter()
        .map(|d| {
            // The message is check's exactly; the hint is the related information at the
            // same place, and `data.hint`.
            let message = d["message"].as_str().unwrap().to_owned();
            let hint = match d["relatedInformation"][0]["message"].as_str() {
                Some(h) => json!(h.strip_prefix("hint: ").unwrap()),
                None => Value::Null,
            };
            assert_eq!(d["data"]["hint"].as_str(), hint.as_str(), "{path}");
            if !hint.is_null() {
                assert_eq!(d["relatedInformation"][0]["location"]["range"], d["range"]);
            }
            (
                d["code"].as_str().unwrap().to_owned(),
                message,
                hint,
                d["range"]["start"]["line"].as_u64().unwrap() + 1,
                d["range"]["start"]["character"].as_u64().unwrap() + 1,
            )
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

fn check_for(checked: &[Value], path: &str) -> Vec<(String, String, Value, u64, u64)> {
    let mut out: Vec<_> = checked
        .iter()
        .filter(|d| d["path"] == path)
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["message"].as_str().unwrap().to_owned(),
                d["hint"].clone(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

const KICKOFF_REL: &str = "content/sessions/2026-01-07-kickoff.md";
const SECOND_REL: &str = "content/sessions/2026-01-21-sprint-1.md";

#[test]
fn lsp_diagnostics_follow_edits_across_notes_as_check_reports_them() {
    let site = Site::valid();
    let mut c = Client::start(&[], site.root());
    let init = c.initialize(site.root(), false);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    let kickoff = uri(&site.path(KICKOFF_REL));
    let second = uri(&site.path(SECOND_REL));
    c.open(&kickoff, KICKOFF);
    let first = c.diagnostics(&kickoff, |_| true);
    assert_eq!(
        as_check(&first, KICKOFF_REL),
        check_for(&check_with(&site, KICKOFF_REL, KICKOFF), KICKOFF_REL)
    );
    // Renaming the goal where it is introduced breaks its update in the other note.
    let renamed = KICKOFF.replace("id: fast-reviews", "id: quick-reviews");
    let range = {
        let start = pos(KICKOFF, "fast-reviews\n    text", 0);
        let end = pos(KICKOFF, "fast-reviews\n    text", "fast".len());
        json!({"start": start, "end": end})
    };
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": kickoff, "version": 2},
               "contentChanges": [{"range": range, "text": "quick"}]}),
    );
    let broken = c.diagnostics(&second, |d| !d.is_empty());
    let checked = check_with(&site, KICKOFF_REL, &renamed);
    assert_eq!(
        as_check(&broken, SECOND_REL),
        check_for(&checked, SECOND_REL)
    );
    assert!(
        broken.iter().any(|d| d["code"] == "unknown-goal"),
        "{broken:?}"
    );
    assert!(broken.iter().all(|d| d["source"] == "mentorlog"));
    // Fixed: cleared.
    c.change_all(&kickoff, 3, KICKOFF);
    let cleared = c.diagnostics(&second, <[Value]>::is_empty);
    assert!(cleared.is_empty());
    // A warning, with its hint, in an open note, then fixed.
    let unranked = SECOND.replace("    impact: high\ngoals", "goals");
    c.open(&second, &unranked);
    let warned = c.diagnostics(&second, |d| !d.is_empty());
    let checked = check_with(&site, SECOND_REL, &unranked);
    assert_eq!(
        as_check(&warned, SECOND_REL),
        check_for(&checked, SECOND_REL)
    );
    assert!(warned.iter().any(|d| d["severity"] == 2), "{warned:?}");
    c.change_all(&second, 2, SECOND);
    c.diagnostics(&second, <[Value]>::is_empty);
    assert_eq!(c.stop(), 0);
}

#[test]
fn lsp_columns_follow_the_negotiated_encoding() {
    let site = Site::valid();
    let note = "---\ndate: 2026-02-04\ntitle: \"Café 🙂\"\nkind: mentorin\n---\n";
    let rel = "content/sessions/2026-02-04-third.md";
    site.write(rel, note);
    for (utf8, start) in [(false, 6), (true, 6)] {
        let mut c = Client::start(&["--root", site.root().to_str().unwrap()], site.root());
        let init = c.initialize(site.root(), utf8);
        assert_eq!(
            init["capabilities"]["positionEncoding"],
            if utf8 { "utf-8" } else { "utf-16" }
        );
        let u = uri(&site.path(rel));
        let text = note.replace("kind: mentorin", "title2: \"🙂\" x\nkind: mentorin");
        let _ = text;
        c.open(&u, note);
        let d = c.diagnostics(&u, |d| !d.is_empty());
        let kind = d
            .iter()
            .find(|d| d["code"] == "unknown-value")
            .unwrap_or_else(|| panic!("{d:?}"));
        assert_eq!(
            kind["range"]["start"],
            json!({"line": 3, "character": start})
        );
        assert!(
            kind["relatedInformation"][0]["message"]
                .as_str()
                .unwrap()
                .starts_with("hint: did you mean `mentoring`?")
        );
        c.stop();
    }
}

fn items(result: &Value) -> Vec<Value> {
    result["items"].as_array().cloned().unwrap_or_default()
}

fn labels(result: &Value) -> Vec<String> {
    items(result)
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn lsp_completes_keys_values_goals_people_and_links() {
    let site = Site::valid();
    // A third session seen from 2026-02-04: `fast-reviews` (due 2026-02-01) is overdue.
    site.write(
        "content/sessions/2026-02-04-third.md",
        "---\ndate: 2026-02-04\ngoals:\n  - id: pairing\n    status: achieved\n---\n",
    );
    let mut c = Client::start(&[], site.root());
    c.initialize(site.root(), false);
    let rel = "content/sessions/2026-02-18-fourth.md";
    let u = uri(&site.path(rel));
    let text = "---\ndate: 2026-02-18\nattendees: [Bo Member, ]\ngoals:\n  - id: \n    status: \n    \nkind: \n---\nSee [x](goal:) and [y]()\n";
    c.open(&u, text);
    let at = |needle: &str, after: usize| json!({"textDocument": {"uri": u}, "position": pos(text, needle, after)});
    // Keys valid in a goal entry, with their one-line doc, the written ones left out.
    let r = c.request("textDocument/completion", at("    \nkind", 4));
    let keys = labels(&r);
    assert!(
        keys.contains(&"owner".to_owned()) && keys.contains(&"measure".to_owned()),
        "{keys:?}"
    );
    assert!(!keys.contains(&"status".to_owned()) && !keys.contains(&"date".to_owned()));
    let owner = items(&r)
        .into_iter()
        .find(|i| i["label"] == "owner")
        .unwrap();
    assert!(
        owner["detail"]
            .as_str()
            .unwrap()
            .contains("a name or a list of names")
    );
    // Enum words.
    let r = c.request("textDocument/completion", at("status: \n", 8));
    assert_eq!(
        labels(&r),
        [
            "proposed",
            "active",
            "blocked",
            "achieved",
            "partial",
            "missed",
            "dropped",
            "superseded"
        ]
    );
    let r = c.request("textDocument/completion", at("kind: \n", 6));
    assert!(labels(&r).contains(&"review".to_owned()));
    // Goal ids: open first, each with its text and status; overdue flagged.
    let r = c.request("textDocument/completion", at("id: \n", 4));
    let goals = items(&r);
    let ids: Vec<&str> = goals.iter().map(|g| g["label"].as_str().unwrap()).collect();
    assert!(
        ids.contains(&"fast-reviews") && ids.contains(&"small-prs"),
        "{ids:?}"
    );
    let sort = |id: &str| {
        goals.iter().find(|g| g["label"] == id).unwrap()["sortText"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(sort("fast-reviews") < sort("small-prs") && sort("small-prs") < sort("pairing"));
    let fast = goals.iter().find(|g| g["label"] == "fast-reviews").unwrap();
    let detail = fast["detail"].as_str().unwrap();
    assert!(
        detail.contains("active") && detail.contains("Review every pull request"),
        "{detail}"
    );
    assert!(
        detail.contains("overdue"),
        "due 2026-02-01, seen from 2026-02-04: {detail}"
    );
    // People already in the log.
    let r = c.request("textDocument/completion", at("Member, ]", 8));
    let people = labels(&r);
    assert!(
        people.contains(&"Cy Member".to_owned()) && people.contains(&"Ada Mentor".to_owned()),
        "{people:?}"
    );
    // Body: goal ids after `](goal:`, note paths after `](`.
    let r = c.request("textDocument/completion", at("goal:)", 5));
    assert!(labels(&r).contains(&"pairing".to_owned()));
    let notes_dir = labels(&c.request("textDocument/completion", at("]()", 2)));
    assert!(notes_dir.contains(&"2026-02-04-third.md".to_owned()));
    let r = c.request("textDocument/completion", at("]()", 2));
    let notes = labels(&r);
    assert!(
        notes.contains(&"2026-01-07-kickoff.md".to_owned()),
        "{notes:?}"
    );
    assert!(notes.contains(&"../mentorship.md".to_owned()), "{notes:?}");
    c.stop();
}

#[test]
fn lsp_hover_definition_references_and_rename_of_a_goal() {
    let site = Site::valid();
    let mut c = Client::start(&[], site.root());
    c.initialize(site.root(), false);
    let second = uri(&site.path(SECOND_REL));
    let kickoff = uri(&site.path(KICKOFF_REL));
    c.open(&second, SECOND);
    let on =
        |needle: &str| json!({"textDocument": {"uri": second}, "position": pos(SECOND, needle, 2)});
    let hover = c.request("textDocument/hover", on("fast-reviews\n    status"));
    let text = hover["contents"]["value"].as_str().unwrap();
    for part in [
        "Review every pull request within a day",
        "active",
        "Bo Member",
        "2026-02-01",
        "Kickoff",
        "introduced",
        "updated",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    let hover = c.request(
        "textDocument/hover",
        on("slow-reviews\n    text: Reviews still"),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("seen in 2 sessions") && text.contains("addressed by"),
        "{text}"
    );
    let hover = c.request("textDocument/hover", on("kickoff](2026"));
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Kickoff"),
        "{hover}"
    );
    // Definition: the entry that introduced it.
    let def = c.request("textDocument/definition", on("fast-reviews\n    status"));
    assert_eq!(def["uri"], kickoff);
    assert_eq!(def["range"]["start"], pos(KICKOFF, "fast-reviews", 0));
    let def = c.request("textDocument/definition", on("2026-01-07-kickoff.md)"));
    assert_eq!(def["uri"], kickoff);
    // References: the introduction, the update, the backlog's, the link.
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": second}, "position": pos(SECOND, "small-prs", 1), "context": {"includeDeclaration": true}}),
    );
    let refs = refs.as_array().unwrap();
    assert_eq!(refs.len(), 2, "{refs:?}");
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": second}, "position": pos(SECOND, "goal:fast-reviews", 6), "context": {"includeDeclaration": true}}),
    );
    assert_eq!(refs.as_array().unwrap().len(), 3, "{refs}");
    // Rename: one edit across the log; applied, `check` passes.
    let edit = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": second}, "position": pos(SECOND, "fast-reviews\n    status", 1), "newName": "quick-reviews"}),
    );
    let changes = edit["changes"].as_object().unwrap();
    assert_eq!(changes[&kickoff].as_array().unwrap().len(), 1);
    assert_eq!(changes[&second].as_array().unwrap().len(), 2);
    let apply = |text: &str, edits: &[Value]| {
        let mut text = text.to_owned();
        let mut edits = edits.to_vec();
        edits.sort_by_key(|e| {
            std::cmp::Reverse((
                e["range"]["start"]["line"].as_u64(),
                e["range"]["start"]["character"].as_u64(),
            ))
        });
        for e in edits {
            let line = e["range"]["start"]["line"].as_u64().unwrap() as usize;
            let (s, end) = (
                e["range"]["start"]["character"].as_u64().unwrap() as usize,
                e["range"]["end"]["character"].as_u64().unwrap() as usize,
            );
            let start = text
                .split('\n')
                .take(line)
                .map(|l| l.len() + 1)
                .sum::<usize>();
            text.replace_range(start + s..start + end, e["newText"].as_str().unwrap());
        }
        text
    };
    site.write(
        KICKOFF_REL,
        apply(KICKOFF, changes[&kickoff].as_array().unwrap()),
    );
    site.write(
        SECOND_REL,
        apply(SECOND, changes[&second].as_array().unwrap()),
    );
    assert!(site.read(SECOND_REL).contains("(goal:quick-reviews)"));
    let out = site.run(&["check"]);
    assert!(out.status.success(), "{}", crate::site::stderr(&out));
    // A name that is no goal id is refused, the server goes on.
    let id = c.send_request(
        "textDocument/rename",
        json!({"textDocument": {"uri": second}, "position": pos(SECOND, "small-prs", 1), "newName": "two words"}),
    );
    assert!(c.response(id).get("error").is_some());
    c.stop();
}

#[test]
fn lsp_code_actions_apply_hints() {
    let site = Site::valid();
    let mut c = Client::start(&[], site.root());
    c.initialize(site.root(), false);
    let rel = "content/sessions/2026-02-04-third.md";
    let u = uri(&site.path(rel));
    let text = "---\ndate: 2026-02-04\nkind: mentorin\nweaknesess: []\n---\n";
    c.open(&u, text);
    let diagnostics = c.diagnostics(&u, |d| !d.is_empty());
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 8, "character": 0}},
               "context": {"diagnostics": diagnostics}}),
    );
    let actions = actions.as_array().unwrap();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    for t in ["Change to `mentoring`", "Change to `weaknesses`"] {
        assert!(titles.contains(&t), "{t} in {titles:?}");
    }
    let edit = |title: &str| {
        let a = actions
            .iter()
            .find(|a| a["title"] == title)
            .unwrap_or_else(|| panic!("{title} in {titles:?}"));
        a["edit"]["changes"][&u][0].clone()
    };
    assert_eq!(
        edit("Change to `mentoring`")["range"]["start"],
        json!({"line": 2, "character": 6})
    );
    assert_eq!(edit("Change to `mentoring`")["newText"], "mentoring");
    // Goal ids: did-you-mean when one is near, else `text` to introduce it.
    let text = "---\ndate: 2026-02-04\ngoals:\n  - id: fast-review\n  - id: brand-new\n---\n";
    c.change_all(&u, 2, text);
    let diagnostics = c.diagnostics(&u, |d| d.iter().any(|d| d["code"] == "unknown-goal"));
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 6, "character": 0}},
               "context": {"diagnostics": diagnostics}}),
    );
    let actions = actions.as_array().unwrap();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    let fix = actions
        .iter()
        .find(|a| a["title"] == "Change to `fast-reviews`")
        .unwrap_or_else(|| panic!("{titles:?}"));
    assert_eq!(fix["edit"]["changes"][&u][0]["newText"], "fast-reviews");
    assert_eq!(
        fix["edit"]["changes"][&u][0]["range"]["start"],
        json!({"line": 3, "character": 8})
    );
    let add = actions
        .iter()
        .find(|a| a["title"] == "Add `text` to introduce goal `brand-new`")
        .unwrap_or_else(|| panic!("{titles:?}"));
    let insert = &add["edit"]["changes"][&u][0];
    assert_eq!(insert["newText"], "\n    text: ");
    assert_eq!(
        insert["range"]["start"],
        json!({"line": 4, "character": 17})
    );
    c.stop();
}

#[test]
fn lsp_carries_open_goals_forward_and_lists_symbols() {
    let site = Site::valid();
    let mut c = Client::start(&[], site.root());
    c.initialize(site.root(), false);
    let rel = "content/sessions/2026-02-04-third.md";
    let u = uri(&site.path(rel));
    let text = "---\ndate: 2026-02-04\ngoals:\n  - id: pairing\n    status: achieved\nquestions: [Why?]\n---\n";
    c.open(&u, text);
    let diagnostics = c.diagnostics(&u, |d| {
        d.iter().any(|d| d["code"] == "goal-not-carried-forward")
    });
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}},
               "context": {"diagnostics": diagnostics}}),
    );
    let all = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Carry the previous session's")
        })
        .unwrap_or_else(|| panic!("{actions}"));
    let edit = &all["edit"]["changes"][&u][0];
    assert_eq!(edit["range"]["start"], json!({"line": 5, "character": 0}));
    let inserted = edit["newText"].as_str().unwrap();
    assert!(
        inserted.contains("  - id: fast-reviews\n    status: active\n"),
        "{inserted}"
    );
    assert!(inserted.contains("  - id: small-prs\n"), "{inserted}");
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": u}}),
    );
    assert_eq!(symbols[0]["name"], "goals");
    assert_eq!(symbols[0]["children"][0]["name"], "pairing");
    let folds = c.request(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": u}}),
    );
    assert_eq!(folds[0]["startLine"], 0);
    assert_eq!(folds[0]["endLine"], 6);
    c.stop();
}

#[test]
fn lsp_survives_malformed_messages_bad_bytes_and_half_typed_yaml() {
    let site = Site::valid();
    let mut c = Client::start(&[], site.root());
    // Before initialize: refused, not fatal.
    let id = c.send_request("textDocument/hover", json!({}));
    assert!(c.response(id).get("error").is_some());
    c.initialize(site.root(), false);
    c.send_raw(b"{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": ");
    let r = c.response(99);
    assert_eq!(r["error"]["code"], -32700);
    c.send_raw(b"not json at all");
    let id = c.send_request("textDocument/hover", json!({"nonsense": true}));
    assert_eq!(c.response(id)["error"]["code"], -32602);
    let id = c.send_request("mentorlog/unknown", json!({}));
    assert_eq!(c.response(id)["error"]["code"], -32601);
    // A note sent with bytes that are not UTF-8 and a lone surrogate.
    let u = uri(&site.path("content/sessions/2026-02-04-third.md"));
    let body = format!(
        "{{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{{\"textDocument\":{{\"uri\":\"{u}\",\"languageId\":\"markdown\",\"version\":1,\"text\":\"---\\ndate: 2026-02-04\\ntitle: \\ud800 X\"}}}}}}"
    );
    let mut bytes = body.into_bytes();
    let at = bytes.len() - 6;
    bytes.insert(at, 0xff);
    c.send_raw(&bytes);
    c.diagnostics(&u, |d| !d.is_empty());
    // Half-typed YAML, every prefix of a note: diagnostics each time, no crash.
    let full = "---\ndate: 2026-02-04\ngoals:\n  - id: fast-reviews\n    status: [act\n  - {id: \"x\n---\nbody [a](goal:\n";
    for (i, (n, _)) in full.char_indices().enumerate() {
        c.change_all(&u, 2 + i as i32, &full[..n]);
        let id = c.send_request(
            "textDocument/completion",
            json!({"textDocument": {"uri": u}, "position": {"line": full[..n].matches('\n').count(), "character": 0}}),
        );
        assert!(c.response(id).get("result").is_some());
    }
    c.change_all(&u, 1000, "---\ndate: 2026-02-04\n");
    c.diagnostics(&u, |d| !d.is_empty());
    assert_eq!(c.stop(), 0);
}

#[test]
fn lsp_help_names_the_verb() {
    let out = Command::new(assert_cmd::cargo::cargo_bin!("mentorlog"))
        .args(["lsp", "--help"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        text.contains("Language Server Protocol") && text.contains("--root"),
        "{text}"
    );
}
