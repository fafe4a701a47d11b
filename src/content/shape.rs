//! What each key of the front matter accepts (PRODUCT.md §3), as one table.
//!
//! The typed front matter ([`super::doc`]) is what a note means; this table is what may be
//! written, and the one place that says it: which keys each map knows, which are required,
//! what shape each value has, the words of each enum (taken from the enums themselves) and
//! the synonyms whose meaning a hint can name. The validator (`content::validate`) walks a
//! note's YAML against it to report every problem of a note at once, and the unknown-key
//! warnings come from it. Tests keep it equal to the typed structs (every key, every
//! accepted and rejected value) and to the JSON Schema that `mentorlog schema` prints.
//! Nothing here parses or reads anything.

use crate::content::doc::{
    BacklogChangeKind, Direction, Formality, GoalStatus, Health, Impact, MentorshipStatus, Moscow,
    SessionKind, Size, Visibility,
};

/// Whether a key must be written, and what `key:` with nothing (or `null`) after it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Presence {
    /// Must be written; an empty value is read by its shape.
    Required,
    /// May be left out (a default applies); an empty value is read by its shape.
    Defaulted,
    /// May be left out; nothing or `null` after the colon is the same as leaving it out.
    Optional,
}

/// What a value may be.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Shape {
    /// Text; a number or `true` is read as its text.
    Text,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// A whole number, 0 or more.
    Count,
    /// One of a few words, whatever their case.
    Word(&'static Words),
    /// A list of items of a shape; the text says what the list is ("a list of names").
    List(&'static Shape, &'static str),
    /// Weaknesses a goal or question addresses: one id or text, or a list of them.
    Names,
    /// A goal's owner: a name, or a list of names.
    Owner,
    /// A sprint: a number or a name.
    Sprint,
    /// When a goal is due: a date or a sprint.
    Due,
    /// Text, or a map of keys (`- Slow reviews` or `- {id: slow-reviews, text: …}`).
    TextOrMap(&'static MapShape),
    /// A map of keys.
    Map(&'static MapShape),
    /// A backlog change's `before` or `after`: a scalar, or one of [`BACKLOG_VALUE`].
    BacklogValue,
    /// `{position: N}`: a whole number from 1.
    Position,
    /// `{points: N}`: a number, 0 or more.
    Points,
    /// `true` or `false`.
    Flag,
    /// Anything (`extra`).
    Free,
}

impl Shape {
    /// What a value of this shape is, for messages: "a list of names".
    #[must_use]
    pub(crate) fn described(&self) -> String {
        match self {
            Self::Text => "text".to_owned(),
            Self::Date => "a date (YYYY-MM-DD)".to_owned(),
            Self::Count => "a whole number (0 or more)".to_owned(),
            Self::Word(words) => format!("one of: {}", words.words.join(", ")),
            Self::List(_, what) => (*what).to_owned(),
            Self::Names => "a weakness (its id or text), or a list of them".to_owned(),
            Self::Owner => "a name or a list of names".to_owned(),
            Self::Sprint => "a sprint number or name".to_owned(),
            Self::Due => "a date (YYYY-MM-DD) or a sprint (`sprint 4`)".to_owned(),
            Self::TextOrMap(map) | Self::Map(map) => map.what.to_owned(),
            Self::BacklogValue => {
                "a value, or one kind of value: `{position: 3}`, `{moscow: must}`, `{size: M}` or `{points: 5}`".to_owned()
            }
            Self::Position => "a position in the backlog: 1 for the top, 2, 3 …".to_owned(),
            Self::Points => "a number of story points (0 or more)".to_owned(),
            Self::Flag => "`true` or `false`".to_owned(),
            Self::Free => "free data".to_owned(),
        }
    }
}

/// One key of a map.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    /// The key.
    pub key: &'static str,
    /// What its value may be.
    pub shape: Shape,
    /// Whether it must be written.
    pub presence: Presence,
}

const fn required(key: &'static str, shape: Shape) -> Field {
    Field {
        key,
        shape,
        presence: Presence::Required,
    }
}

const fn defaulted(key: &'static str, shape: Shape) -> Field {
    Field {
        key,
        shape,
        presence: Presence::Defaulted,
    }
}

const fn optional(key: &'static str, shape: Shape) -> Field {
    Field {
        key,
        shape,
        presence: Presence::Optional,
    }
}

/// A map and its keys.
#[derive(Debug)]
pub(crate) struct MapShape {
    /// A short name for the map, for code that treats one specially (`goal`).
    pub name: &'static str,
    /// What it is, for messages: "a goal".
    pub what: &'static str,
    /// Its keys, in the order the documentation lists them.
    pub fields: &'static [Field],
}

impl MapShape {
    /// Every key, in order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields.iter().map(|f| f.key)
    }

    /// The field of `key`, if the map knows it.
    #[must_use]
    pub(crate) fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// The words an enum accepts, and the synonyms whose meaning a hint names.
#[derive(Debug)]
pub(crate) struct Words {
    /// Every word as front matter writes it (from the enum: `GoalStatus::WORDS`).
    pub words: &'static [&'static str],
    /// Words people write for one of them (`done` for `achieved`): still errors, but the
    /// hint names the word meant. Compared without case, spaces or punctuation.
    pub synonyms: &'static [(&'static str, &'static str)],
}

