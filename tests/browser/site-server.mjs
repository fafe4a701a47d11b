// A tiny static server for built mentorlog sites, as a static host would serve them:
// `/x/` serves `x/index.html`, a missing file gets `404.html` with status 404, and every
// response carries the security headers of the repository's netlify.toml (the strict
// Content-Security-Policy above all), so that the browser enforces them while we test.
//
// Shared by site-check.mjs and site-screenshots.mjs. Node's own modules only.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import { gzipSync } from "node:zlib";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".ics": "text/calendar; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** The `[[headers]]` values of a netlify.toml, read without a TOML library. */
export function netlifyHeaders(tomlPath) {
  const text = readFileSync(tomlPath, "utf8");
  const at = text.indexOf("[headers.values]");
  if (at === -1) {
    throw new Error(`no [headers.values] in ${tomlPath}`);
  }
  const headers = {};
  for (const line of text.slice(at).split("\n").slice(1)) {
    if (/^\s*\[/.test(line)) {
      break;
    }
    const m = line.match(/^\s*([A-Za-z-]+)\s*=\s*"((?:[^"\\]|\\.)*)"\s*$/);
    if (m) {
      headers[m[1]] = m[2].replace(/\\"/g, '"');
    }
  }
  if (!headers["Content-Security-Policy"]) {
    throw new Error(`no Content-Security-Policy in ${tomlPath}`);
  }
  return headers;
}

/** Types a static host compresses when the browser accepts gzip (with `gzip: true`). */
const COMPRESSED = new Set([".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"]);

/**
 * Serves `root` on 127.0.0.1 (a free port); resolves to { url, close }. With
 * `{ gzip: true }`, text is sent gzip-compressed to browsers that accept it, as Netlify
 * and GitHub Pages do.
 */
export async function serve(root, headers, { gzip = false } = {}) {
  const base = normalize(root + sep);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://localhost");
      let path = decodeURIComponent(url.pathname);
      if (path.endsWith("/")) {
        path += "index.html";
      }
      let file = normalize(join(base, path));
      if (!file.startsWith(base)) {
        res.writeHead(403).end();
        return;
      }
      let status = 200;
      let info = await stat(file).catch(() => null);
      if (info && info.isDirectory()) {
        res.writeHead(301, { Location: url.pathname + "/" }).end();
        return;
      }
      if (!info) {
        status = 404;
        file = join(base, "404.html");
        info = await stat(file).catch(() => null);
      }
      let body = info ? await readFile(file) : Buffer.from("not found");
      const compress =
        gzip && COMPRESSED.has(extname(file)) && /\bgzip\b/.test(req.headers["accept-encoding"] || "");
      if (compress) {
        body = gzipSync(body, { level: 9 });
      }
      res.writeHead(status, {
        ...headers,
        "Content-Type": TYPES[extname(file)] || "application/octet-stream",
        "Cache-Control": "no-store",
        ...(compress ? { "Content-Encoding": "gzip", Vary: "Accept-Encoding" } : {}),
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Chromium as CI installs it (Debian's package), headless and quiet. */
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
