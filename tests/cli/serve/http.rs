//! Real HTTP against the real binary: what is served, and the hardening rules of
//! PRODUCT.md §9 (GET and HEAD only, no path out of the site, foreign hosts refused, a
//! warning off loopback).

use mentorlog::serve::rebuild::clean_render;

use super::server::{Server, without_script};
use crate::site::Site;

#[test]
fn serves_pages_with_types_and_the_live_reload_script() {
    let site = Site::valid();
    let server = Server::start(site.root(), &[]);
    assert!(
        server.stdout().contains("Serving ") && server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.stdout()
    );
    let clean = clean_render(site.root()).expect("the site builds");

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control"), Some("no-store"));
    let html = home.text();
    assert!(html.contains("<script src=\"/__mentorlog/live-reload.js\" data-site=\""));
    // The page is the clean build's, plus the script.
    assert_eq!(
        without_script(&html).as_bytes(),
        clean["index.html"].as_slice()
    );

    let session = server.get("/sessions/2026-01-21-sprint-1/");
    assert_eq!(session.status, 200);
    assert_eq!(
        without_script(&session.text()).as_bytes(),
        clean["sessions/2026-01-21-sprint-1/index.html"].as_slice()
    );

    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(css.body, clean["style.css"]);
    assert!(!css.text().contains("live-reload"));

    let json = server.get("/log.json");
    assert_eq!(json.header("content-type"), Some("application/json"));

    let script = server.get("/__mentorlog/live-reload.js");
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.text().contains("EventSource"));

    // A folder without its slash goes to its page.
    let redirect = server.get("/sessions");
    assert_eq!(redirect.status, 302);
    assert_eq!(redirect.header("location"), Some("/sessions/"));

    // An unknown page is the site's 404 page, with status 404.
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        without_script(&missing.text()).as_bytes(),
        clean["404.html"].as_slice()
    );
}

#[test]
fn head_is_get_without_the_body() {
    let site = Site::valid();
    let server = Server::start(site.root(), &[]);
    let get = server.get("/style.css");
    let head = server.raw(&format!(
        "HEAD /style.css HTTP/1.1\r\nHost: 127.0.0.1:{}",
        server.port
    ));
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-type"), get.header("content-type"));
    assert_eq!(
        head.header("content-length"),
        Some(get.body.len().to_string().as_str())
    );
}

#[test]
fn only_get_and_head_are_allowed() {
    let site = Site::valid();
    let server = Server::start(site.root(), &[]);
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let r = server.raw(&format!(
            "{method} / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0",
            server.port
        ));
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"), "{method}");
    }
}

#[test]
fn no_path_leaves_the_site() {
    let site = Site::valid();
    site.write("secret.txt", "SECRET-OUTSIDE-THE-OUTPUT");
    let server = Server::start(site.root(), &[]);
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/sessions/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/sessions/..%2f..%2fsecret.txt",
        "/sessions/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/%00secret.txt",
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 400, "{path}: {}", r.text());
        assert!(!r.text().contains("SECRET"), "{path}");
        assert!(!r.text().contains("root:"), "{path}");
    }
    // Files beside the site's folders are not the site.
    let r = server.get("/secret.txt");
    assert_eq!(r.status, 404);
    assert!(!r.text().contains("SECRET"));
    let r = server.get("/content/mentorship.md");
    assert_eq!(r.status, 404);
}

#[test]
fn foreign_hosts_are_refused() {
    let site = Site::valid();
    let server = Server::start(site.root(), &[]);
    let port = server.port;
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        "localhost".to_owned(),
        String::new(),
    ] {
        let r = server.raw(&format!("GET / HTTP/1.1\r\nHost: {host}"));
        assert_eq!(r.status, 403, "Host: {host}");
        // The event stream and status are refused too: they carry the errors' text.
        let r = server.raw(&format!("GET /__mentorlog/status HTTP/1.1\r\nHost: {host}"));
        assert_eq!(r.status, 403, "Host: {host}");
    }
    // HTTP/1.0 without a Host header.
    let r = server.raw("GET / HTTP/1.0");
    assert_eq!(r.status, 403);
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        let r = server.raw(&format!("GET / HTTP/1.1\r\nHost: {host}"));
        assert_eq!(r.status, 200, "Host: {host}");
    }
}

#[test]
fn a_non_loopback_address_is_warned_about() {
    let site = Site::valid();
    let server = Server::start(site.root(), &["--bind", "0.0.0.0"]);
    server.wait_for_stderr("warning: listening on 0.0.0.0, which is not a loopback address");
    assert!(server.stderr().contains("confidential"));
    // Reached by an address literal, it answers; by a name that is not localhost, not.
    let r = server.get("/");
    assert_eq!(r.status, 200);
    let r = server.raw(&format!(
        "GET / HTTP/1.1\r\nHost: rebind.example:{}",
        server.port
    ));
    assert_eq!(r.status, 403);

    let quiet = Server::start(site.root(), &[]);
    assert!(!quiet.stderr().contains("loopback"), "{}", quiet.stderr());
}