impl Words {
    /// The word `written` is, whatever its case.
    #[must_use]
    pub(crate) fn read(&self, written: &str) -> Option<&'static str> {
        self.words
            .iter()
            .copied()
            .find(|w| w.eq_ignore_ascii_case(written))
    }

    /// The word `written` most likely means, for a hint: the same letters spelled
    /// otherwise (`on track`), a known synonym (`done` → `achieved`), else the nearest
    /// word (`mentorin` → `mentoring`).
    #[must_use]
    pub(crate) fn meant(&self, written: &str) -> Option<&'static str> {
        let plain = letters(written);
        if plain.is_empty() {
            return None;
        }
        self.words
            .iter()
            .copied()
            .find(|w| letters(w) == plain)
            .or_else(|| {
                self.synonyms
                    .iter()
                    .find(|(synonym, _)| letters(synonym) == plain)
                    .map(|(_, word)| *word)
            })
            .or_else(|| crate::diagnostic::did_you_mean(written, self.words.iter().copied()))
    }
}

/// Lowercase letters and digits only: `On-Hold` and `on hold` are both `onhold`.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `visibility`, `default_visibility`.
pub(crate) const VISIBILITY: Words = Words {
    words: Visibility::WORDS,
    synonyms: &[
        ("private", "confidential"),
        ("secret", "confidential"),
        ("restricted", "confidential"),
        ("hidden", "confidential"),
        ("internal", "team"),
        ("members", "team"),
        ("open", "public"),
        ("published", "public"),
        ("everyone", "public"),
    ],
};

/// The `status` of a mentorship.
pub(crate) const MENTORSHIP_STATUS: Words = Words {
    words: MentorshipStatus::WORDS,
    synonyms: &[
        ("ongoing", "active"),
        ("open", "active"),
        ("running", "active"),
        ("in progress", "active"),
        ("current", "active"),
        ("on hold", "paused"),
        ("hold", "paused"),
        ("suspended", "paused"),
        ("inactive", "paused"),
        ("done", "ended"),
        ("finished", "ended"),
        ("closed", "ended"),
        ("complete", "ended"),
        ("completed", "ended"),
        ("over", "ended"),
        ("sunset", "ended"),
        ("stopped", "ended"),
    ],
};

/// `formality`.
pub(crate) const FORMALITY: Words = Words {
    words: Formality::WORDS,
    synonyms: &[
        ("casual", "informal"),
        ("loose", "informal"),
        ("ad hoc", "informal"),
        ("structured", "formal"),
        ("strict", "formal"),
        ("official", "formal"),
        ("normal", "regular"),
        ("standard", "regular"),
        ("periodic", "regular"),
    ],
};

