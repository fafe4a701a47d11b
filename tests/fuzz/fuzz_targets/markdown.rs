//! A Markdown body → `links` and `render`, with a resolver that publishes some targets and
//! withholds the others.
//!
//! Never panics; links' spans are inside the body; `render` asks about exactly the links
//! `links` finds; no link of ours keeps its written destination (resolved ones are
//! rewritten, withheld ones lose their anchor or image source); with raw HTML not allowed,
//! only the elements and attributes pulldown-cmark writes appear, so no `<script`.

#![no_main]

use std::cell::RefCell;
use std::hash::{DefaultHasher, Hash, Hasher};

use libfuzzer_sys::fuzz_target;
use mentorlog::content::markdown::{self, RenderOptions, Target};
use mentorlog_fuzz::{safe_tags, script_tags, unescape};

fuzz_target!(|body: &str| {
    let found = markdown::links(body);
    for link in &found {
        assert!(
            body.get(link.span.clone()).is_some(),
            "span {:?} is not a slice of the body",
            link.span
        );
    }

    for unsafe_html in [false, true] {
        let asked = RefCell::new(Vec::new());
        let withheld = RefCell::new(Vec::new());
        let resolve = |target: &Target| {
            asked.borrow_mut().push(target.clone());
            let mut h = DefaultHasher::new();
            target.hash(&mut h);
            let h = h.finish();
            if h.is_multiple_of(3) {
                withheld.borrow_mut().push(target.clone());
                None
            } else {
                Some(format!("/published/{h:x}/"))
            }
        };
        let opts = RenderOptions {
            unsafe_html,
            heading_shift: u8::try_from(body.len() % 7).unwrap_or(1),
            reserved_id: None,
        };
        let html = markdown::render(body, opts, &resolve);

        let asked = asked.into_inner();
        let expected: Vec<Target> = found.iter().map(|l| l.target.clone()).collect();
        assert_eq!(asked, expected, "render and links disagree on the links");
        if unsafe_html {
            continue;
        }

        let tags = safe_tags(&html);
        assert!(script_tags(&html).is_empty(), "a <script> tag: {html:?}");
        let withheld = withheld.into_inner();
        for tag in &tags {
            for (name, value) in &tag.attributes {
                if *name != "href" && *name != "src" {
                    continue;
                }
                let url = unescape(value);
                if let Some(target) = markdown::classify(&url) {
                    let state = if withheld.contains(&target) {
                        "withheld"
                    } else {
                        "unresolved"
                    };
                    panic!("a {state} link kept its destination `{url}`: {html:?}");
                }
            }
        }
    }
});
