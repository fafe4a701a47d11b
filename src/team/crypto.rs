//! The envelope of the encrypted team site (issue 16): keys from the passphrase, file
//! names, and each file sealed with AES-256-GCM. Primitives come from RustCrypto; this
//! file only composes them, the same way `team.js` does with WebCrypto.
//!
//! Format version 1 (docs/publishing.md says the same, and `tests/browser/team_decrypt.py`
//! follows it with another library):
//!
//! - `master` = PBKDF2-HMAC-SHA256(passphrase in Unicode NFC, as UTF-8; `salt`, 16 bytes;
//!   600,000 iterations; 32 bytes).
//! - `K_id` = HMAC-SHA256(`master`, `"mentorlog team v1 id"`) and `K_siv` =
//!   HMAC-SHA256(`master`, `"mentorlog team v1 siv"`): two keys for two purposes.
//! - A file at `path` (inside the team site, e.g. `sessions/x/index.html`) is published
//!   as `x/ID.bin`, `ID` = the first 16 bytes of HMAC-SHA256(`K_id`, `path`) in hex. The
//!   manifest's `ID` is `site` (published as `site.bin`).
//! - `siv` = HMAC-SHA256(`K_siv`, `ID` ‖ 0x00 ‖ plaintext): 32 bytes.
//! - `key` ‖ `nonce` = HKDF-SHA256(ikm `master`, salt `siv`, info
//!   `"mentorlog team v1 file"`, 44 bytes): a 32-byte AES key and a 12-byte nonce.
//! - The file is `"MLT1"` ‖ `siv` ‖ AES-256-GCM(`key`, `nonce`, plaintext, aad =
//!   `"MLT1"` ‖ `siv` ‖ `ID`), the 16-byte tag last.
//!
//! Why no key and nonce are ever used for two different plaintexts: they are derived from
//! `siv`, a keyed hash of the file's name and content. Two different plaintexts (or one
//! plaintext at two names) give two different `siv`s, unless HMAC-SHA256 collides, and so
//! two unrelated keys; one plaintext gives the same `siv` and so the same ciphertext, which
//! is what makes a build reproducible. The passphrase or the salt changed, `master` is
//! another and so is every key. The `ID` in the aad stops a file from being served in
//! place of another; the manifest lists every file's `siv`, so a file of another build is
//! refused too.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use unicode_normalization::UnicodeNormalization;

/// PBKDF2-HMAC-SHA256 iterations: OWASP's recommendation (2023–).
pub(crate) const ITERATIONS: u32 = 600_000;
/// The first bytes of every encrypted file.
pub(crate) const MAGIC: &[u8; 4] = b"MLT1";
/// The manifest's `ID`.
pub(crate) const MANIFEST_ID: &str = "site";
const SIV_LEN: usize = 32;
const HEADER_LEN: usize = MAGIC.len() + SIV_LEN;

type HmacSha256 = Hmac<Sha256>;

/// The random salt kept in `mentorlog.toml` (`[team] salt`, 32 hex digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Salt(pub [u8; 16]);

impl Salt {
    /// A fresh random salt.
    ///
    /// # Panics
    /// When the operating system has no randomness to give.
    #[must_use]
    pub fn random() -> Self {
        let mut bytes = [0; 16];
        getrandom::fill(&mut bytes).expect("the operating system's random numbers");
        Self(bytes)
    }

    /// Reads 32 hex digits.
    #[must_use]
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let bytes = from_hex(text.trim())?;
        bytes.try_into().ok().map(Self)
    }

    /// As written in the config and the page shell.
    #[must_use]
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }
}

/// The key derived from the passphrase: what the browser keeps for the tab's session.
#[derive(Clone)]
pub(crate) struct MasterKey([u8; 32]);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(…)")
    }
}

impl MasterKey {
    /// PBKDF2-HMAC-SHA256 of the passphrase (NFC, UTF-8) with `salt`, [`ITERATIONS`]
    /// times: about a quarter of a second.
    #[must_use]
    pub(crate) fn derive(passphrase: &str, salt: &Salt) -> Self {
        Self::derive_with(passphrase, salt, ITERATIONS)
    }

