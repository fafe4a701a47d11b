//! Search (issue 17): the index is a manifest, term shards and document shards
//! (`src/render/search.rs`); every document is found by each of its words; and a query on a
//! generated log of a thousand notes finds goals, weaknesses and people in headless
//! Chromium while downloading a small part of the index (`tests/browser/site-search.mjs`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::site::{stderr, stdout};

#[allow(dead_code)]
#[path = "../tools/corpus.rs"]
mod corpus;

/// The search index of a built site, read and checked against its format.
pub struct Index {
    dir: PathBuf,
    /// Every document by id: `[kind, title, url, meta, text]`.
    pub docs: Vec<Value>,
    /// Every term: the documents whose title holds it, those whose text or line does.
    pub terms: BTreeMap<String, (Vec<usize>, Vec<usize>)>,
    /// How many term and document shards.
    pub shards: (usize, usize),
}

impl Index {
    /// Reads the index under `out/search/`, checking as it goes: shards numbered from 0,
    /// each with the checksum the manifest lists (that of the rest of its file), document
    /// shards starting where the manifest says, terms in the range of their shard, posting
    /// lists sorted and within the documents.
    pub fn read(out: &Path) -> Self {
        let dir = out.join("search");
        let read = |rel: &str| -> Value {
            let text =
                std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
        };
        let manifest = read("index.json");
        assert_eq!(manifest["version"], 2);
        let sums = |key: &str| -> Vec<String> {
            let all = manifest[key].as_str().unwrap();
            assert_eq!(all.len() % 4, 0, "{key}");
            (0..all.len() / 4)
                .map(|k| all[4 * k..4 * k + 4].to_owned())
                .collect()
        };
        let (term_sums, doc_sums) = (sums("term_sums"), sums("doc_sums"));
        // A shard, its checksum checked against the manifest's.
        let json = |rel: &str, listed: Option<&String>| -> Value {
            let bytes = std::fs::read(dir.join(rel)).unwrap();
            let (head, rest) = bytes.split_at(14);
            let hash = xxhash_rust::xxh3::xxh3_64(rest);
            let digits = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            let sum: String = (0..4)
                .map(|i| char::from(digits[((hash >> (6 * i)) & 63) as usize]))
                .collect();
            assert_eq!(head, format!("{{\"sum\":\"{sum}\",").as_bytes(), "{rel}");
            if let Some(listed) = listed {
                assert_eq!(listed, &sum, "{rel}: the manifest lists another checksum");
            }
            read(rel)
        };
        let count = manifest["docs"].as_u64().unwrap() as usize;
        let starts = decode(manifest["doc_shards"].as_str().unwrap());
        let firsts: Vec<&str> = manifest["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        let numbered = |sub: &str| -> usize {
            let names: BTreeSet<String> = std::fs::read_dir(dir.join(sub))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            let expected: BTreeSet<String> =
                (0..names.len()).map(|k| format!("{k}.json")).collect();
            assert_eq!(names, expected, "search/{sub}/");
            names.len()
        };
        let (term_shards, doc_shards) = (numbered("terms"), numbered("docs"));
        assert_eq!(starts.len(), doc_shards);
        assert_eq!(doc_sums.len(), doc_shards);
        assert!(firsts.len() <= term_shards);
        assert_eq!(term_sums.len(), firsts.len());
        let mut docs = Vec::new();
        for k in 0..doc_shards {
            let shard = json(&format!("docs/{k}.json"), doc_sums.get(k));
            let entries = shard["docs"].as_array().unwrap();
            match starts.get(k) {
                Some(&start) => {
                    assert_eq!(shard["first"], start, "docs/{k}.json");
                    assert_eq!(
                        docs.len(),
                        start,
                        "docs/{k}.json starts where the last ended"
                    );
                    assert!(!entries.is_empty(), "docs/{k}.json is empty");
                }
                None => assert!(entries.is_empty(), "docs/{k}.json is past the cut"),
            }
            for e in entries {
                let fields = e.as_array().unwrap();
                assert_eq!(fields.len(), 5, "{e}");
                assert!(fields.iter().all(Value::is_string), "{e}");
                docs.push(e.clone());
            }
        }
        assert_eq!(docs.len(), count);
        let mut terms = BTreeMap::new();
        for k in 0..term_shards {
            let shard = json(&format!("terms/{k}.json"), term_sums.get(k));
            let entries = shard["terms"].as_object().unwrap();
            let Some(&first) = firsts.get(k) else {
                assert!(entries.is_empty(), "terms/{k}.json is past the cut");
                continue;
            };
            assert_eq!(entries.keys().next().map(String::as_str), Some(first));
            for (term, lists) in entries {
                assert!(
                    firsts.get(k + 1).is_none_or(|next| term.as_str() < *next),
                    "{term} is past terms/{k}.json"
                );
                let list = |i: usize| {
                    let ids = decode(lists[i].as_str().unwrap());
                    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{term}: {ids:?}");
                    assert!(ids.iter().all(|&id| id < count), "{term}: {ids:?}");
                    ids
                };
                let (title, text) = (list(0), list(1));
                assert!(
                    !title.is_empty() || !text.is_empty(),
                    "{term} finds nothing"
                );
                terms.insert(term.clone(), (title, text));
            }
        }
        Index {
            dir,
            docs,
            terms,
            shards: (term_shards, doc_shards),
        }
    }

