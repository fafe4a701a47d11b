//! Every diagnostic code, in one list: the stable names `check --format json` gives
//! problems, for editors and scripts (just's habit: one enum of every error kind).
//!
//! A code's name never changes once published; `docs/front-matter.md` lists them all (a
//! test holds the list and the docs equal). Each has the severity it usually carries:
//! `check --strict` makes every warning an error, and `unknown-key` is an error where no
//! key may be added (inside a backlog value).

use serde::{Serialize, Serializer};

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident;)*) => {
        /// A kind of problem (see the module's documentation).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in the order of the docs' table.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code's stable name (`unknown-goal`).
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// Whether the code is a warning unless `--strict`.
            #[must_use]
            pub const fn is_warning(self) -> bool {
                match self {
                    $(Code::$variant => codes!(@warning $severity),)*
                }
            }
        }
    };
    (@warning error) => { false };
    (@warning warning) => { true };
}

codes! {
    NoContent = "no-content", error;
    NoMentorship = "no-mentorship", error;
    Unreadable = "unreadable", error;
    NotUtf8 = "not-utf8", error;
    ControlCharacter = "control-character", error;
    OrphanNote = "orphan-note", warning;
    Symlink = "symlink", warning;
    NoFrontMatter = "no-front-matter", error;
    UnterminatedFrontMatter = "unterminated-front-matter", error;
    EmptyFrontMatter = "empty-front-matter", error;
    InvalidYaml = "invalid-yaml", error;
    YamlTooLarge = "yaml-too-large", error;
    YamlTooDeep = "yaml-too-deep", error;
    MissingKey = "missing-key", error;
    WrongType = "wrong-type", error;
    UnknownValue = "unknown-value", error;
    DuplicateKey = "duplicate-key", error;
    UnknownKey = "unknown-key", warning;
    InvalidId = "invalid-id", error;
    InvalidDate = "invalid-date", error;
    DateOutsideMentorship = "date-outside-mentorship", error;
    GoalIntroducedTwice = "goal-introduced-twice", error;
    UnknownGoal = "unknown-goal", error;
    InvalidSupersession = "invalid-supersession", error;
    UnknownWeakness = "unknown-weakness", error;
    UncheckedReferences = "unchecked-references", error;
    BacklogValueKind = "backlog-value-kind", error;
    BrokenLink = "broken-link", error;
    DuplicatePage = "duplicate-page", error;
    InvalidConfig = "invalid-config", error;
    UnknownTheme = "unknown-theme", error;
    InvalidTheme = "invalid-theme", error;
    Translation = "translation", error;
    Template = "template", error;
    TeamSalt = "team-salt", error;
    UnsafeOutput = "unsafe-output", error;
    WriteFailed = "write-failed", error;
    TooFewGoals = "too-few-goals", warning;
    WeaknessWithoutImpact = "weakness-without-impact", warning;
    WeaknessesNotRanked = "weaknesses-not-ranked", warning;
    GoalNotSpecific = "goal-not-specific", warning;
    GoalNotCarriedForward = "goal-not-carried-forward", warning;
    GoalUntouched = "goal-untouched", warning;
    GoalReopened = "goal-reopened", warning;
    NoQuestions = "no-questions", warning;
    BacklogWithoutGoal = "backlog-without-goal", warning;
    NoReflection = "no-reflection", warning;
    NoSunset = "no-sunset", warning;
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    /// The docs list every code, and no code that is not one.
    #[test]
    fn the_docs_list_every_code() {
        let docs = include_str!("../docs/front-matter.md");
        let start = docs
            .find("### Diagnostic codes")
            .expect("the docs have a section of codes");
        let table: Vec<&str> = docs[start..]
            .lines()
            .skip_while(|l| !l.starts_with("| code"))
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .collect();
        let listed: Vec<&str> = table
            .iter()
            .flat_map(|row| row.split('|').nth(1).unwrap_or_default().split(','))
            .map(|c| c.trim().trim_matches('`'))
            .filter(|c| !c.is_empty())
            .collect();
        for code in Code::ALL {
            assert!(
                listed.contains(&code.as_str()),
                "`{code}` is not in docs/front-matter.md"
            );
        }
        for name in &listed {
            assert!(
                Code::ALL.iter().any(|c| c == name),
                "docs/front-matter.md lists `{name}`, which is no code"
            );
        }
        let names: std::collections::HashSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), Code::ALL.len(), "two codes share a name");
    }
}
