//! The search index: what `/search/` looks through, in small files, so that a query
//! downloads a few of them and not the whole index (issue 17: one `search-index.json` was
//! 19 MB at 10,000 notes; mdBook's single index crashed Mobile Safari at 38 MB,
//! rust-lang/rfcs#2469).
//!
//! One document per session, goal and person of the log it is given — the log already
//! restricted to the build's audience, so the index holds only what the build publishes
//! (PRODUCT.md §8). Text is plain: Markdown is reduced to its words, raw HTML left out.
//! Pure: no I/O; each file is handed over as soon as it is made.
//!
//! # Files
//!
//! Under `search/`, beside the search page (`docs/templates.md` describes them; the
//! theme's `search.js` reads them):
//!
//! - `index.json`, the manifest, fetched first: the format's `version`, the number of
//!   documents, the first term of each term shard, the first document of each document
//!   shard, and every shard's checksum.
//! - `terms/K.json`: the inverted index, cut into ranges of sorted terms. Each term has
//!   two posting lists: the documents whose title holds it, and those whose text or line
//!   (`meta`) holds it. A query fetches the shards whose range holds its words, or the
//!   words that start with them: usually one shard a word.
//! - `docs/K.json`: the documents, `[kind, title, url, meta, text]`, cut into ranges of
//!   ids (the site's order); the script fetches the ranges of the results it shows.
//!   `text` is cut after `MAX_TEXT` bytes: it is what a result's snippet shows, not what
//!   the document is found by (every word of it is in the terms).
//!
//! Each shard starts with its checksum (`"sum"`, four base-64 digits of the xxh3 of the
//! rest of the file), which the manifest lists too: a reader holding the manifest of an
//! earlier deploy notices a shard of the next one and starts again instead of mixing two
//! indexes, and the script asks for `K.json?v=SUM`, so no cache serves an old shard to a
//! new manifest. Nothing build-wide (a date, a tag) is in a shard: it keeps its bytes as
//! long as its content does.
//!
//! # Building it
//!
//! One pass over the documents, in parallel, in runs of document shards: each document is
//! made (its Markdown reduced to plain text), written to its shard, and its words added to
//! the run's posting lists; a shard goes to the output as soon as it is full. The runs'
//! lists are then merged in id order, encoded and cut into the term shards; the manifest
//! comes last. The documents' text is never held all at once; the posting lists are (a
//! few bytes a word a document).
//!
//! # Terms
//!
//! Lower case, accents removed (NFD, without U+0300–U+036F), runs of letters and digits
//! (`char::is_alphanumeric`), at most `MAX_TERM` characters kept of each; every Han,
//! Hiragana and Katakana character is a term of its own (those scripts do not put spaces
//! between words). The script splits queries the same way (`words` in `search.js`): keep
//! the two in step. Terms are stored whole, as plain strings (neither hashed nor
//! front-coded), so that a search of the output for a word finds the shard holding it:
//! the audience tests rely on it to show that no withheld word is there.
//!
//! # Posting lists
//!
//! A string of numbers, each in base-64 digits (`A`–`Z`, `a`–`z`, `0`–`9`, `-`, `_`), five
//! bits a digit, most significant first, every digit but a number's last one plus 32.
//! Either the first id and then each gap less one, or, when shorter, `.`, the first id and
//! a bitmap of the ids from it on, six a digit, lowest bit first. Bitmaps keep the words
//! that are in most documents ("the", "review") at a sixth of a byte a document.
//!
//! # How many shards
//!
//! The render plan knows every output path before anything is rendered, so the counts
//! come from an estimate made without rendering (each document's size from its note's
//! lengths): a document shard per `DOC_SHARD_BYTES` (16 KB) of documents, a term shard
//! per `TERM_SHARD_TEXT` (256 KB). Document shards are cut on the same estimates (they
//! are written before any is measured), term shards on their real sizes. A query's first
//! results need the manifest, a term shard a word and the document shards of its first
//! ten results: at most ten, fewer when results cluster, as they do for common words
//! (results of equal score keep the site's order). Shards of 16 KB keep ten scattered
//! results under 200 KB and add one file per 16 KB of documents (910 document and 57 term
//! shards for 14,658 documents at 10,000 notes, beside 16,000 pages); smaller shards would
//! download less for many more files, larger ones the reverse. Term shards are few: a
//! word in most documents costs a bitmap, a sixth of a byte a document.

use std::collections::HashMap;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde::Serialize;

use crate::history::{Log, Session};