/// A session's `kind`.
pub(crate) const SESSION_KIND: Words = Words {
    words: SessionKind::WORDS,
    synonyms: &[
        ("start", "kickoff"),
        ("intro", "kickoff"),
        ("first", "kickoff"),
        ("regular", "mentoring"),
        ("session", "mentoring"),
        ("sprint", "mentoring"),
        ("normal", "mentoring"),
        ("retro", "mentoring"),
        ("retrospective", "mentoring"),
        ("reflection", "review"),
        ("check-in", "review"),
        ("close", "closing"),
        ("final", "closing"),
        ("last", "closing"),
        ("end", "closing"),
        ("farewell", "closing"),
        ("sunset", "closing"),
    ],
};

/// A session's `direction`.
pub(crate) const DIRECTION: Words = Words {
    words: Direction::WORDS,
    synonyms: &[
        ("continued", "continue"),
        ("keep", "continue"),
        ("carry on", "continue"),
        ("proceed", "continue"),
        ("stay", "continue"),
        ("reoriented", "reorient"),
        ("pivot", "reorient"),
        ("change", "reorient"),
        ("refocus", "reorient"),
        ("adjust", "reorient"),
        ("redirect", "reorient"),
        ("end", "sunset"),
        ("ended", "sunset"),
        ("stop", "sunset"),
        ("close", "sunset"),
        ("finish", "sunset"),
        ("terminate", "sunset"),
    ],
};

/// A weakness's `impact`.
pub(crate) const IMPACT: Words = Words {
    words: Impact::WORDS,
    synonyms: &[
        ("med", "medium"),
        ("mid", "medium"),
        ("moderate", "medium"),
        ("normal", "medium"),
        ("average", "medium"),
        ("hi", "high"),
        ("critical", "high"),
        ("severe", "high"),
        ("major", "high"),
        ("big", "high"),
        ("lo", "low"),
        ("minor", "low"),
        ("small", "low"),
        ("trivial", "low"),
    ],
};

/// A goal's `status`.
pub(crate) const GOAL_STATUS: Words = Words {
    words: GoalStatus::WORDS,
    synonyms: &[
        ("done", "achieved"),
        ("complete", "achieved"),
        ("completed", "achieved"),
        ("finished", "achieved"),
        ("accomplished", "achieved"),
        ("met", "achieved"),
        ("reached", "achieved"),
        ("succeeded", "achieved"),
        ("in progress", "active"),
        ("wip", "active"),
        ("ongoing", "active"),
        ("open", "active"),
        ("started", "active"),
        ("doing", "active"),
        ("current", "active"),
        ("planned", "proposed"),
        ("suggested", "proposed"),
        ("idea", "proposed"),
        ("new", "proposed"),
        ("todo", "proposed"),
        ("draft", "proposed"),
        ("on hold", "blocked"),
        ("stuck", "blocked"),
        ("waiting", "blocked"),
        ("paused", "blocked"),
        ("impeded", "blocked"),
        ("partially", "partial"),
        ("partly", "partial"),
        ("partially achieved", "partial"),
        ("half done", "partial"),
        ("failed", "missed"),
        ("not achieved", "missed"),
        ("not done", "missed"),
        ("overdue", "missed"),
        ("cancelled", "dropped"),
        ("canceled", "dropped"),
        ("abandoned", "dropped"),
        ("discarded", "dropped"),
        ("stopped", "dropped"),
        ("removed", "dropped"),
        ("obsolete", "dropped"),
        ("replaced", "superseded"),
        ("merged", "superseded"),
    ],
};

/// A goal's `health`.
pub(crate) const HEALTH: Words = Words {
    words: Health::WORDS,
    synonyms: &[
        ("green", "on-track"),
        ("good", "on-track"),
        ("fine", "on-track"),
        ("ok", "on-track"),
        ("okay", "on-track"),
        ("healthy", "on-track"),
        ("amber", "at-risk"),
        ("yellow", "at-risk"),
        ("risky", "at-risk"),
        ("risk", "at-risk"),
        ("red", "off-track"),
        ("behind", "off-track"),
        ("late", "off-track"),
        ("failing", "off-track"),
    ],
};

