//! The typed front matter of `mentorship.md` and of a session note (PRODUCT.md §3).
//!
//! Plain data with every key and its default; serde does the parsing. Entries that may be
//! written either as text or as a map (`- Slow reviews` or `- {id: slow-reviews, text: …}`)
//! accept both. Nothing here reads files or knows where a value was written: positions live
//! in `super::spans::SpanMap`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, de};

use crate::date::{self, Date};

/// Free data for templates (`extra:`), as JSON so that templates can use it.
pub(crate) type Extra = Option<serde_json::Value>;

/// The words of a unit enum, each read whatever its case: `High`, `ON-TRACK` and `Public`
/// can only mean `high`, `on-track` and `public`, so they are accepted (issue 13).
/// Synonyms (`done` for `achieved`) stay errors, with a hint (`super::shape`). Written
/// out as the word itself, so pages, `log.json` and `mentorlog new` show one spelling.
macro_rules! words {
    ($ty:ident { $($variant:ident => $word:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value as front matter writes it, in order.
            pub(crate) const WORDS: &'static [&'static str] = &[$($word),+];

            /// The word used in front matter.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $word),+
                }
            }

            /// The value `word` names, whatever its case.
            #[must_use]
            pub(crate) fn from_word(word: &str) -> Option<Self> {
                $(
                    if word.eq_ignore_ascii_case($word) {
                        return Some(Self::$variant);
                    }
                )+
                None
            }
        }

        impl Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl de::Visitor<'_> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        write!(f, "one of: {}", $ty::WORDS.join(", "))
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                        $ty::from_word(v).ok_or_else(|| E::unknown_variant(v, $ty::WORDS))
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}

/// Who may see a session or a mentorship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Visibility {
    /// Anyone: the public build publishes it.
    Public,
    /// The mentee team and the mentors.
    Team,
    /// Mentee and mentors only; the default.
    #[default]
    Confidential,
}

words!(Visibility {
    Public => "public",
    Team => "team",
    Confidential => "confidential",
});

/// The state of a whole mentorship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MentorshipStatus {
    /// Meeting regularly.
    #[default]
    Active,
    /// On hold.
    Paused,
    /// Sunset or completed; needs `ended`.
    Ended,
}
words!(MentorshipStatus {
    Active => "active",
    Paused => "paused",
    Ended => "ended",
});

/// How formal the mentorship is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formality {
    /// Ad hoc conversations.
    Informal,
    /// A regular rhythm, light records.
    Regular,
    /// A written agreement and full records.
    Formal,
}
words!(Formality {
    Informal => "informal",
    Regular => "regular",
    Formal => "formal",
});

/// What kind of meeting a session was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SessionKind {
    /// The first meeting: aims and agreement.
    Kickoff,
    /// A regular post-sprint session.
    #[default]
    Mentoring,
    /// A reflection on the mentorship itself.
    Review,
    /// The last meeting.
    Closing,
}
words!(SessionKind {
    Kickoff => "kickoff",
    Mentoring => "mentoring",
    Review => "review",
    Closing => "closing",
});

/// A decision taken on the mentorship in a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Carry on as agreed.
    Continue,
    /// Change the aims or the way of working.
    Reorient,
    /// End the mentorship.
    Sunset,
}
words!(Direction {
    Continue => "continue",
    Reorient => "reorient",
    Sunset => "sunset",
});

/// A weakness's impact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Hurts most; ranked first.
    High,
    /// Middling.
    Medium,
    /// Minor.
    Low,
}
words!(Impact {
    High => "high",
    Medium => "medium",
    Low => "low",
});

/// A goal's status. Open: proposed, active, blocked. Closed: the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GoalStatus {
    /// Suggested, not yet committed to.
    Proposed,
    /// Being worked on.
    Active,
    /// Cannot progress.
    Blocked,
    /// Done.
    Achieved,
    /// Partly done, then closed.
    Partial,
    /// Not done by its due date, then closed.
    Missed,
    /// Given up.
    Dropped,
    /// Replaced by another goal (`superseded_by`).
    Superseded,
}
words!(GoalStatus {
    Proposed => "proposed",
    Active => "active",
    Blocked => "blocked",
    Achieved => "achieved",
    Partial => "partial",
    Missed => "missed",
    Dropped => "dropped",
    Superseded => "superseded",
});