/// The format of the files, in the manifest.
pub(crate) const VERSION: u32 = 2;
/// Estimated bytes of documents a document shard holds.
pub(crate) const DOC_SHARD_BYTES: usize = 16 * 1024;
/// Estimated bytes of documents per term shard.
pub(crate) const TERM_SHARD_TEXT: usize = 256 * 1024;
/// The most document shards (a hundred thousand notes would need about 9,000).
const MAX_DOC_SHARDS: usize = 16_384;
/// The most term shards.
const MAX_TERM_SHARDS: usize = 1_024;
/// Bytes of a document's text kept for its snippet.
pub(crate) const MAX_TEXT: usize = 3_000;
/// Characters kept of a term: longer words are found by their beginning.
pub(crate) const MAX_TERM: usize = 40;
/// Documents a task makes (a run of document shards), whose words it then hands over.
const CHUNK: usize = 256;

/// One file of the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum File {
    /// `search/index.json`.
    Manifest,
    /// `search/terms/K.json`.
    Terms(usize),
    /// `search/docs/K.json`.
    Docs(usize),
}

impl File {
    /// Its path in the output folder.
    #[must_use]
    pub(crate) fn path(self) -> String {
        match self {
            File::Manifest => "search/index.json".to_owned(),
            File::Terms(k) => format!("search/terms/{k}.json"),
            File::Docs(k) => format!("search/docs/{k}.json"),
        }
    }
}

/// Every file of the index of `log`: the manifest, the term shards, the document shards.
/// Cheap: it looks at the notes' lengths, not at their words.
pub(crate) fn files(log: &Log) -> impl Iterator<Item = File> + use<> {
    let shape = Shape::of(&Docs::new(log, "").estimates());
    std::iter::once(File::Manifest)
        .chain((0..shape.terms).map(File::Terms))
        .chain((0..shape.docs).map(File::Docs))
}

/// Makes the files of the index of `log` that `wanted` lists (each with its output path)
/// and hands each to `give` as soon as it is made, in no particular order. URLs get `base`
/// (the base URL's path, e.g. `/log`).
pub(crate) fn write(
    log: &Log,
    base: &str,
    wanted: &[(File, &str)],
    give: &(dyn Fn(&str, Vec<u8>) + Sync),
) {
    if wanted.is_empty() {
        return;
    }
    let wanted: HashMap<File, &str> = wanted.iter().copied().collect();
    let give = |file: File, bytes: Vec<u8>| {
        if let Some(path) = wanted.get(&file) {
            give(path, bytes);
        }
    };
    let docs = Docs::new(log, base);
    let estimates = docs.estimates();
    let shape = Shape::of(&estimates);
    let doc_starts = cut(&estimates, shape.docs);
    drop(estimates);
    let (postings, doc_sums) = doc_shards(&docs, &doc_starts, &give);
    let terms = sorted_terms(postings);
    let sizes: Vec<usize> = terms.iter().map(Term::size).collect();
    let term_starts = cut(&sizes, shape.terms);
    let term_sums: Vec<Sum> = (0..shape.terms)
        .into_par_iter()
        .map(|k| {
            let (bytes, sum) = term_shard(&terms[part(&term_starts, terms.len(), k)]);
            give(File::Terms(k), bytes);
            sum
        })
        .collect();
    let firsts: Vec<&str> = term_starts
        .iter()
        .filter_map(|&s| terms.get(s).map(|t| &*t.term))
        .collect();
    give(
        File::Manifest,
        manifest(docs.len(), &firsts, &term_sums, &doc_starts, &doc_sums),
    );
}

/// Makes the document shards that start at `starts`, in parallel runs of about [`CHUNK`]
/// documents, hands each to `give` as soon as it is made, and returns every document's
/// words and the shards' checksums.
fn doc_shards(
    docs: &Docs<'_>,
    starts: &[usize],
    give: &(dyn Fn(File, Vec<u8>) + Sync),
) -> (Map, Vec<Sum>) {
    let per_run = (CHUNK * starts.len()).div_ceil(docs.len().max(1)).max(1);
    let shards: Vec<usize> = (0..starts.len()).collect();
    // Neighbouring runs are merged as soon as both are done (rayon's `reduce` keeps their
    // order), so that a few runs' maps are held at a time, not every run's (at 100,000
    // notes there are hundreds, each with its own copy of the common words).
    shards
        .par_chunks(per_run)
        .map(|run| {
            let mut postings = Map::default();
            let sums = run
                .iter()
                .map(|&k| {
                    let (bytes, sum) = doc_shard(docs, part(starts, docs.len(), k), &mut postings);
                    give(File::Docs(k), bytes);
                    sum
                })
                .collect();
            (postings, sums)
        })
        .reduce(
            || (Map::default(), Vec::new()),
            |(before, mut sums), (after, later)| {
                sums.extend(later);
                (merge(before, after), sums)
            },
        )
}

