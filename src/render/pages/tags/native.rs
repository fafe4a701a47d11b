//! The `main` block of `tag.html` as shipped, written in Rust (see `render::native`):
//! each line below follows the template's, text and white space included.

use super::super::super::native::{Arg, Html, session_item};
use super::super::MentorshipView;
use super::TagParts;

/// The `main` block of `tag.html`.
pub(super) fn main(h: &mut Html<'_>, m: &MentorshipView<'_>, tag: &TagParts<'_>) {
    h.raw("\n<header class=\"page-head\">\n  <p class=\"eyebrow\">");
    h.t("tags.tag");
    h.raw(" · ");
    h.text(&m.front.title);
    h.raw("</p>\n  <h1><span class=\"tag tag-title\">");
    h.text(tag.name);
    h.raw("</span></h1>\n  <p class=\"lede\">");
    h.t_with(
        "tags.tagged",
        i64::try_from(tag.tagged.len()).ok(),
        &[("name", Arg::Text(tag.name))],
    );
    h.raw("</p>\n</header>\n<section aria-labelledby=\"tagged_h\">\n  <h2 id=\"tagged_h\">");
    h.t("nav.sessions");
    h.raw("</h2>\n  <ol class=\"session-list\">\n    ");
    for &s in tag.tagged {
        session_item(h, &tag.sessions[s]);
    }
    h.raw("\n  </ol>\n</section>\n");
    if !tag.weaknesses.is_empty() {
        h.raw("\n<section aria-labelledby=\"tagged_w_h\">\n  <h2 id=\"tagged_w_h\">");
        h.t("tags.weaknesses");
        h.raw("</h2>\n  <ul class=\"items\">\n    ");
        for w in tag.weaknesses {
            h.raw("<li><a href=\"");
            h.url(&w.url);
            h.raw("\">");
            h.text(&w.title);
            h.raw("</a></li>");
        }
        h.raw("\n  </ul>\n</section>\n");
    }
    h.raw("\n<p><a class=\"more\" href=\"");
    h.url(&m.urls.tags);
    h.raw("\">");
    h.t("tags.all");
    h.raw("</a></p>\n");
}
