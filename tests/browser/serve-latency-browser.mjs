// Live-preview latency in a real browser: from the write of one note to the open page
// showing the change. A benchmark, not a test: it prints figures and asserts nothing.
//
//   node tests/browser/serve-latency-browser.mjs [SITE_DIR]
//
// SITE_DIR is a generated log (default: target/serve-bench/c1000w, the log of
// `SHAPE=warnings NOTES=1000 cargo bench --bench serve_latency`; make one with
// `cargo run --release --example corpus -- DIR 1000 8 --warnings`). It starts
// `mentorlog serve --port 0` on it (target/release/mentorlog, or MENTORLOG_BIN), opens the
// page of a session note in the middle of the first mentorship in headless Chromium, then
// edits that note EDITS times (default 20, after WARMUP = 2 edits not counted): a
// sentence with a fresh marker appended to its body (EDIT=title: its title instead). Each
// is timed from just before the write to the moment the page's DOM holds the marker (a
// MutationObserver installed in every document the page loads, reading the same clock as
// this script), and to the next animation frame after it (when it can be painted). It
// prints p50/p95 of both, and the server's own rebuild times.
//
// Between edits it waits for the server to report the rebuild, for the page to be
// listening again, and then PAUSE ms (default 300). CHROMIUM names the browser
// (/usr/bin/chromium by default).

import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { CHROMIUM } from "./site-server.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const site = path.resolve(process.argv[2] || path.join(repo, "target/serve-bench/c1000w"));
const bin = process.env.MENTORLOG_BIN || path.join(repo, "target/release/mentorlog");
const edits = Number(process.env.EDITS || 20);
const warmup = Number(process.env.WARMUP || 2);
const pause = Number(process.env.PAUSE || 300);
const kind = process.env.EDIT === "title" ? "title" : "body";
const TIMEOUT = 20000;

if (!fs.existsSync(path.join(site, "content"))) {
  console.error(`no log at ${site}: cargo run --release --example corpus -- ${site} 1000 8 --warnings`);
  process.exit(2);
}

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The note edited: as tests/benches/common.rs picks it, the middle session note of the
// first mentorship folder (by path).
function sessionNotes(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sessionNotes(p));
    else if (e.name.endsWith(".md") && e.name !== "mentorship.md") out.push(p);
  }
  return out;
}
const all = sessionNotes(path.join(site, "content")).sort();
const firstDir = path.dirname(all[0]);
const notes = all.filter((p) => path.dirname(p) === firstDir);
const note = notes[Math.floor(notes.length / 2)];
const team = path.relative(path.join(site, "content"), note).split(path.sep)[0];
const pagePath = `/m/${team}/sessions/${path.basename(note, ".md")}/`;
const original = fs.readFileSync(note, "utf8");

function edited(marker) {
  if (kind === "body") return `${original}\n${marker} written while typing.\n`;
  const at = original.indexOf("\ntitle:");
  if (at < 0) return original.replace("---\n", `---\ntitle: ${marker}\n`);
  const end = original.indexOf("\n", at + 1);
  return `${original.slice(0, at)}\ntitle: ${marker}${original.slice(end)}`;
}

// The server, and its lines as they come.
const server = spawn(bin, ["--root", site, "--color", "never", "serve", "--port", "0"], {
  stdio: ["ignore", "pipe", "ignore"],
});
// The server's lines, queued until asked for (several can come in one chunk).
const lines = [];
const waiting = [];
const rebuilds = [];
readline.createInterface({ input: server.stdout }).on("line", (line) => {
  const m = /^Rebuilt in ([\d.]+)(µs|ms|s)\b/.exec(line);
  if (m) rebuilds.push(Number(m[1]) * { µs: 0.001, ms: 1, s: 1000 }[m[2]]);
  const w = waiting.shift();
  if (w) w(line);
  else lines.push(line);
});
const nextLine = () =>
  lines.length ? Promise.resolve(lines.shift()) : new Promise((resolve) => waiting.push(resolve));
async function lineMatching(re) {
  for (;;) {
    const line = await nextLine();
    if (re.test(line)) return line;
  }
}
const listening = await lineMatching(/http:\/\//);
const base = /http:\/\/[^\s/]+\//.exec(listening)[0];

const browser = await chromium.launch(CHROMIUM);
const page = await browser.newPage();
// In every document the page loads (a reload makes a new one): the first moment each
// marker is in the DOM, and the animation frame after it, on the epoch clock.
await page.addInitScript(() => {
  const seen = (window.__latencySeen = {});
  const stamp = () => performance.timeOrigin + performance.now();
  const look = (text) => {
    for (const m of text.matchAll(/LATENCY-MARK-(\d+)-/g)) {
      if (seen[m[1]]) continue;
      const entry = (seen[m[1]] = { dom: stamp(), frame: 0 });
      requestAnimationFrame(() => (entry.frame = stamp()));
    }
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "characterData") look(r.target.data);
      for (const n of r.addedNodes) look(n.textContent || "");
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
});
const connected = () =>
  page.waitForFunction(() => window.__mentorlogLive && window.__mentorlogLive.connected, null, {
    timeout: TIMEOUT,
  });

async function seenTimes(i) {
  const until = Date.now() + TIMEOUT;
  while (Date.now() < until) {
    try {
      // With, for the breakdown, when this document's navigation started and its HTML
      // arrived (after a reload).
      const entry = await page.evaluate((k) => {
        const e = window.__latencySeen && window.__latencySeen[k];
        const nav = performance.getEntriesByType("navigation")[0];
        return e && { ...e, navigation: performance.timeOrigin, response: performance.timeOrigin + nav.responseEnd };
      }, String(i));
      if (entry && entry.frame) return entry;
    } catch {
      // The document is being replaced: ask the next one.
    }
    await sleep(5);
  }
  throw new Error(`the page never showed edit ${i}`);
}

function summary(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.round(p * (s.length - 1)))];
  const f = (v) => v.toFixed(1).padStart(6);
  return `p50 ${f(at(0.5))} ms  p95 ${f(at(0.95))} ms  (min ${s[0].toFixed(1)}, max ${s[s.length - 1].toFixed(1)}, n=${s.length})`;
}

const dom = [];
const frame = [];
const navigation = [];
const response = [];
try {
  await page.goto(new URL(pagePath, base).href);
  await connected();
  const nonce = Date.now().toString(36);
  for (let i = 0; i < warmup + edits; i++) {
    await sleep(pause);
    lines.length = 0;
    const rebuilt = lineMatching(/^Rebuilt in /);
    const start = now();
    fs.writeFileSync(note, edited(`LATENCY-MARK-${i}-${nonce}`));
    const entry = await seenTimes(i);
    await rebuilt;
    await connected();
    if (i >= warmup) {
      dom.push(entry.dom - start);
      frame.push(entry.frame - start);
      if (entry.navigation > start) {
        navigation.push(entry.navigation - start);
        response.push(entry.response - start);
      }
    }
  }
  console.log(
    `browser latency: write → open page shows the edit (${kind} edit, ${path.relative(site, note)}, ${pagePath})`
  );
  console.log(`  in the DOM        ${summary(dom)}`);
  console.log(`  next frame        ${summary(frame)}`);
  if (navigation.length) {
    console.log(`  of which: reload starts   ${summary(navigation)}`);
    console.log(`            HTML received   ${summary(response)}`);
  }
  console.log(`  server rebuild    ${summary(rebuilds.slice(warmup))}`);
} finally {
  fs.writeFileSync(note, original);
  await browser.close();
  server.kill();
}