#[test]
fn a_taken_port_is_an_error() {
    let site = Site::valid();
    let first = Server::start(site.root(), &[]);
    let o = site.run(&["serve", "--port", &first.port.to_string()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("cannot listen on"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn a_first_build_that_fails_is_served_and_recovers() {
    let site = Site::valid();
    let good = site.read("content/sessions/2026-01-21-sprint-1.md");
    site.write(
        "content/sessions/2026-01-21-sprint-1.md",
        good.replace("date: 2026-01-21", "date: 2026-13-45"),
    );
    let server = Server::start(site.root(), &[]);
    server.wait_for_stderr("does not build");
    let status = server.status();
    assert_eq!(status["has_site"], false);
    let error = &status["errors"][0];
    assert_eq!(error["path"], "content/sessions/2026-01-21-sprint-1.md");
    assert_eq!(error["line"], 2);
    // Pages say why, and carry the script that shows the overlay and reloads.
    let page = server.get("/");
    assert_eq!(page.status, 503);
    assert!(page.text().contains("live-reload.js"));

    site.write("content/sessions/2026-01-21-sprint-1.md", &good);
    server.wait_for("the fix", |s| s["has_site"] == true);
    let status = server.status();
    assert_eq!(status["errors"].as_array().map(Vec::len), Some(0));
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn a_breaking_edit_keeps_the_last_good_site() {
    let site = Site::valid();
    let server = Server::start(site.root(), &[]);
    let before = server.get("/sessions/2026-01-21-sprint-1/").text();
    let good = site.read("content/sessions/2026-01-21-sprint-1.md");
    site.write(
        "content/sessions/2026-01-21-sprint-1.md",
        good.replace("goal: small-prs", "goal: small-pr"),
    );
    let status = server.wait_for("the error", |s| {
        s["errors"].as_array().is_some_and(|e| !e.is_empty())
    });
    let error = &status["errors"][0];
    assert_eq!(error["path"], "content/sessions/2026-01-21-sprint-1.md");
    assert!(error["line"].as_u64().is_some());
    assert!(error["message"].as_str().unwrap().contains("small-pr"));
    assert!(
        error["snippet"]
            .as_str()
            .unwrap()
            .contains("goal: small-pr")
    );
    assert_eq!(server.get("/sessions/2026-01-21-sprint-1/").text(), before);
    // The line comes right after the status.
    server.wait_for_stdout("Rebuild failed");

    site.write("content/sessions/2026-01-21-sprint-1.md", &good);
    server.wait_for("the fix", |s| {
        s["errors"].as_array().is_some_and(Vec::is_empty)
    });
}

#[test]
fn a_redirect_is_never_protocol_relative() {
    let site = Site::valid();
    let server = Server::start(site.root(), &[]);
    // Browsers read `//sessions/` as `http://sessions/`: an open redirect.
    for (path, location) in [
        ("/sessions", "/sessions/"),
        ("//sessions", "/sessions/"),
        ("///sessions", "/sessions/"),
        ("//sessions?x=1", "/sessions/?x=1"),
        ("/%2Fsessions", "/%2Fsessions/"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 302, "{path}: {}", r.text());
        assert_eq!(r.header("location"), Some(location), "{path}");
    }
}

#[test]
fn a_request_needs_exactly_one_host() {
    let site = Site::valid();
    let server = Server::start(site.root(), &[]);
    let ours = format!("127.0.0.1:{}", server.port);
    for hosts in [
        [ours.as_str(), "evil.example"],
        ["evil.example", ours.as_str()],
        [ours.as_str(), ours.as_str()],
    ] {
        let r = server.raw(&format!(
            "GET /log.json HTTP/1.1\r\nHost: {}\r\nHost: {}",
            hosts[0], hosts[1]
        ));
        assert_eq!(r.status, 400, "Host: {hosts:?}");
        assert!(!r.text().contains("mentorships"), "{hosts:?}");
    }
    // HTTP/1.1 requires a Host (RFC 9112 §3.2); HTTP/1.0 without one is not for us (403,
    // in `foreign_hosts_are_refused`).
    let r = server.raw("GET / HTTP/1.1");
    assert_eq!(r.status, 400);
    assert_eq!(server.get("/log.json").status, 200);
}

#[test]
fn only_origin_form_targets_are_answered() {
    let site = Site::valid();
    let server = Server::start(site.root(), &[]);
    let port = server.port;
    for target in [
        "http://evil.example/log.json".to_owned(),
        format!("http://127.0.0.1:{port}/log.json"),
        format!("http://localhost:{port}/"),
        "https://evil.example/".to_owned(),
        "*".to_owned(),
    ] {
        let r = server.raw(&format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}"));
        assert_eq!(r.status, 400, "{target}: {}", r.text());
        assert!(!r.text().contains("mentorships"), "{target}");
    }
    // Authority-form is for CONNECT, asterisk-form for OPTIONS: neither is answered.
    for head in [
        format!("CONNECT 127.0.0.1:{port} HTTP/1.1"),
        "OPTIONS * HTTP/1.1".to_owned(),
    ] {
        let r = server.raw(&format!("{head}\r\nHost: 127.0.0.1:{port}"));
        assert!(matches!(r.status, 400 | 405), "{head}: {}", r.status);
    }
    assert_eq!(server.get("/log.json?x=1").status, 200);
}
