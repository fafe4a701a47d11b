//! Live-preview latency: from the write of one note to the reload message on the event
//! stream, through the real binary, the real file watcher and real HTTP.
//!
//! ```sh
//! cargo bench --bench serve_latency                     # 1,000 and 10,000 notes
//! NOTES="1000" EDITS=50 cargo bench --bench serve_latency
//! ```
//!
//! For each corpus size it starts `mentorlog serve --port 0`, listens to
//! `/__mentorlog/events` as the open page of one note does, then edits that note `EDITS` times — a sentence appended to the
//! body (the common case while writing), then its title (front matter: every page of that
//! mentorship changes) — and times each from just before the write to the event that
//! tells the page to reload (its version moved on). Before that, with no page open, it
//! makes the same two edits and times each until the page, fetched over HTTP every
//! millisecond, holds it (what a script checking the preview sees). It prints p50/p95 of those latencies, the server's own
//! rebuild times, and the full build time beside them (the first build, and a config
//! change, which rebuilds everything). The machine is shared and small: quote medians.
//! Corpora are generated once (`cargo run --release --example corpus`) under
//! `target/serve-bench/`, or `WORK`; `SHAPE=warnings` uses a log of 8 long mentorships
//! with about three warnings a note. `MENTORLOG_BIN=path/to/mentorlog` times another
//! binary (run it alternately with this one to compare two versions).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

#[path = "common.rs"]
mod common;

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is accepted and ignored.
    let notes = common::notes_from_env("1000 10000");
    let edits = common::edits_from_env(30);
    println!(
        "serve latency: write → reload message; {edits} edits per case; medians on a shared 2-core machine"
    );
    // `SHAPE=warnings`: a log of 8 long mentorships with about three warnings a note.
    let warnings = std::env::var("SHAPE").is_ok_and(|s| s == "warnings");
    for n in notes {
        let site = common::corpus(n, warnings);
        bench(&site, n, edits);
    }
}