impl GoalStatus {
    /// Every status, open ones first.
    pub(crate) const ALL: [GoalStatus; 8] = [
        Self::Proposed,
        Self::Active,
        Self::Blocked,
        Self::Achieved,
        Self::Partial,
        Self::Missed,
        Self::Dropped,
        Self::Superseded,
    ];

    /// Whether the goal is still being pursued.
    #[must_use]
    pub(crate) fn is_open(self) -> bool {
        matches!(self, Self::Proposed | Self::Active | Self::Blocked)
    }
}

/// How an open goal is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    /// On course.
    OnTrack,
    /// Could slip.
    AtRisk,
    /// Slipping.
    OffTrack,
}
words!(Health {
    OnTrack => "on-track",
    AtRisk => "at-risk",
    OffTrack => "off-track",
});

/// What happened to a backlog item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BacklogChangeKind {
    /// New item.
    Added,
    /// Taken out.
    Removed,
    /// Moved up or down.
    Reprioritised,
    /// Cut into several.
    Split,
    /// Joined with others.
    Merged,
    /// Sized again.
    ReEstimated,
    /// Finished.
    Done,
}

words!(BacklogChangeKind {
    Added => "added",
    Removed => "removed",
    Reprioritised => "reprioritised",
    Split => "split",
    Merged => "merged",
    ReEstimated => "re-estimated",
    Done => "done",
});

/// A sprint: a number or a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Sprint {
    /// `sprint: 4`
    Number(u64),
    /// `sprint: "4b"`
    Name(String),
}

impl fmt::Display for Sprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(n) => write!(f, "{n}"),
            Self::Name(s) => f.write_str(s),
        }
    }
}

impl Sprint {
    /// The sprint's number, when it has one ("sprint 4", "4", 4).
    #[must_use]
    pub fn number(&self) -> Option<u64> {
        match self {
            Self::Number(n) => Some(*n),
            Self::Name(s) => {
                let s = s.trim();
                let s = s
                    .strip_prefix("sprint")
                    .or_else(|| s.strip_prefix("Sprint"))
                    .unwrap_or(s);
                s.trim().parse().ok()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Sprint {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Sprint;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sprint number or name")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Sprint, E> {
                Ok(Sprint::Number(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Sprint, E> {
                u64::try_from(v)
                    .map(Sprint::Number)
                    .map_err(|_| E::custom("a sprint number cannot be negative"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Sprint, E> {
                Ok(Sprint::Name(v.to_owned()))
            }
        }
        d.deserialize_any(V)
    }
}

/// When a goal is due: a date or a sprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Due {
    /// `due: 2026-10-21`
    Date(Date),
    /// `due: sprint 4`
    Sprint(Sprint),
}

impl fmt::Display for Due {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Date(d) => d.fmt(f),
            Self::Sprint(Sprint::Number(n)) => write!(f, "sprint {n}"),
            Self::Sprint(s) => s.fmt(f),
        }
    }
}

impl<'de> Deserialize<'de> for Due {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Due;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date (YYYY-MM-DD) or a sprint (`sprint 4`)")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Due, E> {
                Ok(Due::Sprint(Sprint::Number(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Due, E> {
                if date::looks_like_date(v.trim()) {
                    v.parse().map(Due::Date).map_err(E::custom)
                } else {
                    Ok(Due::Sprint(Sprint::Name(v.to_owned())))
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// Implements `Deserialize` for a type that may be written as text or as a map; the map
/// form uses the type's derived `remote = "Self"` deserializer.
macro_rules! text_or_map {
    ($ty:ident, $expecting:literal, |$text:ident| $from_text:expr) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> de::Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                        let $text = v.to_owned();
                        Ok($from_text)
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$ty, E> {
                        self.visit_str(&v.to_string())
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$ty, E> {
                        self.visit_str(&v.to_string())
                    }
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<$ty, E> {
                        self.visit_str(&v.to_string())
                    }
                    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<$ty, A::Error> {
                        $ty::deserialize(de::value::MapAccessDeserializer::new(map))
                    }
                }
                d.deserialize_any(V)
            }
        }

        impl Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $ty::serialize(self, s)
            }
        }
    };
}

/// A list that may be written as one item: `addresses: slow-reviews`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
pub struct Names(pub Vec<String>);

impl<'de> Deserialize<'de> for Names {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Names;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a name or a list of names")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Names, E> {
                Ok(Names(vec![v.to_owned()]))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Names, E> {
                Ok(Names::default())
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Names, A::Error> {
                Vec::<String>::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Names)
            }
        }
        d.deserialize_any(V)
    }
}

/// A mentor: a name, or a name with a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Mentor {
    /// The mentor's name.
    pub name: String,
    /// What they do in this mentorship.
    #[serde(default)]
    pub role: Option<String>,
}
text_or_map!(Mentor, "a mentor's name or {name, role}", |t| Mentor {
    name: t,
    role: None
});

/// One of the mentorship's aims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Aim {
    /// A slug for linking, if given.
    #[serde(default)]
    pub id: Option<String>,
    /// What the mentee wants.
    pub text: String,
    /// career, technical skills, leadership, process …
    #[serde(default)]
    pub area: Option<String>,
}
text_or_map!(Aim, "an aim as text or {id, text, area}", |t| Aim {
    id: None,
    text: t,
    area: None
});

/// Who is expected to do what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Roles {
    /// The mentors' duties.
    pub mentor: Vec<String>,
    /// The mentee's duties.
    pub mentee: Vec<String>,
}