/// A backlog change's `change`.
pub(crate) const BACKLOG_CHANGE: Words = Words {
    words: BacklogChangeKind::WORDS,
    synonyms: &[
        ("add", "added"),
        ("new", "added"),
        ("created", "added"),
        ("create", "added"),
        ("remove", "removed"),
        ("deleted", "removed"),
        ("delete", "removed"),
        ("dropped", "removed"),
        ("reprioritized", "reprioritised"),
        ("reprioritise", "reprioritised"),
        ("reprioritize", "reprioritised"),
        ("prioritised", "reprioritised"),
        ("prioritized", "reprioritised"),
        ("reordered", "reprioritised"),
        ("moved", "reprioritised"),
        ("divided", "split"),
        ("split up", "split"),
        ("merge", "merged"),
        ("combined", "merged"),
        ("joined", "merged"),
        ("re-estimate", "re-estimated"),
        ("estimated", "re-estimated"),
        ("resized", "re-estimated"),
        ("sized", "re-estimated"),
        ("finished", "done"),
        ("completed", "done"),
        ("complete", "done"),
        ("closed", "done"),
        ("resolved", "done"),
    ],
};

/// `{moscow: …}`.
pub(crate) const MOSCOW: Words = Words {
    words: Moscow::WORDS,
    synonyms: &[
        ("must have", "must"),
        ("should have", "should"),
        ("could have", "could"),
        ("nice to have", "could"),
        ("won't have", "wont"),
        ("will not", "wont"),
    ],
};

/// `{size: …}`.
pub(crate) const SIZE: Words = Words {
    words: Size::WORDS,
    synonyms: &[
        ("extra small", "XS"),
        ("tiny", "XS"),
        ("XXS", "XS"),
        ("small", "S"),
        ("medium", "M"),
        ("med", "M"),
        ("large", "L"),
        ("big", "L"),
        ("extra large", "XL"),
        ("huge", "XL"),
        ("XXL", "XL"),
    ],
};

const NAMES: Shape = Shape::List(&Shape::Text, "a list of names");
const TAGS: Shape = Shape::List(&Shape::Text, "a list of tags");

/// A mentor written as a map.
pub(crate) const MENTOR: MapShape = MapShape {
    name: "mentor",
    what: "a mentor's name or `{name, role}`",
    fields: &[required("name", Shape::Text), optional("role", Shape::Text)],
};

/// An aim written as a map.
pub(crate) const AIM: MapShape = MapShape {
    name: "aim",
    what: "an aim, as text or `{id, text, area}`",
    fields: &[
        optional("id", Shape::Text),
        required("text", Shape::Text),
        optional("area", Shape::Text),
    ],
};

/// The mentorship's `roles`.
pub(crate) const ROLES: MapShape = MapShape {
    name: "roles",
    what: "a map of roles, `{mentor: [..], mentee: [..]}`",
    fields: &[
        defaulted("mentor", Shape::List(&Shape::Text, "a list of duties")),
        defaulted("mentee", Shape::List(&Shape::Text, "a list of duties")),
    ],
};

/// `mentorship.md`.
pub(crate) const MENTORSHIP: MapShape = MapShape {
    name: "mentorship",
    what: "the front matter of `mentorship.md`",
    fields: &[
        required("title", Shape::Text),
        required("mentee", Shape::Text),
        required(
            "mentors",
            Shape::List(&Shape::TextOrMap(&MENTOR), "a list of mentors"),
        ),
        defaulted("members", NAMES),
        defaulted(
            "aims",
            Shape::List(&Shape::TextOrMap(&AIM), "a list of aims"),
        ),
        required("started", Shape::Date),
        optional("ends", Shape::Date),
        optional("ended", Shape::Date),
        defaulted("status", Shape::Word(&MENTORSHIP_STATUS)),
        optional("cadence", Shape::Text),
        optional("formality", Shape::Word(&FORMALITY)),
        defaulted("default_visibility", Shape::Word(&VISIBILITY)),
        optional("visibility", Shape::Word(&VISIBILITY)),
        optional("roles", Shape::Map(&ROLES)),
        optional("review_every", Shape::Count),
        defaulted("min_goals", Shape::Count),
        optional("repo", Shape::Text),
        defaulted("tags", TAGS),
        optional("extra", Shape::Free),
    ],
};