struct Server {
    child: Child,
    lines: Receiver<String>,
    port: u16,
    first_build: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &Path) -> Server {
    // `MENTORLOG_BIN` times another build of mentorlog (before/after a change, in one run).
    let bin = std::env::var_os("MENTORLOG_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_mentorlog")),
        PathBuf::from,
    );
    let child = Command::new(bin)
        .arg("--root")
        .arg(site)
        .args(["--color", "never", "serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("mentorlog starts");
    let (tx, lines) = channel();
    // Owned at once, so that it is killed and waited for however this ends.
    let mut server = Server {
        child,
        lines,
        port: 0,
        first_build: String::from("?"),
    };
    let stdout = server.child.stdout.take().expect("piped");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    while server.port == 0 {
        let line = server
            .lines
            .recv_timeout(Duration::from_secs(600))
            .expect("the server prints its address");
        if let Some(rest) = line.strip_prefix("Built ") {
            server.first_build = rest
                .split(" in ")
                .nth(1)
                .and_then(|s| s.split_whitespace().next())
                .unwrap_or("?")
                .to_owned();
        }
        if let Some(at) = line.find("http://") {
            let addr = line[at + 7..].split('/').next().unwrap_or("");
            server.port = addr
                .rsplit(':')
                .next()
                .and_then(|p| p.parse().ok())
                .expect("a port in the address");
        }
    }
    server
}

/// The event stream, read line by line.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The stream of the page at `page` (a URL path), as a browser showing it listens.
    fn open(port: u16, page: &str) -> Self {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
        write!(
            stream,
            "GET /__mentorlog/events?page={page} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("sends");
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .expect("timeout");
        Self {
            reader: BufReader::new(stream),
        }
    }

    /// Reads whatever status events are already waiting (those of the last rebuild's
    /// second step), so that the next one read is caused by the next edit; returns the
    /// last tag seen.
    fn drain(&mut self, tag: &mut String) {
        let stream = self.reader.get_ref();
        stream
            .set_read_timeout(Some(Duration::from_millis(50)))
            .expect("timeout");
        let mut line = String::new();
        loop {
            line.clear();
            match self.reader.read_line(&mut line) {
                Ok(n) if n > 0 => {
                    if let Some(data) = line.trim_end().strip_prefix("data: ")
                        && let Ok(v) = serde_json::from_str::<serde_json::Value>(data)
                    {
                        v["tag"].as_str().unwrap_or("").clone_into(tag);
                    }
                }
                _ => break,
            }
        }
        self.reader
            .get_ref()
            .set_read_timeout(Some(Duration::from_secs(120)))
            .expect("timeout");
    }

    /// The next status event's site version and error count.
    fn next_status(&mut self) -> (String, usize) {
        let mut line = String::new();
        loop {
            line.clear();
            let n = self.reader.read_line(&mut line).expect("reads the stream");
            assert!(n > 0, "the event stream ended");
            // Chunked encoding puts sizes on their own lines; events are `data:` lines.
            if let Some(data) = line.trim_end().strip_prefix("data: ")
                && let Ok(v) = serde_json::from_str::<serde_json::Value>(data)
            {
                let tag = v["tag"].as_str().unwrap_or("").to_owned();
                let errors = v["errors"].as_array().map_or(0, Vec::len);
                return (tag, errors);
            }
        }
    }
}

fn summary(mut ms: Vec<f64>) -> String {
    ms.sort_by(f64::total_cmp);
    format!(
        "p50 {:6.1} ms  p95 {:6.1} ms  (min {:.1}, max {:.1}, n={})",
        common::percentile(&ms, 0.5),
        common::percentile(&ms, 0.95),
        ms.first().copied().unwrap_or(f64::NAN),
        ms.last().copied().unwrap_or(f64::NAN),
        ms.len()
    )
}

/// A note in the middle of the first mentorship: neither the first nor the latest.
fn pick_note(site: &Path) -> PathBuf {
    let notes = common::first_mentorship_notes(site);
    notes[notes.len() / 2].clone()
}

/// Waits for the server's line about the rebuild ("Rebuilt in 12ms …"): the whole site is
/// up to date then. Its time in ms.
fn rebuilt(server: &Server) -> f64 {
    loop {
        let line = server
            .lines
            .recv_timeout(Duration::from_secs(300))
            .expect("the server reports the rebuild");
        if let Some(rest) = line.strip_prefix("Rebuilt in ")
            && let Some(t) = rest.split_whitespace().next()
        {
            return parse_duration_ms(t);
        }
        assert!(!line.starts_with("Rebuild failed"), "{line}");
    }
}

fn parse_duration_ms(t: &str) -> f64 {
    let num = |s: &str| s.parse::<f64>().unwrap_or(f64::NAN);
    if let Some(v) = t.strip_suffix("ms") {
        num(v)
    } else if let Some(v) = t.strip_suffix("µs") {
        num(v) / 1000.0
    } else if let Some(v) = t.strip_suffix('s') {
        num(v) * 1000.0
    } else {
        f64::NAN
    }
}

/// Times `edits` edits made by `edit(i)`, each once the last rebuild is over: the
/// latencies to the reload message, and the server's rebuild times, in ms.
fn timed(
    server: &Server,
    events: &mut Events,
    tag: &mut String,
    edits: usize,
    mut edit: impl FnMut(usize),
) -> (Vec<f64>, Vec<f64>) {
    let mut latencies = Vec::new();
    let mut rebuilds = Vec::new();
    for i in 0..edits {
        std::thread::sleep(Duration::from_millis(100));
        events.drain(tag);
        let start = Instant::now();
        edit(i);
        loop {
            let (new_tag, errors) = events.next_status();
            assert_eq!(errors, 0, "the edit broke the build");
            if new_tag != *tag {
                *tag = new_tag;
                break;
            }
        }
        latencies.push(start.elapsed().as_secs_f64() * 1000.0);
        rebuilds.push(rebuilt(server));
    }
    (latencies, rebuilds)
}

/// `note` with its title set to `title`.
fn retitled(note: &str, title: &str) -> String {
    match note.find("\ntitle:") {
        Some(at) => {
            let end = note[at + 1..].find('\n').map_or(note.len(), |e| at + 1 + e);
            format!("{}\ntitle: {title}{}", &note[..at], &note[end..])
        }
        None => note.replacen("---\n", &format!("---\ntitle: {title}\n"), 1),
    }
}

/// An edit of a note: its text and the marker its page shows, for edit `i`.
type Edit<'a> = dyn Fn(usize) -> (String, String) + 'a;

/// The page at `page`, fetched over HTTP.
fn fetch(port: u16, page: &str) -> Vec<u8> {
    use std::io::Read;
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    write!(
        stream,
        "GET {page} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .expect("sends");
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).expect("reads");
    bytes
}

/// Times `edits` edits made by writing the text `edit(i)` gives to `note`, each from the
/// write to the moment the page at `page`, fetched every millisecond, holds the marker
/// `edit(i)` gives with it; each once the last rebuild is over. No page is open.
fn polled(server: &Server, page: &str, edits: usize, edit: &Edit, note: &Path) -> Vec<f64> {
    let mut latencies = Vec::new();
    for i in 0..edits {
        std::thread::sleep(Duration::from_millis(100));
        while server.lines.try_recv().is_ok() {}
        let (text, marker) = edit(i);
        let start = Instant::now();
        std::fs::write(note, text).expect("writes");
        loop {
            let bytes = fetch(server.port, page);
            if bytes.windows(marker.len()).any(|w| w == marker.as_bytes()) {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "the page never changed"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        latencies.push(start.elapsed().as_secs_f64() * 1000.0);
        rebuilt(server);
    }
    latencies
}

fn bench(site: &Path, n: usize, edits: usize) {
    let server = start(site);
    let note = pick_note(site);
    // Its page, as the corpus lays it out: `content/<team>/sessions/<stem>.md`, one of
    // several mentorships, so under `/m/<team>/`.
    let rel = note.strip_prefix(site.join("content")).unwrap_or(&note);
    let team = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let stem = note
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let page = format!("/m/{}/sessions/{stem}/", team.unwrap_or_default());
    let original = std::fs::read_to_string(&note).expect("reads the note");
    println!(
        "\n{n} notes (edited: {})",
        note.strip_prefix(site).unwrap_or(&note).display()
    );
    println!(
        "  first build (read, parse, link, render all): {}",
        server.first_build
    );

    // No page open in a browser: the edited note's page, fetched over HTTP until it holds
    // the edit (as a script checking the preview would).
    let body = |i| {
        let marker = format!("Polled sentence {i} here.");
        (format!("{original}\n{marker}\n"), marker)
    };
    let title = |i| {
        let marker = format!("Polled title {i} here");
        (retitled(&original, &marker), marker)
    };
    let cases: [(&str, &Edit); 2] = [("body edit ", &body), ("title edit", &title)];
    for (name, edit) in cases {
        let latencies = polled(&server, &page, edits, edit, &note);
        println!("  {name}, page fetched (none open) {}", summary(latencies));
    }
    std::fs::write(&note, &original).expect("restores the note");
    std::thread::sleep(Duration::from_millis(300));

    let mut events = Events::open(server.port, &page);
    let (mut tag, errors) = events.next_status();
    assert_eq!(errors, 0, "the corpus does not build");

    let (body, body_server) = timed(&server, &mut events, &mut tag, edits, |i| {
        std::fs::write(
            &note,
            format!("{original}\nA sentence written while typing, {i}.\n"),
        )
        .expect("writes");
    });
    println!("  body edit        {}", summary(body));
    println!("    server rebuild {}", summary(body_server));

    let (fm, fm_server) = timed(&server, &mut events, &mut tag, edits, |i| {
        std::fs::write(&note, retitled(&original, &format!("Retitled {i}"))).expect("writes");
    });
    println!("  title edit       {}", summary(fm));
    println!("    server rebuild {}", summary(fm_server));

    // A config change rebuilds everything: the full rebuild, through the same path.
    let config = site.join("mentorlog.toml");
    let config_before = std::fs::read(&config).ok();
    let (full, full_server) = timed(&server, &mut events, &mut tag, 3.min(edits), |i| {
        std::fs::write(&config, format!("title = \"Corpus {i}\"\n")).expect("writes");
    });
    println!("  full rebuild     {}", summary(full));
    println!("    server rebuild {}", summary(full_server));

    std::fs::write(&note, &original).expect("restores the note");
    match config_before {
        Some(bytes) => std::fs::write(&config, bytes).expect("restores the config"),
        None => {
            let _ = std::fs::remove_file(&config);
        }
    }
}
