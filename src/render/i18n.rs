//! The theme's words in the site's language (issue 18): every string the default theme,
//! its pictures and the files mentorlog writes show comes from a translation table.
//!
//! Tables are TOML files named after the language, `i18n/de.toml`: the built-in theme's
//! (`themes/default/i18n/`, embedded), a theme's own (`themes/NAME/i18n/`), then the
//! site's (`i18n/`), later ones overriding single strings of earlier ones, all over the
//! English table, so that a key missing from a language is said in English rather than
//! not at all. Nested tables flatten into dotted keys (`[status] active = "aktiv"` is
//! `status.active`); a table of exactly `one` and `other` is a plural (`{n}` in it is the
//! count); `{name}` in a string is filled from the argument of that name. Templates call
//! `t(key="…", …)` and format dates with `| long_date`; Rust code asks [`Translations`].
//! Pure: the files are read by `theme`.

use crate::code::Code;
use std::sync::Arc;

use crate::date::Date;
use crate::diagnostic::Diagnostic;

use super::theme::Theme;

/// One string, or the two forms of a plural.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    Text(String),
    Plural { one: String, other: String },
}

/// The strings of one language.
#[derive(Debug, Clone, Default)]
pub struct Translations {
    /// The language asked for (`de`, `pt-BR`).
    language: String,
    entries: ahash::AHashMap<String, Entry>,
    /// Whether 0 takes the singular, as in French and Portuguese.
    zero_is_one: bool,
}

/// The languages the default theme comes with.
pub const LANGUAGES: [&str; 6] = ["en", "de", "fr", "es", "pt", "nl"];

impl Translations {
    /// The table of `language` (`de`, or `de-CH`, which falls back to `de`) from the
    /// theme's layers, over English.
    ///
    /// # Errors
    /// A table that is not valid TOML, or holds something other than strings and tables.
    pub fn load(theme: &Theme, language: &str) -> Result<Self, Vec<Diagnostic>> {
        let base = language.split(['-', '_']).next().unwrap_or("en");
        let base = base.to_ascii_lowercase();
        let mut t = Self {
            language: language.to_owned(),
            entries: ahash::AHashMap::new(),
            zero_is_one: matches!(base.as_str(), "fr" | "pt"),
        };
        let mut errors = Vec::new();
        // English first, then the language, then its regional variant; each theme layer
        // in order within a name (`Theme::i18n` keeps them in layer order).
        let mut names = vec!["en".to_owned()];
        if base != "en" {
            names.push(base.clone());
        }
        if language.to_ascii_lowercase() != base {
            names.push(language.to_owned());
        }
        for name in &names {
            for file in theme.i18n.get(name.as_str()).into_iter().flatten() {
                let text = String::from_utf8_lossy(&file.bytes);
                match text.parse::<toml::Table>() {
                    Ok(table) => {
                        if let Err(e) = t.add("", &table) {
                            errors.push(Diagnostic::error(
                                file.origin.clone(),
                                None,
                                Code::Translation,
                                e,
                            ));
                        }
                    }
                    Err(e) => errors.push(
                        Diagnostic::error(
                            file.origin.clone(),
                            None,
                            Code::Translation,
                            format!("not a valid translation table: {}", e.message()),
                        )
                        .with_hint("write `key = \"text\"` lines, grouped in `[tables]`"),
                    ),
                }
            }
        }
        if errors.is_empty() {
            Ok(t)
        } else {
            Err(errors)
        }
    }

    fn add(&mut self, prefix: &str, table: &toml::Table) -> Result<(), String> {
        for (k, v) in table {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match v {
                toml::Value::String(s) => {
                    self.entries.insert(key, Entry::Text(s.clone()));
                }
                toml::Value::Table(t) => match (t.get("one"), t.get("other"), t.len()) {
                    (Some(toml::Value::String(one)), Some(toml::Value::String(other)), 2) => {
                        self.entries.insert(
                            key,
                            Entry::Plural {
                                one: one.clone(),
                                other: other.clone(),
                            },
                        );
                    }
                    _ => self.add(&key, t)?,
                },
                _ => return Err(format!("`{key}` is not a text: write it in quotes")),
            }
        }
        Ok(())
    }

