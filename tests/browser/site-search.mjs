// Runs queries on a built site's search page in headless Chromium and reports what each
// found and what the browser downloaded for it, as tests/cli/search.rs asks and as
// docs/performance.md measures:
//
//   node tests/browser/site-search.mjs ROOT [--base /] [--netlify netlify.toml] [--gzip]
//                                      [--more] [--typed MS] QUERY...
//
// ROOT is a built site, served at BASE with the headers of netlify.toml (its strict
// Content-Security-Policy above all) and no caching. For each query, a fresh browser
// context (nothing cached) opens BASE/search/?q=QUERY (with --typed MS: opens the page and
// types the query a key every MS milliseconds, the script searching as it goes),
// waits for the results and for the network to be quiet, and records every request from
// the Resource Timing API: transferSize (headers and body as they came over the wire) and
// encodedBodySize. With --more it then clicks "Show more results" once. --gzip compresses
// responses as static hosts do (Netlify, GitHub Pages).
//
// Prints one JSON object: {queries: [{query, status, hits: [{kind, title, href, snippet,
// marks}], requests: [{path, transfer, body}], index: {requests, transfer, body},
// page: {requests, transfer, body}, more: {...} | null}], problems: [...]}. "index" counts
// the search index's files (search/*.json, or the single search-index.json of older
// builds); "page" the rest (HTML, CSS, the script). Exits 2 when it could not run.

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM, netlifyHeaders, serve } from "./site-server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i === -1) {
    return fallback;
  }
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const flag = (name) => {
  const i = args.indexOf(name);
  if (i === -1) {
    return false;
  }
  args.splice(i, 1);
  return true;
};
const netlify = option("--netlify", join(here, "..", "..", "netlify.toml"));
const base = option("--base", "/");
const gzip = flag("--gzip");
const more = flag("--more");
const typed = Number(option("--typed", "0"));
const [root, ...queries] = args;
if (!root || queries.length === 0) {
  console.error("usage: node site-search.mjs ROOT [--base /] [--netlify netlify.toml] [--gzip] [--more] [--typed MS] QUERY...");
  process.exit(2);
}

const problems = [];

// Runs in the page before its own scripts: records CSP violations.
function recordViolations() {
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
  });
}

const isIndex = (path) => /\/search\/.*\.json(\?|$)|\/search-index\.json(\?|$)/.test(path);

function sums(requests) {
  return requests.reduce(
    (s, r) => ({ requests: s.requests + 1, transfer: s.transfer + r.transfer, body: s.body + r.body }),
    { requests: 0, transfer: 0, body: 0 }
  );
}

async function requests(page) {
  const entries = await page.evaluate(() =>
    performance
      .getEntriesByType("navigation")
      .concat(performance.getEntriesByType("resource"))
      .map((e) => ({ name: e.name, transfer: e.transferSize, body: e.encodedBodySize }))
  );
  return entries.map((e) => ({ path: new URL(e.name).pathname + new URL(e.name).search, transfer: e.transfer, body: e.body }));
}

async function hits(page) {
  return page.$$eval(".search-hit", (items) =>
    items.map((li) => ({
      kind: (li.className.match(/search-(session|goal|person)/) || [])[1] || "",
      title: li.querySelector("h2").textContent,
      href: li.querySelector("a").getAttribute("href"),
      snippet: li.querySelector(".snippet").textContent,
      marks: Array.from(li.querySelectorAll("mark")).map((m) => m.textContent),
    }))
  );
}

async function settled(page) {
  await page.waitForFunction(
    () => /result|Nothing found|could not be loaded/.test(document.getElementById("search_status").textContent),
    null,
    { timeout: 30000 }
  );
  await page.waitForLoadState("networkidle");
}

const server = await serve(root, netlifyHeaders(netlify), { gzip });
let browser;
try {
  browser = await chromium.launch(CHROMIUM);
} catch (e) {
  console.error(`could not start Chromium: ${e.message}`);
  await server.close();
  process.exit(2);
}
const report = [];
try {
  for (const query of queries) {
    const context = await browser.newContext();
    await context.addInitScript(recordViolations);
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    const search = `${server.url}${base}search/`;
    if (typed) {
      await page.goto(search, { waitUntil: "load" });
      await page.type("#search_q", query, { delay: typed });
    } else {
      await page.goto(`${search}?q=${encodeURIComponent(query)}`, { waitUntil: "load" });
    }
    await settled(page);
    const all = await requests(page);
    const entry = {
      query,
      status: (await page.textContent("#search_status")).trim(),
      hits: await hits(page),
      requests: all,
      index: sums(all.filter((r) => isIndex(r.path))),
      page: sums(all.filter((r) => !isIndex(r.path))),
      more: null,
    };
    const button = await page.$(".search-more button");
    if (more && button) {
      const before = entry.hits.length;
      await button.click();
      await page.waitForFunction((n) => document.querySelectorAll(".search-hit").length > n, before, { timeout: 30000 });
      await page.waitForLoadState("networkidle");
      const after = await requests(page);
      const extra = after.slice(all.length);
      entry.more = {
        hits: (await hits(page)).length,
        focused: await page.evaluate(() => document.activeElement && document.activeElement.closest(".search-hit") !== null),
        index: sums(extra.filter((r) => isIndex(r.path))),
      };
    }
    for (const c of await page.evaluate(() => window.__csp || [])) {
      problems.push(`${query}: CSP violation: ${c}`);
    }
    for (const e of errors) {
      problems.push(`${query}: console error: ${e}`);
    }
    for (const r of all) {
      if (!r.path.startsWith(base)) {
        problems.push(`${query}: a request outside the site: ${r.path}`);
      }
    }
    report.push(entry);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(JSON.stringify({ queries: report, problems }, null, 1));
