//! The wire: `Content-Length` framed JSON-RPC messages on stdin and stdout.
//!
//! `lsp-server`'s own stdio transport stops at the first message that is not valid UTF-8
//! or JSON; an editor sending one bad message must not lose its language server, so the
//! frames are read here and only the message types come from `lsp-server`. A body that is
//! not UTF-8 is read with replacement characters; JSON that does not parse is answered
//! (when it has an id) with a parse error, and the server goes on. Nothing but protocol
//! messages is ever written to stdout.

use std::io::{self, BufRead, Write};

use lsp_server::{ErrorCode, Message, RequestId, Response};

/// What the reader hands to the server.
#[derive(Debug)]
pub(crate) enum Incoming {
    /// A message.
    Message(Message),
    /// A frame that is not a message: answered with an error when it had an id.
    Malformed {
        /// The request's id, when one could be read.
        id: Option<RequestId>,
        /// What was wrong, for the log.
        error: String,
    },
}

/// Reads one frame's body; `None` at the end of the input.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length: Option<usize> = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim();
        if text.is_empty() {
            if length.is_some() {
                break;
            }
            // Blank lines between frames.
            continue;
        }
        if let Some((name, value)) = text.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().ok();
        }
    }
    let length = length.unwrap_or(0);
    // A frame larger than this is not an editor's message.
    if length > 256 << 20 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "a message over 256 MiB",
        ));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

/// JSON text with escaped lone surrogates (`"\ud800"`, which serde_json refuses) replaced
/// by U+FFFD, as a body that is not UTF-8 is read.
fn without_lone_surrogates(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("\\u") {
        let (head, tail) = rest.split_at(i);
        out.push_str(head);
        let hex = tail.get(2..6).unwrap_or("");
        let unit = u16::from_str_radix(hex, 16).ok();
        let next = tail
            .get(8..12)
            .filter(|_| tail.get(6..8) == Some("\\u"))
            .and_then(|h| u16::from_str_radix(h, 16).ok());
        match unit {
            Some(0xD800..=0xDBFF) if matches!(next, Some(0xDC00..=0xDFFF)) => {
                out.push_str(&tail[..12]);
                rest = &tail[12..];
            }
            Some(0xD800..=0xDFFF) => {
                out.push_str("\\ufffd");
                rest = &tail[6..];
            }
            _ => {
                // `\\u` (an escaped backslash before a `u`) is copied two bytes at a time.
                out.push_str(&tail[..2]);
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Reads the message in `body`.
fn decode(body: &[u8]) -> Incoming {
    let text = String::from_utf8_lossy(body);
    let error = match serde_json::from_str::<Message>(&text) {
        Ok(m) => return Incoming::Message(m),
        Err(e) => e,
    };
    if text.contains("\\u")
        && let Ok(m) = serde_json::from_str::<Message>(&without_lone_surrogates(&text))
    {
        return Incoming::Message(m);
    }
    let id = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| serde_json::from_value::<RequestId>(v.get("id")?.clone()).ok())
        .or_else(|| id_in_broken_json(&text));
    Incoming::Malformed {
        id,
        error: error.to_string(),
    }
}

/// The id of a request whose JSON is cut short (`{"id": 7, "method": `): read from the
/// text, so that the client still gets its answer. `None` when no id can be told.
fn id_in_broken_json(text: &str) -> Option<RequestId> {
    let at = text.find("\"id\"")? + 4;
    let rest = text[at..].trim_start().strip_prefix(':')?.trim_start();
    if let Some(quoted) = rest.strip_prefix('"') {
        let end = quoted.find('"')?;
        return Some(RequestId::from(quoted[..end].to_owned()));
    }
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<i32>().ok().map(RequestId::from)
}

/// Reads frames from `input` until it ends, handing each to `send`; stops when `send`
/// says the server is gone.
pub(crate) fn read_all(mut input: impl BufRead, mut send: impl FnMut(Incoming) -> bool) {
    loop {
        match read_frame(&mut input) {
            Ok(Some(body)) => {
                if !send(decode(&body)) {
                    return;
                }
            }
            Ok(None) => return,
            Err(e) => {
                eprintln!("mentorlog lsp: reading the input failed: {e}");
                return;
            }
        }
    }
}

/// Writes `message` as one frame.
pub(crate) fn write(out: &mut impl Write, message: &Message) -> io::Result<()> {
    message.write(out)
}

/// The answer to a frame that was not a message.
#[must_use]
pub(crate) fn parse_error(id: RequestId, error: &str) -> Message {
    Response::new_err(
        id,
        ErrorCode::ParseError as i32,
        format!("not a message: {error}"),
    )
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_survive_bad_bytes_and_bad_json() {
        let mut input = Vec::new();
        for body in [
            &b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":{\"t\":\"a\xffb\"}}"[..],
            b"{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"x\",\"params\":{\"t\":\"\\ud800\"}}",
            b"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":",
            b"nonsense",
        ] {
            input.extend(format!("Content-Length: {}\r\n\r\n", body.len()).bytes());
            input.extend(body);
        }
        let mut got = Vec::new();
        read_all(&input[..], |m| {
            got.push(m);
            true
        });
        assert_eq!(got.len(), 4);
        let Incoming::Message(Message::Request(r)) = &got[0] else {
            panic!("{:?}", got[0]);
        };
        assert_eq!(r.params["t"], "a\u{fffd}b");
        let Incoming::Message(Message::Request(r)) = &got[1] else {
            panic!("{:?}", got[1]);
        };
        assert_eq!(r.params["t"], "\u{fffd}");
        assert!(
            matches!(&got[2], Incoming::Malformed { id: Some(id), .. } if *id == RequestId::from(3))
        );
        assert!(matches!(got[3], Incoming::Malformed { id: None, .. }));
    }

    #[test]
    fn surrogate_pairs_are_kept() {
        assert_eq!(
            without_lone_surrogates(r#""\ud83d\ude42 \udc00 \\u""#),
            r#""\ud83d\ude42 \ufffd \\u""#
        );
    }
}
