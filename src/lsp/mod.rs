//! `mentorlog lsp`: a language server over stdio, a front end of the one analysis host.
//!
//! The editor's unsaved buffers are laid over the notes with `Host::set_buffer`; every
//! diagnostic, goal, weakness and link comes from the host, so the editor sees exactly
//! what `check` reports (no rule is written twice). This module owns the protocol: the
//! loop, the state of open documents (`workspace`), positions (`convert`), where a
//! position is in a note (`context`) and one file per feature: `complete`, `hover`,
//! `navigate` (definition, references, rename), `actions` (code actions, symbols,
//! folding). It logs to stderr only; stdout carries the protocol.
//!
//! One thread answers, in order; a second reads stdin (`transport`). Edits are analysed
//! when a request needs them or when no message is waiting, so a burst of keystrokes is
//! analysed once.

mod actions;
mod complete;
mod context;
mod convert;
mod hover;
mod navigate;
mod transport;
mod workspace;

use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionProviderCapability, CompletionOptions, HoverProviderCapability,
    InitializeParams, OneOf, PositionEncodingKind, RenameOptions, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
use serde_json::Value;

use convert::Encoding;
use transport::Incoming;
use workspace::{OpenDoc, Workspace};

/// How the server is started.
#[derive(Debug, Clone, Default)]
pub struct LspOptions {
    /// The site's folder; found from each opened file (the folder holding `content/`)
    /// when `None`.
    pub root: Option<PathBuf>,
}

/// An open note and what a feature needs to answer about it.
pub(crate) struct Doc<'a> {
    /// The workspace.
    pub ws: &'a Workspace,
    /// Its site.
    pub site: usize,
    /// The site's host.
    pub host: &'a crate::analysis::Host,
    /// The open document.
    pub open: &'a OpenDoc,
    /// How columns are counted.
    pub enc: Encoding,
}

impl Doc<'_> {
    /// The note's text.
    pub(crate) fn text(&self) -> &str {
        &self.open.text
    }

    /// The note's path relative to `content/`.
    pub(crate) fn rel(&self) -> &Path {
        &self.open.rel
    }

    /// The index of the note's mentorship in the host's docs and log.
    pub(crate) fn mentorship(&self) -> Option<usize> {
        self.host.mentorship_of(&self.open.rel)
    }
}

/// Runs the server on stdin and stdout until the client says `exit` or the input ends.
/// `Ok(true)` when it was shut down as the protocol asks.
///
/// # Errors
/// When stdout cannot be written.
pub fn run(options: &LspOptions) -> std::io::Result<bool> {
    let (tx, rx) = mpsc::channel::<Incoming>();
    std::thread::Builder::new()
        .name("lsp-reader".to_owned())
        .spawn(move || {
            transport::read_all(std::io::stdin().lock(), |m| tx.send(m).is_ok());
        })?;
    let mut out = std::io::stdout().lock();
    let mut server = Server {
        ws: Workspace::new(options.root.as_deref(), Encoding::Utf16),
        state: State::Starting,
    };
    loop {
        let incoming = match rx.try_recv() {
            Ok(m) => m,
            Err(mpsc::TryRecvError::Empty) => {
                // Nothing waiting: analyse what was typed and say what it gives.
                server.publish(&mut out)?;
                match rx.recv() {
                    Ok(m) => m,
                    Err(_) => break,
                }
            }
            Err(mpsc::TryRecvError::Disconnected) => break,
        };
        let replies = match incoming {
            Incoming::Message(message) => {
                let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| server.handle(message)));
                match outcome {
                    Ok(replies) => replies,
                    Err(_) => {
                        eprintln!("mentorlog lsp: a handler panicked; the server goes on");
                        Vec::new()
                    }
                }
            }
            Incoming::Malformed { id, error } => {
                eprintln!("mentorlog lsp: a message that does not parse: {error}");
                id.map(|id| transport::parse_error(id, &error))
                    .into_iter()
                    .collect()
            }
        };
        for reply in &replies {
            transport::write(&mut out, reply)?;
        }
        out.flush()?;
        if server.state == State::Exited {
            return Ok(true);
        }
        if server.state == State::ExitedEarly {
            return Ok(false);
        }
    }
    Ok(server.state == State::ShutDown)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Starting,
    Running,
    ShutDown,
    Exited,
    ExitedEarly,
}

struct Server {
    ws: Workspace,
    state: State,
}

/// A request's answer: a result, or an error code and message.
type Answer = Result<Value, (ErrorCode, String)>;

fn params<P: serde::de::DeserializeOwned>(value: Value) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(value).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

