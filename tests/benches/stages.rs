//! Criterion benchmarks of each stage of a build, on a generated 1,000-note log:
//! reading, the analysis (front matter, history, lints), Markdown, history linking,
//! restricting, render, write.
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