/// A strength written as a map.
pub(crate) const STRENGTH: MapShape = MapShape {
    name: "strength",
    what: "a strength, as text or `{id, text}`",
    fields: &[optional("id", Shape::Text), required("text", Shape::Text)],
};

/// A weakness written as a map.
pub(crate) const WEAKNESS: MapShape = MapShape {
    name: "weakness",
    what: "a weakness, as text or `{id, text, impact, tags}`",
    fields: &[
        optional("id", Shape::Text),
        required("text", Shape::Text),
        optional("impact", Shape::Word(&IMPACT)),
        defaulted("tags", TAGS),
    ],
};

/// A question written as a map.
pub(crate) const QUESTION: MapShape = MapShape {
    name: "question",
    what: "a question, as text or `{text, addresses, answered, answer}`",
    fields: &[
        required("text", Shape::Text),
        defaulted("addresses", Shape::Names),
        defaulted("answered", Shape::Flag),
        optional("answer", Shape::Text),
    ],
};

/// A goal entry.
pub(crate) const GOAL: MapShape = MapShape {
    name: "goal",
    what: "a goal",
    fields: &[
        required("id", Shape::Text),
        optional("text", Shape::Text),
        optional("owner", Shape::Owner),
        optional("due", Shape::Due),
        optional("measure", Shape::Text),
        optional("status", Shape::Word(&GOAL_STATUS)),
        optional("health", Shape::Word(&HEALTH)),
        defaulted("addresses", Shape::Names),
        optional("superseded_by", Shape::Text),
        optional("note", Shape::Text),
    ],
};

/// A backlog change.
pub(crate) const BACKLOG: MapShape = MapShape {
    name: "backlog",
    what: "a backlog change",
    fields: &[
        required("item", Shape::Text),
        required("change", Shape::Word(&BACKLOG_CHANGE)),
        optional("before", Shape::BacklogValue),
        optional("after", Shape::BacklogValue),
        optional("goal", Shape::Text),
        optional("note", Shape::Text),
    ],
};

/// The one-key map of a backlog change's `before` or `after`: exactly one of these keys
/// (the kind of value), and unknown keys are errors, not warnings.
pub(crate) const BACKLOG_VALUE: MapShape = MapShape {
    name: "backlog value",
    what: "one kind of value",
    fields: &[
        required("position", Shape::Position),
        required("moscow", Shape::Word(&MOSCOW)),
        required("size", Shape::Word(&SIZE)),
        required("points", Shape::Points),
    ],
};