/// The front matter of `mentorship.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentorshipFront {
    /// The mentorship's title.
    pub title: String,
    /// The team or person mentored.
    pub mentee: String,
    /// At least one mentor.
    pub mentors: Vec<Mentor>,
    /// The mentee team's members.
    #[serde(default)]
    pub members: Vec<String>,
    /// What the mentee wants from the mentorship.
    #[serde(default)]
    pub aims: Vec<Aim>,
    /// When it started.
    pub started: Date,
    /// The planned end.
    #[serde(default)]
    pub ends: Option<Date>,
    /// When it actually ended.
    #[serde(default)]
    pub ended: Option<Date>,
    /// active, paused or ended.
    #[serde(default)]
    pub status: MentorshipStatus,
    /// "every two weeks, 45 minutes".
    #[serde(default)]
    pub cadence: Option<String>,
    /// informal, regular or formal.
    #[serde(default)]
    pub formality: Option<Formality>,
    /// The visibility of sessions that do not say; confidential unless set.
    #[serde(default)]
    pub default_visibility: Visibility,
    /// The visibility of the mentorship page itself; `default_visibility` unless set.
    #[serde(default)]
    pub visibility: Option<Visibility>,
    /// Who is expected to do what.
    #[serde(default)]
    pub roles: Option<Roles>,
    /// Sessions between reflections on the mentorship.
    #[serde(default)]
    pub review_every: Option<u32>,
    /// Goals a mentoring session should set or update.
    #[serde(default = "default_min_goals")]
    pub min_goals: u32,
    /// The team's repository; `#12` links to its issue 12.
    #[serde(default)]
    pub repo: Option<String>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Free data for templates.
    #[serde(default)]
    pub extra: Extra,
}

fn default_min_goals() -> u32 {
    3
}

impl MentorshipFront {
    /// The visibility of the mentorship page and everything under it.
    #[must_use]
    pub(crate) fn own_visibility(&self) -> Visibility {
        self.visibility.unwrap_or(self.default_visibility)
    }
}

/// A strength, as text or `{id, text}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Strength {
    /// A stable id for recognising it across sessions.
    #[serde(default)]
    pub id: Option<Box<str>>,
    /// What the team does well.
    pub text: Box<str>,
}
text_or_map!(Strength, "a strength as text or {id, text}", |t| Strength {
    id: None,
    text: t.into()
});

/// A weakness, as text or `{id, text, impact, tags}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Weakness {
    /// A stable id for recognising it across sessions.
    #[serde(default)]
    pub id: Option<Box<str>>,
    /// What the team does badly.
    pub text: Box<str>,
    /// How much it hurts.
    #[serde(default)]
    pub impact: Option<Impact>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<String>,
}
text_or_map!(
    Weakness,
    "a weakness as text or {id, text, impact, tags}",
    |t| Weakness {
        id: None,
        text: t.into(),
        impact: None,
        tags: Vec::new()
    }
);

/// A question brought to the mentor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Question {
    /// The question.
    pub text: Box<str>,
    /// Ids or texts of the weaknesses it is about.
    #[serde(default)]
    pub addresses: Names,
    /// Marked answered (in this session or a later one that asks it again).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub answered: bool,
    /// The answer, in short; giving one marks the question answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Box<str>>,
}
text_or_map!(
    Question,
    "a question as text or {text, addresses, answered, answer}",
    |t| {
        Question {
            text: t.into(),
            addresses: Names::default(),
            answered: false,
            answer: None,
        }
    }
);

