//! Connections over raw sockets: a request head must come within the head timeout, an idle
//! keep-alive connection is closed, the live-reload stream is never cut, connections
//! beyond the cap wait, and Ctrl-C still stops the server.
//!
//! The server's limits are shortened through the environment (read by debug builds only);
//! every bound asserted here is many times the configured one, so that a loaded machine
//! does not fail them, while a server without the limit never meets them.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::server::{Server, closed_within, read_response};
use crate::site::Site;

/// The head timeout most tests configure.
const HEAD_TIMEOUT_MS: &str = "1000";
/// How long a connection may stay open past that, at most, in these tests.
const CLOSED_WITHIN: Duration = Duration::from_secs(15);

fn short_timeouts(site: &Site, head_timeout_ms: &str) -> Server {
    Server::start_with_env(
        site.root(),
        &[],
        &[("MENTORLOG_SERVE_HEAD_TIMEOUT_MS", head_timeout_ms)],
    )
}

#[test]
fn a_slow_request_head_is_cut_off() {
    let site = Site::valid();
    let server = short_timeouts(&site, HEAD_TIMEOUT_MS);

    // Nothing sent at all.
    let mut silent = server.connect();
    assert!(
        closed_within(&mut silent, CLOSED_WITHIN).is_some(),
        "a connection that sent nothing was still open after {CLOSED_WITHIN:?}"
    );

    // A head sent a line at a time, never ending (slowloris).
    let mut slow = server.connect();
    write!(
        slow,
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n",
        server.port
    )
    .unwrap();
    let start = Instant::now();
    let mut closed = false;
    while start.elapsed() < CLOSED_WITHIN {
        if write!(slow, "X-Slow: {}\r\n", start.elapsed().as_millis()).is_err() {
            closed = true;
            break;
        }
        if closed_within(&mut slow, Duration::from_millis(250)).is_some() {
            closed = true;
            break;
        }
    }
    assert!(
        closed,
        "a head still unfinished was still read after {CLOSED_WITHIN:?}"
    );

    // Requests that come at once are answered as ever.
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn an_idle_keep_alive_connection_is_closed() {
    let site = Site::valid();
    // Long enough that the second request is never late on a loaded machine.
    let server = short_timeouts(&site, "3000");
    let mut stream = server.connect();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let request = format!(
        "GET /__mentorlog/status HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        server.port
    );
    // Keep-alive works: two requests on one connection.
    for _ in 0..2 {
        stream.write_all(request.as_bytes()).unwrap();
        let r = read_response(&mut stream, false);
        assert_eq!(r.status, 200, "{}", r.text());
        assert_ne!(r.header("connection"), Some("close"));
    }
    // Then nothing: the server closes it.
    assert!(
        closed_within(&mut stream, CLOSED_WITHIN).is_some(),
        "an idle keep-alive connection was still open after {CLOSED_WITHIN:?}"
    );
}

/// The next `data:` line of an event stream (chunk sizes are lines of their own).
fn next_event(reader: &mut BufReader<TcpStream>) -> serde_json::Value {
    let mut line = String::new();
    loop {
        line.clear();
        let n = reader.read_line(&mut line).expect("reads the stream");
        assert!(n > 0, "the event stream ended");
        if let Some(data) = line.trim_end().strip_prefix("data: ")
            && let Ok(v) = serde_json::from_str(data)
        {
            return v;
        }
    }
}

#[test]
fn the_event_stream_outlives_the_timeouts() {
    let site = Site::valid();
    let server = short_timeouts(&site, HEAD_TIMEOUT_MS);
    let mut stream = server.connect();
    write!(
        stream,
        "GET /__mentorlog/events?page=/sessions/2026-01-21-sprint-1/ HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAccept: text/event-stream\r\n\r\n",
        server.port
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut reader = BufReader::new(stream);
    let first = next_event(&mut reader);
    // Three head timeouts without a byte either way (the stream's own keep-alive comes
    // every 15 s), then a change: the page still hears of it.
    std::thread::sleep(Duration::from_secs(3));
    let note = "content/sessions/2026-01-21-sprint-1.md";
    let text = site.read(note);
    site.write(note, format!("{text}\nOne more sentence.\n"));
    // The read timeout (30 s) bounds the wait.
    while next_event(&mut reader)["tag"] == first["tag"] {}
}

#[test]
fn connections_beyond_the_cap_wait_for_a_free_slot() {
    let site = Site::valid();
    let server = Server::start_with_env(
        site.root(),
        &[],
        &[
            ("MENTORLOG_SERVE_MAX_CONNECTIONS", "4"),
            // Long enough that the idle connections below hold their slots.
            ("MENTORLOG_SERVE_HEAD_TIMEOUT_MS", "120000"),
        ],
    );
    let mut held: Vec<TcpStream> = (0..4).map(|_| server.connect()).collect();
    let mut waiting = server.connect();
    write!(
        waiting,
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
        server.port
    )
    .unwrap();
    waiting
        .set_read_timeout(Some(Duration::from_secs(2)))
        .unwrap();
    let mut byte = [0; 1];
    match waiting.read(&mut byte) {
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
        other => panic!("a fifth connection was served while four were open: {other:?}"),
    }
    // One of the four goes away: the fifth is served.
    drop(held.pop());
    waiting
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut raw = Vec::new();
    waiting.read_to_end(&mut raw).expect("reads the answer");
    assert!(
        raw.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&raw)
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_with_connections_open() {
    let site = Site::valid();
    let mut server = Server::start(site.root(), &[]);
    let mut events = server.connect();
    write!(
        events,
        "GET /__mentorlog/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        server.port
    )
    .unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut reader = BufReader::new(events);
    next_event(&mut reader);
    let _idle = server.connect();
    server.interrupt();
    let status = server
        .wait_exit(Duration::from_secs(20))
        .expect("serve stopped after SIGINT");
    assert!(status.success(), "{status}");
}