/// The lists of `before` followed by those of `after`, whose documents all come later;
/// the smaller map is poured into the larger.
fn merge(mut before: Map, mut after: Map) -> Map {
    use std::collections::hash_map::Entry;
    if before.len() >= after.len() {
        for (term, p) in after {
            match before.entry(term) {
                Entry::Occupied(mut e) => {
                    let lists = e.get_mut();
                    lists.title.append(p.title);
                    lists.text.append(p.text);
                }
                Entry::Vacant(e) => {
                    e.insert(p);
                }
            }
        }
        before
    } else {
        for (term, mut p) in before {
            match after.entry(term) {
                Entry::Occupied(mut e) => {
                    let lists = e.get_mut();
                    p.title.append(std::mem::take(&mut lists.title));
                    p.text.append(std::mem::take(&mut lists.text));
                    *lists = p;
                }
                Entry::Vacant(e) => {
                    e.insert(p);
                }
            }
        }
        after
    }
}

/// The terms with their lists encoded, sorted.
fn sorted_terms(postings: Map) -> Vec<Term> {
    let mut terms: Vec<Term> = postings
        .into_par_iter()
        .map(|(term, p)| Term {
            term,
            title: encode(&p.title.to_vec()),
            text: encode(&p.text.to_vec()),
        })
        .collect();
    terms.par_sort_unstable_by(|a, b| a.term.cmp(&b.term));
    terms
}

/// How many shards of each kind.
#[derive(Debug, Clone, Copy)]
struct Shape {
    terms: usize,
    docs: usize,
}

impl Shape {
    /// From the documents' estimated sizes.
    fn of(estimates: &[usize]) -> Self {
        let bytes: usize = estimates.iter().sum();
        Shape {
            docs: bytes
                .div_ceil(DOC_SHARD_BYTES)
                .clamp(1, estimates.len().max(1))
                .min(MAX_DOC_SHARDS),
            terms: bytes.div_ceil(TERM_SHARD_TEXT).clamp(1, MAX_TERM_SHARDS),
        }
    }
}

/// A document's bytes besides its title, URL and text: its kind, line, quotes and commas.
const ENTRY: usize = 80;

/// The range of items of part `k` when parts start at `starts` (an empty range past the
/// parts there are).
fn part(starts: &[usize], len: usize, k: usize) -> std::ops::Range<usize> {
    match starts.get(k) {
        Some(&start) => start..starts.get(k + 1).copied().unwrap_or(len),
        None => len..len,
    }
}

/// Cuts items of the given sizes into at most `parts` non-empty runs of about the same
/// total size (as many as there are items, when fewer); returns where each run starts.
/// No items: one empty run.
fn cut(sizes: &[usize], parts: usize) -> Vec<usize> {
    let n = sizes.len();
    let parts = parts.min(n).max(1);
    let total: u128 = sizes.iter().map(|&s| s as u128).sum();
    let mut starts = Vec::with_capacity(parts);
    starts.push(0);
    let (mut i, mut sum) = (0usize, 0u128);
    for k in 1..parts {
        let target = total * k as u128 / parts as u128;
        let least = starts[k - 1] + 1;
        let most = n - (parts - k);
        // An item goes to the run its middle falls in.
        while i < most && (i < least || sum + sizes[i] as u128 / 2 < target) {
            sum += sizes[i] as u128;
            i += 1;
        }
        starts.push(i);
    }
    starts
}

// ---------------------------------------------------------------------------------------
// Documents

/// One searchable page.
#[derive(Debug)]
pub(crate) struct Doc {
    /// `session`, `goal` or `person`.
    pub kind: &'static str,
    /// The page's title.
    pub title: String,
    /// Its URL, with the site's base path.
    pub url: String,
    /// A short line shown under the title: date, status, role.
    pub meta: String,
    /// The words to search.
    pub text: String,
}

/// A document of the log: (mentorship, index) of a session, goal or person.
#[derive(Debug, Clone, Copy)]
enum Ref {
    Session(usize, usize),
    Goal(usize, usize),
    Person(usize, usize),
}

/// The documents of a log, by id: each mentorship's sessions, goals and people, in site
/// order. Made one at a time, when asked for.
struct Docs<'a> {
    log: &'a Log,
    base: &'a str,
    refs: Vec<Ref>,
}

impl<'a> Docs<'a> {
    fn new(log: &'a Log, base: &'a str) -> Self {
        let mut refs = Vec::new();
        for (mi, m) in log.mentorships.iter().enumerate() {
            refs.extend((0..m.sessions.len()).map(|i| Ref::Session(mi, i)));
            refs.extend((0..m.goals.len()).map(|i| Ref::Goal(mi, i)));
            refs.extend((0..m.people.len()).map(|i| Ref::Person(mi, i)));
        }
        Docs { log, base, refs }
    }

    fn len(&self) -> usize {
        self.refs.len()
    }

