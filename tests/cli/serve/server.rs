//! A `mentorlog serve` process on an ephemeral port, and a tiny HTTP/1.1 client over a raw
//! socket (so that tests can send what browsers would not: `..`, foreign `Host`s, `POST`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `mentorlog serve`, killed when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    pub url: String,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

fn capture(reader: impl Read + Send + 'static, into: Arc<Mutex<String>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(reader).lines().map_while(Result::ok) {
            let mut all = into.lock().unwrap();
            all.push_str(&line);
            all.push('\n');
        }
    });
}

impl Server {
    /// Starts `mentorlog serve --port 0 ARGS` on the site at `root` and waits for the line
    /// that gives its address.
    pub fn start(root: &Path, args: &[&str]) -> Self {
        Self::start_on(root, 0, args)
    }

    /// The same on a given port.
    pub fn start_on(root: &Path, port: u16, args: &[&str]) -> Self {
        Self::spawn(root, port, args, &[])
    }

    /// The same with environment variables set: debug builds read the server's limits from
    /// `MENTORLOG_SERVE_HEAD_TIMEOUT_MS` and `MENTORLOG_SERVE_MAX_CONNECTIONS`, so that tests
    /// need not wait for the real ones.
    pub fn start_with_env(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Self {
        Self::spawn(root, 0, args, env)
    }

    fn spawn(root: &Path, port: u16, args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mentorlog"))
            .arg("--root")
            .arg(root)
            .args(["--color", "never", "serve", "--port", &port.to_string()])
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("mentorlog starts");
        let stdout = Arc::new(Mutex::new(String::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        capture(child.stdout.take().unwrap(), stdout.clone());
        capture(child.stderr.take().unwrap(), stderr.clone());
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let out = stdout.lock().unwrap().clone();
            if let Some(at) = out.find("http://") {
                let url: String = out[at..]
                    .chars()
                    .take_while(|c| !c.is_whitespace() && *c != ',')
                    .collect();
                let port = url
                    .trim_end_matches('/')
                    .rsplit(':')
                    .next()
                    .and_then(|p| p.parse().ok())
                    .expect("a port in the address");
                return Self {
                    child,
                    port,
                    url,
                    stdout,
                    stderr,
                };
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!(
                    "serve exited with {status}:\n{}{}",
                    out,
                    stderr.lock().unwrap()
                );
            }
            assert!(
                Instant::now() < deadline,
                "serve printed no address:\n{out}{}",
                stderr.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Sends `head` (request line and headers, without the blank line) and reads the
    /// whole answer.
    pub fn raw(&self, head: &str) -> Response {
        request(self.port, head)
    }

    pub fn get(&self, path: &str) -> Response {
        self.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}",
            self.port
        ))
    }

    /// `/__mentorlog/status`, as JSON.
    pub fn status(&self) -> serde_json::Value {
        let r = self.get("/__mentorlog/status");
        assert_eq!(r.status, 200, "{}", r.text());
        serde_json::from_slice(&r.body).expect("status is JSON")
    }

    pub fn rebuilds(&self) -> u64 {
        self.status()["rebuilds"].as_u64().unwrap_or(0)
    }

    /// Polls the status until `done` holds (20 s at most).
    pub fn wait_for(
        &self,
        what: &str,
        done: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let status = self.status();
            if done(&status) {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; status: {status}\nstdout:\n{}\nstderr:\n{}",
                self.stdout(),
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(15));
        }
    }

    /// Waits (10 s at most) until the server has printed `text` on stdout.
    pub fn wait_for_stdout(&self, text: &str) {
        wait_for_text(&self.stdout, text);
    }

    /// Waits (10 s at most) until the server has printed `text` on stderr (read apart from
    /// stdout, so it may come a moment after what stdout said later).
    pub fn wait_for_stderr(&self, text: &str) {
        wait_for_text(&self.stderr, text);
    }

    /// Sends SIGINT, as Ctrl-C in a terminal does.
    #[cfg(unix)]
    pub fn interrupt(&self) {
        let sent = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "kill -INT failed");
    }

    /// The exit status once the process has ended, or `None` if it still runs after
    /// `within`.
    pub fn wait_exit(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().expect("waits") {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// A new connection to the server.
    pub fn connect(&self) -> TcpStream {
        TcpStream::connect(("127.0.0.1", self.port)).expect("connects")
    }

    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_for_text(stream: &Mutex<String>, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !stream.lock().unwrap().contains(text) {
        assert!(
            Instant::now() < deadline,
            "serve did not print {text:?}:\n{}",
            stream.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(15));
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One request on its own connection.
pub fn request(port: u16, head: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(stream, "{head}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("reads the answer");
    parse(&raw)
}

/// One answer on a connection that stays open: the head, then as many bytes as its
/// `Content-Length` says (none for `HEAD`).
pub fn read_response(stream: &mut TcpStream, head_only: bool) -> Response {
    let mut raw = Vec::new();
    let mut byte = [0; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        let n = stream.read(&mut byte).expect("reads the head");
        assert!(
            n > 0,
            "the connection closed before the answer's head ended"
        );
        raw.push(byte[0]);
    }
    let mut response = parse(&raw);
    if !head_only {
        let length: usize = response
            .header("content-length")
            .and_then(|v| v.parse().ok())
            .expect("a Content-Length");
        let mut body = vec![0; length];
        stream.read_exact(&mut body).expect("reads the body");
        response.body = body;
    }
    response
}

/// How long the server took to close `stream`, reading (and dropping) whatever it sends;
/// `None` when it was still open after `within`.
pub fn closed_within(stream: &mut TcpStream, within: Duration) -> Option<Duration> {
    let start = Instant::now();
    let mut buf = [0; 1024];
    loop {
        let left = within.saturating_sub(start.elapsed());
        if left.is_zero() {
            return None;
        }
        stream.set_read_timeout(Some(left)).unwrap();
        match stream.read(&mut buf) {
            Ok(0) => return Some(start.elapsed()),
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            // Reset by the server: closed too.
            Err(_) => return Some(start.elapsed()),
        }
    }
}

fn parse(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = end + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
}

/// What the preview serves for an HTML page, less the live-reload script it adds.
pub fn without_script(html: &str) -> String {
    let Some(start) = html.find("<script src=\"/__mentorlog/live-reload.js\"") else {
        return html.to_owned();
    };
    match html[start..].find("</script>") {
        Some(len) => format!(
            "{}{}",
            &html[..start],
            &html[start + len + "</script>".len()..]
        ),
        None => html.to_owned(),
    }
}