impl Question {
    /// Whether it is closed: `answered: true`, or an `answer` given.
    #[must_use]
    pub(crate) fn is_answered(&self) -> bool {
        self.answered || self.answer.as_deref().is_some_and(|a| !a.trim().is_empty())
    }
}

/// A goal entry: introduces a goal the first time its id appears, updates it after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalEntry {
    /// The goal's stable slug.
    pub id: Box<str>,
    /// What the goal is; required where it is introduced.
    #[serde(default)]
    pub text: Option<Box<str>>,
    /// Who drives it: one name or several.
    #[serde(default)]
    pub owner: Option<Owner>,
    /// When it is due.
    #[serde(default)]
    pub due: Option<Due>,
    /// How the team will know it is achieved.
    #[serde(default)]
    pub measure: Option<Box<str>>,
    /// Its status now.
    #[serde(default)]
    pub status: Option<GoalStatus>,
    /// How it is doing.
    #[serde(default)]
    pub health: Option<Health>,
    /// The weaknesses it answers.
    #[serde(default)]
    pub addresses: Names,
    /// The goal that replaces it.
    #[serde(default)]
    pub superseded_by: Option<Box<str>>,
    /// What changed.
    #[serde(default)]
    pub note: Option<Box<str>>,
}

/// A goal's owner: a name, or a list of names when several people own it together.
/// Kept as written, so that `log.json` shows it as the note does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Owner {
    /// `owner: Ana`
    One(String),
    /// `owner: [Ana, Ben]`; an empty list is no owner.
    Several(Vec<String>),
}

impl Owner {
    /// Every owner's name, as written (none for an empty list).
    #[must_use]
    pub(crate) fn names(&self) -> &[String] {
        match self {
            Self::One(name) => std::slice::from_ref(name),
            Self::Several(names) => names,
        }
    }
}

impl<'de> Deserialize<'de> for Owner {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Owner;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an owner's name or a list of names")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Owner, E> {
                Ok(Owner::One(v.to_owned()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Owner, A::Error> {
                Vec::<String>::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(Owner::Several)
            }
        }
        d.deserialize_any(V)
    }
}

/// Which kind of value a backlog change's `before` and `after` hold, when the note says
/// (`{points: 5}`); a bare scalar says nothing and is shown as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueKind {
    /// A place in the backlog, 1 at the top: `{position: 3}`, shown `#3`.
    Position,
    /// A MoSCoW priority: `{moscow: must}`.
    Moscow,
    /// A T-shirt size: `{size: M}`.
    Size,
    /// Story points: `{points: 5}`, shown `5 points`.
    Points,
}

impl ValueKind {
    /// The key that names the kind in a one-key map.
    #[must_use]
    pub(crate) fn key(self) -> &'static str {
        match self {
            Self::Position => "position",
            Self::Moscow => "moscow",
            Self::Size => "size",
            Self::Points => "points",
        }
    }

    /// What a value of this kind is, for messages: "a size".
    #[must_use]
    pub(crate) fn described(self) -> &'static str {
        match self {
            Self::Position => "a position",
            Self::Moscow => "a MoSCoW priority",
            Self::Size => "a size",
            Self::Points => "a number of points",
        }
    }

    /// How a value of this kind is written, for hints: `{points: 5}`.
    #[must_use]
    pub(crate) fn example(self) -> &'static str {
        match self {
            Self::Position => "{position: 3}",
            Self::Moscow => "{moscow: must}",
            Self::Size => "{size: M}",
            Self::Points => "{points: 5}",
        }
    }

    /// A bare scalar read as a value of this kind: `5` as 5 points, `must` as a priority;
    /// `None` when it cannot be one.
    #[must_use]
    pub(crate) fn read(self, text: &str) -> Option<BacklogValue> {
        let text = text.trim();
        match self {
            Self::Position => text
                .strip_prefix('#')
                .unwrap_or(text)
                .parse()
                .ok()
                .filter(|&n| n > 0)
                .map(BacklogValue::Position),
            Self::Moscow => Moscow::from_word(text).map(BacklogValue::Moscow),
            Self::Size => Size::from_word(text).map(BacklogValue::Size),
            Self::Points => text
                .parse::<serde_json::Number>()
                .ok()
                .filter(|n| n.as_f64().is_some_and(|f| f >= 0.0))
                .map(BacklogValue::Points),
        }
    }
}