    /// Each document's size in a document shard, estimated without rendering it (a note's
    /// Markdown stands for its plain text): cheap enough for the plan, close enough to cut
    /// shards of about the same size.
    fn estimates(&self) -> Vec<usize> {
        let (log, base) = (self.log, self.base.len());
        let len = |s: Option<&str>| s.map_or(0, str::len);
        // On both threads: the plan waits for it.
        self.refs
            .par_iter()
            .map(|&r| match r {
                Ref::Session(mi, i) => {
                    let s = &log.mentorships[mi].sessions[i];
                    let mut text = s.body.len();
                    session_parts(s, None, |part| text += part.len() + 3);
                    ENTRY + base + s.title.len() + s.url.len() + text.min(MAX_TEXT)
                }
                Ref::Goal(mi, i) => {
                    let g = &log.mentorships[mi].goals[i];
                    let notes: usize = g.events.iter().map(|e| len(e.note.as_deref())).sum();
                    ENTRY
                        + base
                        + 2 * g.text.len()
                        + g.url.len()
                        + g.id.len()
                        + notes
                        + len(g.measure.as_deref())
                        + 2 * g.owners().iter().map(|o| o.len() + 2).sum::<usize>()
                }
                Ref::Person(mi, i) => {
                    let (m, p) = (&log.mentorships[mi], &log.mentorships[mi].people[i]);
                    ENTRY + base + 2 * p.name.len() + m.url.len() + p.slug.len()
                }
            })
            .collect()
    }

    // Long on purpose: one document's fields read into its entry in the order the index
    // stores them.
    fn get(&self, id: usize) -> Doc {
        let (log, base) = (self.log, self.base);
        let several = log.mentorships.len() > 1;
        let within = |mi: usize, meta: String| {
            if several {
                format!("{meta} · {}", log.mentorships[mi].front.title)
            } else {
                meta
            }
        };
        match self.refs[id] {
            Ref::Session(mi, i) => {
                let s = &log.mentorships[mi].sessions[i];
                Doc {
                    kind: "session",
                    title: s.title.clone(),
                    url: format!("{base}{}", s.url),
                    meta: within(
                        mi,
                        format!(
                            "Session {} · {}{}",
                            s.number,
                            s.front.date.long(),
                            s.front
                                .sprint
                                .as_ref()
                                .map(|sp| format!(" · sprint {sp}"))
                                .unwrap_or_default()
                        ),
                    ),
                    text: session_text(s),
                }
            }
            Ref::Goal(mi, i) => {
                let g = &log.mentorships[mi].goals[i];
                let mut text = vec![g.id.to_string(), g.text.to_string()];
                text.extend(g.owners().iter().cloned());
                text.extend(g.measure.as_deref().map(str::to_owned));
                text.extend(
                    g.events
                        .iter()
                        .filter_map(|e| e.note.as_deref().map(str::to_owned)),
                );
                Doc {
                    kind: "goal",
                    title: g.text.to_string(),
                    url: format!("{base}{}", g.url),
                    meta: within(
                        mi,
                        format!(
                            "Goal · {}{}",
                            g.status.as_str(),
                            match g.owners() {
                                [] => String::new(),
                                names => format!(" · {}", names.join(", ")),
                            }
                        ),
                    ),
                    text: text.join(" \n"),
                }
            }
            Ref::Person(mi, i) => {
                let m = &log.mentorships[mi];
                let p = &m.people[i];
                let role = match (p.mentor, p.member) {
                    (true, _) => "Mentor",
                    (false, true) => "Team member",
                    _ => "Attendee",
                };
                Doc {
                    kind: "person",
                    title: p.name.clone(),
                    url: format!("{base}{}people/{}/", m.url, p.slug),
                    meta: within(
                        mi,
                        format!(
                            "{role} · {} {}",
                            p.sessions.len(),
                            if p.sessions.len() == 1 {
                                "session"
                            } else {
                                "sessions"
                            }
                        ),
                    ),
                    text: p.name.clone(),
                }
            }
        }
    }
}

/// The parts of a session's text, in order, its body (plain text) where given: what a
/// reader looks for first comes first, since it is what a result's snippet shows.
fn session_parts<'s>(s: &'s Session, body: Option<&'s str>, mut each: impl FnMut(&'s str)) {
    let f = &s.front;
    f.reflection.as_deref().into_iter().for_each(&mut each);
    f.weaknesses.iter().for_each(|x| each(&x.text));
    f.strengths.iter().for_each(|x| each(&x.text));
    f.questions.iter().for_each(|x| each(&x.text));
    for g in &s.goal_changes {
        each(&g.text);
        g.note.as_deref().into_iter().for_each(&mut each);
    }
    body.into_iter().for_each(&mut each);
    for b in &f.backlog {
        each(&b.item);
        b.note.as_deref().into_iter().for_each(&mut each);
    }
    f.attendees.iter().for_each(|a| each(a));
    f.tags.iter().for_each(|t| each(t));
}