    /// Every file of the index with its text, by path under `search/`.
    pub fn files(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut stack = vec![self.dir.clone()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "json") {
                    let rel = p
                        .strip_prefix(&self.dir)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned();
                    out.push((rel, std::fs::read_to_string(&p).unwrap()));
                }
            }
        }
        out.sort();
        out
    }

    /// The documents holding the term `word` in their title, text or line.
    pub fn finds(&self, word: &str) -> Vec<usize> {
        let Some((title, text)) = self.terms.get(word) else {
            return Vec::new();
        };
        let all: BTreeSet<usize> = title.iter().chain(text).copied().collect();
        all.into_iter().collect()
    }

    /// Every document is found by each word of its title (in the title list) and of its
    /// text and line (in the text list), and by nothing else.
    fn check_words(&self) {
        let words = |text: &str| {
            let mut out = BTreeSet::new();
            mentorlog::render::search::words(text, |w| {
                out.insert(w.to_owned());
            });
            out
        };
        let mut expected: BTreeMap<String, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
        for (id, doc) in self.docs.iter().enumerate() {
            let field = |i: usize| doc[i].as_str().unwrap();
            for w in words(field(1)) {
                expected.entry(w).or_default().0.push(id);
            }
            // The shard keeps the text's beginning only; its words are a part of the terms.
            for w in words(field(3)) {
                expected.entry(w).or_default().1.push(id);
            }
            for w in words(field(4)) {
                let (_, text) = &self.terms[&w];
                assert!(text.contains(&id), "document {id} is not found by `{w}`");
            }
        }
        for (w, (title, meta)) in expected {
            let (t, text) = &self.terms[&w];
            assert_eq!(t, &title, "the titles holding `{w}`");
            assert!(
                meta.iter().all(|id| text.contains(id)),
                "the lines holding `{w}`"
            );
        }
    }
}

/// The posting-list decoder of `search.js` (see "Posting lists" in src/render/search.rs).
fn decode(s: &str) -> Vec<usize> {
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let value = |c: u8| {
        DIGITS
            .iter()
            .position(|&d| d == c)
            .unwrap_or_else(|| panic!("`{}` in a posting list", c as char))
    };
    let (bitmap, mut rest) = match s.strip_prefix('.') {
        Some(rest) => (true, rest.as_bytes()),
        None => (false, s.as_bytes()),
    };
    let mut ids = Vec::new();
    let mut n = 0;
    while let Some((&c, tail)) = rest.split_first() {
        rest = tail;
        let v = value(c);
        n = n * 32 + (v & 31);
        if v < 32 {
            let id = match ids.last() {
                Some(last) if !bitmap => last + n + 1,
                _ => n,
            };
            ids.push(id);
            n = 0;
            if bitmap {
                break;
            }
        }
    }
    if bitmap {
        let first = ids.pop().expect("a bitmap's first id");
        for (i, &c) in rest.iter().enumerate() {
            for bit in 0..6 {
                if value(c) & (1 << bit) != 0 {
                    ids.push(first + i * 6 + bit);
                }
            }
        }
    }
    ids
}