impl Server {
    fn publish(&mut self, out: &mut impl Write) -> std::io::Result<()> {
        if self.state != State::Running {
            return Ok(());
        }
        let all = std::panic::catch_unwind(AssertUnwindSafe(|| self.ws.diagnostics_to_publish()))
            .unwrap_or_else(|_| {
                eprintln!("mentorlog lsp: analysing the edits panicked; the server goes on");
                Vec::new()
            });
        for params in all {
            let n = Notification::new("textDocument/publishDiagnostics".to_owned(), params);
            transport::write(out, &n.into())?;
        }
        out.flush()
    }

    fn handle(&mut self, message: Message) -> Vec<Message> {
        match message {
            Message::Request(req) => vec![self.request(req)],
            Message::Notification(n) => {
                self.notification(n);
                Vec::new()
            }
            Message::Response(_) => Vec::new(),
        }
    }

    fn request(&mut self, req: Request) -> Message {
        let id: RequestId = req.id.clone();
        let answer = match (self.state, req.method.as_str()) {
            (State::Starting, "initialize") => self.initialize(req.params),
            (State::Starting, _) => Err((
                ErrorCode::ServerNotInitialized,
                "the server is not initialized".to_owned(),
            )),
            (_, "initialize") => Err((
                ErrorCode::InvalidRequest,
                "initialize was sent twice".to_owned(),
            )),
            (State::Running, "shutdown") => {
                self.state = State::ShutDown;
                Ok(Value::Null)
            }
            (State::Running, method) => {
                self.ws.flush();
                self.feature(method, req.params)
            }
            (_, _) => Err((
                ErrorCode::InvalidRequest,
                "the server is shut down".to_owned(),
            )),
        };
        match answer {
            Ok(v) => Response::new_ok(id, v).into(),
            Err((code, message)) => {
                if !matches!(code, ErrorCode::MethodNotFound) {
                    eprintln!("mentorlog lsp: {}: {message}", req.method);
                }
                Response::new_err(id, code as i32, message).into()
            }
        }
    }

