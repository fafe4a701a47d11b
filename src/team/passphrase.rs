//! The team passphrase: where it comes from, whether it is strong enough, and strong
//! generated ones (issue 16). It never comes from a command-line argument (other users
//! of the machine see those in `ps`), and it is never printed or kept in the output.

use std::fmt;

/// The environment variable holding the passphrase.
pub const ENV: &str = "MENTORLOG_TEAM_PASSPHRASE";

/// Guesses a passphrase must resist, as estimated by zxcvbn: 10^12. At 600,000 PBKDF2
/// iterations a current GPU tries some 10^4 passphrases a second, so that is years of
/// one GPU.
pub(crate) const MIN_GUESSES_LOG10: f64 = 12.0;

/// Words of a generated passphrase: 6 × log2(7776) ≈ 77.5 bits.
pub(crate) const WORDS: usize = 6;

/// The EFF's large wordlist (7,776 words, CC BY 3.0 US, Electronic Frontier Foundation).
const WORDLIST: &str = include_str!("eff_large_wordlist.txt");

/// A passphrase; shown as `Passphrase(…)` so that it never reaches a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(String);

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

impl Passphrase {
    /// The passphrase itself.
    #[must_use]
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

/// Why a passphrase was not taken.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PassphraseError {
    /// Neither the variable nor a file.
    #[error(
        "--encrypt-team needs the team passphrase: set {ENV} in the environment or pass --passphrase-file FILE (`mentorlog passphrase` makes a strong one)"
    )]
    Missing,
    /// The file could not be read.
    #[error("cannot read the passphrase file `{0}`: {1}")]
    Unreadable(String, String),
    /// Empty, or only white space.
    #[error("the team passphrase is empty")]
    Empty,
    /// Too weak against an offline guessing attack.
    #[error(
        "the team passphrase is too weak: {why}; an attacker with the published files can guess it offline in about 10^{log10:.0} tries, and it should take at least 10^{min:.0} (`mentorlog passphrase` makes one of six random words)",
        min = MIN_GUESSES_LOG10
    )]
    Weak {
        /// zxcvbn's estimate of the guesses needed, log10.
        log10: f64,
        /// zxcvbn's warning or suggestion, or a plain reason.
        why: String,
    },
}

/// Reads the passphrase from `file` (its first line, the line break dropped) or else from
/// [`ENV`] (as it is), and checks its strength.
///
/// # Errors
/// Missing, unreadable, empty or weak.
pub fn read(
    file: Option<&std::path::Path>,
    env: Option<String>,
) -> Result<Passphrase, PassphraseError> {
    let text = match file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                PassphraseError::Unreadable(path.display().to_string(), e.to_string())
            })?;
            text.strip_suffix('\n')
                .map(|t| t.strip_suffix('\r').unwrap_or(t))
                .unwrap_or(&text)
                .to_owned()
        }
        None => env.ok_or(PassphraseError::Missing)?,
    };
    check(&text)?;
    Ok(Passphrase(text))
}

/// Whether `text` resists an offline guessing attack.
///
/// # Errors
/// Empty or weak, with zxcvbn's reason.
pub(crate) fn check(text: &str) -> Result<(), PassphraseError> {
    if text.trim().is_empty() {
        return Err(PassphraseError::Empty);
    }
    let estimate = zxcvbn::zxcvbn(text, &[]);
    let log10 = estimate.guesses_log10();
    if log10 >= MIN_GUESSES_LOG10 {
        return Ok(());
    }
    let why = estimate
        .feedback()
        .and_then(|f| {
            f.warning()
                .map(|w| w.to_string())
                .or_else(|| f.suggestions().first().map(ToString::to_string))
        })
        .map_or_else(
            || "it is too short or too predictable".to_owned(),
            |w| w.trim_end_matches('.').to_lowercase(),
        );
    Err(PassphraseError::Weak { log10, why })
}

/// Six words drawn uniformly from the EFF large wordlist, joined by spaces.
///
/// # Panics
/// When the operating system has no randomness to give.
#[must_use]
pub fn generate() -> String {
    let words: Vec<&str> = WORDLIST.lines().collect();
    let n = u32::try_from(words.len()).expect("7776 words");
    (0..WORDS)
        .map(|_| words[uniform(n) as usize])
        .collect::<Vec<_>>()
        .join(" ")
}

/// A uniform number below `n`, by rejection (no modulo bias).
fn uniform(n: u32) -> u32 {
    let zone = u32::MAX - u32::MAX % n;
    loop {
        let mut bytes = [0; 4];
        getrandom::fill(&mut bytes).expect("the operating system's random numbers");
        let x = u32::from_le_bytes(bytes);
        if x < zone {
            return x % n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wordlist_is_the_eff_large_list() {
        let words: Vec<&str> = WORDLIST.lines().collect();
        assert_eq!(words.len(), 7776);
        assert_eq!(words.first(), Some(&"abacus"));
        assert_eq!(words.last(), Some(&"zoom"));
        let unique: std::collections::HashSet<_> = words.iter().collect();
        assert_eq!(unique.len(), 7776);
    }

    #[test]
    fn generated_passphrases_are_strong_and_differ() {
        let a = generate();
        assert_eq!(a.split(' ').count(), WORDS);
        assert_ne!(a, generate());
        check(&a).unwrap();
    }

    #[test]
    fn weak_passphrases_are_refused_with_a_reason() {
        for weak in ["password", "correcthorse", "Summer2024!", "qwerty123456"] {
            let err = check(weak).expect_err(weak);
            assert!(matches!(err, PassphraseError::Weak { .. }), "{weak}: {err}");
            assert!(err.to_string().contains("too weak"), "{err}");
        }
        assert_eq!(check("  "), Err(PassphraseError::Empty));
    }

    #[test]
    fn a_file_gives_its_first_line_without_the_break() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p");
        std::fs::write(&path, "otter crayon mural gloomy swept nuzzle\r\n").unwrap();
        let p = read(Some(&path), Some("ignored".into())).unwrap();
        assert_eq!(p.expose(), "otter crayon mural gloomy swept nuzzle");
        assert_eq!(read(None, None), Err(PassphraseError::Missing));
        assert!(format!("{p:?}").contains('…'));
    }
}
