//! Criterion benchmarks of each stage of a build, on a generated 1,000-note log:
//! reading, the analysis (front matter, history, lints), front matter alone (the build's
//! reader against serde_yaml alone), Markdown, history linking, restricting, render, write.
//!
//! `cargo bench --bench stages` (set `MENTORLOG_BENCH_NOTES` for another size).

use criterion::{Criterion, criterion_group, criterion_main};

#[allow(dead_code)]
#[path = "../tools/corpus.rs"]
mod corpus;

use mentorlog::analysis::Host;
use mentorlog::audience::Audience;
use mentorlog::content::{self, markdown};
use mentorlog::diagnostic::Sources;
use mentorlog::render::{self, RenderSettings, Renderer};

fn stages(c: &mut Criterion) {
    let notes: usize = std::env::var("MENTORLOG_BENCH_NOTES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let dir = tempfile::tempdir().unwrap();
    corpus::write_corpus(
        dir.path(),
        notes,
        (notes / 100).max(1),
        corpus::Layout::Mentorlog,
        corpus::Style::Careful,
    );
    let root = dir.path();
    let (groups, _) = content::load::load(root);
    let config = mentorlog::config::SiteConfig::default();
    let host = Host::from_memory(config.clone(), groups.clone());
    let docs = host.docs();
    let log = host.log();
    let mut sources = Sources::default();
    let renderer = Renderer::new(render::theme::builtin(), &config, &mut sources).unwrap();
    let settings = RenderSettings {
        audience: Audience::All,
        mark_withheld: false,
    };
    let render_site = || {
        let build = render::FullBuild::plan(log, &config, &renderer, &settings).unwrap();
        let pages = std::sync::Mutex::new(Vec::with_capacity(build.len()));
        build
            .render_each(&|path, content| {
                let page = render::Page {
                    path: path.to_owned(),
                    bytes: content.into_bytes(),
                };
                pages.lock().unwrap().push(page);
                Ok(())
            })
            .unwrap();
        let mut pages = pages.into_inner().unwrap();
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        pages
    };
    let pages = render_site();

    let mut group = c.benchmark_group(format!("{notes} notes"));
    group.sample_size(10);
    group.bench_function("read files", |b| {
        b.iter(|| content::load::load(root));
    });
    group.bench_function("analysis (front matter, links, history, lints)", |b| {
        b.iter(|| Host::from_memory(config.clone(), groups.clone()));
    });
    let bodies: Vec<&str> = docs
        .iter()
        .flat_map(|d| d.sessions.iter().map(mentorlog::content::Note::body))
        .collect();
    group.bench_function("markdown", |b| {
        b.iter(|| {
            bodies
                .iter()
                .map(|body| {
                    markdown::render(body, markdown::RenderOptions::default(), &|_| {
                        Some("/x/".to_owned())
                    })
                    .len()
                })
                .sum::<usize>()
        });
    });
    // Front matter: the build's path (the shortcut for simple YAML, serde_yaml for the
    // rest) against serde_yaml alone, on every note's block.
    let blocks: Vec<String> = groups
        .iter()
        .flat_map(|g| g.sessions.iter())
        .filter_map(|f| {
            content::front_matter::split("", &f.text)
                .ok()
                .map(|s| s.yaml.to_owned())
        })
        .collect();
    group.bench_function("front matter (the build's reader)", |b| {
        b.iter(|| {
            blocks
                .iter()
                .filter(|yaml| {
                    content::front_matter::parse::<content::doc::SessionFront>(
                        "n.md",
                        yaml,
                        content::front_matter::Schema::Session,
                    )
                    .0
                    .is_some()
                })
                .count()
        });
    });
    group.bench_function("front matter (serde_yaml alone)", |b| {
        b.iter(|| {
            blocks
                .iter()
                .filter(|yaml| {
                    serde_ignored::deserialize::<_, _, content::doc::SessionFront>(
                        serde_yaml::Deserializer::from_str(yaml),
                        |_| {},
                    )
                    .is_ok()
                })
                .count()
        });
    });
    group.bench_function("history link", |b| {
        b.iter(|| mentorlog::history::link(docs));
    });
    group.bench_function("audience restrict + relink", |b| {
        b.iter(|| mentorlog::analysis::restricted(docs, Audience::Public));
    });
    group.bench_function("render", |b| {
        b.iter(render_site);
    });
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("public");
    group.bench_function("write (a new tree, swapped in)", |b| {
        b.iter(|| mentorlog::output::write(&target, &pages).unwrap());
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
