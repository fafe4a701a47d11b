//! Bytes → `decode` → `split` → typed front matter (both schemas) and the span map.
//!
//! Where the shortcut for simple YAML reads a block, it reads it as serde_yaml does.
//!
//! Never panics, and every diagnostic points inside the file: its line is one of the
//! file's lines (or one past the end), its column one of that line's characters (or one
//! past the end); a front matter problem lies in the block or at its closing fence, with
//! lines counted at `\n` only (libyaml also breaks at U+0085, U+2028, U+2029). Keys found
//! by the span map lie in the block too.

#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use mentorlog::content::doc::{MentorshipFront, SessionFront};
use mentorlog::content::front_matter::{self, Schema};
use mentorlog::content::load::decode;
use mentorlog::content::spans::SpanMap;
use mentorlog::diagnostic::Sources;
use mentorlog_fuzz::check_diagnostic;

const PATH: &str = "content/sessions/note.md";

fuzz_target!(|data: &[u8]| {
    let text = match decode(PATH, data.to_vec()) {
        Ok(text) => text,
        Err(d) => {
            // The place of the first bad byte, in the text as far as it was readable.
            let shown = String::from_utf8_lossy(data).replace("\r\n", "\n");
            let mut sources = Sources::default();
            sources.insert(PATH, Arc::from(shown.as_str()));
            check_diagnostic(&d, &shown, &sources);
            return;
        }
    };
    let mut sources = Sources::default();
    sources.insert(PATH, Arc::from(text.as_str()));
    let split = match front_matter::split(PATH, &text) {
        Ok(split) => split,
        Err(d) => {
            check_diagnostic(&d, &text, &sources);
            return;
        }
    };
    assert_eq!(&text[split.body_offset..], split.body);
    assert!(text[..split.body_offset].contains(split.yaml));

    // Front matter problems lie in the block (from line 2) or at its closing fence.
    let fence = 1 + split.yaml.split('\n').count();
    let (_, diagnostics) = front_matter::parse::<SessionFront>(PATH, split.yaml, Schema::Session);
    let (_, more) = front_matter::parse::<MentorshipFront>(PATH, split.yaml, Schema::Mentorship);
    for d in diagnostics.iter().chain(&more) {
        check_diagnostic(d, &text, &sources);
        if let Some(loc) = d.loc {
            assert!(
                loc.line <= fence,
                "`{}` on line {} is below the closing fence on line {fence}: {d:?}",
                d.code,
                loc.line
            );
        }
    }

    // The shortcut for the YAML people write reads a block exactly as serde_yaml does, or
    // leaves it to serde_yaml.
    if let Err(why) = front_matter::shortcut_agrees(split.yaml) {
        panic!("the shortcut and serde_yaml differ: {why}\n{}", split.yaml);
    }

    // The span walker (what `Note::spans` builds for diagnostics) on any block, accepted
    // or not: it expands no alias, so it needs no size guard.
    let spans = SpanMap::build(split.yaml, 2);
    check_spans(&spans, &text);
    let _ = spans.value("goals.0.id");
    let _ = spans.key("weaknesses.1.text");
});

/// Keys' places become unknown-key warnings and later reference errors: inside the text.
fn check_spans(spans: &SpanMap, text: &str) {
    let lines: Vec<&str> = text.split('\n').collect();
    for (path, loc) in spans.keys() {
        assert!(
            loc.line >= 2 && loc.line <= lines.len(),
            "key `{path}` on line {} of {}",
            loc.line,
            lines.len()
        );
        let width = lines[loc.line - 1].chars().count();
        assert!(
            loc.column >= 1 && loc.column <= width + 1,
            "key `{path}` at column {} of a line of {width}",
            loc.column
        );
    }
}