fn session_text(s: &Session) -> String {
    let body = plain_text(&s.body);
    let mut parts: Vec<&str> = Vec::new();
    session_parts(s, Some(&body), |part| parts.push(part));
    parts.join(" \n")
}

/// The words of a Markdown body: text and code, no markup, no raw HTML, no URLs.
#[must_use]
pub(crate) fn plain_text(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock,
            )
            | Event::Start(Tag::Item) => out.push_str(" \n"),
            _ => {}
        }
    }
    out.trim().to_owned()
}

/// The text kept for a snippet: at most [`MAX_TEXT`] bytes, cut at a space.
fn snippet_text(text: &str) -> &str {
    if text.len() <= MAX_TEXT {
        return text;
    }
    let end = text.floor_char_boundary(MAX_TEXT);
    let cut = &text[..end];
    cut.rfind(char::is_whitespace)
        .map_or(cut, |space| &cut[..space])
        .trim_end()
}

/// A document as a document shard holds it: `[kind, title, url, meta, text]`.
fn write_entry(doc: &Doc, out: &mut Vec<u8>) {
    let entry = (
        doc.kind,
        &doc.title,
        &doc.url,
        &doc.meta,
        snippet_text(&doc.text),
    );
    // Writing strings to memory cannot fail.
    let _ = serde_json::to_writer(out, &entry);
}

// ---------------------------------------------------------------------------------------
// Terms

/// Calls `each` with every term of `text`, in order, repeats included (see the module's
/// "Terms").
pub fn words(text: &str, mut each: impl FnMut(&str)) {
    let mut word = Word::default();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_alphanumeric() {
            // A run of ASCII letters and digits, taken whole.
            let run = bytes[i..]
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .map_or(&bytes[i..], |n| &bytes[i..i + n]);
            word.push_ascii(run);
            i += run.len();
        } else if b.is_ascii() {
            word.end(&mut each);
            i += 1;
        } else {
            let c = text[i..].chars().next().unwrap_or_default();
            for lower in c.to_lowercase() {
                unicode_normalization::char::decompose_canonical(lower, |d| {
                    word.fold(d, &mut each);
                });
            }
            i += c.len_utf8();
        }
    }
    word.end(&mut each);
}

/// The term being read.
#[derive(Default)]
struct Word {
    term: String,
    chars: usize,
}

impl Word {
    fn push(&mut self, c: char) {
        if self.chars < MAX_TERM {
            self.term.push(c);
        }
        self.chars += 1;
    }

    /// ASCII letters and digits, lower-cased: [`Word::push`] for each, in one go.
    fn push_ascii(&mut self, run: &[u8]) {
        let room = MAX_TERM.saturating_sub(self.chars).min(run.len());
        self.term.extend(
            run[..room]
                .iter()
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
        self.chars += run.len();
    }

    fn end(&mut self, each: &mut impl FnMut(&str)) {
        if !self.term.is_empty() {
            each(&self.term);
            self.term.clear();
        }
        self.chars = 0;
    }

    /// A character of the lower-cased, decomposed text.
    fn fold(&mut self, c: char, each: &mut impl FnMut(&str)) {
        match c {
            '\u{300}'..='\u{36f}' => {}
            'ς' => self.push('σ'),
            c if is_cjk(c) => {
                self.end(each);
                self.push(c);
                self.end(each);
            }
            c if c.is_alphanumeric() => self.push(c),
            _ => self.end(each),
        }
    }
}

/// Han, Hiragana and Katakana: each character a word.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{2fa1f}')
}

/// The documents a term is in, while the documents are made.
#[derive(Default)]
struct Postings {
    title: Ids,
    text: Ids,
}

/// A sorted list of document ids, held as the gaps between them in LEB128 (a byte for most
/// gaps, not four): the lists of every word of every document are held until the term
/// shards are cut (at 100,000 notes, tens of millions of entries).
#[derive(Default)]
struct Ids {
    /// Each id less the one before it (the first: itself), seven bits a byte, lowest first.
    bytes: Vec<u8>,
    /// The last id pushed; meaningless while `bytes` is empty.
    last: u32,
}

impl Ids {
    /// Adds `id`, which is not below the last one added; once each.
    fn push(&mut self, id: u32) {
        if self.bytes.is_empty() {
            push_leb(&mut self.bytes, id);
        } else if id != self.last {
            push_leb(&mut self.bytes, id - self.last);
        }
        self.last = id;
    }

    /// Adds the ids of `other`, which all come after this list's.
    fn append(&mut self, other: Ids) {
        let Some((first, read)) = read_leb(&other.bytes) else {
            return;
        };
        if self.bytes.is_empty() {
            *self = other;
            return;
        }
        push_leb(&mut self.bytes, first - self.last);
        self.bytes.extend_from_slice(&other.bytes[read..]);
        self.last = other.last;
    }