    fn initialize(&mut self, value: Value) -> Answer {
        let p: InitializeParams = params(value)?;
        let offered = p
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        let enc = if offered.is_some_and(|o| o.contains(&PositionEncodingKind::UTF8)) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        self.ws.enc = enc;
        #[allow(deprecated)]
        let folder = p
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .map(|f| f.uri.clone())
            .or(p.root_uri.clone())
            .and_then(|u| convert::uri_path(u.as_str()));
        self.ws.preload(folder.as_deref());
        self.state = State::Running;
        let capabilities = ServerCapabilities {
            position_encoding: Some(match enc {
                Encoding::Utf8 => PositionEncodingKind::UTF8,
                Encoding::Utf16 => PositionEncodingKind::UTF16,
            }),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(
                    [":", " ", "(", "[", ",", "-", "/"]
                        .map(str::to_owned)
                        .to_vec(),
                ),
                ..CompletionOptions::default()
            }),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: lsp_types::WorkDoneProgressOptions::default(),
            })),
            code_action_provider: Some(CodeActionProviderCapability::Options(
                lsp_types::CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                    ..lsp_types::CodeActionOptions::default()
                },
            )),
            document_symbol_provider: Some(OneOf::Left(true)),
            folding_range_provider: Some(lsp_types::FoldingRangeProviderCapability::Simple(true)),
            ..ServerCapabilities::default()
        };
        Ok(serde_json::json!({
            "capabilities": capabilities,
            "serverInfo": { "name": "mentorlog", "version": env!("CARGO_PKG_VERSION") },
        }))
    }

    fn notification(&mut self, n: Notification) {
        if n.method == "exit" {
            self.state = if self.state == State::ShutDown {
                State::Exited
            } else {
                State::ExitedEarly
            };
            return;
        }
        if self.state != State::Running {
            return;
        }
        let outcome = self.document_notification(n.method.as_str(), n.params);
        if let Err((_, message)) = outcome {
            eprintln!("mentorlog lsp: {}: {message}", n.method);
        }
    }

    fn document_notification(
        &mut self,
        method: &str,
        value: Value,
    ) -> Result<(), (ErrorCode, String)> {
        use lsp_types::{
            DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
            DidSaveTextDocumentParams,
        };
        match method {
            "textDocument/didOpen" => {
                let p: DidOpenTextDocumentParams = params(value)?;
                let d = p.text_document;
                self.ws.open(d.uri, &d.text, d.version);
            }
            "textDocument/didChange" => {
                let p: DidChangeTextDocumentParams = params(value)?;
                let d = p.text_document;
                self.ws.change(&d.uri, d.version, p.content_changes);
            }
            "textDocument/didClose" => {
                let p: DidCloseTextDocumentParams = params(value)?;
                self.ws.close(&p.text_document.uri);
            }
            "textDocument/didSave" => {
                let p: DidSaveTextDocumentParams = params(value)?;
                self.ws.saved(&p.text_document.uri);
            }
            "workspace/didChangeWatchedFiles" => self.ws.files_changed(),
            _ => {}
        }
        Ok(())
    }

    /// The open note `uri` names; `None` for anything else (a request about a file that
    /// is not an open note of a site is answered with nothing, not an error).
    fn doc(&self, uri: &Uri) -> Option<Doc<'_>> {
        let open = self.ws.doc(uri).filter(|d| d.is_note())?;
        let site = open.site?;
        Some(Doc {
            ws: &self.ws,
            site,
            host: &self.ws.sites[site].host,
            open,
            enc: self.ws.enc,
        })
    }

    // Long on purpose: the dispatch of the protocol's requests, an arm a method.
    fn feature(&mut self, method: &str, value: Value) -> Answer {
        use lsp_types::{
            CodeActionParams, CompletionParams, DocumentSymbolParams, FoldingRangeParams,
            GotoDefinitionParams, HoverParams, ReferenceParams, RenameParams,
            TextDocumentPositionParams,
        };
        let json = |v: Result<Value, serde_json::Error>| {
            v.map_err(|e| (ErrorCode::InternalError, e.to_string()))
        };
        match method {
            "textDocument/completion" => {
                let p: CompletionParams = params(value)?;
                let tdp = p.text_document_position;
                let Some(doc) = self.doc(&tdp.text_document.uri) else {
                    return Ok(Value::Null);
                };
                json(serde_json::to_value(complete::complete(&doc, tdp.position)))
            }
            "textDocument/hover" => {
                let p: HoverParams = params(value)?;
                let tdp = p.text_document_position_params;
                let Some(doc) = self.doc(&tdp.text_document.uri) else {
                    return Ok(Value::Null);
                };
                json(serde_json::to_value(hover::hover(&doc, tdp.position)))
            }
            "textDocument/definition" => {
                let p: GotoDefinitionParams = params(value)?;
                let tdp = p.text_document_position_params;
                let Some(doc) = self.doc(&tdp.text_document.uri) else {
                    return Ok(Value::Null);
                };
                json(serde_json::to_value(navigate::definition(
                    &doc,
                    tdp.position,
                )))
            }
            "textDocument/references" => {
                let p: ReferenceParams = params(value)?;
                let tdp = p.text_document_position;
                let Some(doc) = self.doc(&tdp.text_document.uri) else {
                    return Ok(Value::Null);
                };
                json(serde_json::to_value(navigate::references(
                    &doc,
                    tdp.position,
                )))
            }
            "textDocument/prepareRename" => {
                let p: TextDocumentPositionParams = params(value)?;
                let Some(doc) = self.doc(&p.text_document.uri) else {
                    return Ok(Value::Null);
                };
                json(serde_json::to_value(navigate::prepare_rename(
                    &doc, p.position,
                )))
            }
            "textDocument/rename" => {
                let p: RenameParams = params(value)?;
                let tdp = p.text_document_position;
                let Some(doc) = self.doc(&tdp.text_document.uri) else {
                    return Ok(Value::Null);
                };
                let edit = navigate::rename(&doc, tdp.position, &p.new_name)
                    .map_err(|m| (ErrorCode::InvalidParams, m))?;
                json(serde_json::to_value(edit))
            }
            "textDocument/codeAction" => {
                let p: CodeActionParams = params(value)?;
                let Some(doc) = self.doc(&p.text_document.uri) else {
                    return Ok(Value::Null);
                };
                json(serde_json::to_value(actions::code_actions(&doc, &p)))
            }
            "textDocument/documentSymbol" => {
                let p: DocumentSymbolParams = params(value)?;
                let Some(doc) = self.doc(&p.text_document.uri) else {
                    return Ok(Value::Null);
                };
                json(serde_json::to_value(actions::symbols(&doc)))
            }
            "textDocument/foldingRange" => {
                let p: FoldingRangeParams = params(value)?;
                let Some(doc) = self.doc(&p.text_document.uri) else {
                    return Ok(Value::Null);
                };
                json(serde_json::to_value(actions::folding(&doc)))
            }
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("mentorlog does not answer {method}"),
            )),
        }
    }
}