/// Every kind's key, in the order messages list them.
pub(crate) const VALUE_KINDS: [&str; 4] = ["position", "moscow", "size", "points"];

/// A MoSCoW priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moscow {
    /// Must have.
    Must,
    /// Should have.
    Should,
    /// Could have.
    Could,
    /// Won't have (this time).
    Wont,
}

words!(Moscow {
    Must => "must",
    Should => "should",
    Could => "could",
    Wont => "wont",
});

/// A T-shirt size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// Extra small.
    ExtraSmall,
    /// Small.
    Small,
    /// Medium.
    Medium,
    /// Large.
    Large,
    /// Extra large.
    ExtraLarge,
}
words!(Size {
    ExtraSmall => "XS",
    Small => "S",
    Medium => "M",
    Large => "L",
    ExtraLarge => "XL",
});

/// A backlog change's `before` or `after`: a bare scalar, shown as written (`5`, `must`),
/// or a one-key map that says which kind of value it is (`{points: 5}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BacklogValue {
    /// A bare scalar, as text.
    Plain(String),
    /// `{position: 3}`: a place in the backlog, from 1.
    Position(u64),
    /// `{moscow: must}`.
    Moscow(Moscow),
    /// `{size: M}`.
    Size(Size),
    /// `{points: 5}`: not negative; halves and the like allowed.
    Points(serde_json::Number),
}

impl BacklogValue {
    /// The kind it was written with; `None` for a bare scalar.
    #[must_use]
    pub(crate) fn kind(&self) -> Option<ValueKind> {
        match self {
            Self::Plain(_) => None,
            Self::Position(_) => Some(ValueKind::Position),
            Self::Moscow(_) => Some(ValueKind::Moscow),
            Self::Size(_) => Some(ValueKind::Size),
            Self::Points(_) => Some(ValueKind::Points),
        }
    }

    /// The value itself, as text: `5`, `must`, `M`, `3`.
    #[must_use]
    pub(crate) fn text(&self) -> String {
        match self {
            Self::Plain(s) => s.clone(),
            Self::Position(n) => n.to_string(),
            Self::Moscow(m) => m.as_str().to_owned(),
            Self::Size(s) => s.as_str().to_owned(),
            Self::Points(n) => n.to_string(),
        }
    }
}

impl Serialize for BacklogValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let Some(kind) = self.kind() else {
            return s.serialize_str(&self.text());
        };
        let mut map = s.serialize_map(Some(1))?;
        match self {
            Self::Position(n) => map.serialize_entry(kind.key(), n)?,
            Self::Moscow(m) => map.serialize_entry(kind.key(), m)?,
            Self::Size(z) => map.serialize_entry(kind.key(), z)?,
            Self::Points(n) => map.serialize_entry(kind.key(), n)?,
            Self::Plain(_) => {}
        }
        map.end()
    }
}

/// `{position: N}`: a whole number from 1.
struct Position(u64);

impl<'de> Deserialize<'de> for Position {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Position;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a position in the backlog: 1 for the top, 2, 3 …")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Position, E> {
                if v == 0 {
                    Err(E::invalid_value(de::Unexpected::Unsigned(v), &self))
                } else {
                    Ok(Position(v))
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Position, E> {
                Err(E::invalid_value(de::Unexpected::Signed(v), &self))
            }
        }
        d.deserialize_any(V)
    }
}