    /// The ids.
    fn to_vec(&self) -> Vec<u32> {
        let mut out = Vec::new();
        let mut rest = &self.bytes[..];
        let mut id = 0u32;
        while let Some((gap, read)) = read_leb(rest) {
            id += gap;
            out.push(id);
            rest = &rest[read..];
        }
        out
    }
}

fn push_leb(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n & 0x7f) as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The number at the start of `bytes` and the bytes it took.
fn read_leb(bytes: &[u8]) -> Option<(u32, usize)> {
    let mut n = 0u32;
    for (i, &b) in bytes.iter().enumerate().take(5) {
        n |= u32::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some((n, i + 1));
        }
    }
    None
}

/// Terms and their documents.
type Map = HashMap<Box<str>, Postings, ahash::RandomState>;

/// A term with its posting lists, encoded.
struct Term {
    term: Box<str>,
    title: String,
    text: String,
}

impl Term {
    /// Its bytes in a term shard: `"term":["title","text"],`.
    fn size(&self) -> usize {
        self.term.len() + self.title.len() + self.text.len() + 10
    }
}

/// Adds the words of document `id` to `postings`.
fn index_words(postings: &mut Map, id: usize, doc: &Doc) {
    let id = u32::try_from(id).unwrap_or(u32::MAX);
    let mut add = |word: &str, title: bool| {
        let p = match postings.get_mut(word) {
            Some(p) => p,
            None => postings.entry(word.into()).or_default(),
        };
        let list = if title { &mut p.title } else { &mut p.text };
        list.push(id);
    };
    words(&doc.title, |w| add(w, true));
    words(&doc.text, |w| add(w, false));
    words(&doc.meta, |w| add(w, false));
}

// ---------------------------------------------------------------------------------------
// Encoding

const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Digits a number takes.
fn number_len(mut n: u32) -> usize {
    let mut len = 1;
    while n >= 32 {
        n >>= 5;
        len += 1;
    }
    len
}

fn push_number(out: &mut String, n: u32) {
    let len = number_len(n);
    for i in (0..len).rev() {
        let five = (n >> (5 * i)) & 31;
        let digit = if i == 0 { five } else { five + 32 };
        out.push(char::from(DIGITS[digit as usize]));
    }
}

/// A sorted list of ids as the shorter of a list of gaps and a bitmap (see the module's
/// "Posting lists").
fn encode(ids: &[u32]) -> String {
    let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
        return String::new();
    };
    let gaps: usize = number_len(first)
        + ids
            .windows(2)
            .map(|w| number_len(w[1] - w[0] - 1))
            .sum::<usize>();
    let bitmap_digits = ((last - first) as usize + 1).div_ceil(6);
    let bitmap = 1 + number_len(first) + bitmap_digits;
    let mut out = String::with_capacity(gaps.min(bitmap));
    if bitmap < gaps {
        out.push('.');
        push_number(&mut out, first);
        let mut bits = vec![0u8; bitmap_digits];
        for &id in ids {
            let at = (id - first) as usize;
            bits[at / 6] |= 1 << (at % 6);
        }
        out.extend(bits.iter().map(|&b| char::from(DIGITS[b as usize])));
    } else {
        push_number(&mut out, first);
        for w in ids.windows(2) {
            push_number(&mut out, w[1] - w[0] - 1);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Files

/// A shard's checksum: four base-64 digits of the hash of what follows it in the file.
type Sum = [u8; 4];

/// `{"sum":"XXXX",` + `rest`, `XXXX` being the checksum of `rest`.
fn with_sum(rest: &[u8]) -> (Vec<u8>, Sum) {
    let hash = xxhash_rust::xxh3::xxh3_64(rest);
    let sum: Sum = std::array::from_fn(|i| DIGITS[((hash >> (6 * i)) & 63) as usize]);
    let mut out = Vec::with_capacity(rest.len() + 16);
    out.extend_from_slice(b"{\"sum\":\"");
    out.extend_from_slice(&sum);
    out.extend_from_slice(b"\",");
    out.extend_from_slice(rest);
    (out, sum)
}

/// `{"version":2,"docs":N,"terms":[first term of each shard],"term_sums":…,
/// "doc_shards":…,"doc_sums":…}`: `doc_shards` holds the first id of each document shard,
/// encoded as a posting list; the sums are the shards' checksums, one after the other.
fn manifest(
    docs: usize,
    firsts: &[&str],
    term_sums: &[Sum],
    doc_starts: &[usize],
    doc_sums: &[Sum],
) -> Vec<u8> {
    #[derive(Serialize)]
    struct Manifest<'a> {
        version: u32,
        docs: usize,
        terms: &'a [&'a str],
        term_sums: String,
        doc_shards: String,
        doc_sums: String,
    }
    let sums = |sums: &[Sum]| sums.iter().flatten().map(|&b| char::from(b)).collect();
    let starts: Vec<u32> = doc_starts
        .iter()
        .map(|&s| u32::try_from(s).unwrap_or(u32::MAX))
        .collect();
    let manifest = Manifest {
        version: VERSION,
        docs,
        terms: firsts,
        // The shards the terms were cut into (a tiny log has fewer terms than shards).
        term_sums: sums(&term_sums[..firsts.len()]),
        doc_shards: encode(&starts),
        doc_sums: sums(doc_sums),
    };
    serde_json::to_vec(&manifest).unwrap_or_default()
}