fn build(root: &Path, args: &[&str]) -> PathBuf {
    let out = root.join("public");
    let o = assert_cmd::Command::cargo_bin("mentorlog")
        .unwrap()
        .arg("--root")
        .arg(root)
        .arg("build")
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_index_of_the_example_finds_every_document_by_each_of_its_words() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let o = assert_cmd::Command::cargo_bin("mentorlog")
        .unwrap()
        .arg("--root")
        .arg(repo())
        .args(["build", "--base-url", "/log/", "--output"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let index = Index::read(&out);
    index.check_words();
    // URLs carry the base path; every kind is there.
    for kind in ["session", "goal", "person"] {
        assert!(index.docs.iter().any(|d| d[0] == kind), "{kind}");
    }
    for d in &index.docs {
        let url = d[2].as_str().unwrap();
        let rel = url.strip_prefix("/log/").unwrap_or_else(|| panic!("{url}"));
        assert!(out.join(rel).join("index.html").is_file(), "{url}");
    }
    // Accents and case are folded: "Wróbel" would be found as "wrobel".
    assert!(
        index
            .terms
            .keys()
            .all(|t| t.chars().all(|c| !c.is_uppercase()))
    );
}

/// Same notes, same index, byte for byte: the documents are surveyed in parallel, in
/// chunks of 256, and the terms merged from the chunks (300 notes make 450 documents).
#[test]
fn the_index_is_the_same_from_one_build_to_the_next() {
    let dir = tempfile::tempdir().unwrap();
    corpus::write_corpus(
        dir.path(),
        300,
        3,
        corpus::Layout::Mentorlog,
        corpus::Style::Careful,
    );
    let first = Index::read(&build(dir.path(), &[])).files();
    let again = Index::read(&build(dir.path(), &[])).files();
    assert!(first.len() > 3, "{}", first.len());
    assert!(first == again, "two builds of the same notes differ");
}

/// What the browser checks need, or what is missing.
fn browser_tools() -> Result<(), String> {
    let mut missing = Vec::new();
    if !Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        missing.push("node");
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    if !Path::new(&chromium).exists() {
        missing.push("chromium");
    }
    if !repo()
        .join("tests/browser/node_modules/playwright-core")
        .is_dir()
    {
        missing.push("playwright-core");
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing.join(", "))
    }
}

/// The bound for the first results of one query on 10,000 notes; a thousand
/// notes must do with less.
const BOUND: u64 = 300_000;

#[test]
fn a_query_on_a_thousand_notes_downloads_little_and_finds_goals_weaknesses_and_people() {
    let dir = tempfile::tempdir().unwrap();
    corpus::write_corpus(
        dir.path(),
        1000,
        10,
        corpus::Layout::Mentorlog,
        corpus::Style::Careful,
    );
    let out = build(dir.path(), &[]);
    let index = Index::read(&out);
    let total: u64 = index.files().iter().map(|(_, t)| t.len() as u64).sum();
    let (term_shards, doc_shards) = index.shards;
    // A file per hundred documents or so, not one per document.
    assert!(
        term_shards + doc_shards < index.docs.len() / 10,
        "{term_shards} + {doc_shards} shards for {} documents",
        index.docs.len()
    );
    if let Err(missing) = browser_tools() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the search check needs {missing} (CI installs them: see .ci/run)"
        );
        eprintln!("skipping the search check in the browser: {missing} missing");
        return;
    }
    let queries = [
        "onboarding",
        "random",
        "Okonkwo",
        "revi",
        "pull request",
        "g10",
        "zzzqx",
    ];
    let o = Command::new("node")
        .arg(repo().join("tests/browser/site-search.mjs"))
        .arg(&out)
        .arg("--netlify")
        .arg(repo().join("netlify.toml"))
        .arg("--more")
        .args(queries)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let report: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["problems"], serde_json::json!([]), "{report:#}");
    let runs: BTreeMap<&str, &Value> = report["queries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| (q["query"].as_str().unwrap(), q))
        .collect();
    let hits = |q: &str| runs[q]["hits"].as_array().unwrap().clone();
    let field = |h: &Value, f: &str| h[f].as_str().unwrap().to_owned();
    let marks = |h: &Value| -> Vec<String> {
        h["marks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap().to_owned())
            .collect()
    };
    for (q, run) in &runs {
        let bytes = run["index"]["transfer"].as_u64().unwrap();
        eprintln!(
            "{q}: {} — {bytes} bytes of the index in {} requests",
            run["status"], run["index"]["requests"]
        );
        assert!(bytes <= BOUND, "{q}: {bytes} bytes");
        assert!(
            bytes * 8 <= total,
            "{q}: {bytes} of the index's {total} bytes"
        );
    }
    // A goal, first: the word is in its title.
    let onboarding = hits("onboarding");
    assert_eq!(field(&onboarding[0], "kind"), "goal");
    assert!(field(&onboarding[0], "title").contains("onboarding"));
    assert!(marks(&onboarding[0]).contains(&"onboarding".to_owned()));
    // A weakness, in the snippet of the sessions that name it.
    let random = hits("random");
    assert!(!random.is_empty());
    for h in &random {
        assert_eq!(field(h, "kind"), "session");
        assert!(
            field(h, "snippet").contains("The MPI test job fails at random on the shared runners"),
            "{h}"
        );
        assert!(marks(h).contains(&"random".to_owned()), "{h}");
    }
    // A person, first, found by a name whatever its case.
    let person = &hits("Okonkwo")[0];
    assert_eq!(field(person, "kind"), "person");
    assert_eq!(field(person, "title"), "Amara Okonkwo");
    assert!(field(person, "href").contains("/people/amara-okonkwo/"));
    // A prefix finds whole words, and marks them.
    let revi = hits("revi");
    assert!(field(&revi[0], "title").starts_with("Review every pull request"));
    assert!(marks(&revi[0]).contains(&"Review".to_owned()));
    // Every word of a query must be found; both in the title count most.
    let both = hits("pull request");
    assert!(field(&both[0], "title").contains("pull request"));
    assert!(
        runs["zzzqx"]["status"]
            .as_str()
            .unwrap()
            .starts_with("Nothing found")
    );
    // The first results, then more on demand, the focus on the first new one.
    let status = runs["Okonkwo"]["status"].as_str().unwrap();
    assert!(
        status.contains("results for “Okonkwo”, the first"),
        "{status}"
    );
    let more = &runs["Okonkwo"]["more"];
    assert!(
        more["hits"].as_u64().unwrap() > hits("Okonkwo").len() as u64,
        "{more}"
    );
    assert_eq!(more["focused"], true);
}