/// `{points: N}`: a number that is not negative.
struct Points(serde_json::Number);

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Points;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number of story points (0 or more)")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Points, E> {
                Ok(Points(v.into()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Points, E> {
                Err(E::invalid_value(de::Unexpected::Signed(v), &self))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Points, E> {
                match serde_json::Number::from_f64(v) {
                    Some(n) if v >= 0.0 => Ok(Points(n)),
                    _ => Err(E::invalid_value(de::Unexpected::Float(v), &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for BacklogValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = BacklogValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a value, or one kind of value: {position: 3}, {moscow: must}, {size: M} or {points: 5}",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<BacklogValue, E> {
                Ok(BacklogValue::Plain(v.to_owned()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<BacklogValue, E> {
                Ok(BacklogValue::Plain(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<BacklogValue, E> {
                Ok(BacklogValue::Plain(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<BacklogValue, E> {
                Ok(BacklogValue::Plain(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<BacklogValue, E> {
                Ok(BacklogValue::Plain(v.to_string()))
            }
            fn visit_map<A: de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<BacklogValue, A::Error> {
                let Some(key) = map.next_key::<String>()? else {
                    return Err(de::Error::custom(
                        "invalid value: an empty map, expected one kind of value",
                    ));
                };
                let value = match key.as_str() {
                    "position" => BacklogValue::Position(map.next_value::<Position>()?.0),
                    "moscow" => BacklogValue::Moscow(map.next_value()?),
                    "size" => BacklogValue::Size(map.next_value()?),
                    "points" => BacklogValue::Points(map.next_value::<Points>()?.0),
                    other => return Err(de::Error::unknown_field(other, &VALUE_KINDS)),
                };
                if let Some(second) = map.next_key::<String>()? {
                    return Err(de::Error::custom(format_args!(
                        "invalid value: `{key}` and `{second}` in one map, expected one kind of value"
                    )));
                }
                Ok(value)
            }
        }
        d.deserialize_any(V)
    }
}

/// A change the team made to its product backlog because of the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BacklogChange {
    /// A title or an issue reference like `#12`.
    pub item: Box<str>,
    /// What happened.
    pub change: BacklogChangeKind,
    /// The value before.
    #[serde(default)]
    pub before: Option<BacklogValue>,
    /// The value after.
    #[serde(default)]
    pub after: Option<BacklogValue>,
    /// The goal it serves.
    #[serde(default)]
    pub goal: Option<Box<str>>,
    /// Why.
    #[serde(default)]
    pub note: Option<Box<str>>,
}

/// The front matter of a session note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionFront {
    /// When it took place.
    pub date: Date,
    /// Its title; "Session N" unless set.
    #[serde(default)]
    pub title: Option<String>,
    /// What kind of meeting.
    #[serde(default)]
    pub kind: SessionKind,
    /// The sprint whose retrospective it follows.
    #[serde(default)]
    pub sprint: Option<Sprint>,
    /// A link to the retrospective notes.
    #[serde(default)]
    pub retro: Option<String>,
    /// Who came.
    #[serde(default)]
    pub attendees: Vec<String>,
    /// The mentors present; the mentorship's unless set.
    #[serde(default)]
    pub mentors: Option<Vec<String>>,
    /// Who may see it; the mentorship's `default_visibility` unless set.
    #[serde(default)]
    pub visibility: Option<Visibility>,
    /// What went well.
    #[serde(default)]
    pub strengths: Vec<Strength>,
    /// What went badly, most important first.
    #[serde(default)]
    pub weaknesses: Vec<Weakness>,
    /// What the team asked.
    #[serde(default)]
    pub questions: Vec<Question>,
    /// Goals introduced or updated.
    #[serde(default)]
    pub goals: Vec<GoalEntry>,
    /// Backlog changes.
    #[serde(default)]
    pub backlog: Vec<BacklogChange>,
    /// How the mentorship is going.
    #[serde(default)]
    pub reflection: Option<String>,
    /// The decision taken on the mentorship.
    #[serde(default)]
    pub direction: Option<Direction>,
    /// The next meeting.
    #[serde(default)]
    pub next: Option<Date>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Free data for templates.
    #[serde(default)]
    pub extra: Extra,
}

impl SessionFront {
    /// Gives back the room its lists grew into while being read: serde grows a list by
    /// doubling (five goals take room for eight), and a log holds every note's front
    /// matter while it renders (issue 17: a tenth of a build's peak on a log of 10,000).
    pub(crate) fn shrink_to_fit(&mut self) {
        self.attendees.shrink_to_fit();
        if let Some(m) = &mut self.mentors {
            m.shrink_to_fit();
        }
        self.strengths.shrink_to_fit();
        self.weaknesses.shrink_to_fit();
        for w in &mut self.weaknesses {
            w.tags.shrink_to_fit();
        }
        self.questions.shrink_to_fit();
        for q in &mut self.questions {
            q.addresses.0.shrink_to_fit();
        }
        self.goals.shrink_to_fit();
        for g in &mut self.goals {
            g.addresses.0.shrink_to_fit();
            if let Some(Owner::Several(names)) = &mut g.owner {
                names.shrink_to_fit();
            }
        }
        self.backlog.shrink_to_fit();
        self.tags.shrink_to_fit();
    }
}