/// `{"sum":…,"terms":{"term":["title list","text list"],…}}`.
fn term_shard(terms: &[Term]) -> (Vec<u8>, Sum) {
    let mut out = Vec::with_capacity(terms.iter().map(Term::size).sum::<usize>() + 16);
    out.extend_from_slice(b"\"terms\":{");
    for (i, t) in terms.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let _ = serde_json::to_writer(&mut out, &*t.term);
        out.push(b':');
        let _ = serde_json::to_writer(&mut out, &(&t.title, &t.text));
    }
    out.extend_from_slice(b"}}");
    with_sum(&out)
}

/// `{"sum":…,"first":ID,"docs":[[kind,title,url,meta,text],…]}`, the documents of `ids`;
/// their words go to `postings`.
fn doc_shard(docs: &Docs<'_>, ids: std::ops::Range<usize>, postings: &mut Map) -> (Vec<u8>, Sum) {
    let mut out = Vec::with_capacity(DOC_SHARD_BYTES + DOC_SHARD_BYTES / 2);
    out.extend_from_slice(b"\"first\":");
    out.extend_from_slice(itoa::Buffer::new().format(ids.start).as_bytes());
    out.extend_from_slice(b",\"docs\":[");
    let first = ids.start;
    for id in ids {
        if id > first {
            out.push(b',');
        }
        let doc = docs.get(id);
        write_entry(&doc, &mut out);
        index_words(postings, id, &doc);
    }
    out.extend_from_slice(b"]}");
    with_sum(&out)
}

#[cfg(test)]
mod tests {
    /// [`super::words`] a character at a time, as it was written before its ASCII runs
    /// were taken whole.
    fn words_by_char(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut each = |w: &str| out.push(w.to_owned());
        let mut word = super::Word::default();
        for c in text.chars() {
            if c.is_ascii() {
                if c.is_ascii_alphanumeric() {
                    word.push(c.to_ascii_lowercase());
                } else {
                    word.end(&mut each);
                }
                continue;
            }
            for lower in c.to_lowercase() {
                unicode_normalization::char::decompose_canonical(lower, |d| {
                    word.fold(d, &mut each);
                });
            }
        }
        word.end(&mut each);
        out
    }

    #[test]
    fn ascii_runs_make_the_words_characters_make() {
        let long = "x".repeat(super::MAX_TERM + 5);
        for text in [
            "",
            "Flaky CI: 4 of 10 merges, v0.7!",
            "Café au lait, NAÏVE façade; ÉTÉ2026 déjà-vu",
            "ΟΔΥΣΣΕΥΣ and straße, İstanbul",
            "東京タワー is 333m, 日本語テキスト",
            &format!("{long} é{long} {long}é x{long}ß"),
            "a\u{300}b \u{85}c\td\ne",
        ] {
            let mut fast = Vec::new();
            super::words(text, |w| fast.push(w.to_owned()));
            assert_eq!(fast, words_by_char(text), "{text:?}");
        }
    }

    #[test]
    fn id_lists_give_back_what_was_pushed_and_appended() {
        let lists: Vec<Vec<u32>> = vec![
            vec![],
            vec![0],
            vec![
                0,
                1,
                2,
                127,
                128,
                300,
                16_383,
                16_384,
                2_097_152,
                u32::MAX - 1,
            ],
            (0..500).map(|i| i * 37).collect(),
        ];
        for a in &lists {
            for b in &lists {
                let mut left = Ids::default();
                // Each id may be pushed again (a word twice in a document): kept once.
                for &id in a {
                    left.push(id);
                    left.push(id);
                }
                let shift = a.last().map_or(0, |&l| l.saturating_add(1));
                let b: Vec<u32> = b.iter().filter_map(|&id| id.checked_add(shift)).collect();
                let mut right = Ids::default();
                b.iter().for_each(|&id| right.push(id));
                assert_eq!(right.to_vec(), b);
                left.append(right);
                let both: Vec<u32> = a.iter().chain(&b).copied().collect();
                assert_eq!(left.to_vec(), both);
            }
        }
    }

    use super::*;