    /// [`MasterKey::derive`] with another iteration count (unit tests only want speed).
    #[must_use]
    pub(crate) fn derive_with(passphrase: &str, salt: &Salt, iterations: u32) -> Self {
        let normal: String = passphrase.nfc().collect();
        let mut out = [0; 32];
        pbkdf2::pbkdf2_hmac::<Sha256>(normal.as_bytes(), &salt.0, iterations, &mut out);
        Self(out)
    }

    fn subkey(&self, purpose: &str) -> HmacSha256 {
        let mut outer = mac(&self.0);
        outer.update(purpose.as_bytes());
        mac(&outer.finalize().into_bytes())
    }

    /// The published name (`ID`) of the team site's file at `path`.
    #[must_use]
    pub(crate) fn file_id(&self, path: &str) -> String {
        let mut mac = self.subkey("mentorlog team v1 id");
        mac.update(path.as_bytes());
        hex(&mac.finalize().into_bytes()[..16])
    }

    /// The synthetic IV of `plaintext` published as `id`.
    #[must_use]
    pub(crate) fn siv(&self, id: &str, plaintext: &[u8]) -> [u8; SIV_LEN] {
        let mut mac = self.subkey("mentorlog team v1 siv");
        mac.update(id.as_bytes());
        mac.update(&[0]);
        mac.update(plaintext);
        mac.finalize().into_bytes().into()
    }

    /// The AES key and nonce of the file whose synthetic IV is `siv`.
    #[must_use]
    pub(crate) fn file_key(&self, siv: &[u8; SIV_LEN]) -> ([u8; 32], [u8; 12]) {
        let hk = Hkdf::<Sha256>::new(Some(siv), &self.0);
        let mut okm = [0; 44];
        hk.expand(b"mentorlog team v1 file", &mut okm)
            .expect("44 bytes is a valid HKDF-SHA256 length");
        let (key, nonce) = okm.split_at(32);
        (
            key.try_into().expect("32 bytes"),
            nonce.try_into().expect("12 bytes"),
        )
    }

    /// Seals `plaintext`, published as `id`.
    ///
    /// # Panics
    /// Never: AES-GCM refuses only plaintexts over 64 GiB.
    #[must_use]
    pub(crate) fn seal(&self, id: &str, plaintext: &[u8]) -> Vec<u8> {
        let siv = self.siv(id, plaintext);
        let (key, nonce) = self.file_key(&siv);
        let mut out = Vec::with_capacity(HEADER_LEN + plaintext.len() + 16);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&siv);
        let mut aad = out.clone();
        aad.extend_from_slice(id.as_bytes());
        let cipher = Aes256Gcm::new_from_slice(&key).expect("a 32-byte key");
        let sealed = cipher
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: plaintext,
                    aad: &aad,
                },
            )
            .expect("a plaintext under 64 GiB");
        out.extend_from_slice(&sealed);
        out
    }

    #[cfg(test)]
    /// Opens a file published as `id`: `None` when it was not sealed by this key under
    /// this name, or was changed in any way.
    #[must_use]
    pub(crate) fn open(&self, id: &str, file: &[u8]) -> Option<Vec<u8>> {
        if file.len() < HEADER_LEN + 16 || &file[..MAGIC.len()] != MAGIC {
            return None;
        }
        let siv: [u8; SIV_LEN] = file[MAGIC.len()..HEADER_LEN].try_into().ok()?;
        let (key, nonce) = self.file_key(&siv);
        let mut aad = file[..HEADER_LEN].to_vec();
        aad.extend_from_slice(id.as_bytes());
        let cipher = Aes256Gcm::new_from_slice(&key).ok()?;
        cipher
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: &file[HEADER_LEN..],
                    aad: &aad,
                },
            )
            .ok()
    }
}

