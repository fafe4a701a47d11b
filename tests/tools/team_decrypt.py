#!/usr/bin/env python3
"""Decrypts one page of an encrypted team site from the published files and the
passphrase alone, with Python's `cryptography` package: an implementation independent of
mentorlog's (RustCrypto) and the browser's (WebCrypto), following docs/publishing.md.

    MENTORLOG_TEAM_PASSPHRASE=... team_decrypt.py PUBLIC_DIR [PATH]

PATH is a path inside the team site (default `index.html`); the page is written to
standard output. Exit status 1 when a file does not decrypt (wrong passphrase, tampering).
"""

import hashlib
import hmac
import json
import os
import re
import sys
import unicodedata

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"MLT1"


def master_key(passphrase, shell):
    salt = bytes.fromhex(re.search(r'data-salt="([0-9a-f]{32})"', shell).group(1))
    iterations = int(re.search(r'data-iterations="(\d+)"', shell).group(1))
    normal = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return hashlib.pbkdf2_hmac("sha256", normal, salt, iterations, 32)


def open_file(master, file_id, data):
    if data[:4] != MAGIC:
        raise InvalidTag()
    siv = data[4:36]
    okm = HKDF(hashes.SHA256(), 44, siv, b"mentorlog team v1 file").derive(master)
    aad = data[:36] + file_id.encode("ascii")
    return siv, AESGCM(okm[:32]).decrypt(okm[32:], data[36:], aad)


def main():
    public, path = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "index.html"
    team = os.path.join(public, "team")
    with open(os.path.join(team, "index.html"), encoding="utf-8") as f:
        master = master_key(os.environ["MENTORLOG_TEAM_PASSPHRASE"], f.read())
    try:
        with open(os.path.join(team, "site.bin"), "rb") as f:
            _, manifest = open_file(master, "site", f.read())
        entry = json.loads(manifest)["files"][path]
        # The published name is the keyed hash of the path, as the docs say.
        k_id = hmac.new(master, b"mentorlog team v1 id", hashlib.sha256).digest()
        assert entry["id"] == hmac.new(k_id, path.encode(), hashlib.sha256).hexdigest()[:32]
        with open(os.path.join(team, "x", entry["id"] + ".bin"), "rb") as f:
            siv, page = open_file(master, entry["id"], f.read())
        if siv.hex() != entry["siv"]:
            raise InvalidTag()
        k_siv = hmac.new(master, b"mentorlog team v1 siv", hashlib.sha256).digest()
        assert siv == hmac.new(k_siv, entry["id"].encode() + b"\0" + page, hashlib.sha256).digest()
    except InvalidTag:
        print("refused: a file does not decrypt with this passphrase", file=sys.stderr)
        sys.exit(1)
    sys.stdout.buffer.write(page)


if __name__ == "__main__":
    main()