    fn all_words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        words(text, |w| out.push(w.to_owned()));
        out
    }

    /// The decoder `search.js` implements, for the tests.
    fn decode(s: &str) -> Vec<u32> {
        let value = |c: u8| DIGITS.iter().position(|&d| d == c).unwrap() as u32;
        let mut numbers = Vec::new();
        let mut bytes = s.as_bytes();
        let bitmap = bytes.first() == Some(&b'.');
        if bitmap {
            bytes = &bytes[1..];
        }
        let mut n = 0u32;
        let mut rest = bytes;
        while let Some((&c, tail)) = rest.split_first() {
            rest = tail;
            let v = value(c);
            n = n * 32 + (v & 31);
            if v < 32 {
                numbers.push(n);
                n = 0;
                if bitmap {
                    break;
                }
            }
        }
        if bitmap {
            let first = numbers[0];
            let mut ids = Vec::new();
            for (i, &c) in rest.iter().enumerate() {
                for bit in 0..6 {
                    if value(c) & (1 << bit) != 0 {
                        ids.push(first + (i * 6 + bit) as u32);
                    }
                }
            }
            ids
        } else {
            let mut ids = Vec::new();
            for (i, &n) in numbers.iter().enumerate() {
                ids.push(if i == 0 { n } else { ids[i - 1] + n + 1 });
            }
            ids
        }
    }

    #[test]
    fn plain_text_keeps_words_only() {
        let t = plain_text(
            "# Title\n\nSome *emphasis* and [a link](https://x.example/secret).\n\n<b>raw</b>\n\n- one\n- two `code`\n",
        );
        assert!(t.contains("Title"));
        assert!(t.contains("Some emphasis and a link."));
        assert!(t.contains("two code"));
        assert!(!t.contains("x.example"));
        assert!(!t.contains("<b>"));
    }

    #[test]
    fn words_are_folded_runs_of_letters_and_digits() {
        assert_eq!(
            all_words("Pull-requests wait 3 days: Wróbel's CI, ÉTÉ, straße"),
            [
                "pull", "requests", "wait", "3", "days", "wrobel", "s", "ci", "ete", "straße"
            ]
        );
        assert_eq!(all_words("ΟΔΟΣ οδος"), ["οδοσ", "οδοσ"]);
        assert_eq!(all_words("東京に行く"), ["東", "京", "に", "行", "く"]);
        assert_eq!(all_words("İstanbul ﬁne"), ["istanbul", "ﬁne"]);
        let long = "a".repeat(MAX_TERM + 5);
        assert_eq!(
            all_words(&format!("{long} b")),
            ["a".repeat(MAX_TERM), "b".into()]
        );
        assert!(all_words(" \n—…").is_empty());
    }

    #[test]
    fn posting_lists_round_trip_and_pick_the_shorter_form() {
        let cases: Vec<Vec<u32>> = vec![
            vec![],
            vec![0],
            vec![31],
            vec![32],
            vec![5, 6, 7, 1000, 40_000, 1_000_000],
            (0..1000).collect(),
            (0..5000).filter(|i| i % 3 == 0).collect(),
            (100..700).step_by(2).collect(),
        ];
        for ids in cases {
            let s = encode(&ids);
            assert_eq!(decode(&s), ids, "{s}");
            assert!(s.bytes().all(|b| b == b'.' || DIGITS.contains(&b)));
        }
        assert!(encode(&(0..1000).collect::<Vec<_>>()).starts_with('.'));
        assert_eq!(encode(&(0..1000).collect::<Vec<_>>()).len(), 1 + 1 + 167);
        assert!(!encode(&[3, 900]).starts_with('.'));
    }

    #[test]
    fn cut_makes_even_non_empty_runs() {
        assert_eq!(cut(&[], 4), [0]);
        assert_eq!(cut(&[5], 4), [0]);
        assert_eq!(cut(&[1; 10], 2), [0, 5]);
        assert_eq!(cut(&[1; 10], 3), [0, 3, 6]);
        // A huge item takes a run of its own; no run is empty.
        assert_eq!(cut(&[1, 1, 100, 1, 1], 4), [0, 2, 3, 4]);
        assert_eq!(cut(&[100, 1, 1], 3), [0, 1, 2]);
        for parts in 1..12 {
            let sizes: Vec<usize> = (0..10).map(|i| (i * 7) % 5 + 1).collect();
            let starts = cut(&sizes, parts);
            assert_eq!(starts.len(), parts.min(10));
            assert!(starts.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn parts_past_the_cut_are_empty() {
        assert_eq!(part(&[0, 3], 5, 0), 0..3);
        assert_eq!(part(&[0, 3], 5, 1), 3..5);
        assert_eq!(part(&[0, 3], 5, 2), 5..5);
    }

    #[test]
    fn snippet_text_is_cut_at_a_space() {
        let long = "word ".repeat(MAX_TEXT);
        let cut = snippet_text(&long);
        assert!(cut.len() <= MAX_TEXT);
        assert!(cut.ends_with("word"));
        assert_eq!(snippet_text("short"), "short");
    }
}