/// The synthetic IV a sealed file carries.
#[must_use]
pub(crate) fn siv_of(file: &[u8]) -> Option<&[u8]> {
    file.get(MAGIC.len()..HEADER_LEN)
}

fn mac(key: &[u8]) -> HmacSha256 {
    <HmacSha256 as hmac::digest::KeyInit>::new_from_slice(key).expect("HMAC takes any key")
}

/// Lowercase hex.
#[must_use]
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> MasterKey {
        MasterKey::derive_with("correct horse battery staple", &Salt([7; 16]), 1_000)
    }

    #[test]
    fn pbkdf2_matches_rfc_7914_vector() {
        // RFC 7914 §11, PBKDF2-HMAC-SHA256 (P="passwd", S="salt", c=1): its first 32 bytes.
        let mut out = [0; 32];
        pbkdf2::pbkdf2_hmac::<Sha256>(b"passwd", b"salt", 1, &mut out);
        assert_eq!(
            hex(&out),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        );
    }

    #[test]
    fn sealed_files_open_and_only_under_their_name() {
        let k = key();
        let sealed = k.seal("abc", b"<p>hello</p>");
        assert_eq!(
            k.open("abc", &sealed).as_deref(),
            Some(&b"<p>hello</p>"[..])
        );
        assert_eq!(k.open("abd", &sealed), None, "another name");
        let other = MasterKey::derive_with("another passphrase", &Salt([7; 16]), 1_000);
        assert_eq!(other.open("abc", &sealed), None, "another key");
        for i in 0..sealed.len() {
            let mut tampered = sealed.clone();
            tampered[i] ^= 1;
            assert_eq!(k.open("abc", &tampered), None, "byte {i} flipped");
        }
        assert_eq!(k.open("abc", &sealed[..sealed.len() - 1]), None, "cut");
    }

    #[test]
    fn same_plaintext_same_bytes_different_plaintexts_different_key_and_nonce() {
        let k = key();
        assert_eq!(k.seal("a", b"x"), k.seal("a", b"x"));
        // Many plaintexts, some equal, at several names: a key/nonce pair is only ever
        // shared by equal (name, plaintext) pairs.
        type KeyNonce = ([u8; 32], [u8; 12]);
        let mut seen: std::collections::HashMap<KeyNonce, (String, Vec<u8>)> =
            std::collections::HashMap::new();
        let mut nonces = std::collections::HashMap::new();
        for name in ["a", "b", "site"] {
            for n in 0..300_u32 {
                let text = format!("page {}", n % 250).into_bytes();
                let pair = k.file_key(&k.siv(name, &text));
                let entry = seen
                    .entry(pair)
                    .or_insert_with(|| (name.to_owned(), text.clone()));
                assert_eq!(entry, &(name.to_owned(), text.clone()));
                nonces.insert(pair.1, ());
            }
        }
        assert_eq!(seen.len(), 750);
        assert_eq!(nonces.len(), 750, "even the nonces alone differ");
    }

    #[test]
    fn ids_depend_on_the_key_and_the_path() {
        let k = key();
        assert_eq!(k.file_id("index.html").len(), 32);
        assert_ne!(k.file_id("index.html"), k.file_id("index.htm"));
        let other = MasterKey::derive_with("x", &Salt([7; 16]), 1_000);
        assert_ne!(k.file_id("index.html"), other.file_id("index.html"));
    }

    #[test]
    fn salts_read_what_they_write() {
        let s = Salt::random();
        assert_eq!(Salt::parse(&s.to_hex()), Some(s));
        assert_eq!(Salt::parse("abc"), None);
        assert_eq!(Salt::parse(&"g".repeat(32)), None);
        assert_eq!(Salt::parse(&"ab".repeat(17)), None);
    }

    #[test]
    fn passphrases_are_normalized() {
        let salt = Salt([1; 16]);
        let composed = MasterKey::derive_with("caf\u{e9}", &salt, 10);
        let decomposed = MasterKey::derive_with("cafe\u{301}", &salt, 10);
        assert_eq!(composed.0, decomposed.0);
    }
}