    /// Every key, sorted (for tests and tools).
    #[must_use]
    pub fn keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.entries.keys().map(String::as_str).collect();
        keys.sort_unstable();
        keys
    }

    /// Every form of `key`: its string, or the `one` and `other` forms of a plural (none
    /// when the tables lack it).
    #[must_use]
    pub fn forms(&self, key: &str) -> Vec<&str> {
        match self.entries.get(key) {
            Some(Entry::Text(s)) => vec![s],
            Some(Entry::Plural { one, other }) => vec![one, other],
            None => Vec::new(),
        }
    }

    /// The string of `key` (the `other` form of a plural); the key itself when the tables
    /// lack it.
    #[must_use]
    pub(crate) fn text<'s>(&'s self, key: &'s str) -> &'s str {
        match self.entries.get(key) {
            Some(Entry::Text(s) | Entry::Plural { other: s, .. }) => s,
            None => key,
        }
    }

    /// The form of `key` for the count `n`.
    #[must_use]
    pub(crate) fn plural<'s>(&'s self, key: &'s str, n: i64) -> &'s str {
        match self.entries.get(key) {
            Some(Entry::Plural { one, other }) => {
                if n == 1 || (n == 0 && self.zero_is_one) {
                    one
                } else {
                    other
                }
            }
            _ => self.text(key),
        }
    }

    /// `key` for the count `n` (when given), with `{name}` filled from `args` and `{n}`
    /// from `n`.
    #[must_use]
    pub(crate) fn format(&self, key: &str, n: Option<i64>, args: &[(&str, &str)]) -> String {
        let raw = n.map_or_else(|| self.text(key), |n| self.plural(key, n));
        let count = n.map(|n| n.to_string());
        fill(raw, |name| {
            if name == "n" {
                return count.clone();
            }
            args.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    /// A date as the language writes it in full: "4 March 2026", "4. März 2026".
    #[must_use]
    pub(crate) fn long_date(&self, d: Date) -> String {
        const MONTHS: [&str; 12] = [
            "date.month.1",
            "date.month.2",
            "date.month.3",
            "date.month.4",
            "date.month.5",
            "date.month.6",
            "date.month.7",
            "date.month.8",
            "date.month.9",
            "date.month.10",
            "date.month.11",
            "date.month.12",
        ];
        let mut day_digits = itoa::Buffer::new();
        let day_text = if d.day() == 1 {
            self.text("date.first_day")
        } else {
            day_digits.format(d.day())
        };
        let month = self.text(MONTHS[usize::from(d.month() - 1)]);
        let mut year_digits = itoa::Buffer::new();
        let year = year_digits.format(d.year());
        // Every page shows dates: written straight in, without a copy of each part.
        let mut out = String::with_capacity(32);
        fill_into(&mut out, self.text("date.long"), |name, out| {
            match name {
                "day" => out.push_str(day_text),
                "month" => out.push_str(month),
                "year" => out.push_str(year),
                _ => return false,
            }
            true
        });
        out
    }

    /// A month's short name, 1 to 12: "Mar", "Mär".
    #[must_use]
    pub(crate) fn month_short(&self, month: usize) -> &str {
        self.entries
            .get(&format!("date.month_short.{month}"))
            .map_or("", |e| match e {
                Entry::Text(s) | Entry::Plural { other: s, .. } => s,
            })
    }
}

/// `text` with every `{name}` replaced by `value(name)`; an unknown name is left as written.
fn fill(text: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    fill_into(&mut out, text, |name, out| {
        value(name).map(|v| out.push_str(&v)).is_some()
    });
    out
}

/// [`fill`], writing into `out`: `value` writes the value of `{name}` and says whether
/// there is one (the place is kept as written when there is none).
fn fill_into(out: &mut String, text: &str, mut value: impl FnMut(&str, &mut String) -> bool) {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if after[..close]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && close > 0 =>
            {
                let name = &after[..close];
                if !value(name, out) {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// Registers `t(key=…, n=…, name=…)` and the `long_date` filter with Tera.
///
/// `t` returns the translation with its arguments filled in, HTML-escaped but for
/// arguments marked safe (`x | safe`), which go in as they are: a sentence may hold a
/// link the template made.
pub(crate) fn register(tera: &mut tera::Tera, words: &Arc<Words>) {
    tera.register_function("t", TFunction(Arc::clone(words)));
    let for_dates = Arc::clone(&words.t);
    tera.register_filter(
        "long_date",
        move |v: &tera::Value, _: tera::Kwargs, _: &tera::State| match v
            .as_str()
            .and_then(|s| s.parse::<Date>().ok())
        {
            Some(d) => Ok(tera::Value::from(for_dates.long_date(d))),
            None => Err(tera::Error::message(format!(
                "the `long_date` filter takes a YYYY-MM-DD date, not `{v}`"
            ))),
        },
    );
}

/// One form of an entry as `t` returns it, HTML-escaped once when the templates are
/// loaded rather than at each of the eighty calls a page makes (issue 17: `t` was a
/// tenth of a build's instructions).
struct Form {
    /// The escaped text, in which `{name}` is filled in at each call.
    escaped: String,
    /// The same as a template value, returned as it is when there is nothing to fill.
    value: Option<tera::Value>,
}

impl Form {
    fn new(raw: &str) -> Self {
        let mut buf = Vec::with_capacity(raw.len());
        let _ = tera::escape_html(raw, &mut buf);
        let escaped = String::from_utf8(buf).unwrap_or_default();
        // `fill` returns a text without `{` as it is, whatever the arguments.
        let value = (!escaped.contains('{')).then(|| tera::Value::safe_string(&escaped));
        Self { escaped, value }
    }
}

/// An entry's forms, escaped (see [`Form`]).
enum Prepared {
    Text(Form),
    Plural { one: Form, other: Form },
}

/// The theme's words as `t` says them: every form escaped once. Both the templates'
/// `t` and the built-in templates written in Rust (`super::native`) say them through
/// [`Words::fill`], so that they cannot differ.
pub(crate) struct Words {
    t: Arc<Translations>,
    prepared: ahash::AHashMap<String, Prepared>,
}

impl Words {
    /// The forms of every entry of `t`.
    pub(crate) fn new(t: Arc<Translations>) -> Self {
        let prepared = t
            .entries
            .iter()
            .map(|(k, e)| {
                let p = match e {
                    Entry::Text(s) => Prepared::Text(Form::new(s)),
                    Entry::Plural { one, other } => Prepared::Plural {
                        one: Form::new(one),
                        other: Form::new(other),
                    },
                };
                (k.clone(), p)
            })
            .collect();
        Self { t, prepared }
    }

    /// The tables the words come from.
    pub(crate) fn translations(&self) -> &Translations {
        &self.t
    }

    /// The form of `entry` for the count `n`: the form `Translations::plural` and `text`
    /// choose.
    fn form<'w>(&self, entry: &'w Prepared, n: Option<i64>) -> &'w Form {
        match (entry, n) {
            (Prepared::Text(f), _) | (Prepared::Plural { other: f, .. }, None) => f,
            (Prepared::Plural { one, other }, Some(n)) => {
                if n == 1 || (n == 0 && self.t.zero_is_one) {
                    one
                } else {
                    other
                }
            }
        }
    }

    /// Writes `form` into `out` with each `{name}` filled: `{n}` with the count when there
    /// is one, any other by `arg`, which writes the argument (escaped unless safe) and
    /// says whether there is one. The name of the last argument missing, if any (their
    /// places are then kept as written).
    fn fill(
        form: &Form,
        out: &mut String,
        n: Option<i64>,
        mut arg: impl FnMut(&str, &mut String) -> bool,
    ) -> Option<String> {
        let mut missing = None;
        fill_into(out, &form.escaped, |name, out| {
            if name == "n" {
                return n
                    .map(|n| out.push_str(itoa::Buffer::new().format(n)))
                    .is_some();
            }
            let found = arg(name, out);
            if !found {
                missing = Some(name.to_owned());
            }
            found
        });
        missing
    }

    /// `t(key=key, n=n, …)` written into `out`, the other arguments written by `arg` (see
    /// [`Words::fill`]); `false` when `t` would fail (an unknown key, a missing argument),
    /// and then what was written is not to be used.
    pub(crate) fn say(
        &self,
        out: &mut String,
        key: &str,
        n: Option<i64>,
        arg: impl FnMut(&str, &mut String) -> bool,
    ) -> bool {
        self.prepared
            .get(key)
            .is_some_and(|entry| Self::fill(self.form(entry, n), out, n, arg).is_none())
    }
}

/// `t(key=…, n=…, name=…)`.
struct TFunction(Arc<Words>);

impl tera::Function<tera::TeraResult<tera::Value>> for TFunction {
    fn call(&self, kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<tera::Value> {
        let key: &str = kwargs.must_get("key")?;
        let Some(entry) = self.0.prepared.get(key) else {
            return Err(tera::Error::message(format!(
                "no translation `{key}`: add it to i18n/{}.toml (or i18n/en.toml)",
                self.0.t.language
            )));
        };
        let n =
            match kwargs.get::<&tera::Value>("n")? {
                Some(v) => Some(v.as_i128().and_then(|n| i64::try_from(n).ok()).ok_or_else(
                    || tera::Error::message(format!("`n` of `t` is a count, not `{v}`")),
                )?),
                None => None,
            };
        let form = self.0.form(entry, n);
        if let Some(v) = &form.value {
            return Ok(v.clone());
        }
        // Each value is written straight into the text: a page calls `t` with arguments
        // thousands of times (issue 17). Escaped by the escaper Tera's own `escape_html`
        // uses.
        let mut out = String::with_capacity(form.escaped.len() + 32);
        let missing = Words::fill(form, &mut out, n, |name, out| {
            match kwargs.get::<&tera::Value>(name) {
                Ok(Some(v)) => {
                    match (v.as_str(), v.is_safe()) {
                        (Some(s), true) => out.push_str(s),
                        (Some(s), false) => {
                            let _ = pulldown_cmark_escape::escape_html(&mut *out, s);
                        }
                        (None, true) => out.push_str(&v.to_string()),
                        (None, false) => {
                            let _ = pulldown_cmark_escape::escape_html(&mut *out, &v.to_string());
                        }
                    }
                    true
                }
                _ => false,
            }
        });
        if let Some(name) = missing {
            return Err(tera::Error::message(format!(
                "the translation `{key}` needs `{name}`: t(key=\"{key}\", {name}=…)"
            )));
        }
        Ok(tera::Value::safe_string(&out))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

impl Translations {
    /// `template` with every `{{ t(key="…") }}` whose text has nothing to fill in replaced
    /// by that text, escaped as `t` returns it; `None` when there is none. Each such call
    /// costs a map of arguments and a function call in Tera on every page (issue 17), and
    /// its result never varies.
    ///
    /// Conservative, so that the output stays the same: only the exact form above, outside
    /// every other tag and comment, without whitespace control (`{{-`), in a template
    /// without `raw` blocks; only texts that are not empty, hold no `{` or line break and
    /// neither start nor end with whitespace (a neighbour's `{%-` trims the same text
    /// then). An unknown key stays a call, to fail as before.
    pub(crate) fn fold_calls(&self, template: &str) -> Option<String> {
        let tag_starts = |s: &str| {
            s.match_indices("{%").any(|(i, _)| {
                s[i + 2..]
                    .trim_start_matches(['-', ' ', '\t', '\r', '\n'])
                    .starts_with("raw")
            })
        };
        if tag_starts(template) {
            return None;
        }
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        let mut folded = false;
        while let Some(open) = rest.find('{') {
            let (close, fold) = match rest.as_bytes().get(open + 1) {
                Some(b'#') => (rest[open..].find("#}").map(|c| open + c + 2), None),
                Some(b'%') => (tag_end(rest, open + 2, b'%'), None),
                Some(b'{') => match tag_end(rest, open + 2, b'}') {
                    Some(close) => (Some(close), self.folded(&rest[open + 2..close - 2])),
                    None => (None, None),
                },
                _ => (Some(open + 1), None),
            };
            let Some(close) = close else { break };
            match fold {
                Some(text) => {
                    out.push_str(&rest[..open]);
                    out.push_str(&text);
                    folded = true;
                }
                None => out.push_str(&rest[..close]),
            }
            rest = &rest[close..];
        }
        out.push_str(rest);
        folded.then_some(out)
    }

    /// What `{{ INNER }}` prints, when [`Translations::fold_calls`] may write it instead.
    fn folded(&self, inner: &str) -> Option<String> {
        if inner.starts_with('-') || inner.ends_with('-') {
            return None;
        }
        let call = inner.trim().strip_prefix("t(key=")?.strip_suffix(')')?;
        let key = call
            .strip_prefix('"')
            .and_then(|k| k.strip_suffix('"'))
            .or_else(|| call.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))?;
        if !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        {
            return None;
        }
        // Without `n`, `t` says a plural's `other` form.
        let raw = match self.entries.get(key)? {
            Entry::Text(s) | Entry::Plural { other: s, .. } => s,
        };
        let text = Form::new(raw).escaped;
        let plain = !text.is_empty()
            && !text.contains(['{', '\n', '\r'])
            && !text.starts_with(char::is_whitespace)
            && !text.ends_with(char::is_whitespace);
        plain.then_some(text)
    }
}

/// Where the tag whose inside starts at `from` ends (after its `%}` or `}}`, `closer`
/// being `%` or `}`), passing over the quoted strings in it.
fn tag_end(s: &str, from: usize, closer: u8) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = from;
    let mut quote = None;
    while i < b.len() {
        match (quote, b[i]) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, c @ (b'"' | b'\'' | b'`')) => quote = Some(c),
            (None, c) if c == closer && b.get(i + 1) == Some(&b'}') => return Some(i + 2),
            (None, _) => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(lang: &str, text: &str) -> Translations {
        let mut theme = Theme::default();
        theme.i18n.insert(
            lang.to_owned(),
            vec![super::super::theme::ThemeFile {
                origin: format!("{lang}.toml"),
                bytes: text.as_bytes().to_vec(),
            }],
        );
        Translations::load(&theme, lang).unwrap()
    }

    #[test]
    fn calls_with_a_fixed_result_are_folded_and_nothing_else() {
        let en = table(
            "en",
            "a = \"Skip <to> it\"\nb = \"Hi {name}\"\nc = \" padded\"\nd = \"\"\n\
             [n]\np = { one = \"one\", other = \"many\" }\n",
        );
        let fold = |s: &str| en.fold_calls(s);
        assert_eq!(
            fold("x {{ t(key=\"a\") }} y").as_deref(),
            Some("x Skip &lt;to&gt; it y")
        );
        assert_eq!(
            fold("{{t(key='a')}}|{{ t(key=\"n.p\") }}").as_deref(),
            Some("Skip &lt;to&gt; it|many")
        );
        // Not folded: placeholders, whitespace at an end, empty, unknown keys, other
        // arguments, whitespace control, inside tags, comments, strings and raw blocks.
        for kept in [
            "{{ t(key=\"b\") }}",
            "{{ t(key=\"c\") }}",
            "{{ t(key=\"d\") }}",
            "{{ t(key=\"zz\") }}",
            "{{ t(key=\"n.p\", n=1) }}",
            "{{- t(key=\"a\") }}",
            "{{ t(key=\"a\") -}}",
            "{{ t(key=\"a\") | upper }}",
            "{# {{ t(key=\"a\") }} #}",
            "{% set x = \"%} {{ t(key='a') }}\" %}",
            "{{ \"}} {{ t(key='a') }}\" }}",
            "{% raw %}{{ t(key=\"a\") }}{% endraw %}",
            "{%- raw -%}{% endraw %} {{ t(key=\"a\") }}",
        ] {
            assert_eq!(fold(kept), None, "{kept}");
        }
    }

    #[test]
    fn t_escapes_its_arguments_but_safe_ones_and_says_what_is_missing() {
        let en = Arc::new(table(
            "en",
            "a = \"<b>{who}</b> & {what}: {n}\"\n[n]\np = { one = \"{n} <one>\", other = \"{n} many\" }\n",
        ));
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html"]);
        register(&mut tera, &Arc::new(Words::new(en)));
        let render = |template: &str| {
            let mut tera = tera.clone();
            tera.add_raw_template("x.html", template).unwrap();
            let mut ctx = tera::Context::new();
            ctx.insert("who", "Ada <\"O'Neil\"> & co");
            ctx.insert("count", &3);
            ctx.insert("flag", &true);
            tera.render("x.html", &ctx).map_err(|e| format!("{e:?}"))
        };
        assert_eq!(
            render("{{ t(key='a', who=who, what='<i>' | safe, n=count) }}").unwrap(),
            "&lt;b&gt;Ada &lt;&quot;O&#39;Neil&quot;&gt; &amp; co&lt;/b&gt; &amp; <i>: 3"
        );
        assert_eq!(
            render("{{ t(key='a', who=count, what=flag, n=-2) }}").unwrap(),
            "&lt;b&gt;3&lt;/b&gt; &amp; true: -2"
        );
        assert_eq!(render("{{ t(key='n.p', n=1) }}").unwrap(), "1 &lt;one&gt;");
        assert_eq!(render("{{ t(key='n.p', n=count) }}").unwrap(), "3 many");
        let missing = render("{{ t(key='a', who=who) }}").unwrap_err();
        assert!(missing.contains("needs `what`"), "{missing}");
    }

    #[test]
    fn plurals_follow_the_language() {
        let en = table(
            "en",
            "[count]\ngoals = { one = \"{n} goal\", other = \"{n} goals\" }\n",
        );
        assert_eq!(en.format("count.goals", Some(0), &[]), "0 goals");
        assert_eq!(en.format("count.goals", Some(1), &[]), "1 goal");
        let fr = table(
            "fr",
            "[count]\ngoals = { one = \"{n} objectif\", other = \"{n} objectifs\" }\n",
        );
        assert_eq!(fr.format("count.goals", Some(0), &[]), "0 objectif");
        assert_eq!(fr.format("count.goals", Some(2), &[]), "2 objectifs");
    }

    #[test]
    fn arguments_fill_in_and_unknown_braces_stay() {
        let en = table("en", "a = \"Tag: {name} {x\"\n");
        assert_eq!(
            en.format("a", None, &[("name", "review")]),
            "Tag: review {x"
        );
        assert_eq!(
            fill("{a}{b}", |n| (n == "a").then(|| "1".to_owned())),
            "1{b}"
        );
    }

    #[test]
    fn dates_are_written_the_languages_way() {
        let de = table(
            "de",
            "[date]\nlong = \"{day}. {month} {year}\"\nfirst_day = \"1\"\n[date.month]\n3 = \"März\"\n",
        );
        assert_eq!(de.long_date("2026-03-04".parse().unwrap()), "4. März 2026");
        let fr = table(
            "fr",
            "[date]\nlong = \"{day} {month} {year}\"\nfirst_day = \"1er\"\n[date.month]\n3 = \"mars\"\n",
        );
        assert_eq!(fr.long_date("2026-03-01".parse().unwrap()), "1er mars 2026");
    }

    /// Every language the theme comes with has every key of the English table, and no
    /// key English lacks.
    #[test]
    fn the_built_in_languages_have_every_key() {
        let theme = super::super::theme::builtin();
        let en = Translations::load(&theme, "en").unwrap();
        let en_keys = en.keys();
        assert!(en_keys.len() > 100, "{}", en_keys.len());
        for lang in LANGUAGES {
            let files = theme
                .i18n
                .get(lang)
                .unwrap_or_else(|| panic!("no {lang}.toml"));
            let mut only = Translations::default();
            for f in files {
                only.add(
                    "",
                    &String::from_utf8_lossy(&f.bytes)
                        .parse::<toml::Table>()
                        .unwrap(),
                )
                .unwrap();
            }
            let keys = only.keys();
            let missing: Vec<_> = en_keys.iter().filter(|k| !keys.contains(k)).collect();
            let extra: Vec<_> = keys.iter().filter(|k| !en_keys.contains(k)).collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
            assert!(extra.is_empty(), "{lang} has keys English lacks: {extra:?}");
            // Plurals stay plurals.
            for k in &en_keys {
                assert_eq!(
                    matches!(en.entries[*k], Entry::Plural { .. }),
                    matches!(only.entries[*k], Entry::Plural { .. }),
                    "{lang}: {k}"
                );
            }
        }
    }
}