/// A session note.
pub(crate) const SESSION: MapShape = MapShape {
    name: "session",
    what: "the front matter of a session",
    fields: &[
        required("date", Shape::Date),
        optional("title", Shape::Text),
        defaulted("kind", Shape::Word(&SESSION_KIND)),
        optional("sprint", Shape::Sprint),
        optional("retro", Shape::Text),
        defaulted("attendees", NAMES),
        optional("mentors", NAMES),
        optional("visibility", Shape::Word(&VISIBILITY)),
        defaulted(
            "strengths",
            Shape::List(&Shape::TextOrMap(&STRENGTH), "a list of strengths"),
        ),
        defaulted(
            "weaknesses",
            Shape::List(&Shape::TextOrMap(&WEAKNESS), "a list of weaknesses"),
        ),
        defaulted(
            "questions",
            Shape::List(&Shape::TextOrMap(&QUESTION), "a list of questions"),
        ),
        defaulted("goals", Shape::List(&Shape::Map(&GOAL), "a list of goals")),
        defaulted(
            "backlog",
            Shape::List(&Shape::Map(&BACKLOG), "a list of backlog changes"),
        ),
        optional("reflection", Shape::Text),
        optional("direction", Shape::Word(&DIRECTION)),
        optional("next", Shape::Date),
        defaulted("tags", TAGS),
        optional("extra", Shape::Free),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::doc::{
        Aim, BacklogChange, GoalEntry, Mentor, MentorshipFront, Question, Roles, SessionFront,
        Strength, VALUE_KINDS, Weakness,
    };
    use serde_json::Value;

    fn sorted<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<String> {
        let mut keys: Vec<String> = keys.map(str::to_owned).collect();
        keys.sort();
        keys
    }

    /// The keys `T` has, from a value of it read from `yaml`.
    fn typed_keys<T: serde::de::DeserializeOwned + serde::Serialize>(yaml: &str) -> Vec<String> {
        let value: T = serde_yaml::from_str(yaml).unwrap();
        let json = serde_json::to_value(value).unwrap();
        sorted(json.as_object().unwrap().keys().map(String::as_str))
    }

    /// Every map of the table knows the keys of its typed struct, no more, no fewer.
    #[test]
    fn the_table_has_the_keys_of_the_typed_front_matter() {
        let pairs = [
            (
                &MENTORSHIP,
                typed_keys::<MentorshipFront>(
                    "{title: a, mentee: b, mentors: [c], started: 2026-01-01}",
                ),
            ),
            (&SESSION, typed_keys::<SessionFront>("{date: 2026-01-01}")),
            (&GOAL, typed_keys::<GoalEntry>("{id: a}")),
            (
                &BACKLOG,
                typed_keys::<BacklogChange>("{item: a, change: added}"),
            ),
            (&ROLES, typed_keys::<Roles>("{}")),
            (&MENTOR, typed_keys::<Mentor>("{name: a}")),
            (&AIM, typed_keys::<Aim>("{text: a}")),
            (&STRENGTH, typed_keys::<Strength>("{text: a}")),
            (&WEAKNESS, typed_keys::<Weakness>("{text: a}")),
            (
                &QUESTION,
                typed_keys::<Question>("{text: a, answered: true, answer: b}"),
            ),
        ];
        for (map, typed) in pairs {
            assert_eq!(sorted(map.keys()), typed, "{}", map.name);
        }
        assert_eq!(BACKLOG_VALUE.keys().collect::<Vec<_>>(), VALUE_KINDS);
    }

    /// The JSON Schema that `mentorlog schema` prints says what the table says: the same
    /// keys, the same required keys, the same words, the same kinds of value.
    #[test]
    fn the_json_schema_agrees_with_the_table() {
        let schema: Value =
            serde_json::from_str(include_str!("../schema/front-matter.schema.json")).unwrap();
        agrees_map(&schema["$defs"]["mentorship"], &MENTORSHIP, "mentorship");
        agrees_map(&schema["$defs"]["session"], &SESSION, "session");
    }

    fn agrees_map(json: &Value, map: &MapShape, at: &str) {
        assert_eq!(json["type"], "object", "{at}");
        let properties = json["properties"].as_object().unwrap();
        assert_eq!(
            sorted(properties.keys().map(String::as_str)),
            sorted(map.keys()),
            "{at}"
        );
        let required: Vec<String> = json["required"]
            .as_array()
            .map(|r| r.iter().map(|k| k.as_str().unwrap().to_owned()).collect())
            .unwrap_or_default();
        let table_required = map
            .fields
            .iter()
            .filter(|f| f.presence == Presence::Required)
            .map(|f| f.key);
        assert_eq!(
            sorted(required.iter().map(String::as_str)),
            sorted(table_required),
            "{at}"
        );
        assert_eq!(json["additionalProperties"], false, "{at}");
        for field in map.fields {
            agrees(
                &properties[field.key],
                &field.shape,
                &format!("{at}.{}", field.key),
            );
        }
    }

    fn is_type(json: &Value, ty: &str) -> bool {
        json["type"] == ty
    }

    /// `[{"type": "string"}, {"type": "array", "items": {"type": "string"}}]`, in any order.
    fn text_or_texts(json: &Value) -> bool {
        let Some(options) = json["oneOf"].as_array() else {
            return false;
        };
        options.len() == 2
            && options.iter().any(|o| is_type(o, "string"))
            && options
                .iter()
                .any(|o| is_type(o, "array") && is_type(&o["items"], "string"))
    }

    fn agrees(json: &Value, shape: &Shape, at: &str) {
        const DATE: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
        match shape {
            Shape::Text => assert!(is_type(json, "string"), "{at}: {json}"),
            Shape::Date => assert!(is_type(json, "string") && json["pattern"] == DATE, "{at}"),
            Shape::Count => {
                assert!(is_type(json, "integer") && json["minimum"] == 0, "{at}");
            }
            Shape::Word(words) => {
                let listed: Vec<&str> = json["enum"]
                    .as_array()
                    .unwrap_or_else(|| panic!("{at}: {json}"))
                    .iter()
                    .map(|w| w.as_str().unwrap())
                    .collect();
                assert_eq!(listed, words.words, "{at}");
            }
            Shape::List(item, _) => {
                assert!(is_type(json, "array"), "{at}: {json}");
                agrees(&json["items"], item, &format!("{at}[]"));
            }
            Shape::Names | Shape::Owner => assert!(text_or_texts(json), "{at}: {json}"),
            Shape::Sprint => assert_eq!(
                json["type"],
                serde_json::json!(["integer", "string"]),
                "{at}"
            ),
            Shape::Due => {
                let options = json["anyOf"].as_array().unwrap();
                assert!(options.iter().any(|o| o["pattern"] == DATE), "{at}");
                assert!(options.iter().any(|o| is_type(o, "integer")), "{at}");
            }
            Shape::TextOrMap(map) => {
                let options = json["oneOf"].as_array().unwrap();
                assert!(options.iter().any(|o| is_type(o, "string")), "{at}");
                let object = options.iter().find(|o| is_type(o, "object")).unwrap();
                agrees_map(object, map, at);
            }
            Shape::Map(map) => agrees_map(json, map, at),
            Shape::BacklogValue => {
                let options = json["oneOf"].as_array().unwrap();
                let kinds: Vec<&Value> = options.iter().filter(|o| is_type(o, "object")).collect();
                assert_eq!(kinds.len(), BACKLOG_VALUE.fields.len(), "{at}");
                for (kind, field) in kinds.iter().zip(BACKLOG_VALUE.fields) {
                    agrees_map(
                        kind,
                        &MapShape {
                            fields: std::slice::from_ref(field),
                            ..BACKLOG_VALUE
                        },
                        at,
                    );
                }
            }
            Shape::Position => {
                assert!(is_type(json, "integer") && json["minimum"] == 1, "{at}");
            }
            Shape::Points => assert!(is_type(json, "number") && json["minimum"] == 0, "{at}"),
            Shape::Free => assert!(is_type(json, "object"), "{at}"),
            Shape::Flag => assert!(is_type(json, "boolean"), "{at}"),
        }
    }

    #[test]
    fn words_are_read_whatever_their_case_and_synonyms_name_a_word() {
        assert_eq!(GOAL_STATUS.read("ACHIEVED"), Some("achieved"));
        assert_eq!(HEALTH.read("On-Track"), Some("on-track"));
        assert_eq!(SIZE.read("xl"), Some("XL"));
        assert_eq!(GOAL_STATUS.read("done"), None);
        for words in [
            &VISIBILITY,
            &MENTORSHIP_STATUS,
            &FORMALITY,
            &SESSION_KIND,
            &DIRECTION,
            &IMPACT,
            &GOAL_STATUS,
            &HEALTH,
            &BACKLOG_CHANGE,
            &MOSCOW,
            &SIZE,
        ] {
            for (synonym, word) in words.synonyms {
                assert!(words.words.contains(word), "{synonym} → {word}");
                assert!(words.read(synonym).is_none(), "{synonym} is a word");
                assert_eq!(words.meant(synonym), Some(*word), "{synonym}");
            }
        }
        assert_eq!(GOAL_STATUS.meant("In-Progress"), Some("active"));
        assert_eq!(HEALTH.meant("on track"), Some("on-track"));
        assert_eq!(MOSCOW.meant("won't"), Some("wont"));
    }
}
