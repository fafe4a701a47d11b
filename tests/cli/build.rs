//! Building: the example log, output layout, safety of the output folder.

use crate::site::{Site, stderr, stdout};

#[test]
fn the_example_log_builds_and_checks_clean() {
    let repo = env!("CARGO_MANIFEST_DIR");
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let o = assert_cmd::Command::cargo_bin("mentorlog")
        .unwrap()
        .args(["--root", repo, "build", "--output"])
        .arg(&target)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("sessions withheld"), "{}", stdout(&o));
    for page in [
        "index.html",
        "sessions/index.html",
        "goals/index.html",
        "404.html",
        "style.css",
        "log.json",
    ] {
        assert!(target.join(page).is_file(), "{page} missing");
    }
    let check = assert_cmd::Command::cargo_bin("mentorlog")
        .unwrap()
        .args(["--root", repo, "check"])
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        !stderr(&check).contains("warning:"),
        "the example should be free of warnings:\n{}",
        stderr(&check)
    );
}

#[test]
fn a_valid_site_builds_every_page() {
    let site = Site::valid();
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for page in [
        "public/index.html",
        "public/sessions/index.html",
        "public/sessions/2026-01-07-kickoff/index.html",
        "public/sessions/2026-01-21-sprint-1/index.html",
        "public/goals/index.html",
        "public/goals/fast-reviews/index.html",
        "public/goals/small-prs/index.html",
    ] {
        assert!(site.path(page).is_file(), "{page} missing");
    }
    let second = site.read("public/sessions/2026-01-21-sprint-1/index.html");
    // Note and goal links are rewritten to pages.
    assert!(
        second.contains(r#"<a href="/sessions/2026-01-07-kickoff/">the kickoff</a>"#),
        "{second}"
    );
    assert!(second.contains(r#"<a href="/goals/fast-reviews/">fast reviews</a>"#));
    // `#12` links to the repository's issue.
    assert!(second.contains(r#"href="https://example.org/otters/app/issues/12""#));
    // Previous/next.
    assert!(second.contains(r#"rel="prev" href="/sessions/2026-01-07-kickoff/""#));
}

#[test]
fn base_url_prefixes_every_link() {
    let site = Site::valid();
    let o = site.run(&["build", "--base-url", "https://example.org/log/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = site.read("public/sessions/2026-01-21-sprint-1/index.html");
    assert!(
        page.contains(r#"href="/log/sessions/2026-01-07-kickoff/""#),
        "{page}"
    );
    assert!(page.contains(r#"href="/log/style.css""#));
    assert!(!page.contains(r#"href="/sessions/"#));
}

#[test]
fn two_builds_are_identical() {
    let site = Site::valid();
    assert!(
        site.run(&["build", "--output", &site.path("a").to_string_lossy()])
            .status
            .success()
    );
    assert!(
        site.run(&["build", "--output", &site.path("b").to_string_lossy()])
            .status
            .success()
    );
    assert_eq!(site.files("a"), site.files("b"));
}

#[test]
fn refuses_to_write_over_the_content() {
    let site = Site::valid();
    let before = site.files("content");
    for target in ["content", ".", "..", "content/sessions"] {
        let o = site.run(&["build", "--output", &site.path(target).to_string_lossy()]);
        assert_eq!(o.status.code(), Some(1), "{target}");
        assert!(stderr(&o).contains("refusing"), "{target}: {}", stderr(&o));
    }
    assert_eq!(site.files("content"), before);
}

#[test]
fn refuses_a_foreign_folder_unless_forced() {
    let site = Site::valid();
    site.write("out/thesis.tex", "my thesis");
    let o = site.run(&["build", "--output", &site.path("out").to_string_lossy()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(site.read("out/thesis.tex"), "my thesis");
    let o = site.run(&[
        "build",
        "--force",
        "--output",
        &site.path("out").to_string_lossy(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!site.path("out/thesis.tex").exists());
    // Ours now: rebuilding needs no force.
    assert!(
        site.run(&["build", "--output", &site.path("out").to_string_lossy()])
            .status
            .success()
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output() {
    let site = Site::valid();
    assert!(site.run(&["build"]).status.success());
    let before = site.files("public");
    site.write(
        "content/sessions/2026-01-21-sprint-1.md",
        "---\ndate: 2026-02-30\n---\n",
    );
    let o = site.run(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(site.files("public"), before);
}

#[test]
fn a_site_without_config_or_with_crlf_and_bom_builds() {
    let site = Site::valid();
    let crlf = format!("\u{feff}{}", crate::site::KICKOFF.replace('\n', "\r\n"));
    site.write("content/sessions/2026-01-07-kickoff.md", crlf);
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    let site = Site::valid();
    assert_eq!(
        site.run(&["build", "--audience", "everyone"]).status.code(),
        Some(2)
    );
    assert_eq!(site.run(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn site_templates_override_the_theme() {
    let site = Site::valid();
    site.write("templates/goal.html", "{% extends \"base.html\" %}{% block main %}<p>OVERRIDE {{ goal.id }}</p>{% endblock main %}");
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        site.read("public/goals/fast-reviews/index.html")
            .contains("OVERRIDE fast-reviews")
    );
}

#[test]
fn template_errors_name_the_template_file_and_line() {
    let site = Site::valid();
    site.write("templates/goal.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ goal.nonexistent.deeper }}\n{% endblock main %}");
    let o = site.run(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("templates/goal.html:3:"),
        "{}",
        stderr(&o)
    );
    assert!(!site.path("public").exists());
    site.write(
        "templates/goal.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock main %}",
    );
    let o = site.run(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("templates/goal.html:3:"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn netlify_files_share_their_headers_and_pass_the_preview_url() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let ours = std::fs::read_to_string(repo.join("netlify.toml")).unwrap();
    let scaffold = std::fs::read_to_string(repo.join("src/scaffold/netlify.toml")).unwrap();
    let headers = |s: &str| s[s.find("[[headers]]").unwrap()..].to_owned();
    assert_eq!(
        headers(&ours),
        headers(&scaffold),
        "init must write the same headers as the repository uses"
    );
    for file in [&ours, &scaffold] {
        let parsed: toml::Table = toml::from_str(file).unwrap();
        assert_eq!(parsed["build"]["publish"].as_str(), Some("public"));
        let preview = parsed["context"]["deploy-preview"]["command"]
            .as_str()
            .unwrap();
        assert!(
            preview.contains("--base-url \"$DEPLOY_PRIME_URL\""),
            "{preview}"
        );
        let values = &parsed["headers"][0]["values"];
        let csp = values["Content-Security-Policy"].as_str().unwrap();
        for directive in [
            "default-src 'self'",
            "script-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        ] {
            assert!(csp.contains(directive), "{directive}");
        }
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(values["X-Content-Type-Options"].as_str(), Some("nosniff"));
        assert!(values.get("Referrer-Policy").is_some());
    }
}

#[test]
fn symlinks_in_content_are_reported_not_followed() {
    let site = Site::valid();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "---\ndate: 2026-01-30\ntitle: OUTSIDE-SECRET\nvisibility: public\n---\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        site.path("content/sessions/2026-01-30-link.md"),
    )
    .unwrap();
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("points outside the site and is not followed"),
        "{}",
        stderr(&o)
    );
    assert!(
        site.files("public")
            .iter()
            .all(|(_, text)| !text.contains("OUTSIDE-SECRET"))
    );
}

#[test]
fn raw_html_is_escaped_unless_allowed() {
    let site = Site::valid();
    site.write(
        "content/sessions/2026-01-30-html.md",
        "---\ndate: 2026-01-30\nkind: review\ntitle: \"<b>bold title</b>\"\n---\n<script>alert(1)</script>\n\n<em>x</em>\n",
    );
    assert!(site.run(&["build"]).status.success());
    let page = site.read("public/sessions/2026-01-30-html/index.html");
    assert!(
        !page.contains("<script>alert"),
        "raw HTML must be escaped by default"
    );
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        !page.contains("<b>bold title</b>"),
        "front matter is always escaped"
    );
    site.write("mentorlog.toml", "[markdown]\nunsafe_html = true\n");
    assert!(site.run(&["build"]).status.success());
    let page = site.read("public/sessions/2026-01-30-html/index.html");
    assert!(page.contains("<em>x</em>"));
    assert!(
        !page.contains("<b>bold title</b>"),
        "front matter is escaped even then"
    );
}
